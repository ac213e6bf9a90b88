"""A parallel test run (`make test`, pytest-xdist) gives each test process its own Redis
database and its own private Redis ports, as pytest-django gives each its own test database."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tests import redis_server
from wardsec import env


def as_process(monkeypatch, name: str | None, count: int = 2) -> None:
    if name is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", name)
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(count))


@pytest.mark.parametrize(
    ("name", "place"), [(None, (0, 1)), ("gw0", (0, 2)), ("gw1", (1, 2)), ("master", (0, 1))]
)
def test_the_process_place(monkeypatch, name, place):
    as_process(monkeypatch, name)
    assert env.parallel_test_process() == place


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        (None, "redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/7"),
        ("gw0", "redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/7"),
        ("gw1", "redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/8"),
        ("gw1", "redis://:secret@cache.example.vn", "redis://:secret@cache.example.vn/1"),
        ("gw1", "rediss://cache.example.vn/2?ssl=1", "rediss://cache.example.vn/3?ssl=1"),
        ("gw1", "", ""),
        ("gw1", "memory://localhost/", "memory://localhost/"),
    ],
)
def test_each_process_has_its_own_redis_database(monkeypatch, name, url, expected):
    as_process(monkeypatch, name)
    assert env.redis_url_for_test_process(url) == expected


def test_a_redis_url_without_a_database_number_is_refused(monkeypatch):
    as_process(monkeypatch, "gw1")
    with pytest.raises(ImproperlyConfigured, match="database number"):
        env.redis_url_for_test_process("redis://127.0.0.1:6379/cache")


def test_the_settings_use_this_process_database():
    """The cache and the broker of this very run are on its process's own database."""
    url = env.get_str("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    assert env.redis_url_for_test_process(url) == settings.REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    if not env.get_str("CELERY_BROKER_URL"):
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL


@pytest.mark.parametrize(
    ("name", "ports"),
    [(None, range(6470, 6480)), ("gw0", range(6470, 6475)), ("gw1", range(6475, 6480))],
)
def test_each_process_has_its_own_private_redis_ports(monkeypatch, name, ports):
    monkeypatch.setenv("WARDSEC_TEST_REDIS_PORTS", "6470-6479")
    as_process(monkeypatch, name)
    assert redis_server._port_range() == ports
