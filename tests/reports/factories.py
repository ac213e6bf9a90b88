"""Reports made directly (not through the service), for the security and admin tests."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from reports.choices import ReportStatus, ScopeKind
from reports.models import Report
from tests.platform.catalogues import restore_catalogues

__all__ = ["make_report", "restore_catalogues"]


def make_report(ward=None, *, province=None, with_file=False, **overrides) -> Report:
    """A finished ward report of `ward` (or a province report of `province`) for 2021."""
    values = {
        "kind": ScopeKind.WARD if ward is not None else ScopeKind.PROVINCE,
        "ward": ward,
        "province": ward.province if ward is not None else province,
        "start": datetime.date(2021, 1, 1),
        "end": datetime.date(2021, 12, 31),
        "status": ReportStatus.DONE,
        **overrides,
    }
    with scopes_disabled():
        report = Report.objects.create(**values)
        if with_file:
            report.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return report
