"""Reads of the tips app, as QuerySet methods."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tips.choices import CaseStatus, MessageKind, TipStatus


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def triage_deadline(now: datetime.datetime | None = None) -> datetime.datetime:
    """Tips received before this and still new are overdue."""
    now = now or timezone.now()
    return now - datetime.timedelta(hours=settings.WARDSEC_TIP_TRIAGE_HOURS)


def verification_deadline(now: datetime.datetime | None = None) -> datetime.datetime:
    """Tips received before this and still being verified are overdue."""
    now = now or timezone.now()
    return now - datetime.timedelta(days=settings.WARDSEC_TIP_VERIFICATION_DAYS)


def news_from_citizen() -> Exists:
    """The outer tip has new information from its tipster: a message the citizen added after
    the officers' last reply or internal note (replying or noting it is how an officer marks it
    read; a step alone does not)."""
    from tips.models import TipMessage

    answered = TipMessage._base_manager.filter(
        tip_id=OuterRef("tip_id"),
        kind__in=[MessageKind.PUBLIC_REPLY, MessageKind.INTERNAL_NOTE],
        created_at__gt=OuterRef("created_at"),
    )
    return Exists(
        TipMessage._base_manager.filter(tip_id=OuterRef("pk"), kind=MessageKind.CITIZEN).exclude(
            Exists(answered)
        )
    )


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
QUEUE_RANK = {TipStatus.NEW: 0, TipStatus.IN_PROGRESS: 1}  # any other status: 2
QUEUE_ORDERING = ["queue_rank", "queue_time", "-pk"]


def queue_position(status: str, received_at: datetime.datetime) -> tuple[int, int]:
    """A tip's (queue_rank, queue_time): ascending order is the officers' queue order. The time
    is in microseconds, negated past the new tips so that those come newest first."""
    rank = QUEUE_RANK.get(status, 2)  # type: ignore[call-overload]
    micros = (received_at - EPOCH) // datetime.timedelta(microseconds=1)
    return rank, micros if rank == 0 else -micros


class TipQuerySet(models.QuerySet):
    def open(self) -> TipQuerySet:
        return self.filter(status__in=TipStatus.open_values())

    def new(self) -> TipQuerySet:
        return self.filter(status=TipStatus.NEW)

    def overdue(self, now: datetime.datetime | None = None) -> TipQuerySet:
        """New tips not triaged within the deadline (WARDSEC_TIP_TRIAGE_HOURS)."""
        return self.new().filter(received_at__lt=triage_deadline(now))

    def overdue_verification(self, now: datetime.datetime | None = None) -> TipQuerySet:
        """Tips being verified and not closed within WARDSEC_TIP_VERIFICATION_DAYS of receipt."""
        return self.filter(status=TipStatus.IN_PROGRESS, received_at__lt=verification_deadline(now))

    def late(self, now: datetime.datetime | None = None) -> TipQuerySet:
        """Overdue at either step: triage or verification."""
        return self.filter(
            Q(status=TipStatus.NEW, received_at__lt=triage_deadline(now))
            | Q(status=TipStatus.IN_PROGRESS, received_at__lt=verification_deadline(now))
        )

    def with_news(self) -> TipQuerySet:
        """Each tip annotated `has_news`: the citizen added information not yet answered."""
        return self.annotate(has_news=news_from_citizen())

    def news(self) -> TipQuerySet:
        """Open tips whose citizen added information not yet answered."""
        return self.open().filter(news_from_citizen())

    def received_between(self, start: datetime.date, end: datetime.date) -> TipQuerySet:
        """Received from `start` to `end` inclusive, in local days. Compared as timestamps
        (not `__date`) so that the (ward, received_at) index serves the range."""
        return self.filter(
            received_at__gte=local_midnight(start),
            received_at__lt=local_midnight(end + datetime.timedelta(days=1)),
        )

    def queue_order(self) -> TipQuerySet:
        """New tips first (oldest new first: the most urgent), then tips in progress, then the
        rest, each newest first. Read from the (ward, queue_rank, queue_time) index: a page of
        the queue does not sort every tip of the ward."""
        return self.order_by(*QUEUE_ORDERING)


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
