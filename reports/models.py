"""Reports and their parts, and the schedule that requests them.

A report's scope is one ward or a province. A ward report belongs to its ward (scoped by
`ward`, like every ward-owned record). A province report belongs to no single ward: its `ward`
is empty, the default manager never lists it, and `Report.province_reports` reaches it for
those who lead the province (`querysets.visible_reports`) and for the tasks, inside the scope
of the province's wards.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports import querysets
from reports.choices import Cadence, ReportFormat, ReportLanguage, ReportStatus, ScopeKind
from wardsec.models import TimeStampedModel
from wardsec.scoping import ScopedManagerBase, scoped_manager

ReportManager = ScopedManagerBase.from_queryset(querysets.ReportQuerySet)
ReportPartManager = ScopedManagerBase.from_queryset(models.QuerySet)


def report_file_path(report: Report, filename: str) -> str:
    return f"reports/{report.pk}/{filename}"


class ProvinceReportManager(models.Manager.from_queryset(querysets.ReportQuerySet)):  # type: ignore[misc]
    """Province reports only (no ward): the caller filters by the provinces the user leads."""

    def get_queryset(self) -> querysets.ReportQuerySet:
        return super().get_queryset().filter(ward__isnull=True)


class Report(TimeStampedModel):
    """One report: scope, period, language, its progress, the figures and the four files.

    Built by `reports.tasks.build_report` (claimed with a conditional UPDATE). `figures` follows
    the contract of `wardsec.figures`; the files are written before the status turns `done`.
    """

    kind = models.CharField(_("phạm vi"), max_length=16, choices=ScopeKind)
    ward = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("phường/xã"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    province = models.ForeignKey(
        "wards.Province",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    language = models.CharField(
        _("ngôn ngữ"), max_length=2, choices=ReportLanguage, default=ReportLanguage.VI
    )
    cadence = models.CharField(_("loại"), max_length=16, choices=Cadence, default=Cadence.ON_DEMAND)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus, default=ReportStatus.QUEUED
    )
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần lập"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("bắt đầu lập lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("còn chạy lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    parts_pending = models.PositiveIntegerField(_("số phần chưa xong"), default=0)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    # Scheduled reports are made once per scope, period and language, however often beat runs.
    dedupe_key = models.CharField(  # noqa: DJ001 - NULL: no key (on-demand reports)
        _("khóa chống trùng"), max_length=128, unique=True, null=True, blank=True
    )
    pdf = models.FileField(_("tệp PDF"), upload_to=report_file_path, blank=True, max_length=200)
    docx = models.FileField(_("tệp DOCX"), upload_to=report_file_path, blank=True, max_length=200)
    xlsx = models.FileField(_("tệp XLSX"), upload_to=report_file_path, blank=True, max_length=200)
    json = models.FileField(_("tệp JSON"), upload_to=report_file_path, blank=True, max_length=200)

    objects: ClassVar[ReportManager[Report]] = scoped_manager(ReportManager, ward="ward")
    _default_manager: ClassVar[ReportManager[Report]]
    province_reports: ClassVar[ProvinceReportManager] = ProvinceReportManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo")
        permissions = [("request_report", _("Yêu cầu lập báo cáo"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ScopeKind.WARD, ward__isnull=False)
                | Q(kind=ScopeKind.PROVINCE, ward__isnull=True),
                name="report_scope_matches_kind",
                violation_error_message=_(
                    "Báo cáo phường/xã phải chọn phường/xã; báo cáo tỉnh không chọn phường/xã."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="report_period_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]
        indexes = [
            models.Index(fields=["ward", "-created_at"], name="report_ward_time"),
            models.Index(fields=["province", "-created_at"], name="report_province_time"),
            models.Index(
                fields=["heartbeat_at"],
                name="report_building",
                condition=Q(status="building"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name()} {self.period_label()}"

    def scope_name(self) -> str:
        return self.ward.name if self.ward_id and self.ward else self.province.name

    def period_label(self) -> str:
        """`2021`, `2016-2021`, `05/2021` or `01/03/2021-31/05/2021`."""
        start, end = self.start, self.end
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
        if start.day == 1 and start.year == end.year and start.month == end.month:
            return f"{start.month:02d}/{start.year}"
        return f"{start:%d/%m/%Y}-{end:%d/%m/%Y}"

    def file_of(self, fmt: str) -> models.fields.files.FieldFile:
        return getattr(self, ReportFormat(fmt).value)


class ReportPart(TimeStampedModel):
    """One ward's figures of a province report: written by that ward's task, summed by the
    last one to finish (`parts_pending` reaching 0)."""

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="parts"
    )
    ward = models.ForeignKey(
        "wards.Ward", verbose_name=_("phường/xã"), on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField(_("số liệu"), null=True, blank=True)

    objects: ClassVar[ReportPartManager[ReportPart]] = scoped_manager(
        ReportPartManager, ward="ward"
    )
    _default_manager: ClassVar[ReportPartManager[ReportPart]]

    class Meta:
        ordering = ["report", "ward"]
        verbose_name = _("phần báo cáo của phường/xã")
        verbose_name_plural = pgettext_lazy("plural", "phần báo cáo của phường/xã")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "ward"],
                name="report_part_once_per_ward",
                violation_error_message=_("Phường/xã này đã có phần trong báo cáo."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.ward_id}"


class ReportSchedule(models.Model):
    """When beat requests the periodic reports (one row, edited by an administrator): the
    yearly report of the previous year for every ward and province, and the monthly one of the
    previous month. Beat ticks daily (`reports.tasks.run_schedule`); this row decides."""

    yearly_enabled = models.BooleanField(_("lập báo cáo năm"), default=True)
    yearly_month = models.PositiveSmallIntegerField(
        _("tháng lập báo cáo năm"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    yearly_day = models.PositiveSmallIntegerField(
        _("ngày lập báo cáo năm"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    monthly_enabled = models.BooleanField(_("lập báo cáo tháng"), default=True)
    monthly_day = models.PositiveSmallIntegerField(
        _("ngày lập báo cáo tháng"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=2, choices=ReportLanguage, default=ReportLanguage.VI
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lịch lập báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "lịch lập báo cáo")

    def __str__(self) -> str:
        return str(_("Lịch lập báo cáo"))

    @classmethod
    def current(cls) -> ReportSchedule:
        schedule, _created = cls.objects.get_or_create(pk=1)
        return schedule
