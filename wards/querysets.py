"""Reads of the wards app, as QuerySet methods."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from wardsec.scoping import ALL_WARDS


class ProvinceQuerySet(models.QuerySet):
    def active(self) -> ProvinceQuerySet:
        return self.filter(is_active=True)

    def covering(self, ward_ids: Any) -> ProvinceQuerySet:
        """The provinces of the wards `ward_ids` (a scope's ward ids, or ALL_WARDS)."""
        if ward_ids is ALL_WARDS:
            return self.all()
        return self.filter(wards__pk__in=ward_ids).distinct()


class WardQuerySet(models.QuerySet):
    def active(self) -> WardQuerySet:
        return self.filter(is_active=True)

    def only_one(self) -> Any:
        """The one ward of this queryset, or None when it holds none or several."""
        wards = list(self[:2])
        return wards[0] if len(wards) == 1 else None

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
