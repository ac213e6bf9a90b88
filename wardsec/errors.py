"""Error pages in Vietnamese, inside the frame of the part of the site they answer for.

`handler400`, `handler403`, `handler404`, `handler500` (wardsec/urls.py) and the CSRF failure
view (`CSRF_FAILURE_VIEW`) answer

- on the admin (`/admin/`): a page inside the admin's frame (header, breadcrumbs);
- for machine clients (the paths apps declare in `AppConfig.machine_paths`: the REST API,
  Open311): JSON `{"detail": …}`, or for a `.json`/`.xml` resource the GeoReport shape
  `[{"code": …, "description": …}]` / `<errors><error>…</error></errors>`;
- everywhere else: a page in the public frame (templates/public/base.html, `<status>.html`).

Django's own pages are English ("Bad Request (400)"), and a body too large or with too many
fields (`RequestDataTooBig`, `TooManyFieldsSent`) ends in handler400, as does refused input
(`InvalidInput`, wardsec.clean_input). Rendering never depends on the database: if the page
cannot be drawn with the request's context (a database down behind a 500), it is drawn without
it, and failing that a plain Vietnamese text is sent.
"""

from __future__ import annotations

import logging
from typing import Any
from xml.sax.saxutils import escape

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from wardsec import registry

__all__ = [
    "InvalidInput",
    "bad_request",
    "csrf_failure",
    "error_response",
    "page_not_found",
    "permission_denied",
    "server_error",
]

logger = logging.getLogger("wardsec.errors")

JSON = "application/json; charset=utf-8"


class InvalidInput(SuspiciousOperation):
    """Form or query input that is not clean text (invalid UTF-8, a NUL character)."""


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Yêu cầu không hợp lệ"),
            _(
                "Trang không xử lý được dữ liệu gửi lên. "
                "Hãy quay lại, kiểm tra nội dung và gửi lại."
            ),
        ),
        403: (
            _("Không có quyền truy cập"),
            _("Bạn không có quyền xem hoặc thực hiện việc này."),
        ),
        404: (
            _("Không tìm thấy trang"),
            _("Trang bạn tìm không có hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ."),
        ),
        500: (
            _("Hệ thống đang gặp sự cố"),
            _(
                "Đã có lỗi ngoài ý muốn; bộ phận kỹ thuật đã được ghi nhận. "
                "Hãy thử lại sau ít phút."
            ),
        ),
    }


def _bad_request_message(exception: BaseException | None) -> str:
    if isinstance(exception, RequestDataTooBig):
        return _("Nội dung gửi lên quá lớn. Hãy rút gọn nội dung hoặc gửi ít ảnh hơn.")
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return _("Biểu mẫu gửi lên có quá nhiều trường hoặc tệp. Hãy tải lại trang và gửi lại.")
    if isinstance(exception, InvalidInput):
        return _(
            "Nội dung gửi lên có ký tự không hợp lệ (không phải chữ Unicode UTF-8, hoặc ký tự "
            "NUL). Hãy gõ lại nội dung, đừng dán từ tệp lạ, rồi gửi lại."
        )
    return _titles()[400][1]


def _is_machine(request: HttpRequest) -> bool:
    return request.path.startswith(registry.machine_paths())


def _is_admin(request: HttpRequest) -> bool:
    try:
        return request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def _machine_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.endswith(".xml"):
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<errors><error>'
            f"<code>{status}</code><description>{escape(message)}</description>"
            "</error></errors>"
        )
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    if request.path.endswith(".json"):
        return JsonResponse(
            [{"code": status, "description": message}],
            status=status,
            safe=False,
            content_type=JSON,
        )
    return JsonResponse({"detail": message}, status=status, content_type=JSON)


def _admin_context(request: HttpRequest) -> dict[str, Any]:
    from django.contrib import admin

    try:
        return dict(admin.site.each_context(request))
    except Exception:  # a database down: the frame without the user's wards
        logger.exception("Admin context unavailable for an error page")
        return {}


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int) -> str:
    try:
        return loader.render_to_string(template, context, request)
    except Exception:  # the request's context processors may need the database
        logger.exception("Error page %s rendered without the request", template)
        return loader.render_to_string(template, context)


def error_response(
    request: HttpRequest, status: int, message: str | None = None, title: str | None = None
) -> HttpResponse:
    """The error page (or machine answer) for `status`, in the frame of the request's path."""
    default_title, default_message = _titles()[status if status in _titles() else 400]
    title, message = title or default_title, message or default_message
    if _is_machine(request):
        return _machine_response(request, status, message)
    context = {"title": title, "message": message, "status": status}
    try:
        if _is_admin(request):
            context = {**_admin_context(request), **context}
            body = _render(request, "admin/error.html", context, status)
        else:
            body = _render(request, f"{status}.html", context, status)
    except Exception:
        logger.exception("Error page for %s could not be rendered", status)
        return HttpResponse(
            f"{title}. {message}", status=status, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_response(request, 400, _bad_request_message(exception))


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: most often a form left open too long or cookies blocked."""
    return error_response(
        request,
        403,
        title=_("Biểu mẫu đã hết hạn"),
        message=_(
            "Trang đã mở quá lâu hoặc trình duyệt đang chặn cookie, nên biểu mẫu không gửi được. "
            "Hãy tải lại trang, nhập lại và gửi; nội dung chưa được lưu."
        ),
    )
