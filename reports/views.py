"""Downloads for people signed in to the admin: `/reports/<id>/<format>/`. Anonymous visitors
are sent to sign in; another ward's or another province's report is a 404; without
`reports.view_report` a 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest

from reports import downloads
from reports.querysets import visible_reports


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if not request.user.has_perm("reports.view_report"):
        raise PermissionDenied
    report = visible_reports(request.user).select_related("ward", "province").filter(pk=pk).first()
    if report is None:
        raise Http404
    return downloads.file_response(request, report, fmt)
