""" "Việc hôm nay": the officer's front page, composed from what each app declares.

An app lists its open work by declaring on its `AppConfig`::

    today = "tips.today.section"        # section(request) -> Section | None

The function answers its part of the page for the signed-in user, inside the request's ward
scope: counts that each link to the filtered change list where the work is, and, for a
commander, a table per officer. It answers None when the user may see none of it (no
permission), so the page never names what the user cannot open. Counts come from database
aggregation (a fixed number of queries, whatever the number of rows).

The platform never names an app: `sections(request)` walks the declarations in INSTALLED_APPS
order (wardsec.registry).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string

__all__ = ["Item", "Link", "Row", "Section", "Table", "changelist_url", "sections"]


@dataclass(frozen=True)
class Item:
    """One count and where the work is. `urgent` items are marked when the count is not 0."""

    label: Any
    count: int
    url: str | None = None
    urgent: bool = False
    help: Any = ""
    key: str = ""  # a stable name for tests and styles (data-item)


@dataclass(frozen=True)
class Row:
    """One line of a table: whose it is and their counts (Items, labelled by the columns)."""

    label: str
    cells: Sequence[Item]


@dataclass(frozen=True)
class Table:
    caption: Any
    columns: Sequence[Any]
    rows: Sequence[Row]


@dataclass(frozen=True)
class Link:
    """A page of the app's that is not a count (a dashboard, a form to start something)."""

    label: Any
    url: str
    key: str = ""


@dataclass(frozen=True)
class Section:
    title: Any
    items: Sequence[Item]
    tables: Sequence[Table] = field(default_factory=tuple)
    links: Sequence[Link] = field(default_factory=tuple)


def changelist_url(model_label: str, params: Mapping[str, Any] | None = None) -> str:
    """The admin change list of `model_label` ("tips.tip") filtered by `params` (the admin's
    declared filter parameters: wardsec.changelist refuses any other)."""
    app_label, model_name = model_label.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(dict(params))}" if params else url


def providers() -> list[tuple[str, Callable[[HttpRequest], Section | None]]]:
    """(app label, section function) of every app that declares `today`."""
    from wardsec import registry

    return [(config.label, import_string(dotted)) for config, dotted in registry.today()]


def sections(request: HttpRequest) -> list[Section]:
    """The page's sections for this user, in INSTALLED_APPS order; apps with nothing the
    user may see are left out."""
    if not request.user.is_authenticated:
        return []
    found = (provider(request) for _label, provider in providers())
    return [section for section in found if section is not None]
