"""The core forces' section of a report (`"core_forces"`, see the contract in `wardsec.figures`),
counted by the database in a constant number of queries (five), whatever the number of records.

The forces are figures **as they stand on the period's last day** (`end`), stocks not flows:

- `units[<kind code>]["units"]`: units of that kind existing on `end` (every kind of the
  catalogue is listed, 0 where the ward has none, so keys are stable across eras);
- `units[<kind code>]["members"]`: people holding a membership on `end` in a unit of that kind —
  a person in two units of the same kind counted once;
- `members`: people holding at least one membership on `end` (each person once, whatever the
  number of kinds); someone who left a unit or the force before `end` is not counted;
- `trained`, `trained_pct`: of those, the ones trained on `end` (`querysets.trained_on`: a passed
  course on a qualifying topic, ended by `end`, certificate not expired); 0.0 % with no members.

`patrols` is a flow: patrols and duty shifts done between `start` and `end`, also `by_year`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict, cast

from django.db.models import Count, Q

from core_forces.models import ForceMember, ForceUnit, Patrol, UnitKind, UnitMembership
from core_forces.querysets import trained_on
from wardsec import figures


class KindFigures(TypedDict):
    units: int
    members: int


class CoreForcesYear(TypedDict):
    patrols: int


class CoreForcesSection(TypedDict):
    units: dict[str, KindFigures]
    members: int
    trained: int
    trained_pct: float
    patrols: int
    by_year: dict[str, CoreForcesYear]


def percentage(part: int, whole: int) -> float:
    """`part` of `whole` in per cent, one decimal; 0.0 when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def core_force_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> CoreForcesSection:
    """The forces of the wards `ward_ids` as they stand on `end`, and the patrols done between
    `start` and `end` (both included). Runs inside a ward scope covering `ward_ids` (or with
    scoping disabled, for commands)."""
    ids = list(ward_ids)
    held = UnitMembership.objects.filter(unit__ward_id__in=ids).held_on(end)
    units = dict(
        ForceUnit.objects.filter(ward_id__in=ids)
        .existing_on(end)
        .order_by()
        .values_list("kind__code")
        .annotate(n=Count("pk"))
    )
    members = dict(
        held.order_by()
        .values_list("unit__kind__code")
        .annotate(n=Count("member_id", distinct=True))
    )
    people = (
        ForceMember.objects.filter(ward_id__in=ids, pk__in=held.values("member_id"))
        .annotate(is_trained=trained_on(end))
        .aggregate(members=Count("pk"), trained=Count("pk", filter=Q(is_trained=True)))
    )
    patrols = figures.per_year(
        Patrol.objects.filter(ward_id__in=ids).done_between(start, end), "on"
    )
    kinds = UnitKind.objects.values_list("code", flat=True)
    return {
        "units": {
            code: {"units": units.get(code, 0), "members": members.get(code, 0)}
            for code in sorted(kinds)
        },
        "members": people["members"],
        "trained": people["trained"],
        "trained_pct": percentage(people["trained"], people["members"]),
        "patrols": sum(patrols.values()),
        "by_year": cast(dict[str, CoreForcesYear], figures.by_year(patrols=patrols)),
    }
