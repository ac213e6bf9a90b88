"""The models registry API: every endpoint inherits the platform's security cases from its
permission matrix; then figures as of a day, bad input in Vietnamese, constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from models_registry import services
from tests import factories as base
from tests.models_registry import factories
from tests.platform.api import Action, ScopedAPITestCase
from tests.platform.personas import client_for

READ = {"list", "retrieve"}
DAY = "2020-01-06"


def today() -> str:
    return timezone.localdate().isoformat()


class TestPreventionModelEndpoint(ScopedAPITestCase):
    basename = "preventionmodel"
    work = {*READ, "create", "end", "contribute", "figures"}
    matrix = {
        "officer": work,
        "commander": {*work, "evaluate"},
        "leader": {*READ, "figures"},
    }
    actions = (
        Action("end", payload=lambda model: {"on": today()}),
        Action(
            "evaluate",
            payload=lambda model: {"year": 2020, "rating": "effective", "reasons": "Tốt."},
        ),
        Action(
            "contribute",
            payload=lambda model: {"amount_vnd": 5_000_000, "received_on": DAY, "donor": "Ông A"},
        ),
        Action("figures", "get", view_suffices=True),
    )
    list_queries = 11

    def make_row(self, ward):
        return factories.make_model(ward, name=f"Thắp sáng {ward.name}")

    def make_listed_row(self, ward, n):
        model = factories.make_model(ward, neighbourhoods=[factories.area(ward, f"Ấp {n}")])
        factories.make_fault(factories.make_asset(model))
        with scopes_disabled():
            services.record_contribution(
                model=model, actor=None, amount_vnd=1000, received_on=datetime.date(2020, 1, 1)
            )
        return model

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "kind": "cameras",
            "code": "camera-moi",
            "name": "Camera an ninh khu phố mới",
            "started_on": DAY,
        }

    def search_term(self, row):
        return row.name


class TestAssetEndpoint(ScopedAPITestCase):
    basename = "modelasset"
    matrix = {
        "officer": {*READ, "create", "remove"},
        "commander": {*READ, "create", "remove"},
        "leader": READ,
    }
    actions = (Action("remove", payload=lambda asset: {"on": today()}),)
    list_queries = 10

    def make_row(self, ward):
        return factories.make_asset(factories.make_model(ward), name=f"Tuyến đèn {ward.name}")

    def ward_of(self, row):
        return row.model.ward

    def create_payload(self, ward):
        model = factories.make_model(ward)
        return {
            "model": model.pk,
            "kind": "camera_point",
            "name": "Điểm camera chợ",
            "neighbourhood": factories.area(ward).pk,
            "installed_on": DAY,
            "cameras": 3,
            "latitude": "10.775000",
            "longitude": "105.925000",
        }

    def filter_params(self, row):
        return {"ward": row.model.ward.code}

    def search_term(self, row):
        return row.name


def _assignee(fault):
    with scopes_disabled():
        return {"assignee": base.make_officer(fault.asset.model.ward).pk}


class TestFaultEndpoint(ScopedAPITestCase):
    basename = "assetfault"
    work = {*READ, "create", "assign", "fix"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    actions = (
        Action("assign", payload=_assignee),
        Action("fix", payload=lambda f: {"fixed_on": today()}),
    )
    list_queries = 10

    def make_row(self, ward):
        asset = factories.make_asset(factories.make_model(ward), name=f"Đèn {ward.name}")
        return factories.make_fault(asset, description=f"Hỏng ở {ward.name}")

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            tip = base_tip(ward)
        return factories.make_fault(factories.make_asset(factories.make_model(ward)), tip=tip)

    def ward_of(self, row):
        return row.asset.model.ward

    def create_payload(self, ward):
        asset = factories.make_asset(factories.make_model(ward))
        return {"asset": asset.pk, "reported_on": DAY, "description": "Camera mất tín hiệu."}

    def filter_params(self, row):
        return {"ward": row.asset.model.ward.code}

    def search_term(self, row):
        return row.description


def base_tip(ward):
    from tests.tips import factories as tips_factories

    return tips_factories.make_tip(ward)


class TestEvaluationEndpoint(ScopedAPITestCase):
    basename = "modelevaluation"
    matrix = {"officer": READ, "commander": READ, "leader": READ}
    list_queries = 10

    def make_row(self, ward):
        model = factories.make_model(ward)
        with scopes_disabled():
            return services.evaluate_model(
                model=model, actor=None, year=2020, rating="partly", reasons=f"Ở {ward.name}"
            )

    def ward_of(self, row):
        return row.model.ward

    def filter_params(self, row):
        return {"ward": row.model.ward.code}

    def search_term(self, row):
        return row.reasons


class TestSupervisedPersonEndpoint(ScopedAPITestCase):
    basename = "supervisedperson"
    ward_role = "commander"
    # Restricted: only the commander holds `view_supervision` (the officer and the province
    # leader get nothing, not even the list).
    matrix = {"commander": {*READ, "create", "end", "check-in"}}
    actions = (
        Action("end", payload=lambda person: {"on": today()}),
        Action("check-in", payload=lambda person: {"on": "2020-02-01", "note": "Đã gặp."}),
    )
    list_queries = 14

    def make_row(self, ward):
        return factories.make_person(ward, full_name=f"Lê Văn {ward.name}")

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "full_name": "Phạm Văn Mới",
            "category": "suspended_sentence",
            "starts_on": DAY,
        }

    def search_term(self, row):
        return row.full_name


# --- Beyond the generic cases -----------------------------------------------------------------


@pytest.mark.django_db
def test_figures_as_of_a_day_count_assets_in_service_then(officer_a, ward_a):
    model = factories.make_model(ward_a)
    factories.make_asset(model, installed_on=datetime.date(2018, 1, 1))
    factories.make_asset(model, installed_on=datetime.date(2019, 6, 1), bulbs=10, length_m=100)
    url = reverse("preventionmodel-figures", args=[model.pk])
    client = client_for(officer_a)
    early = client.get(url, {"on": "2019-05-31"}).json()
    later = client.get(url, {"on": "2019-06-01"}).json()
    assert early["indicators"] == {"bulbs": 40, "length_m": 400}
    assert later["indicators"] == {"bulbs": 50, "length_m": 500}


@pytest.mark.django_db
def test_bad_input_is_answered_in_vietnamese(commander_a, ward_a):
    model = factories.make_model(ward_a)
    client = client_for(commander_a)
    answer = client.post(
        reverse("modelasset-list"),
        {
            "model": model.pk,
            "kind": "lighting_segment",
            "name": "Tuyến đèn",
            "neighbourhood": factories.area(ward_a).pk,
            "installed_on": DAY,
            "latitude": "48.85",
            "longitude": "2.35",
            "bulbs": 10,
            "length_m": 100,
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "lãnh thổ Việt Nam" in answer.json()["latitude"][0]
    missing = client.post(
        reverse("modelasset-list"),
        {
            "model": model.pk,
            "kind": "lighting_segment",
            "name": "Tuyến đèn",
            "neighbourhood": factories.area(ward_a).pk,
            "installed_on": DAY,
        },
        content_type="application/json",
    )
    assert missing.status_code == 400 and "bulbs" in missing.json()
    late = client.post(
        reverse("preventionmodel-evaluate", args=[model.pk]),
        {"year": timezone.localdate().year + 1, "rating": "effective", "reasons": "x"},
        content_type="application/json",
    )
    assert late.status_code == 400 and "năm chưa tới" in late.json()["year"][0]
    bad_day = client.get(reverse("preventionmodel-figures", args=[model.pk]), {"on": "hôm qua"})
    assert bad_day.status_code == 400


@pytest.mark.django_db
def test_a_fault_names_the_tip_by_its_reference_and_only_of_its_ward(officer_a, ward_a, ward_b):
    asset = factories.make_asset(factories.make_model(ward_a))
    own, other = base_tip(ward_a), base_tip(ward_b)
    client = client_for(officer_a)
    body = {"asset": asset.pk, "reported_on": DAY, "description": "Đèn tắt."}
    refused = client.post(
        reverse("assetfault-list"),
        {**body, "tip": other.reference},
        content_type="application/json",
    )
    assert refused.status_code == 400
    made = client.post(
        reverse("assetfault-list"), {**body, "tip": own.reference}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["tip_reference"] == own.reference
