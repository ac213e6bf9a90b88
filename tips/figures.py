"""The tips app's figures for a report: counted by the database, in a constant number of
queries (six), whatever the number of records.

A tip counts on the day it was received; a case and its subjects on the day the case was
clarified (DESIGN.md, "The figures contract"). Days and years are Vietnamese local time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from tips.models import Case, Subject, Tip


def _counts(queryset: QuerySet, field: str) -> dict[str, int]:
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk"))
    return {str(key) if key is not None else "other": n for key, n in rows}


def _per_year(queryset: QuerySet, field: str) -> dict[str, int]:
    rows = (
        queryset.order_by()
        .annotate(year=ExtractYear(field))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    return {str(year): n for year, n in rows}


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

    by_status = _counts(tips, "status")
    received_by_year = _per_year(tips, "received_at")
    cases_by_year = _per_year(cases, "clarified_on")
    subjects_by_year = _per_year(subjects, "case__clarified_on")
    years = sorted(set(received_by_year) | set(cases_by_year) | set(subjects_by_year))
    return {
        "received": sum(by_status.values()),
        "cases_clarified": sum(cases_by_year.values()),
        "subjects_clarified": sum(subjects_by_year.values()),
        "by_category": _counts(tips, "category__code"),
        "by_channel": _counts(tips, "channel"),
        "by_status": by_status,
        "by_year": {
            year: {
                "received": received_by_year.get(year, 0),
                "cases_clarified": cases_by_year.get(year, 0),
                "subjects_clarified": subjects_by_year.get(year, 0),
            }
            for year in years
        },
    }
