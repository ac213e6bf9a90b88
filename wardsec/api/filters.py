"""Filter backends of every app's API, strict: a query parameter given must hold one value of the
type the schema says. django-filter and DRF otherwise ignore what they cannot read (`?overdue=maybe`
lists everything, `?ward=a&ward=b` filters by the last) — the client believes it filtered.

Refusals are 400s in the handler's shape, `{"<parameter>": ["message"]}`.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters
from rest_framework.request import Request

from wardsec.api.serializers import MESSAGES

# What both of django-filter's boolean widgets read as true or false (NullBooleanSelect ignores
# "1"/"0", BooleanWidget ignores "2"/"3"); anything else they would silently not filter by.
BOOLEAN_VALUES = frozenset({"true", "false", "True", "False"})

ONE_VALUE = _("Chỉ gửi một giá trị cho tham số này.")
EMPTY = _("Tham số này không được để trống; bỏ hẳn nó đi nếu không lọc.")
BOOLEAN = _("Hãy gửi true hoặc false.")
NUL = _("Không được chứa ký tự NUL.")

# Dates a date filter accepts: beyond them converting to UTC for the database would overflow
# (and a day such as 0001-01-01 is a typo).
SANE_DATES = [
    MinValueValidator(datetime.date(1900, 1, 1)),
    MaxValueValidator(datetime.date(2999, 12, 31)),
]


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number in the database's range (a larger one would overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("validators", [MinValueValidator(1), MaxValueValidator(2**63 - 1)])
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year, four digits (the schema says so: a larger number would overflow a date or
    a column). With `method=`, the filterset's method receives an int."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("validators", [MinValueValidator(1900), MaxValueValidator(2999)])
        super().__init__(*args, **kwargs)


_INVALID_BY_FIELD: dict[type, Any] = {
    forms.DateField: _("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."),
    forms.IntegerField: _("Hãy nhập một số nguyên."),
    forms.DecimalField: _("Hãy nhập một số."),
}


def single_value(request: Request, name: str, *, allow_empty: bool = True) -> str | None:
    """The one value of query parameter `name` (None when absent); 400 when it is repeated, or
    empty unless `allow_empty`."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise exceptions.ValidationError({name: [ONE_VALUE]})
    if not values[0] and not allow_empty:
        raise exceptions.ValidationError({name: [EMPTY]})
    return values[0]


def _problem(filter_field: Any, values: list[str]) -> Any:
    """What is wrong with `values` given for `filter_field`, or None."""
    if isinstance(filter_field, django_filters.MultipleChoiceFilter):
        return EMPTY if "" in values else None
    if len(values) > 1:
        return ONE_VALUE
    if values[0] == "":
        return EMPTY
    if isinstance(filter_field, django_filters.BooleanFilter) and values[0] not in BOOLEAN_VALUES:
        return BOOLEAN
    return None


def _our_message(error: DjangoValidationError, form_field: forms.Field | None) -> str:
    """A filter form's error in the platform's dialect (Django's own catalogue speaks another)."""
    params = dict(error.params or {})
    params.setdefault("input", params.get("value", ""))
    if error.code == "null_characters_not_allowed":
        return str(NUL)
    if error.code == "invalid":
        for cls, message in _INVALID_BY_FIELD.items():
            if isinstance(form_field, cls):
                return str(message)
    if error.code in {"min_value", "max_value"}:
        params[error.code] = params.get("limit_value", "")
    if error.code in MESSAGES:
        return str(MESSAGES[error.code]).format(
            **{k: v for k, v in params.items() if isinstance(k, str)}
        )
    return " ".join(error.messages)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; a filter parameter that is repeated, empty, or (for a yes/no
    filter) neither true nor false is refused instead of ignored, and the form's refusals are
    worded in the platform's dialect."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            form = filterset.form
            raise exceptions.ValidationError(
                {
                    name: [_our_message(error, form.fields.get(name)) for error in errors]
                    for name, errors in form.errors.as_data().items()
                }
            )
        return filterset.qs

    def get_filterset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, filter_field in filterset.filters.items():
            values = request.query_params.getlist(name)
            problem = _problem(filter_field, values) if values else None
            if problem is not None:
                errors[name] = [problem]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset


class SearchFilter(filters.SearchFilter):
    """DRF's search; the `search` parameter given once."""

    def get_search_terms(self, request: Request) -> list[str]:
        if "\x00" in (single_value(request, self.search_param) or ""):
            raise exceptions.ValidationError({self.search_param: [NUL]})
        return super().get_search_terms(request)


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering, given once and only by the fields the view offers (DRF drops the others
    silently): the schema lists them."""

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> Any:
        param = single_value(request, self.ordering_param, allow_empty=False)
        if param is not None:
            fields = [term.strip() for term in param.split(",")]
            if any(not field for field in fields):
                raise exceptions.ValidationError({self.ordering_param: [EMPTY]})
            valid = self.remove_invalid_fields(queryset, fields, view, request)
            if len(valid) != len(fields):
                raise exceptions.ValidationError(
                    {self.ordering_param: [_("Không sắp xếp được theo trường này.")]}
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The parameter with the fields it accepts (`name`, `-name`, comma-separated)."""
        parameters = super().get_schema_operation_parameters(view)
        try:
            fields = self.get_valid_fields(view.get_queryset(), view, {"request": None})
            names = [name for name, _label in fields]
        except Exception:  # noqa: BLE001 - fields derived from a queryset: say nothing more
            return parameters
        if names:
            one = "-?(" + "|".join(re.escape(name) for name in sorted(names)) + ")"
            parameters[0]["schema"] = {"type": "string", "pattern": f"^{one}(,{one})*$"}
            parameters[0]["description"] = str(
                _("Sắp xếp theo: %(fields)s (thêm “-” để giảm dần; nhiều trường cách nhau “,”).")
                % {"fields": ", ".join(sorted(names))}
            )
        return parameters
