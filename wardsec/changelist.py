"""Admin change lists that answer only the questions their admin declared.

Django's admin applies any lookup on a model's own fields that arrives in the query string
(`?contact_phone__startswith=0909`): whether a row stays in the list is a yes/no answer about a
value the user may not be allowed to see, and a few thousand requests read it out. Here a
change list accepts only

- the parameters of its declared `list_filter` entries and of its `date_hierarchy`,
- the search (`q`) over the declared `search_fields`,
- the ordering (`o`) by the declared sortable columns,
- paging, popup, facet and error flags (`p`, `all`, `_popup`, `_to_field`, `_facets`, `e`),
- the `limit_choices_to` lookups of a raw-id popup (as Django allows them).

Any other parameter sends the user back to the unfiltered list with `?e=1`, as Django does for
a malformed lookup, so a refused question gets the same answer whatever the row holds.

A sensitive field (`wardsec.sensitive`: declared once on the model) is filtered, ordered or
searched, along any relation path, only by a user who may read it, and a secret by nobody: its
list filters, search fields, sortable columns and date hierarchy disappear for everyone else.

`DeclaredLookupsOnly` is a base of `WardScopedAdmin`, and `WardSecAdminSite.register` mixes it
into every other admin registered on the site (users, groups, tokens, Axes).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from wardsec import sensitive

__all__ = ["DeclaredLookupsOnly", "DeclaredLookupsChangeList", "with_declared_lookups_only"]

logger = logging.getLogger("wardsec.security")

SEARCH_PREFIXES = "^=@"


def _filter_path(entry: Any) -> str | None:
    """The field path a `list_filter` entry filters on (None for a SimpleListFilter)."""
    if isinstance(entry, (tuple, list)):
        entry = entry[0]
    if isinstance(entry, str):
        return entry
    if isinstance(entry, models.Field):
        return entry.name
    return None


def _expression_paths(expression: Any) -> list[str]:
    """The field names an ordering expression (F, OrderBy, Lower(...)) refers to."""
    if isinstance(expression, str):
        return [expression]
    return [cast(Any, node).name for node in expression.flatten() if isinstance(node, models.F)]


def _popup_lookup(model: type[models.Model], key: str, values: list[str]) -> bool:
    """A `limit_choices_to` lookup of a raw-id popup, which Django's own check lets through."""
    for fk_lookup in model._meta.related_fkey_lookups:
        lookup = fk_lookup() if callable(fk_lookup) else fk_lookup
        allowed = widgets.url_params_from_lookup_dict(lookup)
        if all((key, value) in allowed.items() for value in values):
            return True
    return False


class DeclaredLookupsChangeList(ChangeList):
    """Refuses undeclared filter parameters; orders only by readable, sortable columns."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.wardsec_user = request.user
        super().__init__(request, *args, **kwargs)
        columns: Any = self.list_display if self.sortable_by is None else self.sortable_by
        self.sortable_by = [name for name in columns if self._may_order_by(name)]

    def _readable(self, path: str) -> bool:
        return sensitive.path_is_readable(self.wardsec_user, self.model, path)

    def _may_order_by(self, name: Any) -> bool:
        try:
            order_field = super().get_ordering_field(name)
        except AttributeError:
            return False
        if not order_field:
            return True  # not sortable anyway: the header stays as Django draws it
        return all(self._readable(path) for path in _expression_paths(order_field))

    def get_ordering_field(self, field_name: Any) -> Any:
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        if not self._may_order_by(field_name):
            return None
        return super().get_ordering_field(field_name)

    def get_filters(self, request: HttpRequest) -> Any:
        if self.date_hierarchy and not self._readable(self.date_hierarchy):
            self.date_hierarchy = None  # its parameters are then undeclared, and refused
        result = super().get_filters(request)
        remaining = result[2]  # what no declared filter (nor the date hierarchy) consumed
        given = self.get_filters_params()
        undeclared = sorted(
            key
            for key in remaining
            if key in given
            and not (IS_POPUP_VAR in request.GET and _popup_lookup(self.model, key, given[key]))
        )
        if undeclared:
            logger.warning(
                "Refused undeclared admin lookup %s on %s by %s",
                ", ".join(undeclared),
                self.model._meta.label,
                getattr(request.user, "pk", None),
            )
            raise IncorrectLookupParameters(f"Undeclared lookup: {', '.join(undeclared)}")
        return result


class DeclaredLookupsOnly:
    """Mixin for a ModelAdmin: declared lookups only; sensitive fields by their readers only."""

    model: type[models.Model]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DeclaredLookupsChangeList

    def _readable(self, request: HttpRequest, path: str) -> bool:
        return sensitive.path_is_readable(request.user, self.model, path)

    def get_list_filter(self, request: HttpRequest) -> Any:
        declared = super().get_list_filter(request)  # type: ignore[misc]
        return [
            entry
            for entry in declared
            if (path := _filter_path(entry)) is None or self._readable(request, path)
        ]

    def get_search_fields(self, request: HttpRequest) -> Any:
        declared = super().get_search_fields(request)  # type: ignore[misc]
        return [name for name in declared if self._readable(request, name.lstrip(SEARCH_PREFIXES))]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if ERROR_FLAG in request.GET:
            messages.warning(
                request, gettext("Bộ lọc không hợp lệ hoặc không được phép đã bị bỏ qua.")
            )
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


def with_declared_lookups_only(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """`admin_class`, or a subclass of it with `DeclaredLookupsOnly` mixed in first."""
    if issubclass(admin_class, DeclaredLookupsOnly):
        return admin_class
    return type(
        admin_class.__name__,
        (DeclaredLookupsOnly, admin_class),
        {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
    )
