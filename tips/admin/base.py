"""What the tips admin pages share: read-only inlines and small helpers. Workflow pages are
declared with `wardsec.workflow` (see `tips.admin.steps`)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest

from tips.models import Tip


def tip_code(tip: Tip) -> str:
    """How the admin names a tip: its public reference number (the tracking code is the
    citizen's secret; the database has only its digest)."""
    return str(tip)


def exc_text(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on a parent's page, changed only through their own pages and services."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_superuser)
