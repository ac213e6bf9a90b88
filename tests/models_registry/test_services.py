"""The models registry's services: their rules, each refusal keyed by field in Vietnamese, and
their audit entries (the admin, the API and the demo all come through them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from models_registry import services
from models_registry.models import Asset, Fault
from tests import factories as base
from tests.core_forces import factories as forces_factories
from tests.models_registry import factories
from tests.tips import factories as tips_factories
from wardsec.models import AuditEntry

pytestmark = pytest.mark.django_db


def refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as caught, scopes_disabled():
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def test_a_model_links_only_to_its_own_wards_neighbourhoods_and_units(ward_a, ward_b):
    foreign_area = factories.area(ward_b)
    foreign_unit = forces_factories.make_unit(ward_b)
    message = refused(
        lambda: factories.make_model(ward_a, neighbourhoods=[foreign_area]), "neighbourhoods"
    )
    assert "phường của mô hình" in message
    refused(lambda: factories.make_model(ward_a, lead_unit=foreign_unit), "lead_unit")
    refused(
        lambda: factories.make_model(
            ward_a, started_on=timezone.localdate() + datetime.timedelta(1)
        ),
        "started_on",
    )
    refused(lambda: factories.make_model(ward_a, name="  "), "name")


def test_a_model_code_is_unique_in_its_ward(ward_a, ward_b):
    factories.make_model(ward_a, **{"code": "camera"})
    factories.make_model(ward_b, **{"code": "camera"})  # another ward may use it
    refused(lambda: factories.make_model(ward_a, **{"code": "camera"}), "__all__")


def test_an_asset_carries_the_quantities_of_its_kind(ward_a):
    model = factories.make_model(ward_a)
    refused(lambda: factories.make_asset(model, "lighting_segment", bulbs=0), "bulbs")
    refused(lambda: factories.make_asset(model, "camera_point", cameras=2, bulbs=4), "bulbs")
    refused(lambda: factories.make_asset(model, "patrol_team"), "force_unit")
    refused(
        lambda: factories.make_asset(model, installed_on=datetime.date(2017, 12, 31)),
        "installed_on",
    )
    gate = factories.make_asset(model, "gate")
    assert (gate.bulbs, gate.cameras, gate.households) == (0, 0, 0)


def test_an_asset_point_is_inside_vietnam_and_both_or_neither(ward_a):
    model = factories.make_model(ward_a)
    message = refused(
        lambda: factories.make_asset(model, latitude=Decimal("48.85"), longitude=Decimal("2.35")),
        "latitude",
    )
    assert "Việt Nam" in message
    refused(lambda: factories.make_asset(model, latitude=Decimal("10.7")), "latitude")
    refused(
        lambda: factories.make_asset(model, latitude=Decimal("10.7"), longitude=Decimal("120.1")),
        "longitude",
    )
    spratly = factories.make_asset(model, latitude=Decimal("8.65"), longitude=Decimal("111.92"))
    assert spratly.latitude == Decimal("8.65")


def test_an_asset_of_another_wards_unit_or_neighbourhood_is_refused(ward_a, ward_b):
    model = factories.make_model(ward_a)
    refused(
        lambda: factories.make_asset(model, neighbourhood=factories.area(ward_b)), "neighbourhood"
    )
    unit = forces_factories.make_unit(ward_b, "motorbike_patrol")
    refused(lambda: factories.make_asset(model, "patrol_team", force_unit=unit), "force_unit")


def test_removing_an_asset_keeps_it_and_refuses_twice(ward_a):
    asset = factories.make_asset(factories.make_model(ward_a))
    with scopes_disabled():
        services.remove_asset(asset=asset, actor=None, on=datetime.date(2020, 1, 1))
        assert Asset.objects.get(pk=asset.pk).removed_on == datetime.date(2020, 1, 1)
    refused(
        lambda: services.remove_asset(asset=asset, actor=None, on=datetime.date(2020, 2, 1)), "on"
    )
    with scopes_disabled():
        assert AuditEntry.objects.filter(event="asset.removed", object_id=str(asset.pk)).exists()


def test_a_fault_puts_the_asset_out_of_order_until_it_is_fixed(ward_a, officer_a):
    asset = factories.make_asset(factories.make_model(ward_a))
    fault = factories.make_fault(asset, reported_on=datetime.date(2021, 3, 1))
    with scopes_disabled():
        assert Asset.objects.get(pk=asset.pk).out_of_order is True
    refused(lambda: factories.make_fault(asset), "asset")  # one open fault per asset
    with scopes_disabled():
        services.assign_fault(fault=fault, actor=None, assignee=officer_a)
        assert Fault.objects.get(pk=fault.pk).status == "assigned"
    refused(
        lambda: services.fix_fault(fault=fault, actor=None, fixed_on=datetime.date(2021, 2, 1)),
        "fixed_on",
    )
    with scopes_disabled():
        services.fix_fault(
            fault=fault, actor=None, fixed_on=datetime.date(2021, 3, 5), note="Thay bóng."
        )
        assert Asset.objects.get(pk=asset.pk).out_of_order is False
    refused(
        lambda: services.fix_fault(fault=fault, actor=None, fixed_on=datetime.date(2021, 3, 6)),
        "status",
    )


def test_a_fault_is_assigned_only_to_staff_of_the_assets_ward(ward_a, ward_b):
    fault = factories.make_fault(factories.make_asset(factories.make_model(ward_a)))
    stranger = base.make_officer(ward_b)
    refused(lambda: services.assign_fault(fault=fault, actor=None, assignee=stranger), "assignee")


def test_a_fault_from_a_tip_of_another_ward_or_outside_service_is_refused(ward_a, ward_b):
    asset = factories.make_asset(factories.make_model(ward_a))
    foreign = tips_factories.make_tip(ward_b)
    refused(lambda: factories.make_fault(asset, tip=foreign), "tip")
    refused(
        lambda: factories.make_fault(asset, reported_on=datetime.date(2017, 1, 1)), "reported_on"
    )
    own = tips_factories.make_tip(ward_a)
    fault = factories.make_fault(asset, tip=own)
    assert fault.tip == own


def test_evaluation_once_a_year_for_a_year_the_model_ran(ward_a, commander_a):
    model = factories.make_model(ward_a)
    evaluate = lambda year: services.evaluate_model(  # noqa: E731
        model=model, actor=commander_a, year=year, rating="partly", reasons="Còn trộm vặt."
    )
    refused(lambda: evaluate(2017), "year")
    refused(lambda: evaluate(timezone.localdate().year + 1), "year")
    with scopes_disabled():
        evaluation = evaluate(2019)
    assert evaluation.evaluated_by == commander_a
    refused(lambda: evaluate(2019), "year")
    refused(
        lambda: services.evaluate_model(
            model=model, actor=None, year=2020, rating="great", reasons="x"
        ),
        "rating",
    )


def test_ending_a_model_and_contributions(ward_a):
    model = factories.make_model(ward_a)
    refused(lambda: services.end_model(model=model, actor=None, on=model.started_on), "on")
    refused(
        lambda: services.record_contribution(
            model=model, actor=None, amount_vnd=0, received_on=datetime.date(2020, 1, 1)
        ),
        "amount_vnd",
    )
    with scopes_disabled():
        ended = services.end_model(model=model, actor=None, on=datetime.date(2021, 1, 1))
    assert (ended.status, ended.ended_on) == ("ended", datetime.date(2021, 1, 1))
    refused(lambda: services.end_model(model=model, actor=None, on=datetime.date(2021, 2, 1)), "on")


def test_supervision_rules(ward_a, ward_b):
    lights = factories.make_model(ward_a)
    refused(lambda: factories.make_person(ward_a, model=lights), "model")
    stranger = forces_factories.make_member(ward_b)
    refused(lambda: factories.make_person(ward_a, supervisor=stranger), "supervisor")
    refused(lambda: factories.make_person(ward_a, birth_year=1850), "birth_year")
    person = factories.make_person(ward_a, starts_on=datetime.date(2020, 1, 1))
    refused(
        lambda: services.record_check_in(
            person=person, actor=None, on=datetime.date(2019, 12, 1), note="Gặp."
        ),
        "on",
    )
    with scopes_disabled():
        services.end_supervision(person=person, actor=None, on=datetime.date(2021, 1, 1))
    refused(
        lambda: services.record_check_in(
            person=person, actor=None, on=datetime.date(2021, 1, 1), note="Gặp."
        ),
        "on",
    )


def test_reading_a_supervised_person_needs_the_permission(ward_a, officer_a, commander_a):
    person = factories.make_person(ward_a)
    with scopes_disabled(), pytest.raises(PermissionError):
        services.read_supervised_person(person=person, actor=officer_a)
    with scopes_disabled():
        services.read_supervised_person(person=person, actor=commander_a)
        assert (
            AuditEntry.objects.filter(event="supervised_person.read", actor=commander_a).count()
            == 1
        )
