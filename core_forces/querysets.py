"""Reads of the core forces app, as QuerySet methods.

Periods are half-open: a unit exists from `established_on` up to the day before `dissolved_on`;
a membership is held from `starts_on` up to the day before `ends_on`; a person belongs to the
force from `joined_on` up to the day before `left_on`. "As of day D" therefore means: started on
or before D and not ended on or before D. A reorganisation on 1 July 2024 ends the old records
and starts the new ones on the same day, with no overlap and no gap.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q

from core_forces.choices import AttendanceResult


def held_on(day: datetime.date, start: str, end: str, prefix: str = "") -> Q:
    """Rows whose period [start, end) covers `day` (`end` NULL: still open)."""
    return Q(**{f"{prefix}{start}__lte": day}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": day})
    )


# How far ahead "Việc hôm nay" looks for certificates that expire and shifts that are due.
EXPIRY_NOTICE_DAYS = 30
UPCOMING_DAYS = 7


def certificates_expiring(day: datetime.date, days: int = EXPIRY_NOTICE_DAYS) -> Q:
    """Passed attendances whose certificate expires within `days` days after `day`, of people
    still in the force: they stop counting as trained then."""
    end = day + datetime.timedelta(days=days)
    return Q(
        result=AttendanceResult.PASSED,
        certificate_expires_on__gt=day,
        certificate_expires_on__lte=end,
    ) & (Q(member__left_on__isnull=True) | Q(member__left_on__gt=day))


def unrecorded(day: datetime.date) -> Q:
    """Shifts scheduled before `day` and still without a result: open work of the roster."""
    from core_forces.choices import PatrolStatus

    return Q(status=PatrolStatus.SCHEDULED, on__lt=day)


def upcoming(day: datetime.date, days: int = UPCOMING_DAYS) -> Q:
    """Shifts scheduled from `day` to `days` days later."""
    from core_forces.choices import PatrolStatus

    end = day + datetime.timedelta(days=days)
    return Q(status=PatrolStatus.SCHEDULED, on__gte=day, on__lte=end)


def trained_on(day: datetime.date, member_path: str = "pk") -> Exists:
    """The member (at `member_path` of the outer row) is trained on `day`.

    The rule: at least one attendance with the result "passed", on a course that ended on or
    before `day` and covers a topic marked `qualifies` (shipped: "chức năng, nhiệm vụ, quyền
    hạn" — what the seed's "trained in their functions, duties and powers" counts), whose
    certificate has not expired on `day` (no expiry date: valid). The same rule for every role.
    """
    from core_forces.models import TrainingAttendance

    return Exists(
        TrainingAttendance.objects.with_scopes_disabled().filter(
            Q(certificate_expires_on__isnull=True) | Q(certificate_expires_on__gt=day),
            member_id=OuterRef(member_path),
            result=AttendanceResult.PASSED,
            course__ends_on__lte=day,
            course__topics__qualifies=True,
        )
    )


class UnitKindQuerySet(models.QuerySet):
    def in_use_on(self, day: datetime.date) -> UnitKindQuerySet:
        """Kinds that the law provides for on `day`."""
        return self.filter(held_on(day, "in_use_from", "in_use_until"))


class ForceUnitQuerySet(models.QuerySet):
    def existing_on(self, day: datetime.date) -> ForceUnitQuerySet:
        return self.filter(held_on(day, "established_on", "dissolved_on"))


class ForceMemberQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> ForceMemberQuerySet:
        """People who belong to the force on `day` (joined, not left)."""
        return self.filter(held_on(day, "joined_on", "left_on"))

    def with_trained(self, day: datetime.date) -> ForceMemberQuerySet:
        """Each member annotated `trained` (bool) as of `day` (one subquery, no extra query)."""
        return self.annotate(trained=trained_on(day))


class UnitMembershipQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date) -> UnitMembershipQuerySet:
        """Memberships held on `day`, in units that exist on `day`, by people in the force."""
        return self.filter(
            held_on(day, "starts_on", "ends_on"),
            held_on(day, "established_on", "dissolved_on", prefix="unit__"),
            held_on(day, "joined_on", "left_on", prefix="member__"),
        )

    def current(self) -> UnitMembershipQuerySet:
        return self.filter(ends_on__isnull=True)


class PatrolQuerySet(models.QuerySet):
    def unrecorded(self, day: datetime.date) -> PatrolQuerySet:
        return self.filter(unrecorded(day))

    def upcoming(self, day: datetime.date, days: int = UPCOMING_DAYS) -> PatrolQuerySet:
        return self.filter(upcoming(day, days))

    def done_between(self, start: datetime.date, end: datetime.date) -> PatrolQuerySet:
        from core_forces.choices import PatrolStatus

        return self.filter(status=PatrolStatus.DONE, on__gte=start, on__lte=end)

    def counts_by_unit_and_month(self) -> list[dict]:
        """Patrols done, per unit and month, in one query: `[{"unit": id, "unit_name": ...,
        "month": "2021-01", "patrols": n}]`, by unit name then month."""
        from django.db.models import Count
        from django.db.models.functions import TruncMonth

        from core_forces.choices import PatrolStatus

        rows = (
            self.filter(status=PatrolStatus.DONE)
            .order_by()
            .annotate(month=TruncMonth("on"))
            .values("unit", "unit__name", "month")
            .annotate(patrols=Count("pk"))
            .order_by("unit__name", "unit", "month")
        )
        return [
            {
                "unit": row["unit"],
                "unit_name": row["unit__name"],
                "month": row["month"].strftime("%Y-%m"),
                "patrols": row["patrols"],
            }
            for row in rows
        ]
