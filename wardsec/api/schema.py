"""What the OpenAPI schema says beyond drf-spectacular's defaults, so that it tells the truth:

- every operation documents the refusals it can answer, in the shape `wardsec.api.exceptions`
  gives them (`AutoSchema`, REST_FRAMEWORK's `DEFAULT_SCHEMA_CLASS`, which also loads the filter
  extension below);
- filter parameters have their real types: a row id is an integer in the database's range, a day
  lies in the years the filter accepts (`TypedDjangoFilterExtension`).

Nullable output comes from the serializers themselves (`wardsec.api.serializers.ModelSerializer`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core import validators
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

_COMPONENTS: dict[str, dict[str, Any]] = {
    ERROR: {
        "type": "object",
        "description": "Một yêu cầu bị từ chối: lời giải thích bằng ngôn ngữ của yêu cầu.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "Dữ liệu không hợp lệ: mỗi khóa là tên trường (hoặc `non_field_errors`) với danh "
            "sách lỗi, hay một đối tượng lồng nhau cho trường là danh sách; một nội dung không "
            "đọc được có khóa `detail`."
        ),
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
}

_RESPONSES: dict[str, tuple[str, str]] = {
    "400": (VALIDATION_ERROR, "Dữ liệu gửi lên hoặc tham số lọc không hợp lệ."),
    "401": (ERROR, "Thiếu thông tin xác thực, hoặc mã xác thực sai."),
    "403": (ERROR, "Không có quyền thực hiện thao tác này."),
    "404": (ERROR, "Không tìm thấy (hoặc không thuộc phường/xã của người dùng)."),
    "409": (ERROR, "Không xóa được: dữ liệu khác còn gắn với mục này."),
    "415": (ERROR, "Định dạng nội dung không được hỗ trợ."),
}


def _error_codes(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The refusals `operation` can answer."""
    codes = []
    if operation.get("requestBody") or any(
        parameter.get("in") == "query" for parameter in operation.get("parameters", [])
    ):
        codes.append("400")
    security = operation.get("security", [])
    if security and {} not in security:  # an anonymous call is refused
        codes += ["401", "403"]
    if "{" in path or method == "get":  # a row outside the scope, or a page past the end
        codes.append("404")
    if method == "delete":
        codes.append("409")
    if operation.get("requestBody"):
        codes.append("415")
    return codes


def _no_nul(schema: dict[str, Any]) -> None:
    """A free text parameter never holds NUL (PostgreSQL cannot store it; the API says 400)."""
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
        schema["pattern"] = "^[^\\u0000]*$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, plus each operation's refusals (a response the view declares itself
    is kept) in the handler's two shapes, `Error` and `ValidationError`."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                _no_nul(parameter["schema"].get("items", parameter["schema"]))
        responses = operation.setdefault("responses", {})
        for code in _error_codes(path, method.lower(), operation):
            responses.setdefault(code, self._error_response(code))
        return operation

    def get_response_serializers(self) -> Any:
        """An action with an input serializer (`ServiceActionMixin.input_serializers`) answers
        with the view's output serializer unless it declares otherwise (`@extend_schema`):
        without this the schema would describe the answer as the input."""
        view = self.view
        if getattr(view, "action", None) in getattr(view, "input_serializers", {}):
            return getattr(view, "serializer_class", None)
        return super().get_response_serializers()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # DRF refuses an empty list of related rows unless allow_empty; spectacular omits it.
        if isinstance(field, serializers.ManyRelatedField) and not field.allow_empty:
            schema.setdefault("minItems", 1)
        return schema

    def _error_response(self, code: str) -> dict[str, Any]:
        name, description = _RESPONSES[code]
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=_COMPONENTS[name]
        )
        self.registry.register_on_missing(component)
        response: dict[str, Any] = {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }
        if code == "401":
            response["headers"] = {
                "WWW-Authenticate": {
                    "schema": {"type": "string"},
                    "description": "Cách xác thực: `Token`.",
                    "required": True,
                }
            }
        return response


# --- Filters --------------------------------------------------------------------------------------


def _limits(filter_field: Any) -> tuple[Any, Any]:
    """The (min, max) a filter's validators allow, either or both None."""
    low = high = None
    for validator in filter_field.extra.get("validators", []):
        if isinstance(validator, validators.MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            high = validator.limit_value
    return low, high


def _years_pattern(low: datetime.date, high: datetime.date) -> str | None:
    """A pattern for ISO days in whole centuries from `low` to `high` (1900-01-01 … 2999-12-31),
    else None (the limits are still enforced: a 400)."""
    if (low.month, low.day, low.year % 100) != (1, 1, 0):
        return None
    if (high.month, high.day, high.year % 100) != (12, 31, 99):
        return None
    centuries = "|".join(str(c) for c in range(low.year // 100, high.year // 100 + 1))
    return rf"^({centuries})\d\d-\d\d-\d\d$"


def _typed(filter_field: Any, schema: dict[str, Any]) -> None:
    """Narrow `schema` (a filter value's) to what the filter's form field accepts, and what
    `wardsec.api.filters.FilterBackend` does (an empty value is refused)."""
    if schema.get("type") == "string" and "enum" not in schema:
        schema.setdefault("minLength", 1)
    field_class = getattr(filter_field, "field_class", None)
    low, high = _limits(filter_field)
    if field_class is not None and issubclass(field_class, forms.IntegerField):
        schema["type"] = "integer"
        schema.pop("format", None)
        if low is not None:
            schema["minimum"] = low
        if high is not None:
            schema["maximum"] = high
    elif schema.get("format") == "date" and isinstance(low, datetime.date) and high:
        pattern = _years_pattern(low, high)
        if pattern:
            schema["pattern"] = pattern


class TypedDjangoFilterExtension(DjangoFilterExtension):
    """django-filter parameters with the type and range their form field really accepts
    (drf-spectacular calls a NumberFilter over `case_id` a `number`)."""

    priority = 1

    def resolve_filter_field(
        self, auto_schema, model, filterset_class, field_name, filter_field
    ) -> list[dict[str, Any]]:
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            _typed(filter_field, schema.get("items", schema))
        return parameters
