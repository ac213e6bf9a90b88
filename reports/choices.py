"""Vocabularies of the reports app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeKind(models.TextChoices):
    WARD = "ward", _("Phường/xã")
    PROVINCE = "province", _("Tỉnh/thành phố")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    BUILDING = "building", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class ReportLanguage(models.TextChoices):
    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.JSON: "application/json",
}


class Cadence(models.TextChoices):
    """Why a report was made: on request, or by the schedule."""

    ON_DEMAND = "on_demand", _("Theo yêu cầu")
    YEARLY = "yearly", _("Hằng năm (tự động)")
    MONTHLY = "monthly", _("Hằng tháng (tự động)")
