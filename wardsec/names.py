"""People's names in Vietnamese order: family name, middle names, given name ("Nguyễn Văn An").

Django's `User` keeps the given name in `first_name` ("An") and the rest in `last_name`
("Nguyễn Văn"), and its `get_full_name()` puts the given name first ("An Nguyễn Văn"), which
no Vietnamese reader expects. Everything that shows a person (choices of assignees, list
columns, timelines, messages) asks this module instead. Lists of people sort by given name
first, then family and middle names (`ORDERING`), as Vietnamese registers do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

ORDERING = ("first_name", "last_name", "username")


def full_name(user: Any) -> str:
    """ "Nguyễn Văn An" (family and middle names, then the given name); "" when neither is set."""
    parts = (getattr(user, "last_name", ""), getattr(user, "first_name", ""))
    return " ".join(part.strip() for part in parts if part and part.strip())


def display_name(user: Any) -> str:
    """The full name in Vietnamese order, or the username when no name is recorded."""
    return full_name(user) or user.get_username()


def person_label(user: Any) -> str:
    """ "Nguyễn Văn An (canbo)": for choices, where two people may share a name."""
    name = full_name(user)
    return f"{name} ({user.get_username()})" if name else user.get_username()


def split_full_name(name: str) -> tuple[str, str]:
    """ "Nguyễn Văn An" → ("Nguyễn Văn", "An"): (last_name, first_name) for Django's User."""
    words = name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def person_column(field: str, description: str | _StrPromise) -> Callable[[Any, Any], str]:
    """An admin `list_display` column showing the user in `field` by name, Vietnamese order,
    sortable by given name: `assignee_name = names.person_column("assignee", _("Cán bộ"))`.
    List `field` in `list_select_related`."""

    @admin.display(description=description, ordering=f"{field}__first_name")
    def column(model_admin: Any, obj: Any) -> str:
        user = getattr(obj, field)
        return "—" if user is None else display_name(user)

    return column
