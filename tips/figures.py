"""The tips app's section of a report (`"tips"`, see the contract in `wardsec.figures`): counted
by the database, in a constant number of queries (three), whatever the number of records.

A tip counts on the day it was received; a case and its subjects on the day the case was
clarified. Days and years are Vietnamese local time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict, cast

from django.db.models.functions import ExtractYear

from tips.models import Case, Subject, Tip
from wardsec import figures


class TipsYear(TypedDict):
    received: int
    cases_clarified: int
    subjects_clarified: int


class TipsSection(TypedDict):
    received: int
    cases_clarified: int
    subjects_clarified: int
    by_category: figures.Breakdown
    by_channel: figures.Breakdown
    by_status: figures.Breakdown
    by_year: dict[str, TipsYear]


def tip_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> TipsSection:
    """Tips received, cases and subjects clarified, by category, channel and status, and by
    year, for the wards `ward_ids` between `start` and `end` (both included).

    Runs inside a ward scope that covers `ward_ids` (or with scoping disabled, for commands).
    """
    ids = list(ward_ids)
    tips = Tip.objects.filter(ward_id__in=ids).received_between(start, end)
    cases = Case.objects.filter(ward_id__in=ids).clarified_between(start, end)
    subjects = Subject.objects.filter(case__ward_id__in=ids).clarified_between(start, end)

    breakdowns = figures.grouped_counts(
        tips,
        {
            "by_category": "category__code",
            "by_channel": "channel",
            "by_status": "status",
            "by_year": ExtractYear("received_at"),
        },
    )
    years = figures.by_year(
        received=breakdowns["by_year"],
        cases_clarified=figures.per_year(cases, "clarified_on"),
        subjects_clarified=figures.per_year(subjects, "case__clarified_on"),
    )
    return {
        "received": sum(breakdowns["by_year"].values()),
        "cases_clarified": sum(year["cases_clarified"] for year in years.values()),
        "subjects_clarified": sum(year["subjects_clarified"] for year in years.values()),
        "by_category": breakdowns["by_category"],
        "by_channel": breakdowns["by_channel"],
        "by_status": breakdowns["by_status"],
        "by_year": cast(dict[str, TipsYear], years),
    }
