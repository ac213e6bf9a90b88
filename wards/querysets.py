"""Reads of the wards app, as QuerySet methods."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from wardsec.scoping import ALL_WARDS

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward


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

    def staff(self, ward_ids: Iterable[int] | None = None) -> MembershipQuerySet:
        """Who works in a ward today — the one answer for assignees, officers in charge, duty
        officers and the people offered by the admin and the API: current memberships of
        active people in a ward (a province leader's is not one), in `ward_ids` when given,
        else in every ward this queryset sees (a scoped manager's: its scope's)."""
        staff = self.current().filter(ward__isnull=False, user__is_active=True)
        return staff if ward_ids is None else staff.filter(ward_id__in=list(ward_ids))

    def works_in(self, user: User, ward: Ward) -> bool:
        """`user` works in `ward`, or in the ward it was merged into (which inherited its open
        work), following the chain of mergers."""
        ward_ids: list[int] = []
        unit: Ward | None = ward
        while unit is not None and unit.pk not in ward_ids:
            ward_ids.append(unit.pk)
            unit = unit.merged_into
        return self.staff(ward_ids).filter(user=user).exists()

    def people(self) -> models.QuerySet:
        """The users holding these memberships."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(pk__in=self.values("user_id"))
