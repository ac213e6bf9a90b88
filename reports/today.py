"""The reports' part of "Việc hôm nay" (wardsec.today): reports of the user's scope still being
built (a link to the report list, newest first) and those whose build failed (a link to the list
filtered to them),
and the ways to the leadership pages — the year so far against the same days last year
(`/reports/overview/`) and a new report. Two queries (the provinces the user leads, then the
counts), whatever the number of reports."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from reports.choices import ReportStatus
from reports.querysets import visible_reports
from wardsec.today import Item, Link, Section


def _list(status: str) -> str:
    return f"{reverse('reports:list')}?{urlencode({'status': status})}"


def section(request: HttpRequest) -> Section | None:
    """For a user who may read reports: what is building, what failed, and the dashboard."""
    if not request.user.has_perm("reports.view_report"):
        return None
    counts = visible_reports(request.user).aggregate(
        building=Count("pk", filter=Q(status__in=[ReportStatus.QUEUED, ReportStatus.BUILDING])),
        failed=Count("pk", filter=Q(status=ReportStatus.FAILED)),
    )
    links = [Link(_("Năm nay so với cùng kỳ"), reverse("reports:overview"), key="overview")]
    if request.user.has_perm("reports.request_report"):
        links.append(Link(_("Lập báo cáo"), reverse("reports:request"), key="request"))
    return Section(
        title=_("Báo cáo"),
        items=[
            Item(_("báo cáo lập lỗi"), counts["failed"], _list(ReportStatus.FAILED),
                 urgent=True, key="failed"),
            Item(_("báo cáo đang chờ hoặc đang lập"), counts["building"],
                 reverse("reports:list"), key="building"),
        ],
        links=links,
    )  # fmt: skip
