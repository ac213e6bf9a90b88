"""Provinces, wards and neighbourhoods — the tenants — and who works where in which role."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wards import choices, querysets
from wardsec.scoping import ScopedManagerBase, scoped_manager

# Ward-owned models: `scoped_manager` makes its class at run time, so `objects` and
# `_default_manager` are annotated for type checkers (and for the reverse relations' managers).
WardManager = ScopedManagerBase.from_queryset(querysets.WardQuerySet)
NeighbourhoodManager = ScopedManagerBase.from_queryset(querysets.NeighbourhoodQuerySet)
MembershipManager = ScopedManagerBase.from_queryset(querysets.MembershipQuerySet)


class Province(models.Model):
    """A province or centrally-run city. After the 2025 reform some were merged into others."""

    code = models.CharField(_("mã đơn vị"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(
        _("loại"),
        max_length=16,
        choices=choices.ProvinceKind,
        default=choices.ProvinceKind.PROVINCE,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    merged_on = models.DateField(_("ngày sáp nhập"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = querysets.ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = pgettext_lazy("plural", "tỉnh/thành phố")

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A commune-level unit (ward, commune, special zone) with its police station.

    A ward merged into another in an administrative reform stays as an inactive row pointing to
    its successor, so records made before the reform keep their ward and multi-year reports of the
    successor still find them. Officers of the successor see the records of its predecessors.
    """

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="wards"
    )
    code = models.CharField(_("mã đơn vị hành chính"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(
        _("loại"), max_length=16, choices=choices.WardKind, default=choices.WardKind.WARD
    )
    district_name = models.CharField(
        _("huyện/thị xã (trước 1/7/2025)"),
        max_length=120,
        blank=True,
        help_text=_("Cấp huyện đã bãi bỏ từ 1/7/2025; giữ lại để đọc hồ sơ cũ."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    merged_on = models.DateField(_("ngày sáp nhập"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    accepts_public_tips = models.BooleanField(_("nhận tin báo trực tuyến"), default=True)
    address = models.CharField(_("địa chỉ trụ sở"), max_length=255, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects: ClassVar[WardManager[Ward]] = scoped_manager(WardManager, ward="pk")
    _default_manager: ClassVar[WardManager[Ward]]

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("phường/xã")
        verbose_name_plural = pgettext_lazy("plural", "phường/xã")
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(merged_on__isnull=False),
                name="ward_merge_has_date",
                violation_error_message=_("Hãy nhập ngày sáp nhập."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        parts = [self.name]
        if self.district_name:
            parts.append(self.district_name)
        parts.append(self.province.name)
        return ", ".join(parts)

    def name_on(self, day: datetime.date) -> str:
        """The name the ward bore on `day` (from its recorded former names)."""
        former = self.former_names.filter(valid_from__lte=day, valid_to__gte=day).first()
        return former.name if former else self.name


class WardFormerName(models.Model):
    """A name a ward bore in the past, for reports on periods before a renaming."""

    ward = models.ForeignKey(
        Ward, verbose_name=_("phường/xã"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("tên cũ"), max_length=120)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"))

    objects: ClassVar[ScopedManagerBase[WardFormerName]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[WardFormerName]]

    class Meta:
        ordering = ["ward", "-valid_to"]
        verbose_name = _("tên cũ")
        verbose_name_plural = pgettext_lazy("plural", "tên cũ")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_to")),
                name="ward_former_name_dates_ordered",
                violation_error_message=_("Ngày bắt đầu phải trước ngày kết thúc."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%Y}–{self.valid_to:%Y})"


class Neighbourhood(models.Model):
    """A khu phố, ấp or tổ dân phố of a ward."""

    ward = models.ForeignKey(
        Ward, verbose_name=_("phường/xã"), on_delete=models.PROTECT, related_name="neighbourhoods"
    )
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(
        _("loại"),
        max_length=24,
        choices=choices.NeighbourhoodKind,
        default=choices.NeighbourhoodKind.QUARTER,
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects: ClassVar[NeighbourhoodManager[Neighbourhood]] = scoped_manager(
        NeighbourhoodManager, ward="ward"
    )
    _default_manager: ClassVar[NeighbourhoodManager[Neighbourhood]]

    class Meta:
        ordering = ["ward", "name"]
        verbose_name = _("khu phố/ấp")
        verbose_name_plural = pgettext_lazy("plural", "khu phố/ấp")
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "name"],
                name="neighbourhood_unique_name_per_ward",
                violation_error_message=_("Phường/xã này đã có khu phố/ấp cùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in a ward (officer, commander) or over a province (leader), over time.

    The role decides what they may do (Django groups, see roles.py); the ward or province decides
    where (the scope). A person holds one role at a time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=choices.Role)
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("phường/xã"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_duty_officer = models.BooleanField(
        _("nhận thông báo tin báo mới"),
        default=True,
        help_text=_("Được gửi thư khi có tin báo mới hoặc tin báo quá hạn xử lý."),
    )
    starts_on = models.DateField(_("từ ngày"), default=timezone.localdate)
    ends_on = models.DateField(
        _("thôi từ ngày"),
        null=True,
        blank=True,
        help_text=_("Từ ngày này người đó không còn vai trò và quyền truy cập."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects: ClassVar[MembershipManager[Membership]] = scoped_manager(
        MembershipManager, ward="ward"
    )
    _default_manager: ClassVar[MembershipManager[Membership]]

    class Meta:
        ordering = ["ward", "role", "user__username"]
        verbose_name = _("phân công")
        verbose_name_plural = pgettext_lazy("plural", "phân công")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=choices.Role.LEADER, province__isnull=False, ward__isnull=True)
                    | Q(
                        role__in=[choices.Role.OFFICER, choices.Role.COMMANDER],
                        ward__isnull=False,
                        province__isnull=True,
                    )
                ),
                name="membership_role_matches_unit",
                violation_error_message=_(
                    "Cán bộ và chỉ huy thuộc một phường/xã; lãnh đạo thuộc một tỉnh."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="membership_user_current")]

    def __str__(self) -> str:
        where = self.ward or self.province
        return f"{self.user} — {self.get_role_display()} — {where}"
