"""Reports in the officers' workplace: the list of reports the user may see (their ward's;
a leader also their province's), each with its progress, its error and links to its files.
Reports are requested and rebuilt on the report pages (`/reports/`) and through the API; here
they are read. The schedule (`ReportSchedule`) is the administrator's."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from reports import models
from reports.querysets import visible_reports
from reports.services import FORMATS
from wardsec.admin import ReadOnlyAdmin


def file_links(report: models.Report) -> str:
    links = [
        (reverse("reports:download", args=[report.pk, fmt.value]), fmt.label)
        for fmt in FORMATS
        if report.file_of(fmt)
    ]
    return format_html_join(" · ", '<a href="{}">{}</a>', links) if links else "—"


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "period_column", "language", "status", "created_at", "files"]
    list_filter = ["status", "kind", "language", "cadence"]
    search_fields = ["ward__name", "province__name"]
    date_hierarchy = None
    FIELDS: tuple[str, ...] = (
        "kind",
        "ward",
        "province",
        "start",
        "end",
        "language",
        "cadence",
        "status",
        "error",
        "attempts",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
        "files",
    )
    fields = FIELDS
    readonly_fields = FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return visible_reports(request.user).select_related("ward", "province", "requested_by")

    @admin.display(description=_("kỳ báo cáo"), ordering="start")
    def period_column(self, report: models.Report) -> str:
        return report.period_label()

    @admin.display(description=_("tệp"))
    def files(self, report: models.Report) -> Any:
        return file_links(report)


@admin.register(models.ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    """One row: which reports beat requests, and when (superusers)."""

    list_display = [
        "__str__",
        "yearly_enabled",
        "yearly_day",
        "yearly_month",
        "monthly_enabled",
        "monthly_day",
        "language",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The one row is made when the list is opened (get_queryset) or beat first reads it;
        # asking here would cost a query on every admin page (the sidebar asks each admin).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        models.ReportSchedule.current()  # the row exists to be edited
        return super().get_queryset(request)
