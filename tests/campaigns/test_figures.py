"""Known answers of the campaigns' figures (`outreach` and `welfare`): each record counts in the
period and the year of its own date (a session on 31 December belongs to that year), both ends
of a period included, empty periods are zeros, other wards never count, and the cost is a fixed
number of queries whatever the number of records."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from campaigns import services
from campaigns.figures import outreach_figures, welfare_figures
from campaigns.models import OutreachTopic
from tests.campaigns import factories
from tests.platform.queries import assert_num_queries
from wardsec import figures

pytestmark = pytest.mark.django_db

Y2020 = (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
Y2021 = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
BOTH = (datetime.date(2020, 1, 1), datetime.date(2021, 12, 31))


def outreach(*wards, period=BOTH):
    with scopes_disabled():
        return outreach_figures(ward_ids=[w.pk for w in wards], start=period[0], end=period[1])


def welfare(*wards, period=BOTH):
    with scopes_disabled():
        return welfare_figures(ward_ids=[w.pk for w in wards], start=period[0], end=period[1])


def test_a_session_on_31_december_belongs_to_its_year(ward_a):
    factories.make_session(ward_a, held_on=datetime.date(2020, 12, 31), attendances=30)
    factories.make_session(ward_a, held_on=datetime.date(2021, 1, 1), attendances=12, leaflets=5)
    assert (
        outreach(ward_a, period=Y2020)["sessions"],
        outreach(ward_a, period=Y2020)["attendances"],
    ) == (1, 30)
    in_2021 = outreach(ward_a, period=Y2021)
    assert (in_2021["sessions"], in_2021["attendances"], in_2021["leaflets"]) == (1, 12, 5)
    both = outreach(ward_a)
    assert both["by_year"]["2020"]["attendances"] == 30
    assert both["by_year"]["2021"]["attendances"] == 12
    assert (both["sessions"], both["attendances"]) == (2, 42)


def test_both_ends_of_a_period_are_included(ward_a):
    first, last = datetime.date(2021, 3, 1), datetime.date(2021, 3, 31)
    for day in (first - datetime.timedelta(days=1), first, last, last + datetime.timedelta(days=1)):
        factories.make_broadcast(ward_a, aired_on=day, airings=2)
    assert outreach(ward_a, period=(first, last))["broadcasts"] == 4


def test_an_empty_period_is_zeros(ward_a):
    factories.make_session(ward_a)
    factories.make_distribution(ward_a)
    period = (datetime.date(2030, 1, 1), datetime.date(2030, 12, 31))
    empty_outreach, empty_welfare = outreach(ward_a, period=period), welfare(ward_a, period=period)
    assert all(empty_outreach[key] == 0 for key in ("sessions", "attendances", "broadcasts"))
    assert empty_outreach["by_year"] == {} and empty_outreach["by_format"] == {}
    assert empty_welfare == {
        "gift_packages": 0,
        "gift_value_vnd": 0,
        "houses": 0,
        "house_value_vnd": 0,
        "fund_contributions_vnd": 0,
        "donations_vnd": 0,
        "by_year": {},
    }
    assert (
        figures.check_section(empty_outreach) == [] and figures.check_section(empty_welfare) == []
    )


def test_outreach_known_answers(ward_a, ward_b):
    drugs = factories.row(OutreachTopic, "drugs")
    app = factories.row(OutreachTopic, "reporting_app")
    school = factories.row(factories.OutreachFormat, "school")
    factories.make_session(ward_a, attendances=100, format=school, topics=[drugs, app], leaflets=60)
    factories.make_session(ward_a, attendances=20, topics=[drugs])
    factories.make_session(ward_b, attendances=999)  # another ward
    factories.make_broadcast(ward_a, airings=5)
    factories.make_broadcast(ward_a, airings=1)
    festival = factories.make_event(ward_a, kind="festival", attendances=300)
    forum = factories.make_event(ward_a, kind="forum", attendances=120)
    factories.make_feedback(ward_a, event=forum)
    answered = factories.make_feedback(ward_a, event=forum)
    with scopes_disabled():
        services.answer_feedback(item=answered, actor=None, answer="Đã trả lời", on=forum.held_on)
    result = outreach(ward_a)
    assert festival.held_on.year == 2020
    expected = {
        "sessions": 2,
        "attendances": 120,
        "leaflets": 60,
        "broadcasts": 6,
        "festivals": 1,
        "forums": 1,
        "event_attendances": 420,
        "feedback_items": 2,
        "feedback_open": 1,
        "by_format": {"meeting": 1, "school": 1},
        "by_topic": {"drugs": 2, "reporting_app": 1},
    }
    assert {key: result[key] for key in expected} == expected
    assert result["by_year"]["2020"]["festivals"] == 1
    assert result["by_year"]["2021"]["sessions"] == 2
    assert figures.check_section(result) == []
    assert outreach(ward_a, ward_b)["attendances"] == 1119  # a province: both wards


def test_welfare_known_answers(ward_a, ward_b):
    factories.make_distribution(ward_a, packages=250, value_vnd=45_000_000)
    factories.make_distribution(
        ward_a, packages=150, value_vnd=25_000_000, distributed_on=datetime.date(2020, 4, 14)
    )
    factories.make_distribution(ward_b, packages=7, value_vnd=7)
    factories.make_house(ward_a, value_vnd=40_000_000)
    factories.make_contribution(ward_a, amount_vnd=22_500_000)
    factories.make_contribution(
        ward_a, amount_vnd=7_000_000, contributed_on=datetime.date(2020, 7, 20)
    )
    factories.make_donation(ward_a, cash_vnd=10_000_000, in_kind="Gạo", in_kind_value_vnd=5_000_000)
    result = welfare(ward_a)
    assert {key: value for key, value in result.items() if key != "by_year"} == {
        "gift_packages": 400,
        "gift_value_vnd": 70_000_000,
        "houses": 1,
        "house_value_vnd": 40_000_000,
        "fund_contributions_vnd": 29_500_000,
        "donations_vnd": 15_000_000,
    }
    assert result["by_year"]["2020"] == {
        "gift_packages": 150,
        "gift_value_vnd": 25_000_000,
        "houses": 0,
        "house_value_vnd": 0,
        "fund_contributions_vnd": 7_000_000,
        "donations_vnd": 0,
    }
    assert figures.check_section(result) == []


def test_the_figures_cost_a_fixed_number_of_queries(ward_a):
    def fill(count: int) -> None:
        for _ in range(count):
            factories.make_session(ward_a)
            factories.make_broadcast(ward_a)
            factories.make_feedback(ward_a)
            factories.make_distribution(ward_a)
            factories.make_house(ward_a)
            factories.make_contribution(ward_a)
            factories.make_donation(ward_a)

    fill(1)
    with assert_num_queries(6):
        outreach(ward_a)
    with assert_num_queries(4):
        welfare(ward_a)
    fill(4)
    with assert_num_queries(6):
        assert outreach(ward_a)["sessions"] == 5
    with assert_num_queries(4):
        assert welfare(ward_a)["houses"] == 5
