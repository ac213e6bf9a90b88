"""Serving a report's file: only to who may see the report (the caller looked it up in the
user's reports), as an attachment with its readable name, and audited."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from reports import services
from reports.choices import CONTENT_TYPES, ReportFormat
from reports.models import Report
from wardsec import audit
from wardsec.models import AuditAction
from wardsec.users import signed_in


def file_response(request: HttpRequest, report: Report, fmt: str) -> FileResponse:
    """The file of `report` in `fmt`, audited; 404 when it has not been written."""
    if fmt not in ReportFormat.values:
        raise Http404
    field = report.file_of(fmt)
    if not field or not field.name or not field.storage.exists(field.name):
        raise Http404
    audit.record(
        action=AuditAction.EXPORT,
        instance=report,
        actor=signed_in(request),
        ward=report.ward,
        event="report_downloaded",
        note=fmt,
    )
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=services.file_name(report, fmt),
        content_type=CONTENT_TYPES[ReportFormat(fmt)],
    )
