"""Deny by default: every request needs an authenticated user with the model permission of the
method, reads included (`view_<model>`). Object-level isolation is the scoped queryset's job:
another ward's object is not found (404)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class WardModelPermissions(permissions.DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }


class SuperuserWrites(permissions.BasePermission):
    """Reads as WardModelPermissions allows; writes only for superusers (reference data)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_superuser)


class HasPermissions(permissions.BasePermission):
    """An authenticated user holding every one of `perms` (global or through a group): the
    permission of a custom action (`@action(permission_classes=[require(...)])`). Whether the
    object is in the user's wards is the scoped queryset's question (404), not this one."""

    perms: tuple[str, ...] = ()

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(self.perms))


def require(*perms: str) -> type[HasPermissions]:
    """A `HasPermissions` class for `perms`, e.g. `require("tips.view_tip", "tips.triage_tip")`."""
    if not perms:
        raise ValueError("require() needs at least one permission")
    return type("HasPermissions", (HasPermissions,), {"perms": perms})
