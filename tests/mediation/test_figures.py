"""Mediation's figures: known counts per outcome, by kind and by year, the contract kept, and a
constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from mediation.choices import DisputeStatus
from mediation.figures import mediation_figures
from tests.mediation import factories
from tests.platform.queries import assert_num_queries
from wardsec import figures

pytestmark = pytest.mark.django_db
START, END = datetime.date(2016, 1, 1), datetime.date(2021, 12, 31)


def _closed(ward, actor, outcome, received, kind="land"):
    dispute = factories.make_dispute(ward, received_on=received, kind=factories.kind(kind))
    if outcome != DisputeStatus.OPEN:
        factories.close(dispute, actor, outcome, closed_on=received + datetime.timedelta(days=3))


def test_known_counts(ward_a, ward_b, officer_a, officer_b):
    plan = [
        (DisputeStatus.SUCCESSFUL, datetime.date(2019, 5, 1), "land"),
        (DisputeStatus.SUCCESSFUL, datetime.date(2020, 5, 1), "family"),
        (DisputeStatus.SUCCESSFUL, datetime.date(2020, 12, 30), "family"),  # closes in 2021
        (DisputeStatus.UNSUCCESSFUL, datetime.date(2020, 6, 1), "land"),
        (DisputeStatus.WITHDRAWN, datetime.date(2021, 2, 1), "neighbours"),
        (DisputeStatus.OPEN, datetime.date(2021, 3, 1), "other"),
        (DisputeStatus.SUCCESSFUL, datetime.date(2015, 6, 1), "land"),  # before the period
    ]
    for outcome, day, kind in plan:
        _closed(ward_a, officer_a, outcome, day, kind)
    _closed(ward_b, officer_b, DisputeStatus.SUCCESSFUL, datetime.date(2020, 1, 1))
    with scopes_disabled(), assert_num_queries(3):
        section = mediation_figures(ward_ids=[ward_a.pk], start=START, end=END)
    assert section["received"] == 6
    assert section["successful"] == 3
    assert section["unsuccessful"] == 1
    assert section["withdrawn"] == 1
    assert section["outside_scope"] == 0
    assert section["by_kind"]["family"] == 2
    assert section["by_kind"]["noise_hygiene"] == 0
    assert section["by_year"]["2021"] == {
        "received": 2,
        "successful": 1,
        "unsuccessful": 0,
        "withdrawn": 1,
        "outside_scope": 0,
    }
    assert figures.check_section(section) == []
    with scopes_disabled():
        both = mediation_figures(ward_ids=[ward_a.pk, ward_b.pk], start=START, end=END)
    assert both["successful"] == 4


def test_registered_as_the_mediation_section():
    assert figures.providers()["mediation"] is mediation_figures
