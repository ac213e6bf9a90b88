"""Deny by default: every request needs an authenticated user with the model permission of the
method, reads included (`view_<model>`). Object-level isolation is the scoped queryset's job:
another ward's object is not found (404)."""

from __future__ import annotations

from rest_framework import permissions


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
