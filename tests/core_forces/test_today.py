"""The core forces' open work on "Việc hôm nay" (core_forces.today): members in the force who are
not trained today, certificates expiring within 30 days, shifts past and not recorded, shifts of
the coming week — each a link to the list filtered to exactly those rows; nothing of another
ward; nothing without the permission."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from core_forces import services
from tests.core_forces import factories

pytestmark = [pytest.mark.django_db]

INDEX = reverse("admin:index")


def forces(response) -> dict[str, tuple[int, str]]:
    assert response.status_code == 200
    [section] = [s for s in response.context["today_sections"] if s.title == "Lực lượng nòng cốt"]
    return {item.key: (item.count, item.url) for item in section.items}


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def roster(ward_a, ward_b):
    today = timezone.localdate()
    unit = factories.make_unit(ward_a)
    trained, untrained, expiring, gone = (factories.make_member(ward_a) for _ in range(4))
    with scopes_disabled():
        services.member_leaves(member=gone, actor=None, on=today - datetime.timedelta(days=3))
    course = factories.make_course(ward_a)
    factories.attend(course, trained)
    soon = factories.attend(
        course, expiring, certificate_expires_on=today + datetime.timedelta(days=10)
    )
    factories.attend(  # expires in two months: not yet worth a line
        factories.make_course(ward_a, title="Lớp 2"),
        factories.make_member(ward_a),
        certificate_expires_on=today + datetime.timedelta(days=60),
    )
    with scopes_disabled():
        past = services.schedule_patrol(
            unit=unit, actor=None, on=today - datetime.timedelta(days=2)
        )
        coming = services.schedule_patrol(
            unit=unit, actor=None, on=today + datetime.timedelta(days=3)
        )
        services.schedule_patrol(unit=unit, actor=None, on=today + datetime.timedelta(days=30))
        other_unit = factories.make_unit(ward_b)
        services.schedule_patrol(unit=other_unit, actor=None, on=today - datetime.timedelta(days=1))
    factories.make_member(ward_b)  # another ward's untrained member
    return {"untrained": untrained, "soon": soon, "past": past, "coming": coming}


def test_the_forces_open_work_and_where_it_leads(officer_a_client, roster):
    found = forces(officer_a_client.get(INDEX))
    # Trained: a passed course without expiry, or one expiring after today; the one who left
    # is not in the force.
    assert found["untrained"][0] == 1
    assert listed(officer_a_client, found["untrained"][1]) == {roster["untrained"].pk}
    assert found["expiring"][0] == 1
    assert listed(officer_a_client, found["expiring"][1]) == {roster["soon"].pk}
    assert found["unrecorded"][0] == 1
    assert listed(officer_a_client, found["unrecorded"][1]) == {roster["past"].pk}
    assert found["upcoming"][0] == 1
    assert listed(officer_a_client, found["upcoming"][1]) == {roster["coming"].pk}


def test_the_untrained_link_lists_the_same_members_as_the_count(officer_a_client, roster):
    count, url = forces(officer_a_client.get(INDEX))["untrained"]
    assert len(listed(officer_a_client, url)) == count


def test_another_wards_officer_sees_their_own(officer_b_client, roster):
    found = forces(officer_b_client.get(INDEX))
    assert found["untrained"][0] == 1 and found["unrecorded"][0] == 1
    assert found["expiring"][0] == 0 and found["upcoming"][0] == 0


def test_without_permission_no_forces_section(no_perm_client, roster):
    sections = no_perm_client.get(INDEX).context["today_sections"]
    assert [s for s in sections if s.title == "Lực lượng nòng cốt"] == []
