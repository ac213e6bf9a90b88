"""The ward's crime-prevention models (mô hình phòng, chống tội phạm), their assets, the faults
of those assets, the funds raised for them, their yearly evaluations, and the people under
community supervision.

Kinds of model are data (`ModelKind`), each measured by one of the figures contract's indicator
sets (`Measure`). A model's indicators are never typed in: they are counted from its assets as
they stand on a day (`querysets`, `figures`). An asset is in service from `installed_on` up to
the day before `removed_on`, and out of order on the days a fault is open (reported, not yet
fixed); its `state` column is the current state, kept by the fault services.

People under community supervision are a restricted record: readable only with
`models_registry.view_supervision` (besides the model's view permission), every read audited,
their personal fields declared sensitive (`wardsec.sensitive`: never in an export or the audit
log for anyone who may not read them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from models_registry import querysets
from models_registry.choices import (
    AssetKind,
    FaultStatus,
    Measure,
    ModelStatus,
    Rating,
    SupervisionCategory,
)
from wardsec import validators
from wardsec.models import TimeStampedModel, WardOwnedModel
from wardsec.scoping import ScopedManagerBase, scoped_manager

PreventionModelManager = ScopedManagerBase.from_queryset(querysets.PreventionModelQuerySet)
AssetManager = ScopedManagerBase.from_queryset(querysets.AssetQuerySet)
FaultManager = ScopedManagerBase.from_queryset(querysets.FaultQuerySet)
SupervisedPersonManager = ScopedManagerBase.from_queryset(querysets.SupervisedPersonQuerySet)

SUPERVISION_PERMISSION = "models_registry.view_supervision"
EVALUATE_PERMISSION = "models_registry.evaluate_preventionmodel"

# Vietnam's territory, islands included (Trường Sa reaches 117.8° E, Cà Mau Cape 8.6° N): a map
# point outside this box is a typo (latitude and longitude swapped, a sign lost).
VIETNAM_LATITUDE = (Decimal("6.0"), Decimal("23.5"))
VIETNAM_LONGITUDE = (Decimal("102.0"), Decimal("118.0"))
OUTSIDE_VIETNAM = _("Tọa độ nằm ngoài lãnh thổ Việt Nam (vĩ độ 6–23,5; kinh độ 102–118).")


def check_vietnam_point(latitude: Decimal | None, longitude: Decimal | None) -> None:
    """Both coordinates or neither, inside Vietnam. Raises ValidationError keyed by field."""
    validators.check_coordinates(latitude, longitude)
    if latitude is None or longitude is None:
        return
    if not VIETNAM_LATITUDE[0] <= latitude <= VIETNAM_LATITUDE[1]:
        raise ValidationError({"latitude": [OUTSIDE_VIETNAM]}, code="outside")
    if not VIETNAM_LONGITUDE[0] <= longitude <= VIETNAM_LONGITUDE[1]:
        raise ValidationError({"longitude": [OUTSIDE_VIETNAM]}, code="outside")


class ModelKind(models.Model):
    """A kind of crime-prevention model and the indicators it is measured by. A list
    administrators extend; not ward-owned."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    measure = models.CharField(_("chỉ số đo"), max_length=16, choices=Measure, default=Measure.NONE)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("loại mô hình")
        verbose_name_plural = pgettext_lazy("plural", "loại mô hình")

    def __str__(self) -> str:
        return self.name


class PreventionModel(WardOwnedModel):
    """A crime-prevention model of the ward: what it is, the decision that started it, when it
    ran, the neighbourhoods it covers and the force unit that leads it."""

    code = models.SlugField(_("mã mô hình"), max_length=40)
    name = models.CharField(_("tên mô hình"), max_length=255)
    kind = models.ForeignKey(
        ModelKind, verbose_name=_("loại mô hình"), on_delete=models.PROTECT, related_name="models"
    )
    decision = models.CharField(_("quyết định, kế hoạch triển khai"), max_length=255, blank=True)
    started_on = models.DateField(_("ngày bắt đầu"), validators=validators.EVENT_DATE_VALIDATORS)
    ended_on = models.DateField(
        _("ngày kết thúc"), null=True, blank=True, validators=[validators.validate_plausible_date]
    )
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=ModelStatus, default=ModelStatus.ACTIVE
    )
    neighbourhoods = models.ManyToManyField(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp triển khai"),
        blank=True,
        related_name="prevention_models",
    )
    lead_unit = models.ForeignKey(
        "core_forces.ForceUnit",
        verbose_name=_("đơn vị lực lượng chủ trì"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prevention_models",
    )
    description = models.TextField(_("mô tả"), blank=True)

    objects: ClassVar[PreventionModelManager[PreventionModel]] = scoped_manager(  # type: ignore[assignment]
        PreventionModelManager, ward="ward"
    )
    _default_manager: ClassVar[PreventionModelManager[PreventionModel]]  # type: ignore[assignment]

    class Meta:
        ordering = ["started_on", "name", "pk"]
        verbose_name = _("mô hình phòng, chống tội phạm")
        verbose_name_plural = pgettext_lazy("plural", "mô hình phòng, chống tội phạm")
        permissions = [("evaluate_preventionmodel", _("Đánh giá hằng năm mô hình"))]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "code"],
                name="preventionmodel_unique_code",
                violation_error_message=_("Phường đã có mô hình cùng mã."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="preventionmodel_ends_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(status=ModelStatus.ENDED, ended_on__isnull=False)
                | (~Q(status=ModelStatus.ENDED) & Q(ended_on__isnull=True)),
                name="preventionmodel_ended_has_date",
                violation_error_message=_(
                    "Mô hình đã kết thúc (và chỉ khi đó) mới có ngày kết thúc."
                ),
            ),
        ]
        indexes = [models.Index(fields=["ward", "started_on"], name="prevmodel_ward_start")]

    def __str__(self) -> str:
        return self.name


class Contribution(TimeStampedModel):
    """Money raised from the community for a model (xã hội hóa), in whole VND; the donor when
    known (blank: many people, or not recorded)."""

    model = models.ForeignKey(
        PreventionModel,
        verbose_name=_("mô hình"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    donor = models.CharField(_("người, đơn vị đóng góp"), max_length=200, blank=True)
    amount_vnd = models.PositiveBigIntegerField(
        _("số tiền (đồng)"), validators=[MinValueValidator(1)]
    )
    received_on = models.DateField(_("ngày nhận"), validators=validators.EVENT_DATE_VALIDATORS)

    objects: ClassVar[ScopedManagerBase[Contribution]] = scoped_manager(ward="model__ward")
    _default_manager: ClassVar[ScopedManagerBase[Contribution]]

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("khoản đóng góp")
        verbose_name_plural = pgettext_lazy("plural", "khoản đóng góp")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=1),
                name="contribution_positive",
                violation_error_message=_("Số tiền phải lớn hơn 0."),
            ),
        ]

    def __str__(self) -> str:
        amount = f"{self.amount_vnd:,}".replace(",", ".")
        return f"{self.donor or _('Nhân dân đóng góp')}: {amount} đ"


class Asset(TimeStampedModel):
    """A thing a model is made of, on the ground: a lighting segment, a camera point, a gate, a
    school point, a patrol team (a core-forces unit), a group of self-managed households.

    Each has a neighbourhood, an optional map point, its own dates (in service from
    `installed_on` up to the day before `removed_on`) and state. The quantities that make the
    model's indicators are the columns of its kind (`bulbs`, `length_m` of a lighting segment,
    `cameras` of a camera point, `households` of a group); the others stay 0.
    """

    model = models.ForeignKey(
        PreventionModel, verbose_name=_("mô hình"), on_delete=models.PROTECT, related_name="assets"
    )
    kind = models.CharField(_("loại tài sản"), max_length=16, choices=AssetKind)
    name = models.CharField(_("tên, vị trí"), max_length=200)
    neighbourhood = models.ForeignKey(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp"),
        on_delete=models.PROTECT,
        related_name="prevention_assets",
    )
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    installed_on = models.DateField(
        _("ngày lắp đặt, đưa vào sử dụng"), validators=validators.EVENT_DATE_VALIDATORS
    )
    removed_on = models.DateField(
        _("ngày tháo dỡ, thôi sử dụng"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )
    out_of_order = models.BooleanField(_("đang hỏng, mất tín hiệu"), default=False, editable=False)
    bulbs = models.PositiveIntegerField(_("số bóng đèn"), default=0)
    length_m = models.PositiveIntegerField(_("chiều dài (m)"), default=0)
    cameras = models.PositiveSmallIntegerField(_("số camera"), default=0)
    view = models.CharField(_("hướng quan sát"), max_length=200, blank=True)
    footage_keeper = models.CharField(_("người giữ dữ liệu ghi hình"), max_length=150, blank=True)
    school = models.CharField(_("trường học"), max_length=200, blank=True)
    covered = models.BooleanField(_("có lực lượng đứng chốt"), default=False)
    duty_hours = models.CharField(_("giờ đứng chốt"), max_length=100, blank=True)
    force_unit = models.ForeignKey(
        "core_forces.ForceUnit",
        verbose_name=_("đơn vị lực lượng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prevention_assets",
    )
    households = models.PositiveIntegerField(_("số hộ"), default=0)

    objects: ClassVar[AssetManager[Asset]] = scoped_manager(  # type: ignore[assignment]
        AssetManager, ward="model__ward"
    )
    _default_manager: ClassVar[AssetManager[Asset]]  # type: ignore[assignment]

    class Meta:
        ordering = ["model", "kind", "name", "pk"]
        verbose_name = _("tài sản của mô hình")
        verbose_name_plural = pgettext_lazy("plural", "tài sản của mô hình")
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gt=F("installed_on")),
                name="asset_removed_after_installed",
                violation_error_message=_("Ngày tháo dỡ phải sau ngày lắp đặt."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=AssetKind.LIGHTING_SEGMENT) | Q(bulbs__gte=1, length_m__gte=1),
                name="asset_lighting_measured",
                violation_error_message=_("Tuyến đèn phải có số bóng và chiều dài."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=AssetKind.CAMERA_POINT) | Q(cameras__gte=1),
                name="asset_camera_counted",
                violation_error_message=_("Điểm camera phải có ít nhất một camera."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=AssetKind.HOUSEHOLD_GROUP) | Q(households__gte=1),
                name="asset_households_counted",
                violation_error_message=_("Nhóm hộ tự quản phải có ít nhất một hộ."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=VIETNAM_LATITUDE[0],
                    latitude__lte=VIETNAM_LATITUDE[1],
                    longitude__gte=VIETNAM_LONGITUDE[0],
                    longitude__lte=VIETNAM_LONGITUDE[1],
                ),
                name="asset_point_in_vietnam",
                violation_error_message=OUTSIDE_VIETNAM,
            ),
        ]
        indexes = [models.Index(fields=["model", "installed_on"], name="asset_model_installed")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class Fault(TimeStampedModel):
    """A fault of an asset (a broken light, an offline camera): reported by an officer or from
    a citizen's tip, assigned, fixed. The asset is out of order from `reported_on` up to the day
    before `fixed_on`."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("tài sản"), on_delete=models.PROTECT, related_name="faults"
    )
    reported_on = models.DateField(_("ngày báo hỏng"), validators=validators.EVENT_DATE_VALIDATORS)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tip = models.ForeignKey(
        "tips.Tip",
        verbose_name=_("từ tin báo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="asset_faults",
    )
    description = models.TextField(_("mô tả hư hỏng"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FaultStatus, default=FaultStatus.REPORTED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao khắc phục"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fixed_on = models.DateField(
        _("ngày khắc phục xong"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )
    fix_note = models.TextField(_("kết quả khắc phục"), blank=True)

    objects: ClassVar[FaultManager[Fault]] = scoped_manager(  # type: ignore[assignment]
        FaultManager, ward="asset__model__ward"
    )
    _default_manager: ClassVar[FaultManager[Fault]]  # type: ignore[assignment]

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("sự cố, hư hỏng")
        verbose_name_plural = pgettext_lazy("plural", "sự cố, hư hỏng")
        constraints = [
            models.CheckConstraint(
                condition=Q(fixed_on__isnull=True) | Q(fixed_on__gte=F("reported_on")),
                name="fault_fixed_after_reported",
                violation_error_message=_("Ngày khắc phục không được trước ngày báo hỏng."),
            ),
            models.CheckConstraint(
                condition=Q(status=FaultStatus.FIXED, fixed_on__isnull=False)
                | (~Q(status=FaultStatus.FIXED) & Q(fixed_on__isnull=True)),
                name="fault_fixed_has_date",
                violation_error_message=_(
                    "Sự cố đã khắc phục (và chỉ khi đó) mới có ngày khắc phục."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "reported_on"], name="fault_status_reported")]

    def __str__(self) -> str:
        return _("Sự cố %(asset)s ngày %(day)s") % {
            "asset": self.asset.name,
            "day": f"{self.reported_on:%d/%m/%Y}",
        }

    @property
    def is_open(self) -> bool:
        return self.status != FaultStatus.FIXED


class Evaluation(TimeStampedModel):
    """The commander's yearly evaluation of a model: a rating and the reasons for it."""

    model = models.ForeignKey(
        PreventionModel,
        verbose_name=_("mô hình"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1990), MaxValueValidator(2999)]
    )
    rating = models.CharField(_("đánh giá"), max_length=16, choices=Rating)
    reasons = models.TextField(_("lý do, căn cứ"))
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects: ClassVar[ScopedManagerBase[Evaluation]] = scoped_manager(ward="model__ward")
    _default_manager: ClassVar[ScopedManagerBase[Evaluation]]

    class Meta:
        ordering = ["-year", "model", "pk"]
        verbose_name = _("đánh giá hằng năm")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá hằng năm")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "year"],
                name="evaluation_once_a_year",
                violation_error_message=_("Mô hình đã được đánh giá năm này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} — {self.year}: {self.get_rating_display()}"


class SupervisedPerson(WardOwnedModel):
    """A person under community supervision and education (released early, on a suspended
    sentence, back from prison, at risk), the member of the forces who supervises them, the
    period and the check-ins. A restricted record (see the module's docstring)."""

    PERSONAL_FIELDS = ("full_name", "birth_year", "address", "basis", "note")
    sensitive_fields = dict.fromkeys(PERSONAL_FIELDS, SUPERVISION_PERMISSION)

    model = models.ForeignKey(
        PreventionModel,
        verbose_name=_("mô hình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_people",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=[validators.validate_birth_year]
    )
    address = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    category = models.CharField(_("diện giám sát"), max_length=20, choices=SupervisionCategory)
    basis = models.CharField(_("căn cứ (bản án, quyết định)"), max_length=255, blank=True)
    supervisor = models.ForeignKey(
        "core_forces.ForceMember",
        verbose_name=_("người được phân công giúp đỡ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_people",
    )
    starts_on = models.DateField(_("giám sát từ ngày"), validators=validators.EVENT_DATE_VALIDATORS)
    ends_on = models.DateField(
        _("kết thúc từ ngày"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[SupervisedPersonManager[SupervisedPerson]] = scoped_manager(  # type: ignore[assignment]
        SupervisedPersonManager, ward="ward"
    )
    _default_manager: ClassVar[SupervisedPersonManager[SupervisedPerson]]  # type: ignore[assignment]

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("người được giám sát, giáo dục")
        verbose_name_plural = pgettext_lazy("plural", "người được giám sát, giáo dục")
        permissions = [
            ("view_supervision", _("Xem hồ sơ người được giám sát, giáo dục tại cộng đồng"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="supervisedperson_ends_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "starts_on"], name="supervised_ward_start")]

    def __str__(self) -> str:
        # Never the name: this string reaches the audit log and timelines.
        return _("Hồ sơ giám sát số %(pk)s") % {"pk": self.pk}


class CheckIn(TimeStampedModel):
    """A periodic check-in with a supervised person: when, what was found."""

    audit_redact = ("note",)

    person = models.ForeignKey(
        SupervisedPerson,
        verbose_name=_("người được giám sát"),
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    on = models.DateField(_("ngày gặp, kiểm tra"), validators=validators.EVENT_DATE_VALIDATORS)
    note = models.TextField(_("nội dung, nhận xét"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects: ClassVar[ScopedManagerBase[CheckIn]] = scoped_manager(ward="person__ward")
    _default_manager: ClassVar[ScopedManagerBase[CheckIn]]

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("lần kiểm tra, gặp gỡ")
        verbose_name_plural = pgettext_lazy("plural", "lần kiểm tra, gặp gỡ")

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}"
