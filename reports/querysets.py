"""Reads of the reports app."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from reports.choices import ReportStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# A build that has not reported progress for this long is taken for dead (its worker was
# killed): the sweeper queues it again. Builds take seconds; each phase refreshes the heartbeat.
STALE_AFTER = datetime.timedelta(minutes=5)


class ReportQuerySet(models.QuerySet):
    def stale(self, now: datetime.datetime | None = None) -> ReportQuerySet:
        """Building, with no sign of life for STALE_AFTER."""
        now = now or timezone.now()
        return self.filter(status=ReportStatus.BUILDING, heartbeat_at__lt=now - STALE_AFTER)

    def for_year(self, year: int) -> ReportQuerySet:
        """Reports whose period touches `year`."""
        return self.filter(start__year__lte=year, end__year__gte=year)


def led_province_ids(user: User | AnonymousUser) -> list[int] | None:
    """The provinces `user` leads today; None for a superuser (every province)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    from wards.models import Membership

    return list(
        Membership.objects.with_scopes_disabled()
        .current()
        .filter(user=user, province__isnull=False)
        .values_list("province_id", flat=True)
    )


def visible_reports(user: User | AnonymousUser) -> Any:
    """The reports `user` may see, inside their scope: ward reports of their wards (the scoped
    manager), and province reports of the provinces they lead. A ward officer never sees a
    province report: it holds the other wards' figures."""
    from reports.models import Report

    ward_reports = Report.objects.all()
    provinces = led_province_ids(user)
    if provinces is None:
        return ward_reports | Report.province_reports.all()
    if not provinces:
        return ward_reports
    return ward_reports | Report.province_reports.filter(province_id__in=provinces)
