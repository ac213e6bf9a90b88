"""One answer to every refused API request, whichever app's view refused it (REST_FRAMEWORK
`EXCEPTION_HANDLER`).

Shapes (documented in the OpenAPI schema by `wardsec.api.schema`):

- 400: `{"<field>": ["message", …], "non_field_errors": [...]}` — an object, never a bare list;
  a body that cannot be read is `{"detail": "message"}`;
- any other refusal: `{"detail": "message"}`; 401 carries `WWW-Authenticate`.

Words: ours, in Vietnamese (translatable; `Accept-Language: en` gives English). DRF's own
messages — its Vietnamese catalogue speaks another dialect and leaves many in English — are
replaced; a message a view chose itself is kept. A service's Django `ValidationError` is a 400
with its field keys; a Django `Http404`/`PermissionDenied` says nothing about the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, views
from rest_framework.response import Response
from rest_framework.settings import api_settings

# Always ours: DRF fills these with its own text (often English, with parser internals).
_ALWAYS: dict[type[exceptions.APIException], Any] = {
    exceptions.ParseError: _("Nội dung gửi lên không đọc được (cần JSON hợp lệ)."),
    exceptions.UnsupportedMediaType: _("Định dạng nội dung không được hỗ trợ; hãy gửi JSON."),
    exceptions.MethodNotAllowed: _("Phương thức không được hỗ trợ ở địa chỉ này."),
    exceptions.NotAcceptable: _("Không trả lời được theo định dạng yêu cầu (tiêu đề Accept)."),
    exceptions.NotAuthenticated: _("Hãy đăng nhập hoặc gửi mã xác thực (token)."),
    exceptions.AuthenticationFailed: _("Mã xác thực không đúng hoặc đã bị thu hồi."),
}
# Ours unless the view gave its own message (then that one is kept).
_BY_DEFAULT: dict[type[exceptions.APIException], Any] = {
    exceptions.PermissionDenied: _("Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: _("Không tìm thấy."),
}
_CSRF = _("Thiếu mã chống giả mạo (CSRF); hãy tải lại trang và thử lại.")


def error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError (a service's refusal) as the 400 body: `{field: [messages]}`,
    `__all__` and field-less errors under `non_field_errors`."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        return {
            (non_field if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {non_field: exc.messages}


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's refusal raised inside the block becomes a DRF 400 there (the handler does the
    same for one that escapes the view; this form keeps the refusal inside a transaction)."""
    try:
        yield
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(error_detail(exc)) from exc


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(error_detail(exc))
    if isinstance(exc, Http404):  # Django's message names the model: not for clients
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _our_words(exc: exceptions.APIException) -> Any:
    """Our message for `exc`, or None to keep its own."""
    detail = exc.detail
    if not isinstance(detail, str):
        return None
    for cls, message in _ALWAYS.items():
        if isinstance(exc, cls):
            return message
    if isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)  # set by DRF, missing from its stubs
        if wait is None:
            return _("Quá nhiều yêu cầu; hãy thử lại sau.")
        return _("Quá nhiều yêu cầu; hãy thử lại sau %(wait)d giây.") % {"wait": wait}
    if isinstance(exc, exceptions.PermissionDenied) and detail.startswith("CSRF Failed"):
        return _CSRF
    for cls, message in _BY_DEFAULT.items():
        if isinstance(exc, cls) and detail == force_str(cls.default_detail):
            return message
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, after turning Django's exceptions into DRF's and DRF's words into ours."""
    exc = _as_api_exception(exc)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        exc.detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.detail}
    elif isinstance(exc, exceptions.APIException):
        message = _our_words(exc)
        if message is not None:
            exc.detail = exceptions.ErrorDetail(str(message), code=exc.default_code)
    return views.exception_handler(exc, context)
