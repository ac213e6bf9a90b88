"""Evidence of effect: for each model, the tips received and the cases clarified in the
neighbourhoods it covers, in the year before it started and each year since, next to the same
counts in its ward's other neighbourhoods.

The rules:

- a tip counts in the year it was received (local time), in its own neighbourhood; tips with
  no neighbourhood count on neither side;
- a case counts in the year it was clarified, in each neighbourhood one of its tips names, once
  per side (a case with tips on both sides counts on both);
- "other" is the model's own ward's neighbourhoods that the model does not cover; a model that
  names no neighbourhood (ward-wide) has nothing to compare and gets an empty table;
- the years run from the year before the start to `last_year` (a model that ended: its last
  year, if earlier).

Whatever the number of models, tips or cases, it costs four queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count
from django.db.models.functions import ExtractYear

from tips.models import Tip
from wards.models import Neighbourhood

if TYPE_CHECKING:
    from models_registry.models import PreventionModel


class EffectYear(TypedDict):
    tips_covered: int
    tips_other: int
    cases_covered: int
    cases_other: int


class Effect(TypedDict):
    covered_neighbourhoods: int
    other_neighbourhoods: int
    years: dict[str, EffectYear]


def _last_year(model: PreventionModel, last_year: int) -> int:
    if model.ended_on is None:
        return last_year
    return min(last_year, (model.ended_on - datetime.timedelta(days=1)).year)


def effects(
    models: Sequence[PreventionModel], *, ward_ids: Iterable[int], last_year: int
) -> dict[int, Effect]:
    """{model pk: its effect table} for `models` (of the wards `ward_ids`)."""
    ids = list(ward_ids)
    covers: dict[int, set[int]] = defaultdict(set)
    through = models[0].neighbourhoods.through if models else None
    if through is not None:
        pairs = through.objects.filter(preventionmodel_id__in=[m.pk for m in models])
        for model_id, area_id in pairs.values_list("preventionmodel_id", "neighbourhood_id"):
            covers[model_id].add(area_id)
    areas_of: dict[int, set[int]] = defaultdict(set)
    for area_id, ward_id in Neighbourhood.objects.filter(ward_id__in=ids).values_list(
        "pk", "ward_id"
    ):
        areas_of[ward_id].add(area_id)
    tips = _tips_by_area_and_year(ids)
    cases = _cases_by_area_and_year(ids)
    return {
        model.pk: _effect(model, covers[model.pk], areas_of[model.ward_id], tips, cases, last_year)
        for model in models
    }


def _tips_by_area_and_year(ward_ids: list[int]) -> dict[tuple[int, int], int]:
    rows = (
        Tip.objects.filter(ward_id__in=ward_ids, neighbourhood__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("received_at"))
        .values_list("neighbourhood_id", "year")
        .annotate(n=Count("pk"))
    )
    return {(area, year): n for area, year, n in rows}


def _cases_by_area_and_year(ward_ids: list[int]) -> dict[tuple[int, int], set[int]]:
    """{(neighbourhood, year clarified): case ids}: one row per case and neighbourhood."""
    from tips.choices import CaseStatus

    rows = (
        Tip.objects.filter(
            ward_id__in=ward_ids,
            neighbourhood__isnull=False,
            case__status=CaseStatus.CLARIFIED,
            case__clarified_on__isnull=False,
        )
        .order_by()
        .annotate(year=ExtractYear("case__clarified_on"))
        .values_list("case_id", "neighbourhood_id", "year")
        .distinct()
    )
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for case_id, area, year in rows:
        found[(area, year)].add(case_id)
    return found


def _effect(
    model: PreventionModel,
    covered: set[int],
    ward_areas: set[int],
    tips: dict[tuple[int, int], int],
    cases: dict[tuple[int, int], set[int]],
    last_year: int,
) -> Effect:
    other = ward_areas - covered
    years: dict[str, EffectYear] = {}
    if covered:
        for year in range(model.started_on.year - 1, _last_year(model, last_year) + 1):
            years[str(year)] = {
                "tips_covered": sum(tips.get((a, year), 0) for a in covered),
                "tips_other": sum(tips.get((a, year), 0) for a in other),
                "cases_covered": len(set().union(*(cases.get((a, year), set()) for a in covered))),
                "cases_other": len(set().union(*(cases.get((a, year), set()) for a in other))),
            }
    return {
        "covered_neighbourhoods": len(covered),
        "other_neighbourhoods": len(other),
        "years": years,
    }


def per_neighbourhood(effect: Effect) -> list[dict[str, object]]:
    """The table's rows for a page: each year's counts and the tips per neighbourhood on each
    side (covered areas and other areas differ in number), one decimal."""
    rows = []
    covered, other = effect["covered_neighbourhoods"], effect["other_neighbourhoods"]
    for year, counts in effect["years"].items():
        rows.append(
            {
                "year": year,
                **counts,
                "rate_covered": round(counts["tips_covered"] / covered, 1) if covered else 0.0,
                "rate_other": round(counts["tips_other"] / other, 1) if other else 0.0,
            }
        )
    return rows
