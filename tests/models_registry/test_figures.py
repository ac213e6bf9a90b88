"""Known answers of the models' figures: indicators counted from the assets as they stand on a
day (an asset added, broken, removed), the effect table on hand-built tips and cases, and a
query count that does not grow with the rows."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from core_forces import services as forces
from models_registry import evidence, services
from models_registry.figures import model_figures
from tests.core_forces import factories as forces_factories
from tests.models_registry import factories
from tests.tips import factories as tips_factories
from wardsec import figures

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = datetime.date(2016, 1, 1), datetime.date(2021, 12, 31)


def section(*wards, start=START, end=END):
    with scopes_disabled():
        return model_figures(ward_ids=[w.pk for w in wards], start=start, end=end)


def one(ward, end=END):
    (record,) = section(ward, end=end)
    return record


def test_lighting_counts_assets_in_service_on_the_day(ward_a):
    model = factories.make_model(ward_a)
    first = factories.make_asset(model, installed_on=datetime.date(2018, 1, 1))
    factories.make_asset(model, installed_on=datetime.date(2019, 1, 1), bulbs=10, length_m=150)
    with scopes_disabled():
        services.remove_asset(asset=first, actor=None, on=datetime.date(2020, 1, 1))
    assert one(ward_a, datetime.date(2018, 12, 31))["indicators"] == {"bulbs": 40, "length_m": 400}
    assert one(ward_a, datetime.date(2019, 12, 31))["indicators"] == {"bulbs": 50, "length_m": 550}
    # Removed on 1 January 2020 (the first day no longer counted).
    assert one(ward_a, datetime.date(2020, 1, 1))["indicators"] == {"bulbs": 10, "length_m": 150}


def test_a_broken_asset_still_counts_and_shows_out_of_order_while_the_fault_is_open(ward_a):
    model = factories.make_model(ward_a, kind_code="cameras")
    camera = factories.make_asset(model, "camera_point", cameras=3)
    factories.make_asset(model, "camera_point", cameras=1)
    fault = factories.make_fault(camera, reported_on=datetime.date(2021, 3, 1))
    with scopes_disabled():
        services.fix_fault(fault=fault, actor=None, fixed_on=datetime.date(2021, 3, 10))
    during = one(ward_a, datetime.date(2021, 3, 9))
    assert during["indicators"] == {"points": 2, "cameras": 4, "funds_raised_vnd": 0}
    assert during["out_of_order"] == 1
    assert one(ward_a, datetime.date(2021, 3, 10))["out_of_order"] == 0
    assert one(ward_a, datetime.date(2021, 2, 28))["out_of_order"] == 0


def test_funds_count_the_contributions_received_by_the_day(ward_a):
    model = factories.make_model(ward_a, kind_code="cameras")
    with scopes_disabled():
        for day, amount in (
            (datetime.date(2019, 3, 1), 50_000_000),
            (datetime.date(2020, 1, 1), 20_000_000),
        ):
            services.record_contribution(
                model=model, actor=None, amount_vnd=amount, received_on=day
            )
    assert one(ward_a, datetime.date(2019, 12, 31))["funds_raised_vnd"] == 50_000_000
    assert one(ward_a)["indicators"]["funds_raised_vnd"] == 70_000_000


def test_school_points_gates_households_and_supervision(ward_a):
    school = factories.make_model(ward_a, kind_code="school_safety")
    factories.make_asset(school, "school_point", covered=True)
    factories.make_asset(school, "school_point", covered=False)
    gates = factories.make_model(ward_a, kind_code="gates")
    factories.make_asset(gates, "gate")
    homes = factories.make_model(ward_a, kind_code="self_managed")
    factories.make_asset(homes, "household_group", households=12)
    care = factories.make_model(ward_a, kind_code="supervision")
    factories.make_person(ward_a, model=care, starts_on=datetime.date(2019, 1, 1))
    ended = factories.make_person(ward_a, model=care, starts_on=datetime.date(2019, 1, 1))
    with scopes_disabled():
        services.end_supervision(person=ended, actor=None, on=datetime.date(2021, 6, 1))
    by_kind = {record["kind"]: record["indicators"] for record in section(ward_a)}
    assert by_kind["school_safety"] == {"points_covered": 1, "points_total": 2}
    assert by_kind["gates"] == {"gates": 1}
    assert by_kind["self_managed"] == {"households": 12}
    assert by_kind["supervision"] == {"people": 1}


def test_patrol_members_come_from_the_units_memberships_on_the_day(ward_a):
    unit = forces_factories.make_unit(
        ward_a, "motorbike_patrol", established_on=datetime.date(2018, 8, 1)
    )
    riders = [
        forces_factories.make_member(ward_a, joined_on=datetime.date(2018, 1, 1)) for _ in range(5)
    ]
    memberships = [
        forces_factories.appoint(rider, unit, starts_on=datetime.date(2018, 8, 1))
        for rider in riders
    ]
    with scopes_disabled():
        forces.release(membership=memberships[0], actor=None, on=datetime.date(2021, 7, 1))
    patrol = factories.make_model(
        ward_a, kind_code="patrol", started_on=datetime.date(2018, 8, 1), lead_unit=unit
    )
    factories.make_asset(patrol, "patrol_team", force_unit=unit)
    record = one(ward_a, datetime.date(2021, 6, 30))
    assert record["indicators"] == {"teams": 1, "members": 5}
    assert record["lead_unit"] == unit.name
    assert one(ward_a)["indicators"] == {"teams": 1, "members": 4}


def test_only_models_that_ran_in_the_period_and_of_the_wards_asked(ward_a, ward_b):
    factories.make_model(ward_a, started_on=datetime.date(2018, 1, 1))
    ended = factories.make_model(ward_a, started_on=datetime.date(2016, 1, 1))
    with scopes_disabled():
        services.end_model(model=ended, actor=None, on=datetime.date(2017, 1, 1))
    factories.make_model(ward_b)
    assert [r["started"] for r in section(ward_a, start=datetime.date(2019, 1, 1))] == [
        "2018-01-01"
    ]
    assert len(section(ward_a)) == 2
    assert section(ward_a, start=datetime.date(2030, 1, 1), end=datetime.date(2030, 12, 31)) != []
    assert figures.check_section(section(ward_a)) == []


def _tip(ward, area, year, month=3):
    return tips_factories.make_tip(
        ward,
        neighbourhood=area,
        channel="hotline",
        received_at=datetime.datetime(year, month, 10, 9, 0, tzinfo=TZ),
    )


def _clarified_case(ward, tips, day):
    from tips import services as tip_services

    case = tips_factories.make_case(ward, opened_on=day)
    with scopes_disabled():
        for tip in tips:
            tip_services.link_tip_to_case(tip=tip, case=case, actor=None)
        tip_services.clarify_case(case=case, actor=None, clarified_on=day)
    return case


def test_the_effect_table_on_hand_built_tips_and_cases(ward_a, ward_b):
    lit, dark, other = (
        factories.area(ward_a, name) for name in ("Khu phố 1", "Khu phố 2", "Khu phố 3")
    )
    factories.make_model(ward_a, started_on=datetime.date(2019, 5, 1), neighbourhoods=[lit])
    # 2018, the year before: 4 tips where the lights will go, 1 and 1 elsewhere.
    before = [_tip(ward_a, lit, 2018) for _ in range(4)]
    _tip(ward_a, dark, 2018), _tip(ward_a, other, 2018)
    # 2020: 1 tip under the lights, 3 + 2 elsewhere; one case with tips on both sides.
    lit_2020 = _tip(ward_a, lit, 2020)
    dark_2020 = [_tip(ward_a, dark, 2020) for _ in range(3)]
    _tip(ward_a, other, 2020), _tip(ward_a, other, 2020)
    _tip(ward_a, None, 2020)  # no neighbourhood: on neither side
    _tip(ward_b, factories.area(ward_b), 2020)  # another ward: never
    _clarified_case(ward_a, before[:2], datetime.date(2018, 6, 1))
    _clarified_case(ward_a, [lit_2020, dark_2020[0]], datetime.date(2020, 6, 1))
    _clarified_case(ward_a, dark_2020[1:], datetime.date(2020, 7, 1))
    effect = one(ward_a, datetime.date(2020, 12, 31))["effect"]
    assert (effect["covered_neighbourhoods"], effect["other_neighbourhoods"]) == (1, 2)
    assert effect["years"] == {
        "2018": {"tips_covered": 4, "tips_other": 2, "cases_covered": 1, "cases_other": 0},
        "2019": {"tips_covered": 0, "tips_other": 0, "cases_covered": 0, "cases_other": 0},
        "2020": {"tips_covered": 1, "tips_other": 5, "cases_covered": 1, "cases_other": 2},
    }
    rows = evidence.per_neighbourhood(effect)
    assert (rows[0]["rate_covered"], rows[0]["rate_other"]) == (4.0, 1.0)
    assert (rows[2]["rate_covered"], rows[2]["rate_other"]) == (1.0, 2.5)


def test_a_ward_wide_model_has_nothing_to_compare(ward_a):
    factories.make_model(ward_a)
    effect = one(ward_a)["effect"]
    assert effect["years"] == {} and effect["covered_neighbourhoods"] == 0


def test_the_query_count_does_not_grow_with_the_rows(ward_a):
    def build(n):
        for _ in range(n):
            model = factories.make_model(ward_a, neighbourhoods=[factories.area(ward_a)])
            factories.make_fault(factories.make_asset(model))
            factories.make_person(
                ward_a, model=factories.make_model(ward_a, kind_code="supervision")
            )
            _tip(ward_a, factories.area(ward_a), 2020)

    build(1)
    with scopes_disabled(), CaptureQueriesContext(connection) as few:
        model_figures(ward_ids=[ward_a.pk], start=START, end=END)
    build(4)
    with scopes_disabled(), CaptureQueriesContext(connection) as many:
        result = model_figures(ward_ids=[ward_a.pk], start=START, end=END)
    assert len(result) == 10
    assert len(few.captured_queries) == len(many.captured_queries) == 10
