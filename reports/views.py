"""The report pages for commanders and leadership (`/reports/`), in the admin's frame:

- `/reports/`: the reports the user may see, filtered by scope, year and status, with their
  files;
- `/reports/new/`: request one (scope, period, language) — `reports.request_report`;
- `/reports/<id>/`: its progress (the page refreshes itself while it is being built; no
  JavaScript needed), its error, its files and "build again";
- `/reports/<id>/compare/`: a province report's wards side by side;
- `/reports/overview/`: the year so far against the same days a year earlier (dashboard);
- `/reports/<id>/<format>/`: a file, as an attachment, audited.

Anonymous visitors are sent to sign in; without `reports.view_report` a 403; another ward's or
another province's report is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reports import downloads, forms, labels, services
from reports.choices import ReportStatus, ScopeKind
from reports.models import Report, ReportPart
from reports.overview import year_so_far as overview_lines
from reports.querysets import visible_reports
from wards.figures import province_report_scope, ward_report_scope
from wards.models import Province, Ward
from wardsec.users import signed_in

VIEW, REQUEST = "reports.view_report", "reports.request_report"


def _require(request: HttpRequest, *perms: str) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied


def _report(request: HttpRequest, pk: int) -> Report:
    report = visible_reports(request.user).select_related("ward", "province").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "may_request": request.user.has_perm(REQUEST),
            **context,
        },
    )


def _files(report: Report) -> list[tuple[str, str]]:
    return [(fmt.value, fmt.label) for fmt in services.FORMATS if report.file_of(fmt)]


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW)
    form = forms.ReportFilterForm(request.GET or None)
    reports = visible_reports(request.user).select_related("ward", "province")
    if form.is_valid():
        reports = form.filter(reports)
    rows = [(report, _files(report)) for report in reports[:200]]
    return _page(request, "reports/list.html", _("Báo cáo"), form=form, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def request_report(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW, REQUEST)
    form = forms.ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.request_report(actor=signed_in(request), **form.service_arguments())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request, _("Đã yêu cầu lập báo cáo; trang này tự cập nhật khi báo cáo xong.")
            )
            return redirect("reports:detail", pk=report.pk)
    return _page(request, "reports/request.html", _("Yêu cầu lập báo cáo"), form=form)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, VIEW)
    report = _report(request, pk)
    building = report.status in (ReportStatus.QUEUED, ReportStatus.BUILDING)
    return _page(
        request,
        "reports/detail.html",
        str(report),
        report=report,
        files=_files(report),
        building=building,
        may_rebuild=report.status in (ReportStatus.DONE, ReportStatus.FAILED),
    )


@login_required
@require_POST
def rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, VIEW, REQUEST)
    report = _report(request, pk)
    try:
        services.rebuild_report(actor=signed_in(request), report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:detail", pk=report.pk)


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished province report's wards side by side: each section's counts per ward."""
    _require(request, VIEW)
    report = _report(request, pk)
    if report.kind != ScopeKind.PROVINCE or report.status != ReportStatus.DONE:
        raise Http404
    parts = list(
        ReportPart.objects.filter(report=report).select_related("ward").order_by("ward__name")
    )
    columns = [
        (section, key)
        for section in services.compose.sections(report.figures)
        if isinstance(report.figures[section], dict)
        for key, value in report.figures[section].items()
        if isinstance(value, int) and not isinstance(value, bool)
    ]
    rows = [
        (part.ward.name, [(part.figures or {}).get(s, {}).get(k, 0) for s, k in columns])
        for part in parts
    ]
    total = [report.figures[s][k] for s, k in columns]
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    headers = [
        f"{labels.word(labels.SECTIONS, s, lang)}: {labels.word(labels.KEYS, k, lang).lower()}"
        for s, k in columns
    ]
    return _page(
        request,
        "reports/compare.html",
        _("So sánh các phường, xã"),
        report=report,
        headers=headers,
        rows=rows,
        total=total,
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """This year so far against the same days last year, for one of the user's wards (or a
    province they lead), with small bar charts."""
    _require(request, VIEW)
    choices = forms.scope_choices(request.user)
    chosen = request.GET.get("scope") or (choices[0][0] if choices else "")
    if chosen not in {value for value, _label in choices}:
        raise Http404
    kind, _sep, pk = chosen.partition(":")
    # Inside the user's scope: the choices came from it, and a ward outside it is not found.
    scope = (
        ward_report_scope(Ward.objects.get(pk=pk).code)
        if kind == ScopeKind.WARD
        else province_report_scope(Province.objects.get(pk=pk).code)
    )
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    today = timezone.localdate()
    return _page(
        request,
        "reports/overview.html",
        _("Năm nay so với cùng kỳ"),
        choices=choices,
        chosen=chosen,
        scope=scope,
        today=today,
        lines=overview_lines(scope, today, lang),
    )


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    _require(request, VIEW)
    return downloads.file_response(request, _report(request, pk), fmt)
