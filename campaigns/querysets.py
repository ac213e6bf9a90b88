"""Reads of the campaigns app, as QuerySet methods. Periods include both ends; a record counts
in the year of its own date (a session on 31 December belongs to that year)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.choices import FeedbackStatus


def _yearly(model_name: str, date_field: str, aggregate) -> Coalesce:
    """A subquery of the plan's ward and year: `aggregate` over `model_name`'s rows."""
    from django.apps import apps

    model = apps.get_model("campaigns", model_name)
    rows = (
        model.objects.with_scopes_disabled()
        .filter(ward_id=OuterRef("ward_id"), **{f"{date_field}__year": OuterRef("year")})
        .order_by()
        .values("ward_id")
        .annotate(n=aggregate)
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class OutreachPlanQuerySet(models.QuerySet):
    def with_progress(self) -> OutreachPlanQuerySet:
        """Each plan annotated with what its ward did in its year: `done_sessions`,
        `done_attendances`, `done_broadcasts` (airings) — subqueries, no query per plan."""
        return self.annotate(
            done_sessions=_yearly("OutreachSession", "held_on", Count("pk")),
            done_attendances=_yearly("OutreachSession", "held_on", Sum("attendances")),
            done_broadcasts=_yearly("Broadcast", "aired_on", Sum("airings")),
        )


class OutreachSessionQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date) -> OutreachSessionQuerySet:
        return self.filter(held_on__gte=start, held_on__lte=end)


class FeedbackItemQuerySet(models.QuerySet):
    def open(self) -> FeedbackItemQuerySet:
        """Items nobody has answered or forwarded yet."""
        return self.filter(status=FeedbackStatus.OPEN)

    def overdue(self, today: datetime.date | None = None) -> FeedbackItemQuerySet:
        """Open items whose deadline has passed (the deadline day itself is not overdue)."""
        return self.open().filter(deadline__lt=today or timezone.localdate())
