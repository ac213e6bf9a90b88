"""Settings read from the environment: production values pass Django's deployment checks, and
a missing secret stops the process instead of starting with a default."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEV_ONLY = ("DEBUG", "WARDSEC_TESTING", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")


def production_env(**values: str) -> dict[str, str]:
    """This process's environment without the developer switches, plus `values`."""
    env = {k: v for k, v in os.environ.items() if k not in DEV_ONLY}
    env.update(values)
    return env


def random_secret(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Production has a shared cache (the check only reads the setting; nothing connects to it).
PRODUCTION_REDIS = "redis://127.0.0.1:6379/0"


def test_deploy_check_passes_with_production_values():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(
            SECRET_KEY=random_secret(),
            ALLOWED_HOSTS="wardsec.example.vn",
            REDIS_URL=PRODUCTION_REDIS,
        ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_a_shared_cache():
    """Without REDIS_URL the cache is per process and rate limits silently stop limiting."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(
            SECRET_KEY=random_secret(), ALLOWED_HOSTS="wardsec.example.vn", REDIS_URL=""
        ),
    )
    assert result.returncode != 0
    assert "wardsec.E001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("debug", "backend", "errors"),
    [
        (False, "django.core.cache.backends.locmem.LocMemCache", ["wardsec.E001"]),
        (False, "django.core.cache.backends.dummy.DummyCache", ["wardsec.E001"]),
        (False, "wardsec.cache_backend.ResilientRedisCache", []),
        (True, "django.core.cache.backends.locmem.LocMemCache", []),
    ],
)
def test_shared_cache_check(settings, debug, backend, errors):
    from wardsec import checks

    settings.DEBUG = debug
    settings.CACHES = {"default": {"BACKEND": backend}}
    assert [error.id for error in checks.check_shared_cache()] == errors


def test_deploy_check_fails_with_a_weak_secret():
    """The check above can fail: a short secret key is reported."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(SECRET_KEY="short", ALLOWED_HOSTS="wardsec.example.vn"),
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(ALLOWED_HOSTS="wardsec.example.vn"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env=production_env(SECRET_KEY=random_secret()))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_malformed_switch_is_refused():
    result = manage("check", env=production_env(DEBUG="maybe"))
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("DEBUG", "False"),
        ("CELERY_TASK_ALWAYS_EAGER", "False"),
    ],
)
def test_production_defaults(name, value):
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(
            SECRET_KEY=random_secret(),
            ALLOWED_HOSTS="wardsec.example.vn",
            DJANGO_SETTINGS_MODULE="wardsec.settings",
            REDIS_URL="redis://127.0.0.1:6379/0",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value
