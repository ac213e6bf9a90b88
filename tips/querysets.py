"""Reads of the tips app, as QuerySet methods."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, DateTimeField, F, IntegerField, Value, When
from django.utils import timezone

from tips.choices import CaseStatus, MessageKind, TipStatus


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def triage_deadline(now: datetime.datetime | None = None) -> datetime.datetime:
    """Tips received before this and still new are overdue."""
    now = now or timezone.now()
    return now - datetime.timedelta(hours=settings.WARDSEC_TIP_TRIAGE_HOURS)


class TipQuerySet(models.QuerySet):
    def open(self) -> TipQuerySet:
        return self.filter(status__in=TipStatus.open_values())

    def new(self) -> TipQuerySet:
        return self.filter(status=TipStatus.NEW)

    def overdue(self, now: datetime.datetime | None = None) -> TipQuerySet:
        """New tips not triaged within the deadline (WARDSEC_TIP_TRIAGE_HOURS)."""
        return self.new().filter(received_at__lt=triage_deadline(now))

    def received_between(self, start: datetime.date, end: datetime.date) -> TipQuerySet:
        """Received from `start` to `end` inclusive, in local days. Compared as timestamps
        (not `__date`) so that the (ward, received_at) index serves the range."""
        return self.filter(
            received_at__gte=local_midnight(start),
            received_at__lt=local_midnight(end + datetime.timedelta(days=1)),
        )

    def queue_order(self) -> TipQuerySet:
        """New tips first (oldest new first: the most urgent), then the rest, newest first."""
        return self.annotate(
            queue_rank=Case(
                When(status=TipStatus.NEW, then=Value(0)),
                When(status=TipStatus.IN_PROGRESS, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            queue_new_since=Case(
                When(status=TipStatus.NEW, then=F("received_at")),
                default=Value(None),
                output_field=DateTimeField(),
            ),
        ).order_by("queue_rank", F("queue_new_since").asc(nulls_last=True), "-received_at")


class CaseQuerySet(models.QuerySet):
    def clarified(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.CLARIFIED)

    def clarified_between(self, start: datetime.date, end: datetime.date) -> CaseQuerySet:
        return self.clarified().filter(clarified_on__gte=start, clarified_on__lte=end)


class SubjectQuerySet(models.QuerySet):
    def clarified_between(self, start: datetime.date, end: datetime.date) -> SubjectQuerySet:
        """Subjects of cases clarified in the period (they count on the case's date)."""
        return self.filter(
            case__status=CaseStatus.CLARIFIED,
            case__clarified_on__gte=start,
            case__clarified_on__lte=end,
        )


class TipMessageQuerySet(models.QuerySet):
    def public(self) -> TipMessageQuerySet:
        """What the tipster may read: officers' public replies and their own additions."""
        return self.filter(kind__in=[MessageKind.PUBLIC_REPLY, MessageKind.CITIZEN])
