"""Reads of the models registry, as QuerySet methods.

Periods are half-open, as in `core_forces`: an asset is in service from `installed_on` up to the
day before `removed_on`; a fault keeps it out of order from `reported_on` up to the day before
`fixed_on`; a model runs from `started_on` up to the day before `ended_on`; a person is under
supervision from `starts_on` up to the day before `ends_on`. "On day D": started on or before D
and not ended on or before D.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q


def held_on(day: datetime.date, start: str, end: str, prefix: str = "") -> Q:
    """Rows whose period [start, end) covers `day` (`end` NULL: still open)."""
    return Q(**{f"{prefix}{start}__lte": day}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": day})
    )


def broken_on(day: datetime.date, asset_path: str = "pk") -> Exists:
    """The asset (at `asset_path` of the outer row) has a fault open on `day`."""
    from models_registry.models import Fault

    return Exists(
        Fault.objects.with_scopes_disabled().filter(
            held_on(day, "reported_on", "fixed_on"), asset_id=OuterRef(asset_path)
        )
    )


class PreventionModelQuerySet(models.QuerySet):
    def running_between(self, start: datetime.date, end: datetime.date) -> PreventionModelQuerySet:
        """Models that ran on at least one day of [start, end]."""
        return self.filter(
            Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        )


class AssetQuerySet(models.QuerySet):
    def in_service_on(self, day: datetime.date) -> AssetQuerySet:
        """Assets installed on or before `day` and not removed by then (working or not)."""
        return self.filter(held_on(day, "installed_on", "removed_on"))

    def with_broken(self, day: datetime.date) -> AssetQuerySet:
        """Each asset annotated `broken` (bool): a fault open on `day` (one subquery)."""
        return self.annotate(broken=broken_on(day))


class FaultQuerySet(models.QuerySet):
    def unresolved(self) -> FaultQuerySet:
        from models_registry.choices import FaultStatus

        return self.exclude(status=FaultStatus.FIXED)


class SupervisedPersonQuerySet(models.QuerySet):
    def supervised_on(self, day: datetime.date) -> SupervisedPersonQuerySet:
        return self.filter(held_on(day, "starts_on", "ends_on"))
