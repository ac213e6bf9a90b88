"""Personas and shared fixtures.

Two provinces: `province` holds `ward_a` and `ward_b`; `other_province` holds `ward_c`.
`officer_a`, `commander_a` work in ward A, `officer_b` in ward B, `province_leader` leads
`province`; `no_perm_user` has a membership in ward A but no permission; `citizen` is an
anonymous client.

Fixtures build data with scopes disabled; requests made through the test client run inside the
scope the middleware (or the API) opens for the signed-in user, whatever the test's own scope.
"""

from __future__ import annotations

import copy
import os
import uuid

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests import factories
from wards.choices import Role

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(available: bool, reason: str) -> None:
    """Skip when a service is missing — except in CI, where that is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true and a required service is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache key space (rate limits, lockouts), Redis or local."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unscoped():
    """For test set-up and assertions that look across wards."""
    with scopes_disabled():
        yield


@pytest.fixture
def province(db):
    return factories.make_province(name="Tỉnh A")


@pytest.fixture
def other_province(db):
    return factories.make_province(name="Tỉnh B")


@pytest.fixture
def ward_a(province):
    return factories.make_ward(province=province, name="Phường A", code="WA")


@pytest.fixture
def ward_b(province):
    return factories.make_ward(province=province, name="Phường B", code="WB")


@pytest.fixture
def ward_c(other_province):
    return factories.make_ward(province=other_province, name="Phường C", code="WC")


@pytest.fixture
def officer_a(ward_a):
    return factories.make_officer(ward_a, username="officer_a")


@pytest.fixture
def officer_b(ward_b):
    return factories.make_officer(ward_b, username="officer_b")


@pytest.fixture
def commander_a(ward_a):
    return factories.make_commander(ward_a, username="commander_a")


@pytest.fixture
def province_leader(province, ward_a, ward_b, ward_c):
    return factories.make_leader(province, username="leader")


@pytest.fixture
def no_perm_user(ward_a):
    """Works in ward A (so has a scope) but holds no permission at all."""
    user = factories.make_member(Role.OFFICER, ward=ward_a, username="no_perm")
    user.groups.clear()
    return user


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.vn", "pass-1234-word")


@pytest.fixture
def citizen():
    return Client()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def officer_a_client(officer_a):
    return client_for(officer_a)


@pytest.fixture
def officer_b_client(officer_b):
    return client_for(officer_b)


@pytest.fixture
def commander_a_client(commander_a):
    return client_for(commander_a)


@pytest.fixture
def leader_client(province_leader):
    return client_for(province_leader)


@pytest.fixture
def no_perm_client(no_perm_user):
    return client_for(no_perm_user)


@pytest.fixture
def superuser_client(superuser):
    return client_for(superuser)
