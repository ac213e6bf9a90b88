"""The models registry's open work on "Việc hôm nay": faults not fixed, not given to anyone,
given to me; models not evaluated last year (the commander); people not seen for 30 days (who
holds `view_supervision`) — each a link to the list filtered to exactly those rows; nothing of
another ward; nothing without the permission."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from models_registry import services
from tests import factories as base
from tests.models_registry import factories
from tests.platform.personas import client_for, user_with_permissions

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
TITLE = "Mô hình phòng, chống tội phạm"


def registry_items(client) -> dict[str, tuple[int, str]]:
    response = client.get(INDEX)
    assert response.status_code == 200
    [section] = [s for s in response.context["today_sections"] if s.title == TITLE]
    return {item.key: (item.count, item.url) for item in section.items}


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def work(ward_a, ward_b, officer_a):
    today = timezone.localdate()
    model = factories.make_model(ward_a, started_on=datetime.date(2018, 1, 1))
    rated = factories.make_model(ward_a, started_on=datetime.date(2018, 1, 1))
    with scopes_disabled():
        services.evaluate_model(
            model=rated, actor=None, year=today.year - 1, rating="effective", reasons="Tốt."
        )
    unassigned = factories.make_fault(factories.make_asset(model), reported_on=today)
    mine = factories.make_fault(factories.make_asset(model), reported_on=today)
    fixed = factories.make_fault(factories.make_asset(model), reported_on=datetime.date(2020, 1, 1))
    with scopes_disabled():
        services.assign_fault(fault=mine, actor=None, assignee=officer_a)
        services.fix_fault(fault=fixed, actor=None, fixed_on=datetime.date(2020, 1, 2))
    unseen = factories.make_person(ward_a, starts_on=datetime.date(2020, 1, 1))
    seen = factories.make_person(ward_a, starts_on=datetime.date(2020, 1, 1))
    with scopes_disabled():
        services.record_check_in(person=seen, actor=None, on=today, note="Đã gặp.")
    # Another ward's open work, never counted here.
    factories.make_fault(factories.make_asset(factories.make_model(ward_b)))
    factories.make_person(ward_b, starts_on=datetime.date(2020, 1, 1))
    return {"model": model, "unassigned": unassigned, "mine": mine, "unseen": unseen}


def test_the_officers_faults_and_where_they_lead(officer_a, work):
    client = client_for(officer_a)
    found = registry_items(client)
    assert found["open_faults"][0] == 2
    assert listed(client, found["open_faults"][1]) == {work["unassigned"].pk, work["mine"].pk}
    assert found["unassigned_faults"][0] == 1
    assert listed(client, found["unassigned_faults"][1]) == {work["unassigned"].pk}
    assert found["my_faults"][0] == 1
    assert listed(client, found["my_faults"][1]) == {work["mine"].pk}
    # A plain officer neither rates models nor reads supervision records.
    assert "unrated_models" not in found and "check_in_due" not in found


def test_the_commanders_ratings_and_check_ins(commander_a, work):
    client = client_for(commander_a)
    found = registry_items(client)
    assert found["unrated_models"][0] == 1
    assert listed(client, found["unrated_models"][1]) == {work["model"].pk}
    assert found["check_in_due"][0] == 1
    assert listed(client, found["check_in_due"][1]) == {work["unseen"].pk}
    assert found["my_faults"][0] == 0


def test_another_wards_officer_sees_their_own(ward_b, work):
    found = registry_items(client_for(base.make_officer(ward_b, username="officer_b")))
    assert found["open_faults"][0] == 1 and found["my_faults"][0] == 0


def test_without_permission_no_section(ward_a, work):
    client = client_for(user_with_permissions(ward_a))
    sections = client.get(INDEX).context["today_sections"]
    assert [s for s in sections if s.title == TITLE] == []
