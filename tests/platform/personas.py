"""Personas: the people the tests act as, made once in tests/conftest.py.

Two provinces: `province` holds `ward_a` and `ward_b`; `other_province` holds `ward_c`.

| fixture           | who                                              | client fixture        |
|-------------------|--------------------------------------------------|-----------------------|
| `officer_a`       | officer of ward A                                | `officer_a_client`    |
| `officer_b`       | officer of ward B (same province as A)           | `officer_b_client`    |
| `commander_a`     | commander of ward A                              | `commander_a_client`  |
| `province_leader` | leader of `province` (wards A and B), read-only  | `leader_client`       |
| `no_perm_user`    | member of ward A without any permission          | `no_perm_client`      |
| `superuser`       | administers everything                           | `superuser_client`    |
| (none)            | anonymous                                        | `citizen`             |

A permission matrix names roles (`ROLES`); `ROLE_PERSONAS` says which fixture plays each role in
ward A (the leader's province holds ward A). `user_with_permissions` makes "a user of ward X
holding exactly these permissions" — the no-permission case, or a view-only one.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.test import Client
from django_scopes import scopes_disabled

from tests import factories
from wards.choices import Role

ROLES = ("officer", "commander", "leader")
STAFF_ROLES = ("officer", "commander")  # the roles of a ward (a leader's is a province)
ROLE_PERSONAS = {"officer": "officer_a", "commander": "commander_a", "leader": "province_leader"}


def client_for(user) -> Client:
    """A test client signed in as `user` (session authentication, as in the admin)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def permissions(*names: str) -> list[Permission]:
    """`Permission` rows for `"app_label.codename"` names; a name that does not exist fails."""
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def user_with_permissions(ward, *perms: str, username: str | None = None):
    """A member of `ward` (so the middleware opens ward's scope) holding exactly `perms`
    (`"tips.view_tip"`, …) and no group: `user_with_permissions(ward_a)` holds nothing."""
    user = factories.make_member(Role.OFFICER, ward=ward, username=username)
    with scopes_disabled():
        user.groups.clear()
        user.user_permissions.set(permissions(*perms))
    return user
