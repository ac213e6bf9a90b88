"""System checks of the deployment (`manage.py check --deploy`).

Rate limits, the PIN receipt and the look-up counters live in the cache. In production it must
be one cache shared by every process: with Django's local-memory cache each gunicorn worker
would count on its own (a limit multiplied by the number of workers, reset on every restart)
and nothing would say so. So a production deployment (DEBUG off) without a Redis cache fails
`check --deploy`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

SHARED_CACHE_BACKENDS = (
    "wardsec.cache_backend.ResilientRedisCache",
    "django.core.cache.backends.redis.RedisCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """wardsec.E001: production without a shared (Redis) cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) is not shared between processes: rate limits "
            "would count per process and silently stop limiting.",
            hint="Set REDIS_URL (README, Configuration).",
            id="wardsec.E001",
        )
    ]
