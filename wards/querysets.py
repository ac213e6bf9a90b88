"""Reads of the wards app, as QuerySet methods."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ProvinceQuerySet(models.QuerySet):
    def active(self) -> ProvinceQuerySet:
        return self.filter(is_active=True)


class WardQuerySet(models.QuerySet):
    def active(self) -> WardQuerySet:
        return self.filter(is_active=True)

    def accepting_tips(self) -> WardQuerySet:
        return self.active().filter(accepts_public_tips=True)


class NeighbourhoodQuerySet(models.QuerySet):
    def active(self) -> NeighbourhoodQuerySet:
        return self.filter(is_active=True)


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships in force on `on` (today by default).

        `ends_on` is the day the role ended: from that day on it gives no access, so ending a
        membership today (`services.end_membership`) withdraws access at once.
        """
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on))
