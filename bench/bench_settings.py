"""Production settings for the local benchmark server: DEBUG off, but plain HTTP on loopback
(no HTTPS redirect, cookies not marked Secure) and no per-client tip limit or post ceiling."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("WARDSEC_TIP_MIN_SECONDS", "0")
os.environ.setdefault("WARDSEC_TIP_RATE", "1000000/h")
os.environ.setdefault("WARDSEC_TIP_POST_CEILING", "1000000/h")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from wardsec.settings import *  # noqa: E402, F403

# The bare yardstick of bench/http_bench.py, served by the same server (bench/bare/).
INSTALLED_APPS = [*INSTALLED_APPS, "bare"]  # noqa: F405
ROOT_URLCONF = "bare.urls"

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
