"""The campaigns' open work on "Việc hôm nay" (campaigns.today): the residents' feedback items
still open and those past their deadline, each a link to the list filtered to exactly those
items; nothing of another ward; nothing without the permission; one query."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from campaigns import services, today
from tests.campaigns import factories
from tests.platform.personas import client_for, user_with_permissions
from tests.platform.queries import assert_num_queries
from wardsec.scoping import ward_scope

pytestmark = [pytest.mark.django_db]

INDEX = reverse("admin:index")


def campaigns(response) -> dict[str, tuple[int, str]]:
    assert response.status_code == 200
    sections = [
        s for s in response.context["today_sections"] if s.title == "Tuyên truyền, vận động"
    ]
    if not sections:
        return {}
    return {item.key: (item.count, item.url) for item in sections[0].items}


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def feedback(ward_a, ward_b):
    overdue = factories.make_feedback(ward_a)
    due_today = factories.make_feedback(ward_a, deadline=timezone.localdate())
    answered = factories.make_feedback(ward_a)
    with scopes_disabled():
        services.answer_feedback(
            item=answered, actor=None, answer="Đã trả lời", on=answered.deadline
        )
    factories.make_feedback(ward_b)  # another ward's overdue item
    return overdue, due_today


def test_the_officer_sees_the_open_and_overdue_feedback_of_the_ward(officer_a_client, feedback):
    overdue, due_today = feedback
    items = campaigns(officer_a_client.get(INDEX))
    assert items["overdue"][0] == 1 and items["open"][0] == 2
    assert listed(officer_a_client, items["overdue"][1]) == {overdue.pk}
    assert listed(officer_a_client, items["open"][1]) == {overdue.pk, due_today.pk}


def test_nothing_without_the_permission(ward_a, feedback):
    client = client_for(user_with_permissions(ward_a))
    response = client.get(INDEX)
    if response.status_code == 200:
        assert campaigns(response) == {}
    with scopes_disabled():
        request = RequestFactory().get(INDEX)
        request.user = user_with_permissions(ward_a, username="nobody_today")
    assert today.section(request) is None


def test_one_query_whatever_the_number_of_items(officer_a, ward_a, feedback):
    request = RequestFactory().get(INDEX)
    request.user = officer_a
    officer_a.has_perm("campaigns.view_feedbackitem")  # the permission cache, as on a request
    with ward_scope(ward_a.pk), assert_num_queries(1):
        today.section(request)
    factories.make_feedback(ward_a)
    with ward_scope(ward_a.pk), assert_num_queries(1):
        assert today.section(request).items[0].count == 2
