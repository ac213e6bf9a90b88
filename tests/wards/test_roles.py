"""Roles are Django groups holding exactly the permissions the apps list for them."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from wards.choices import Role

pytestmark = pytest.mark.django_db


def declared() -> dict[str, set[tuple[str, str]]]:
    """{role: {(app_label, codename)}} straight from every AppConfig.role_permissions."""
    wanted: dict[str, set[tuple[str, str]]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            assert role in wanted, f"{config.label} names an unknown role {role!r}"
            wanted[role] |= {(config.label, codename) for codename in codenames}
    return wanted


def granted(role: str) -> set[tuple[str, str]]:
    group = Group.objects.get(name=role)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_every_declared_permission_exists():
    """A typo in role_permissions would otherwise be dropped silently."""
    existing = set(Permission.objects.values_list("content_type__app_label", "codename"))
    missing = {pair for pairs in declared().values() for pair in pairs} - existing
    assert missing == set()


def test_roles_exist_after_migrate_with_exactly_their_permissions():
    for role, pairs in declared().items():
        assert pairs, f"role {role} has no permissions at all"
        assert granted(role) == pairs


def test_province_leadership_only_reads():
    codenames = {codename for _app, codename in granted(Role.LEADER)}
    assert codenames
    # Requesting a report reads figures; it changes no ward's data.
    assert all(
        codename.startswith("view_") or codename == "request_report" for codename in codenames
    ), codenames


def test_officers_do_not_read_the_audit_log_commanders_do():
    assert ("wardsec", "view_auditentry") not in granted(Role.OFFICER)
    assert ("wardsec", "view_auditentry") in granted(Role.COMMANDER)
    assert ("wardsec", "view_auditentry") in granted(Role.LEADER)


def test_sync_roles_repairs_drifted_groups():
    officer = Group.objects.get(name=Role.OFFICER)
    officer.permissions.add(Permission.objects.get(codename="delete_ward"))
    officer.permissions.remove(Permission.objects.get(codename="view_ward"))
    Group.objects.filter(name=Role.LEADER).delete()
    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    for role, pairs in declared().items():
        assert granted(role) == pairs
        assert f"{role}: {len(pairs)}" in out.getvalue()
