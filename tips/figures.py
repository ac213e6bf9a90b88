"""The tips app's figures for a report: counted by the database, in a constant number of
queries (three), whatever the number of records.

A tip counts on the day it was received; a case and its subjects on the day the case was
clarified (DESIGN.md, "The figures contract"). Days and years are Vietnamese local time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from tips.models import Case, Subject, Tip


def _per_year(queryset: QuerySet, field: str) -> dict[str, int]:
    rows = (
        queryset.order_by()
        .annotate(year=ExtractYear(field))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    return {str(year): n for year, n in rows}


def _tip_breakdowns(tips: QuerySet) -> dict[str, Counter]:
    """Tips counted by category, channel, status and year in one pass over the rows: one GROUP
    BY on the four together (at most a few thousand groups), summed here."""
    rows = (
        tips.order_by()
        .annotate(year=ExtractYear("received_at"))
        .values_list("category__code", "channel", "status", "year")
        .annotate(n=Count("pk"))
    )
    result: dict[str, Counter] = {name: Counter() for name in BREAKDOWNS}
    for category, channel, status, year, n in rows:
        for name, key in zip(BREAKDOWNS, (category, channel, status, str(year)), strict=True):
            result[name][key] += n
    return result


BREAKDOWNS = ("by_category", "by_channel", "by_status", "by_year")


def tip_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Tips received, cases and subjects clarified, by category, channel and status, and by
    year, for the wards `ward_ids` between `start` and `end` (both included).

    Runs inside a ward scope that covers `ward_ids` (or with scoping disabled, for commands).
    """
    ids = list(ward_ids)
    tips = Tip.objects.filter(ward_id__in=ids).received_between(start, end)
    cases = Case.objects.filter(ward_id__in=ids).clarified_between(start, end)
    subjects = Subject.objects.filter(case__ward_id__in=ids).clarified_between(start, end)

    breakdowns = _tip_breakdowns(tips)
    received_by_year = breakdowns["by_year"]
    cases_by_year = _per_year(cases, "clarified_on")
    subjects_by_year = _per_year(subjects, "case__clarified_on")
    years = sorted(set(received_by_year) | set(cases_by_year) | set(subjects_by_year))
    return {
        "received": sum(received_by_year.values()),
        "cases_clarified": sum(cases_by_year.values()),
        "subjects_clarified": sum(subjects_by_year.values()),
        "by_category": dict(sorted(breakdowns["by_category"].items())),
        "by_channel": dict(sorted(breakdowns["by_channel"].items())),
        "by_status": dict(sorted(breakdowns["by_status"].items())),
        "by_year": {
            year: {
                "received": received_by_year.get(year, 0),
                "cases_clarified": cases_by_year.get(year, 0),
                "subjects_clarified": subjects_by_year.get(year, 0),
            }
            for year in years
        },
    }
