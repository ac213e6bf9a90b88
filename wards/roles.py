"""Roles as Django groups. Each app lists what each role may do in its AppConfig
(`role_permissions = {"officer": [...], ...}`, codenames of that app); `sync_role_groups` makes
the groups match, after every migrate and from `manage.py sync_roles`.

Superusers administer everything and need no group.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from wards.choices import Role


def role_permissions() -> dict[str, set[tuple[str, str]]]:
    """{role: {(app_label, codename)}} gathered from every installed app's config."""
    wanted: dict[str, set[tuple[str, str]]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            wanted[role] |= {(config.label, codename) for codename in codenames}
    return wanted


def sync_role_groups() -> dict[str, int]:
    """Create a group per role and give it exactly its permissions. Returns counts per role."""
    counts = {}
    for role, pairs in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type").filter(
                codename__in={codename for _, codename in pairs}
            )
            if (permission.content_type.app_label, permission.codename) in pairs
        ]
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts
