"""The demo ward's outreach and welfare records reproduce the seed article's figures
(2016–2021 and 2021), counted from individual records; the loader is declared on the AppConfig
(so `load_demo` composes it) and runs once."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from campaigns import demo
from campaigns.figures import outreach_figures, welfare_figures
from campaigns.models import Broadcast, FeedbackItem, OutreachSession
from wards import demo as ward_demo
from wardsec import registry

pytestmark = pytest.mark.django_db

PERIOD = (datetime.date(2016, 1, 1), datetime.date(2021, 12, 31))
YEAR_2021 = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def section(provider, context, period):
    with scopes_disabled():
        return provider(ward_ids=[context.ward.pk], start=period[0], end=period[1])


def test_the_demo_reproduces_the_seed_from_individual_records():
    context = ward_demo.load()
    assert demo.load(context)
    outreach = section(outreach_figures, context, PERIOD)
    # "707 sessions with 23,485 attendances, and over 540 broadcasts"
    assert (outreach["sessions"], outreach["attendances"]) == (707, 23_485)
    assert outreach["broadcasts"] > 540
    # "every year … the festival day, combined with the forum"
    assert outreach["festivals"] == outreach["forums"] == 5
    assert all(outreach["by_year"][str(y)]["festivals"] == 1 for y in range(2016, 2021))
    assert outreach["feedback_items"] > 0
    # "100 leaflets on installing and using the … app" (2021)
    assert section(outreach_figures, context, YEAR_2021)["leaflets"] == 100
    assert outreach["by_topic"]["reporting_app"] >= 1
    welfare = section(welfare_figures, context, PERIOD)
    # "1,645 gift packages worth 300 million VND, 1 house worth 40 million VND, more than
    # 100 million VND to funds"
    assert (welfare["gift_packages"], welfare["gift_value_vnd"]) == (1_645, 300_000_000)
    assert (welfare["houses"], welfare["house_value_vnd"]) == (1, 40_000_000)
    assert welfare["fund_contributions_vnd"] > 100_000_000
    with scopes_disabled():
        # Individual records, not stored totals.
        assert OutreachSession.objects.filter(ward=context.ward).count() == 707
        assert max(OutreachSession.objects.values_list("attendances", flat=True)) < 1_000
        assert Broadcast.objects.filter(ward=context.ward).count() > 12
        # One forum item is still open: the officers' queue is not empty.
        assert FeedbackItem.objects.filter(ward=context.ward).open().count() == 1
    assert demo.load(context) is None  # a second run adds nothing


def test_load_demo_composes_the_loader():
    assert ("campaigns", demo.load) in registry.demo_loaders()
