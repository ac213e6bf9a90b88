"""The campaigns API: every endpoint inherits the platform's security cases from its permission
matrix (anonymous, no permission, view only, own ward, other ward, province leader, tokens,
pinned list queries); then the filters, bad input in Vietnamese, and the feedback queue."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from campaigns.models import FeedbackItem, OutreachSession
from tests import factories as base_factories
from tests.campaigns import factories
from tests.platform.api import Action, ScopedAPITestCase, result_ids

READ = {"list", "retrieve"}
WRITE = {*READ, "create"}
DAY = "2021-03-15"


def today() -> str:
    return timezone.localdate().isoformat()


class TestOutreachPlanEndpoint(ScopedAPITestCase):
    basename = "outreachplan"
    matrix = {"officer": READ, "commander": WRITE, "leader": READ}
    ward_role = "commander"
    list_queries = 10

    def make_row(self, ward):
        return factories.make_plan(ward, title=f"Kế hoạch {ward.name}")

    def create_payload(self, ward):
        return {"ward": ward.code, "year": 1999, "title": "Kế hoạch năm 1999"}

    def search_term(self, row):
        return row.title


class TestOutreachSessionEndpoint(ScopedAPITestCase):
    basename = "outreachsession"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 13  # + topics, partners and neighbourhoods of the page, one query each

    def make_row(self, ward):
        return factories.make_session(ward, title=f"Tuyên truyền tại {ward.name}")

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            area = base_factories.make_neighbourhood(ward, name=f"Ấp {n}")
        return factories.make_session(
            ward,
            neighbourhoods=[area],
            partners=[factories.partner()],
            officer=base_factories.make_officer(ward),
        )

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "held_on": DAY,
            "format": "meeting",
            "topics": ["drugs", "traffic_safety"],
            "attendances": 35,
            "leaflets": 10,
        }

    def search_term(self, row):
        return row.title


class TestBroadcastEndpoint(ScopedAPITestCase):
    basename = "broadcast"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 12

    def make_row(self, ward):
        return factories.make_broadcast(ward, programme=f"Tiếng loa {ward.name}")

    def create_payload(self, ward):
        return {"ward": ward.code, "aired_on": DAY, "programme": "Tiếng loa ANTT", "airings": 4}

    def search_term(self, row):
        return row.programme


class TestMovementEventEndpoint(ScopedAPITestCase):
    basename = "movementevent"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 11

    def make_row(self, ward):
        return factories.make_event(ward, title=f"Ngày hội {ward.name}")

    def make_listed_row(self, ward, n):
        event = factories.make_event(ward, partners=[factories.partner()])
        factories.make_feedback(ward, event=event)
        return event

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "kind": "festival",
            "held_on": "2020-08-19",
            "title": "Ngày hội toàn dân bảo vệ ANTQ",
            "attendances": 350,
            "partners": ["fatherland_front"],
        }

    def search_term(self, row):
        return row.title


class TestFeedbackItemEndpoint(ScopedAPITestCase):
    basename = "feedbackitem"
    work = {*WRITE, "answer", "forward"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    actions = (
        Action("answer", payload=lambda item: {"answer": "Đã tăng cường tuần tra.", "on": today()}),
        Action("forward", payload=lambda item: {"forwarded_to": "UBND phường", "on": today()}),
    )
    list_queries = 10

    def make_row(self, ward):
        return factories.make_feedback(ward, content=f"Ý kiến của cử tri {ward.name}")

    def create_payload(self, ward):
        event = factories.make_event(ward)
        return {
            "event": event.pk,
            "content": "Đề nghị lắp camera đầu hẻm.",
            "responder": "Công an phường",
            "deadline": "2020-09-30",
        }

    def search_term(self, row):
        return row.content


class TestDonationEndpoint(ScopedAPITestCase):
    basename = "donation"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 10

    def make_row(self, ward):
        return factories.make_donation(ward, donor_name=f"Công ty {ward.name}")

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "received_on": DAY,
            "donor_kind": "anonymous",
            "cash_vnd": 5_000_000,
        }

    def search_term(self, row):
        return row.donor_name


class TestGiftDistributionEndpoint(ScopedAPITestCase):
    basename = "giftdistribution"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 11

    def make_row(self, ward):
        return factories.make_distribution(ward, occasion=f"Tết ở {ward.name}")

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            area = base_factories.make_neighbourhood(ward, name=f"Ấp {n}")
        return factories.make_distribution(ward, neighbourhoods=[area])

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "distributed_on": DAY,
            "packages": 20,
            "value_vnd": 4_000_000,
            "beneficiary_group": "policy",
        }

    def search_term(self, row):
        return row.occasion


class TestCharityHouseEndpoint(ScopedAPITestCase):
    basename = "charityhouse"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 10

    def make_row(self, ward):
        return factories.make_house(ward, beneficiary=f"Hộ ông Tư ở {ward.name}")

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "beneficiary": "Hộ bà Năm",
            "value_vnd": 40_000_000,
            "handed_over_on": DAY,
        }

    def search_term(self, row):
        return row.beneficiary


class TestFundContributionEndpoint(ScopedAPITestCase):
    basename = "fundcontribution"
    matrix = {"officer": WRITE, "commander": WRITE, "leader": READ}
    list_queries = 10

    def make_row(self, ward):
        return factories.make_contribution(ward, note=f"Đóng góp của {ward.name}")

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "fund": "for_the_poor",
            "amount_vnd": 6_000_000,
            "contributed_on": DAY,
        }

    def search_term(self, row):
        return row.note


# --- Filters --------------------------------------------------------------------------------------


def sessions_url() -> str:
    return reverse("outreachsession-list")


def test_sessions_filter_by_date_range_format_topic_neighbourhood_and_partner(
    officer_a_client, ward_a
):
    with scopes_disabled():
        area = base_factories.make_neighbourhood(ward_a, name="Khu phố Cái Cát")
    target = factories.make_session(
        ward_a,
        held_on=datetime.date(2020, 12, 31),
        format=factories.row(factories.OutreachFormat, "school"),
        topics=[factories.row(factories.OutreachTopic, "drugs")],
        neighbourhoods=[area],
        partners=[factories.partner("womens_union")],
    )
    other = factories.make_session(ward_a, held_on=datetime.date(2021, 1, 1))
    queries = [
        {"held_on_after": "2020-12-31", "held_on_before": "2020-12-31"},
        {"session_format": "school"},
        {"topic": "drugs"},
        {"neighbourhood": area.pk},
        {"partner": "womens_union"},
    ]
    for query in queries:
        found = result_ids(officer_a_client.get(sessions_url(), query))
        assert found == {target.pk}, query
    everything = result_ids(officer_a_client.get(sessions_url()))
    assert {target.pk, other.pk} <= everything


@pytest.mark.parametrize(
    ("basename", "query"),
    [
        ("outreachsession", {"held_on_after": "2020-13-45"}),
        ("outreachsession", {"neighbourhood": "abc"}),
        ("outreachsession", {"held_on_after": "0001-01-01"}),
        ("outreachplan", {"year": "13534074"}),
        ("feedbackitem", {"overdue": "maybe"}),
    ],
)
def test_a_filter_it_cannot_read_is_a_vietnamese_400(officer_a_client, basename, query):
    response = officer_a_client.get(reverse(f"{basename}-list"), query)
    assert response.status_code == 400
    (messages,) = response.json().values()
    assert messages and all(isinstance(m, str) for m in messages)


def test_the_feedback_queue_lists_open_and_overdue_items(officer_a_client, ward_a):
    overdue = factories.make_feedback(ward_a)
    open_item = factories.make_feedback(ward_a, deadline=timezone.localdate())
    answered = factories.make_feedback(ward_a)
    with scopes_disabled():
        from campaigns import services

        services.answer_feedback(
            item=answered, actor=None, answer="Đã trả lời", on=timezone.localdate()
        )
    url = reverse("feedbackitem-list")
    assert result_ids(officer_a_client.get(url, {"status": "open"})) == {overdue.pk, open_item.pk}
    assert result_ids(officer_a_client.get(url, {"overdue": "true"})) == {overdue.pk}
    body = officer_a_client.get(reverse("feedbackitem-detail", args=[overdue.pk])).json()
    assert body["overdue"] is True and body["status"] == "open"


# --- Bad input ----------------------------------------------------------------------------------


def post(client, basename, body):
    return client.post(reverse(f"{basename}-list"), body, content_type="application/json")


@pytest.mark.parametrize(
    ("basename", "body", "field", "message"),
    [
        (
            "outreachsession",
            {"held_on": DAY, "format": "meeting", "topics": ["drugs"], "attendances": -5},
            "attendances",
            "Số lượt người không được âm.",
        ),
        (
            "outreachsession",
            {"held_on": "2999-01-01", "format": "meeting", "topics": ["drugs"], "attendances": 5},
            "held_on",
            "Ngày không được ở tương lai.",
        ),
        (
            "giftdistribution",
            {"distributed_on": DAY, "packages": 0, "value_vnd": 0, "beneficiary_group": "poor"},
            "packages",
            "Số phần quà phải từ 1 trở lên.",
        ),
        (
            "fundcontribution",
            {"fund": "gratitude", "amount_vnd": -1, "contributed_on": DAY},
            "amount_vnd",
            "Số tiền phải lớn hơn 0.",
        ),
        (
            "fundcontribution",
            {"fund": "gratitude", "amount_vnd": 1.5, "contributed_on": DAY},
            "amount_vnd",
            "Hãy nhập một số nguyên.",
        ),
        (
            "donation",
            {"received_on": DAY, "donor_kind": "individual", "donor_name": "A", "cash_vnd": -9},
            "cash_vnd",
            "Số tiền không được âm.",
        ),
        (
            "movementevent",
            {
                "kind": "festival",
                "held_on": "2020-08-19",
                "ends_on": "2020-08-18",
                "title": "Ngày hội",
                "attendances": 10,
            },
            "ends_on",
            "Ngày kết thúc không được trước ngày bắt đầu.",
        ),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_stores_nothing(
    officer_a_client, ward_a, basename, body, field, message
):
    with scopes_disabled():
        before = OutreachSession.objects.count(), FeedbackItem.objects.count()
    response = post(officer_a_client, basename, body)
    assert response.status_code == 400, response.content
    assert message in response.json()[field]
    with scopes_disabled():
        assert (OutreachSession.objects.count(), FeedbackItem.objects.count()) == before


def test_a_neighbourhood_of_another_ward_is_not_found(officer_a_client, ward_b):
    with scopes_disabled():
        elsewhere = base_factories.make_neighbourhood(ward_b)
    body = {
        "held_on": DAY,
        "format": "meeting",
        "topics": ["drugs"],
        "attendances": 5,
        "neighbourhoods": [elsewhere.pk],
    }
    response = post(officer_a_client, "outreachsession", body)
    assert response.status_code == 400
    assert "neighbourhoods" in response.json()


def test_a_session_created_through_the_api_answers_its_codes(officer_a_client, officer_a, ward_a):
    body = {
        "held_on": DAY,
        "format": "online",
        "topics": ["online_fraud"],
        "attendances": 12,
        "partners": ["youth_union"],
        "officer": officer_a.username,
    }
    response = post(officer_a_client, "outreachsession", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["format"] == "online" and data["topics"] == ["online_fraud"]
    assert data["partners"] == ["youth_union"] and data["officer"] == "officer_a"
    assert data["ward"] == ward_a.code and data["photos"] == 0
