"""Reads of the mediation app, as QuerySet methods. Periods are half-open, as in core_forces:
a team exists from `established_on` to the day before `dissolved_on`, a mediator serves from
`starts_on` to the day before `ends_on`."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q


def _held_on(day: datetime.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


class MediationTeamQuerySet(models.QuerySet):
    def existing_on(self, day: datetime.date) -> MediationTeamQuerySet:
        return self.filter(_held_on(day, "established_on", "dissolved_on"))


class MediatorQuerySet(models.QuerySet):
    def serving_on(self, day: datetime.date) -> MediatorQuerySet:
        return self.filter(_held_on(day, "starts_on", "ends_on"))


class DisputeQuerySet(models.QuerySet):
    def open(self) -> DisputeQuerySet:
        from mediation.choices import DisputeStatus

        return self.filter(status=DisputeStatus.OPEN)

    def received_between(self, start: datetime.date, end: datetime.date) -> DisputeQuerySet:
        return self.filter(received_on__gte=start, received_on__lte=end)

    def closed_between(self, start: datetime.date, end: datetime.date) -> DisputeQuerySet:
        return self.filter(closed_on__gte=start, closed_on__lte=end)

    def agreements_due(self, today: datetime.date, days: int) -> DisputeQuerySet:
        """Successful agreements still followed (compliance pending) whose deadline falls
        within `days` days from `today` (or has passed)."""
        from mediation.choices import Compliance, DisputeStatus

        return self.filter(
            status=DisputeStatus.SUCCESSFUL,
            compliance=Compliance.PENDING,
            deadline__isnull=False,
            deadline__lte=today + datetime.timedelta(days=days),
        )
