"""Reading settings from the environment, with loud failures for values production needs."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    """Return the variable `name`; when `required` and it is unset or empty, refuse to start."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required in production (see README)."
            )
        return default if default is not None else ""
    return value


def get_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def get_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def get_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def parallel_test_process() -> tuple[int, int]:
    """This process's place in a parallel test run, as (index, count): pytest-xdist names its
    processes gw0, gw1, … in PYTEST_XDIST_WORKER and counts them in PYTEST_XDIST_WORKER_COUNT.
    (0, 1) outside one."""
    number = os.environ.get("PYTEST_XDIST_WORKER", "").removeprefix("gw")
    if not number.isdigit():
        return 0, 1
    count = max(get_int("PYTEST_XDIST_WORKER_COUNT", 1), 1)
    return int(number) % count, count


def redis_url_for_test_process(url: str) -> str:
    """`url` with its database number raised by this process's index in a parallel test run,
    so that each test process has a Redis database of its own, as it has a test database of its
    own: caches, rate limits, broker queues and the workers answering a ping never meet. The
    URL unchanged outside a parallel run, and for anything but a redis:// or rediss:// URL."""
    index, _count = parallel_test_process()
    parts = urlsplit(url)
    if not index or parts.scheme not in {"redis", "rediss"}:
        return url
    database = parts.path.strip("/") or "0"
    if not database.isdigit():
        raise ImproperlyConfigured(f"REDIS_URL must end with a database number, not {url!r}.")
    return urlunsplit(parts._replace(path=f"/{int(database) + index}"))
