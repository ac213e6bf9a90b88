"""Django settings for WardSec, read from the environment (every variable is in README.md).

Production is the default: with DEBUG unset, SECRET_KEY and ALLOWED_HOSTS must be given and the
security settings are strict. `make run` and `make test` set DEBUG=1 for a developer's machine.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from wardsec import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.get_bool("DEBUG", False)
TESTING = env.get_bool("WARDSEC_TESTING", False)

SECRET_KEY = env.get_str(
    "SECRET_KEY",
    "django-insecure-development-only-key-do-not-use-in-production-0123456789",
    required=not DEBUG,
)
ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (see README).")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "wardsec.apps.WardSecAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "wardsec",
    "wards",
    "tips",
    "core_forces",
    "mediation",
    "campaigns",
    "models_registry",
    "reports",
]

MIDDLEWARE = [
    "wardsec.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wardsec.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view reads the body (CSRF reads it in process_view, after every middleware's
    # request phase): too large a body is refused unread; admin logins limited per address.
    "wardsec.middleware.RequestBodyLimitMiddleware",
    "wardsec.middleware.AdminLoginLimitMiddleware",
    # Refuses invalid UTF-8 and NUL characters in forms and query strings (Vietnamese 400).
    "wardsec.clean_input.CleanInputMiddleware",
    "wardsec.middleware.WardScopeMiddleware",
    # Turns a refused rate limit into RATELIMIT_VIEW's page (429) instead of a bare 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Axes goes last so that it sees the response of the login view.
    "axes.middleware.AxesMiddleware",
]

if TESTING:
    # A throwaway ward-owned model that exercises the shared machinery in tests.
    INSTALLED_APPS.append("tests.scopedapp")

ROOT_URLCONF = "wardsec.urls"
WSGI_APPLICATION = "wardsec.wsgi.application"
ASGI_APPLICATION = "wardsec.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL absent: an SQLite file in the project, for `make run` and quick tests.
DATABASES = {
    "default": dj_database_url.parse(
        env.get_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery ------------------------------------------------------------------------
REDIS_URL = env.get_str("REDIS_URL", "")
if TESTING:
    # `make test` runs the tests in parallel processes, each with its own test database
    # (pytest-django) and so its own Redis database: REDIS_URL's number plus the process's index.
    REDIS_URL = env.redis_url_for_test_process(REDIS_URL)
REDIS_TIMEOUT_SECONDS = 2
# The cache waits on Redis at most CACHE_TIMEOUT_SECONDS per call, and after a failure not at
# all for a cool-down (wardsec/cache_backend.py): a stopped or hung Redis never holds a request.
WARDSEC_REDIS_CACHE = {
    "BACKEND": "wardsec.cache_backend.ResilientRedisCache",
    "KEY_PREFIX": env.get_str("CACHE_KEY_PREFIX", "wardsec"),
}
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {**WARDSEC_REDIS_CACHE, "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.get_str("CELERY_BROKER_URL", REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = None
# Without a broker, tasks run inline in the web process (make run, quick tests).
CELERY_TASK_ALWAYS_EAGER = not bool(REDIS_URL or env.get_str("CELERY_BROKER_URL", ""))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_DEFAULT_QUEUE = env.get_str("CELERY_QUEUE", "wardsec")
# A hung or stopped Redis must not hold a web request for long (FACTS.md): bounded timeouts and
# publish retries; the outbox re-queues whatever could not be published.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "visibility_timeout": 600,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# The platform's own entries; each app adds its `beat_schedule` (AppConfig), merged by
# wardsec.registry.beat_schedule() when the apps are ready (WardSecConfig.ready).
CELERY_BEAT_SCHEDULE = {
    "publish-outbox": {"task": "wardsec.tasks.publish_outbox", "schedule": timedelta(minutes=1)},
}

# --- Auth ------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
if TESTING:
    # Hashing cost is not what the tests measure.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login brute-force protection: lock the username (not the IP, not globally) after
# AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["wardsec.formats"]
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded evidence is never served as public media: views check the scope and permission first.
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (make run, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WARDSEC_MAX_PHOTO_MB = env.get_int("WARDSEC_MAX_PHOTO_MB", 8)
WARDSEC_MAX_PHOTOS = env.get_int("WARDSEC_MAX_PHOTOS", 5)
WARDSEC_MAX_PHOTO_PIXELS = env.get_int("WARDSEC_MAX_PHOTO_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The whole request: all photos at their limit plus the form.
WARDSEC_MAX_REQUEST_MB = WARDSEC_MAX_PHOTO_MB * WARDSEC_MAX_PHOTOS + 1
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.get_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
if env.get_str("EMAIL_FILE_PATH", ""):
    # For the file-based backend (the worker integration test): one file per sent batch.
    EMAIL_FILE_PATH = env.get_str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "WardSec <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# A refused CSRF token gets a Vietnamese page in the site's frame (wardsec.errors).
CSRF_FAILURE_VIEW = "wardsec.errors.csrf_failure"
SESSION_COOKIE_AGE = 8 * 3600
# Messages are kept in the (database) session, not in a cookie: the admin shows a PIN or an
# Open311 key once through a message, and Django's cookie storage is signed, not encrypted.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.get_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand in front of the app; 0 means REMOTE_ADDR is the client.
WARDSEC_NUM_PROXIES = env.get_int("WARDSEC_NUM_PROXIES", 0)
# Keep the X-Request-ID the proxy sets (it must overwrite the client's); else generate one.
WARDSEC_TRUST_REQUEST_ID = env.get_bool("WARDSEC_TRUST_REQUEST_ID", WARDSEC_NUM_PROXIES > 0)

# Every script, style and font is served from our own static files: nothing from a CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its `WWW-Authenticate` makes missing or bad credentials a 401 (DRF answers 403
    # when the first authenticator has no such header, as sessions do); a missing permission 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "wardsec.api.exceptions.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["wardsec.api.permissions.WardModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "wardsec.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "wardsec.api.filters.FilterBackend",
        "wardsec.api.filters.SearchFilter",
        "wardsec.api.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "wardsec.api.schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "NUM_PROXIES": WARDSEC_NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WardSec API",
    "DESCRIPTION": "REST API of WardSec, the ward police operations system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Filled from the apps' `api_enum_names` declarations (wardsec.registry).
    "ENUM_NAME_OVERRIDES": {},
}

# --- Rate limits (django-ratelimit; keys are hashed, in the cache only) ----------------------
RATELIMIT_USE_CACHE = "default"
# Only for a counter the cache lost between its add and its incr. An outage (an exception) is
# decided per limit by wardsec.ratelimit: open for submissions, closed for PIN guessing.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "wardsec.views.rate_limited"
# Local memory is a per-process cache: fine for one process (make run, tests); production sets
# REDIS_URL. django-ratelimit refuses locmem in its system check, so that check is silenced
# deliberately, only when no Redis is configured.
SILENCED_SYSTEM_CHECKS = [
    # Logins are locked per username on purpose (the whole station shares one NAT address, so an
    # IP lockout would lock everyone out); password guessing is still bounded per account.
    "axes.W006",
]
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- WardSec ---------------------------------------------------------------------------------
WARDSEC_TIP_TRIAGE_HOURS = env.get_int("WARDSEC_TIP_TRIAGE_HOURS", 24)
# Days to verify an accepted tip (Criminal Procedure Code 2015, art. 147: 20 days from receipt)
# before the queue marks it overdue.
WARDSEC_TIP_VERIFICATION_DAYS = env.get_int("WARDSEC_TIP_VERIFICATION_DAYS", 20)
WARDSEC_TIP_MIN_SECONDS = env.get_int("WARDSEC_TIP_MIN_SECONDS", 3)
# Tips taken per client address and hour; refused posts do not count (tips/views.py).
WARDSEC_TIP_RATE = env.get_str("WARDSEC_TIP_RATE", "30/h")
# Every tip post per client address, refused ones included: the flood ceiling (tips/views.py).
WARDSEC_TIP_POST_CEILING = env.get_str("WARDSEC_TIP_POST_CEILING", "120/h")
# Admin sign-in attempts per client address (a whole station may share one address), besides
# axes' per-username lockout; django-ratelimit's format ("30/5m": 30 per 5 minutes).
WARDSEC_ADMIN_LOGIN_RATE = env.get_str("WARDSEC_ADMIN_LOGIN_RATE", "30/5m")
# How long a worker keeps the public scope and the tip form's choices (wardsec.memo); a change
# is seen at once by the worker that made it, by the others within this time.
WARDSEC_PUBLIC_CACHE_SECONDS = env.get_int("WARDSEC_PUBLIC_CACHE_SECONDS", 30)
WARDSEC_PIN_MAX_FAILURES = env.get_int("WARDSEC_PIN_MAX_FAILURES", 5)
WARDSEC_PIN_LOCK_MINUTES = env.get_int("WARDSEC_PIN_LOCK_MINUTES", 30)
# Keys the digests of tracking codes and PINs (HMAC-SHA256); empty: derived from SECRET_KEY
# with its own salt (tips.codes). Never in the database: a stolen database without it cannot
# confirm a code or a PIN. Changing it (or SECRET_KEY while it is empty) voids every code.
WARDSEC_CODE_KEY = env.get_str("WARDSEC_CODE_KEY", "")
WARDSEC_SITE_URL = env.get_str("WARDSEC_SITE_URL", "http://127.0.0.1:8000")

# --- Logging: never the client's address or user agent ---------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's and Django's request loggers would print the path and status only; keep
        # them quiet about 4xx so tracking codes typed into URLs do not end up in logs.
        "django.server": {"level": "ERROR"},
        "django.request": {"level": "ERROR"},
    },
}
