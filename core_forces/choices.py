"""Choices of the core forces app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class UnitRole(models.TextChoices):
    """A member's role in a unit (Law 30/2023, art. 14: team leader, deputy, members)."""

    LEADER = "leader", _("Tổ trưởng / Trưởng ban")
    DEPUTY = "deputy", _("Tổ phó / Phó ban")
    MEMBER = "member", _("Thành viên")


class AttendanceResult(models.TextChoices):
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")
    ABSENT = "absent", _("Vắng")


class PatrolKind(models.TextChoices):
    PATROL = "patrol", _("Tuần tra")
    SHIFT = "shift", _("Trực")


class PatrolStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã lên lịch")
    DONE = "done", _("Đã thực hiện")
    CANCELLED = "cancelled", _("Hủy")
