"""Personas and shared fixtures.

Two provinces: `province` holds `ward_a` and `ward_b`; `other_province` holds `ward_c`.
`officer_a`, `commander_a` work in ward A, `officer_b` in ward B, `province_leader` leads
`province`; `no_perm_user` has a membership in ward A but no permission; `citizen` is an
anonymous client. The persona table and the helpers built on it: tests/platform/personas.py.

Fixtures build data with scopes disabled; requests made through the test client run inside the
scope the middleware (or the API) opens for the signed-in user, whatever the test's own scope.
"""

from __future__ import annotations

import contextlib
import copy
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from tests import factories
from tests.platform.personas import client_for, user_with_permissions
from tests.redis_server import RedisServer, redis_server_binary
from wardsec.celery import app as celery_app

IN_CI = os.environ.get("CI", "").lower() == "true"
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


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


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Each test starts with empty in-process memos (wardsec.memo): the rows a test read into
    them are rolled back after it."""
    from wardsec.memo import Memo

    Memo.clear_all()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have lost the migration-seeded offence catalogue to an
    earlier run's transactional test (they flush every table): put it back."""
    from tests.tips.factories import ensure_catalogue

    with django_db_blocker.unblock(), scopes_disabled():
        ensure_catalogue()


# --- Celery -------------------------------------------------------------------------------


def _reset_connections() -> None:
    """Forget pooled broker connections, so the next publish uses the current broker_url."""
    celery_app._pool = None
    with contextlib.suppress(AttributeError):
        celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_conf() -> Iterator[Any]:
    """Celery's configuration, restored after the test (settings are read once, at import)."""
    names = ["broker_url", "task_always_eager", "task_default_queue"]
    saved = {name: celery_app.conf[name] for name in names}
    try:
        yield celery_app.conf
    finally:
        celery_app.conf.update(saved)
        _reset_connections()


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run inline in every test, whatever broker the run is configured with — except in
    the integration tests, which start a real worker."""
    if request.node.get_closest_marker("integration"):
        yield None
        return
    conf = request.getfixturevalue("celery_conf")
    conf.task_always_eager = True
    yield conf


@pytest.fixture
def broker_down(celery_conf, settings):
    """A broker is configured (not eager) but nothing answers on its port, as when Redis is
    stopped."""
    celery_conf.update(broker_url=UNREACHABLE_BROKER, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _reset_connections()
    return celery_conf


def broker_returns(conf) -> None:
    """Redis is back: publishing works again (tasks run inline in the tests)."""
    conf.update(broker_url="memory://localhost/", task_always_eager=True)
    _reset_connections()


# --- A Redis of the test's own, to stop and pause -------------------------------------------


@pytest.fixture(autouse=True)
def _closed_breakers():
    """Every test starts with the per-process circuit breakers closed (wardsec.breaker): a
    Redis one test took away is not skipped in the next."""
    from wardsec import breaker

    breaker.reset_all()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server on a spare port (tests/redis_server.py), killed afterwards."""
    binary = redis_server_binary()
    require_service(binary is not None, "redis-server is not installed")
    server = RedisServer(binary or "").start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def private_redis(redis_server, settings, celery_conf) -> Iterator[RedisServer]:
    """The cache and the broker both on `redis_server`, as in production (one REDIS_URL), with
    tasks published rather than run inline and the per-process circuit breakers closed."""
    from wardsec import breaker

    settings.CACHES = {
        "default": {
            **settings.WARDSEC_REDIS_CACHE,
            "LOCATION": redis_server.url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_conf.update(broker_url=redis_server.url, task_always_eager=False)
    _reset_connections()
    breaker.reset_all()
    yield redis_server
    breaker.reset_all()


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
    return user_with_permissions(ward_a, username="no_perm")


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.vn", "pass-1234-word")


@pytest.fixture
def citizen():
    return Client()


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
