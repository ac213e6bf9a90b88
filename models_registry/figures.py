"""The models' section of a report (`"models"`, see the contract in `wardsec.figures`): a list,
one record per model that ran during the period, counted by the database in a constant number
of queries (ten), whatever the number of models, assets, tips or cases.

Each record's figures stand **on the period's last day** (`end`), stocks not flows:

- `indicators`: by the kind's measure (`choices.Measure`), from the assets in service on `end`
  (installed on or before, not removed by then), working or not — lighting `bulbs`,
  `length_m`; cameras `points`, `cameras`, `funds_raised_vnd`; gates `gates`; patrol `teams`,
  `members` (people holding a membership on `end` in the teams' units, each once); school
  safety `points_covered`, `points_total`; supervision `people` (under supervision on `end`);
  self-managed `households`;
- `out_of_order`: of those assets, the ones with a fault open on `end`;
- `funds_raised_vnd`: contributions received up to `end`;
- `ratings`: the commander's yearly ratings up to `end`'s year, `{"2020": "effective"}`;
- `effect`: tips and cases in the covered neighbourhoods and the others, the year before the
  start and each year since, up to `end`'s year (`evidence`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.db.models import Count, Q, Sum

from core_forces.models import UnitMembership
from models_registry import evidence
from models_registry.choices import AssetKind, Measure
from models_registry.models import (
    Asset,
    Contribution,
    Evaluation,
    PreventionModel,
    SupervisedPerson,
)
from models_registry.querysets import broken_on, held_on


class ModelFigures(TypedDict):
    code: str
    name: str
    kind: str
    started: str  # ISO date
    ended: str  # ISO date, "" while it runs
    neighbourhoods: int
    lead_unit: str
    indicators: dict[str, int]
    out_of_order: int
    funds_raised_vnd: int
    ratings: dict[str, str]
    effect: evidence.Effect


def _kind(kind: str) -> Q:
    return Q(kind=kind)


def _asset_sums(ids: list[int], end: datetime.date) -> dict[int, dict[str, int]]:
    rows = (
        Asset.objects.filter(model_id__in=ids)
        .in_service_on(end)
        .order_by()
        .values("model_id")
        .annotate(
            bulbs=Sum("bulbs", filter=_kind(AssetKind.LIGHTING_SEGMENT), default=0),
            length_m=Sum("length_m", filter=_kind(AssetKind.LIGHTING_SEGMENT), default=0),
            points=Count("pk", filter=_kind(AssetKind.CAMERA_POINT)),
            cameras=Sum("cameras", filter=_kind(AssetKind.CAMERA_POINT), default=0),
            gates=Count("pk", filter=_kind(AssetKind.GATE)),
            teams=Count("pk", filter=_kind(AssetKind.PATROL_TEAM)),
            points_total=Count("pk", filter=_kind(AssetKind.SCHOOL_POINT)),
            points_covered=Count("pk", filter=_kind(AssetKind.SCHOOL_POINT) & Q(covered=True)),
            households=Sum("households", filter=_kind(AssetKind.HOUSEHOLD_GROUP), default=0),
            out_of_order=Count("pk", filter=Q(broken_on(end))),
        )
    )
    return {row.pop("model_id"): row for row in rows}


def _patrol_members(ids: list[int], end: datetime.date) -> dict[int, int]:
    """People holding a membership on `end` in the units of each model's patrol teams."""
    prefix = "unit__prevention_assets__"
    rows = (
        UnitMembership.objects.held_on(end)
        .filter(
            held_on(end, "installed_on", "removed_on", prefix=prefix),
            unit__prevention_assets__kind=AssetKind.PATROL_TEAM,
            unit__prevention_assets__model_id__in=ids,
        )
        .order_by()
        .values_list("unit__prevention_assets__model_id")
        .annotate(n=Count("member_id", distinct=True))
    )
    return dict(rows)


def _indicators(measure: str, sums: dict[str, int], extra: dict[str, int]) -> dict[str, int]:
    by_measure: dict[str, tuple[str, ...]] = {
        Measure.LIGHTING: ("bulbs", "length_m"),
        Measure.CAMERAS: ("points", "cameras", "funds_raised_vnd"),
        Measure.GATES: ("gates",),
        Measure.PATROL: ("teams", "members"),
        Measure.SCHOOL_SAFETY: ("points_covered", "points_total"),
        Measure.SUPERVISION: ("people",),
        Measure.SELF_MANAGED: ("households",),
    }
    values = {**sums, **extra}
    return {key: int(values.get(key, 0)) for key in by_measure.get(measure, ())}


def model_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> list[ModelFigures]:
    """The models of the wards `ward_ids` that ran between `start` and `end` (both included),
    each with its figures as they stand on `end`. Runs inside a ward scope covering `ward_ids`
    (or with scoping disabled, for commands)."""
    ids = list(ward_ids)
    models = list(
        PreventionModel.objects.filter(ward_id__in=ids)
        .running_between(start, end)
        .select_related("kind", "lead_unit")
        .order_by("started_on", "code", "pk")
    )
    return records(models, ward_ids=ids, end=end)


def figures_of(model: PreventionModel, *, on: datetime.date) -> ModelFigures:
    """One model's record as it stands on `on` (its admin page, its API figures)."""
    return records([model], ward_ids=[model.ward_id], end=on)[0]


def records(
    models: list[PreventionModel], *, ward_ids: list[int], end: datetime.date
) -> list[ModelFigures]:
    """The figures of `models` (with their kind and lead unit loaded) as they stand on `end`."""
    ids = ward_ids
    pks = [m.pk for m in models]
    sums = _asset_sums(pks, end)
    members = _patrol_members(pks, end)
    people = dict(
        SupervisedPerson.objects.filter(model_id__in=pks)
        .supervised_on(end)
        .order_by()
        .values_list("model_id")
        .annotate(n=Count("pk"))
    )
    funds = dict(
        Contribution.objects.filter(model_id__in=pks, received_on__lte=end)
        .order_by()
        .values_list("model_id")
        .annotate(total=Sum("amount_vnd"))
    )
    ratings: dict[int, dict[str, str]] = {pk: {} for pk in pks}
    for model_id, year, rating in (
        Evaluation.objects.filter(model_id__in=pks, year__lte=end.year)
        .order_by("year")
        .values_list("model_id", "year", "rating")
    ):
        ratings[model_id][str(year)] = rating
    effects = evidence.effects(models, ward_ids=ids, last_year=end.year)
    return [
        {
            "code": model.code,
            "name": model.name,
            "kind": model.kind.code,
            "started": model.started_on.isoformat(),
            "ended": model.ended_on.isoformat() if model.ended_on else "",
            "neighbourhoods": effects[model.pk]["covered_neighbourhoods"],
            "lead_unit": model.lead_unit.name if model.lead_unit else "",
            "indicators": _indicators(
                model.kind.measure,
                sums.get(model.pk, {}),
                {
                    "members": members.get(model.pk, 0),
                    "people": people.get(model.pk, 0),
                    "funds_raised_vnd": funds.get(model.pk, 0),
                },
            ),
            "out_of_order": int(sums.get(model.pk, {}).get("out_of_order", 0)),
            "funds_raised_vnd": int(funds.get(model.pk, 0)),
            "ratings": ratings[model.pk],
            "effect": effects[model.pk],
        }
        for model in models
    ]
