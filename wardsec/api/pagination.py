"""Pages of every list: 50 rows unless `page_size` (1–500) says otherwise.

Strict, like the filters (`wardsec.api.filters`): a `page` or `page_size` that is not one whole
number in range is a 400 — DRF would quietly fall back to the first page or the default size.
A page past the end stays DRF's 404.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from wardsec.api.filters import single_value


def _whole_number(request: Request, name: str, maximum: int) -> int | None:
    value = single_value(request, name, allow_empty=False)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
        raise exceptions.ValidationError(
            {name: [_("Hãy gửi một số nguyên từ 1 đến %(maximum)d.") % {"maximum": maximum}]}
        )
    return int(value)


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    # Beyond it the OFFSET itself becomes the cost; nobody pages that far by hand.
    max_page = 10**6
    # Past the end (DRF's own words otherwise); lazy, formatted per request (stubs say str).
    invalid_page_message = _("Không có trang này.")  # type: ignore[assignment]

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        _whole_number(request, self.page_query_param, self.max_page)
        _whole_number(request, self.page_size_query_param, self.max_page_size)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: self.max_page,
            self.page_size_query_param: self.max_page_size,
        }
        for parameter in parameters:
            if parameter["name"] in limits:
                parameter["schema"] |= {"minimum": 1, "maximum": limits[parameter["name"]]}
        return parameters
