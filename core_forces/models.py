"""The grassroots core forces of a ward: units of each kind, their members and memberships over
time, training, patrols and duty shifts, and the allowance rates.

Kinds of unit are data (`UnitKind`), shipped with the kinds the law has provided for and the years
each was in use: Law 30/2023/QH15 replaced the street-protection force with the ANTT protection
teams on 1 July 2024, and the next law must need no code change.

History is never overwritten: a unit is dissolved (and may name the unit it was reorganised
into), a membership is ended and a new one started. Periods are half-open (see `querysets`).
A member's personal data (date of birth, phone, address, national ID number) is readable only
with `core_forces.view_member_identity`, and every read of it is audited (`wardsec.sensitive`).
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core_forces import querysets
from core_forces.choices import AttendanceResult, PatrolKind, PatrolStatus, Sex, UnitRole
from wardsec import validators
from wardsec.models import TimeStampedModel, WardOwnedModel
from wardsec.scoping import ScopedManagerBase, scoped_manager

ForceUnitManager = ScopedManagerBase.from_queryset(querysets.ForceUnitQuerySet)
ForceMemberManager = ScopedManagerBase.from_queryset(querysets.ForceMemberQuerySet)
UnitMembershipManager = ScopedManagerBase.from_queryset(querysets.UnitMembershipQuerySet)
PatrolManager = ScopedManagerBase.from_queryset(querysets.PatrolQuerySet)

IDENTITY_PERMISSION = "core_forces.view_member_identity"
NATIONAL_ID_MESSAGE = _("Số định danh cá nhân (CCCD) gồm đúng 12 chữ số.")
validate_national_id = RegexValidator(r"^[0-9]{12}$", message=NATIONAL_ID_MESSAGE, code="invalid")
# A tip's public reference number, as the tips app prints it (TB-2021-000123). The link to a tip
# is this reference: core_forces may not import tips (tests/test_layers.py).
TIP_REFERENCE_MESSAGE = _("Số tham chiếu tin báo có dạng TB-2021-000123.")
validate_tip_reference = RegexValidator(
    r"^TB-[0-9]{4}-[0-9]{6,9}$", message=TIP_REFERENCE_MESSAGE, code="invalid"
)


class UnitKind(models.Model):
    """A kind of force unit (board, street-protection team, ANTT protection team, …) and the
    years the law provided for it. A list administrators extend; not ward-owned."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    in_use_from = models.DateField(_("áp dụng từ"))
    in_use_until = models.DateField(_("áp dụng đến (ngày thôi áp dụng)"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = querysets.UnitKindQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("loại đơn vị lực lượng")
        verbose_name_plural = pgettext_lazy("plural", "loại đơn vị lực lượng")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_use_until__isnull=True) | Q(in_use_until__gt=F("in_use_from")),
                name="unitkind_use_after_start",
                violation_error_message=_("Ngày thôi áp dụng phải sau ngày bắt đầu áp dụng."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ForceUnit(WardOwnedModel):
    """A unit of the ward's core forces: a board, a team, a self-managed group.

    Established (and possibly dissolved) by a decision; covers one or more neighbourhoods; when
    reorganised (the 2024 transition), names the unit it became.
    """

    kind = models.ForeignKey(
        UnitKind, verbose_name=_("loại đơn vị"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("tên đơn vị"), max_length=150)
    neighbourhoods = models.ManyToManyField(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp phụ trách"),
        blank=True,
        related_name="force_units",
    )
    established_on = models.DateField(
        _("ngày thành lập"), validators=validators.EVENT_DATE_VALIDATORS
    )
    dissolved_on = models.DateField(
        _("ngày giải thể / tổ chức lại"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(
        _("ngày quyết định"), null=True, blank=True, validators=validators.EVENT_DATE_VALIDATORS
    )
    decision_issuer = models.CharField(_("cơ quan ban hành"), max_length=150, blank=True)
    reorganised_into = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức lại thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reorganised_from",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[ForceUnitManager[ForceUnit]] = scoped_manager(  # type: ignore[assignment]
        ForceUnitManager, ward="ward"
    )
    _default_manager: ClassVar[ForceUnitManager[ForceUnit]]  # type: ignore[assignment]

    class Meta:
        ordering = ["kind__sort_order", "name", "established_on"]
        verbose_name = _("đơn vị lực lượng nòng cốt")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị lực lượng nòng cốt")
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=F("established_on")),
                name="forceunit_dissolved_after_established",
                violation_error_message=_("Ngày giải thể phải sau ngày thành lập."),
            ),
            models.UniqueConstraint(
                fields=["ward", "name", "established_on"],
                name="forceunit_unique_name_per_ward",
                violation_error_message=_("Phường đã có đơn vị cùng tên thành lập cùng ngày."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "established_on"], name="forceunit_ward_est")]

    def __str__(self) -> str:
        return self.name


class ForceMember(WardOwnedModel):
    """A person of the ward's core forces. Joined and left the force as a whole; their places
    in units are `UnitMembership` rows. Personal data is read only with its permission."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex, blank=True)
    date_of_birth = models.DateField(
        _("ngày sinh"), null=True, blank=True, validators=validators.EVENT_DATE_VALIDATORS
    )
    phone = models.CharField(
        _("số điện thoại"), max_length=20, blank=True, validators=[validators.validate_phone]
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    national_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True, validators=[validate_national_id]
    )
    joined_on = models.DateField(_("tham gia từ"), validators=validators.EVENT_DATE_VALIDATORS)
    left_on = models.DateField(
        _("thôi tham gia từ"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )

    IDENTITY_FIELDS = ("date_of_birth", "phone", "address", "national_id")
    sensitive_fields = dict.fromkeys(IDENTITY_FIELDS, IDENTITY_PERMISSION)

    objects: ClassVar[ForceMemberManager[ForceMember]] = scoped_manager(  # type: ignore[assignment]
        ForceMemberManager, ward="ward"
    )
    _default_manager: ClassVar[ForceMemberManager[ForceMember]]  # type: ignore[assignment]

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("thành viên lực lượng")
        verbose_name_plural = pgettext_lazy("plural", "thành viên lực lượng")
        permissions = [("view_member_identity", _("Xem nhân thân thành viên lực lượng"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
                name="forcemember_left_after_joined",
                violation_error_message=_("Ngày thôi tham gia phải sau ngày tham gia."),
            ),
            models.UniqueConstraint(
                fields=["ward", "national_id"],
                condition=~Q(national_id=""),
                name="forcemember_unique_national_id",
                violation_error_message=_("Số định danh này đã có trong lực lượng của phường."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "joined_on"], name="forcemember_ward_joined")]

    def __str__(self) -> str:
        return self.full_name


class UnitMembership(TimeStampedModel):
    """A person's place in a unit over a period: role, from, to, and the appointment decision.
    Never rewritten: moving or releasing ends this row (and starts another)."""

    member = models.ForeignKey(
        ForceMember,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        ForceUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("chức danh"), max_length=8, choices=UnitRole)
    starts_on = models.DateField(_("từ ngày"), validators=validators.EVENT_DATE_VALIDATORS)
    ends_on = models.DateField(
        _("đến ngày (ngày thôi)"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(
        _("ngày quyết định"), null=True, blank=True, validators=validators.EVENT_DATE_VALIDATORS
    )
    end_reason = models.CharField(_("lý do thôi"), max_length=255, blank=True)

    objects: ClassVar[UnitMembershipManager[UnitMembership]] = scoped_manager(  # type: ignore[assignment]
        UnitMembershipManager, ward="unit__ward"
    )
    _default_manager: ClassVar[UnitMembershipManager[UnitMembership]]

    class Meta:
        ordering = ["unit", "role", "starts_on", "pk"]
        verbose_name = _("phân công trong đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "phân công trong đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="unitmembership_ends_after_start",
                violation_error_message=_("Ngày thôi phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["member", "unit"],
                condition=Q(ends_on__isnull=True),
                name="unitmembership_one_open_per_unit",
                violation_error_message=_("Người này đang là thành viên của đơn vị."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="unitmembership_unit_start")]

    def __str__(self) -> str:
        return f"{self.member} — {self.unit} ({self.get_role_display()})"


class TrainingTopic(models.Model):
    """A topic of training. `qualifies`: a passed course on it makes a member "trained"."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    qualifies = models.BooleanField(_("tính là đã tập huấn"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("nội dung tập huấn")
        verbose_name_plural = pgettext_lazy("plural", "nội dung tập huấn")

    def __str__(self) -> str:
        return self.name


class TrainingCourse(WardOwnedModel):
    """A training course held for the ward's forces."""

    title = models.CharField(_("tên lớp"), max_length=200)
    topics = models.ManyToManyField(
        TrainingTopic, verbose_name=_("nội dung"), related_name="courses"
    )
    starts_on = models.DateField(_("từ ngày"), validators=validators.EVENT_DATE_VALIDATORS)
    ends_on = models.DateField(_("đến ngày"), validators=validators.EVENT_DATE_VALIDATORS)
    hours = models.PositiveSmallIntegerField(_("số giờ"), validators=[MinValueValidator(1)])
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=150, blank=True)
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)

    objects: ClassVar[ScopedManagerBase[TrainingCourse]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[TrainingCourse]]

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = pgettext_lazy("plural", "lớp tập huấn")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="trainingcourse_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "starts_on"], name="trainingcourse_ward_start")]

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(TimeStampedModel):
    """A member at a course: the result, and the certificate with its expiry if one was given."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("lớp tập huấn"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    member = models.ForeignKey(
        ForceMember,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    result = models.CharField(_("kết quả"), max_length=8, choices=AttendanceResult)
    certificate_number = models.CharField(_("số chứng nhận"), max_length=60, blank=True)
    certificate_expires_on = models.DateField(
        _("chứng nhận hết hạn từ ngày"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )

    objects: ClassVar[ScopedManagerBase[TrainingAttendance]] = scoped_manager(ward="course__ward")
    _default_manager: ClassVar[ScopedManagerBase[TrainingAttendance]]

    class Meta:
        ordering = ["course", "member__full_name", "pk"]
        verbose_name = _("kết quả tập huấn")
        verbose_name_plural = pgettext_lazy("plural", "kết quả tập huấn")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "member"],
                name="trainingattendance_once_per_course",
                violation_error_message=_("Thành viên này đã có kết quả ở lớp này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.course}"


class Patrol(WardOwnedModel):
    """A scheduled patrol or duty shift of a unit; who went and what happened. An incident that
    became a tip is linked by the tip's public reference number (TB-2021-000123)."""

    unit = models.ForeignKey(
        ForceUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="patrols"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=PatrolKind, default=PatrolKind.PATROL)
    on = models.DateField(_("ngày"), validators=[validators.validate_plausible_date])
    starts_at = models.TimeField(_("từ giờ"), null=True, blank=True)
    ends_at = models.TimeField(_("đến giờ"), null=True, blank=True)
    route = models.CharField(_("địa bàn, tuyến"), max_length=255, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=PatrolStatus, default=PatrolStatus.SCHEDULED
    )
    participants = models.ManyToManyField(
        ForceMember, verbose_name=_("người tham gia"), blank=True, related_name="patrols"
    )
    report = models.TextField(_("diễn biến, kết quả"), blank=True)
    tip_reference = models.CharField(
        _("số tham chiếu tin báo"),
        max_length=20,
        blank=True,
        validators=[validate_tip_reference],
    )

    objects: ClassVar[PatrolManager[Patrol]] = scoped_manager(  # type: ignore[assignment]
        PatrolManager, ward="ward"
    )
    _default_manager: ClassVar[PatrolManager[Patrol]]  # type: ignore[assignment]

    class Meta:
        ordering = ["-on", "-starts_at", "-pk"]
        verbose_name = _("ca tuần tra, trực")
        verbose_name_plural = pgettext_lazy("plural", "ca tuần tra, trực")
        indexes = [models.Index(fields=["ward", "on"], name="patrol_ward_on")]

    def __str__(self) -> str:
        return f"{self.unit} {self.on:%d/%m/%Y}"


class AllowanceRate(WardOwnedModel):
    """The monthly allowance of a role (optionally of one unit kind only) over a period, in
    whole VND, as the province's resolution sets it for the ward."""

    role = models.CharField(_("chức danh"), max_length=8, choices=UnitRole)
    kind = models.ForeignKey(
        UnitKind,
        verbose_name=_("loại đơn vị (bỏ trống: mọi loại)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allowance_rates",
    )
    amount_vnd = models.PositiveBigIntegerField(_("mức hằng tháng (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"), validators=[validators.validate_plausible_date])
    valid_until = models.DateField(
        _("thôi áp dụng từ"), null=True, blank=True, validators=[validators.validate_plausible_date]
    )
    basis = models.CharField(_("căn cứ (nghị quyết, quyết định)"), max_length=255, blank=True)

    objects: ClassVar[ScopedManagerBase[AllowanceRate]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[AllowanceRate]]

    class Meta:
        ordering = ["-valid_from", "role", "pk"]
        verbose_name = _("mức hỗ trợ hằng tháng")
        verbose_name_plural = pgettext_lazy("plural", "mức hỗ trợ hằng tháng")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="allowancerate_until_after_from",
                violation_error_message=_("Ngày thôi áp dụng phải sau ngày áp dụng."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "valid_from"], name="allowancerate_ward_from")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.amount_vnd:,} đ".replace(",", ".")
