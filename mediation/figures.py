"""Mediation's section of a report (`"mediation"`, see the contract in `wardsec.figures`),
counted by the database in three queries, whatever the number of records.

- `received`: disputes received between `start` and `end` (by `received_on`), also `by_kind`
  (kind code → count; every kind of the catalogue listed, 0 where none) and `by_year`;
- `successful`, `unsuccessful`, `withdrawn`, `outside_scope`: disputes closed between `start`
  and `end` with that outcome, counted on the day they closed (`closed_on`), also `by_year`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import TypedDict, cast

from django.db.models import Count
from django.db.models.functions import ExtractYear

from mediation.choices import DisputeStatus
from mediation.models import Dispute, DisputeKind
from wardsec import figures

OUTCOMES = ("successful", "unsuccessful", "withdrawn", "outside_scope")


class MediationYear(TypedDict):
    received: int
    successful: int
    unsuccessful: int
    withdrawn: int
    outside_scope: int


class MediationSection(TypedDict):
    received: int
    successful: int
    unsuccessful: int
    withdrawn: int
    outside_scope: int
    by_kind: dict[str, int]
    by_year: dict[str, MediationYear]


def mediation_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> MediationSection:
    """Disputes of the wards `ward_ids` received, and closed by outcome, between `start` and
    `end` (both included). Runs inside a ward scope covering `ward_ids` (or with scoping
    disabled, for commands)."""
    ids = list(ward_ids)
    disputes = Dispute.objects.filter(ward_id__in=ids)
    received = figures.grouped_counts(
        disputes.received_between(start, end),
        {"by_kind": "kind__code", "by_year": ExtractYear("received_on")},
    )
    closed = (
        disputes.closed_between(start, end)
        .exclude(status=DisputeStatus.OPEN)
        .order_by()
        .annotate(year=ExtractYear("closed_on"))
        .values_list("status", "year")
        .annotate(n=Count("pk"))
    )
    per_outcome: dict[str, Counter[str]] = {outcome: Counter() for outcome in OUTCOMES}
    for status, year, n in closed:
        per_outcome[status][str(year)] += n
    kinds = DisputeKind.objects.values_list("code", flat=True)
    by_kind = {
        code: received["by_kind"].get(code, 0) for code in sorted({*kinds, *received["by_kind"]})
    }
    total = {outcome: sum(per_outcome[outcome].values()) for outcome in OUTCOMES}
    return {
        "received": sum(received["by_year"].values()),
        "successful": total["successful"],
        "unsuccessful": total["unsuccessful"],
        "withdrawn": total["withdrawn"],
        "outside_scope": total["outside_scope"],
        "by_kind": by_kind,
        "by_year": cast(
            dict[str, MediationYear],
            figures.by_year(
                received=received["by_year"], **{k: dict(v) for k, v in per_outcome.items()}
            ),
        ),
    }
