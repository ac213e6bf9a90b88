"""The outbox: work written with the change that causes it, handed to Celery after commit.

`enqueue` is called by services inside their transaction. After commit it tries to publish, for
at most about half a second; when the broker is down or hung the request goes on unharmed and
`publish_pending` (Celery beat, every minute) publishes it later. `deliver` claims a message with
a conditional UPDATE, so a message published twice is still delivered once.

Each thread keeps its broker connection between publishes (`_kept_connection`): a publish is one
command on an open socket, not a connect and a queue declaration per message. A connection that
failed is closed and forgotten; the next publish after the breaker's cool-down opens a new one.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import kombu.exceptions
import redis
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from wardsec import breaker
from wardsec.models import OutboxMessage

if TYPE_CHECKING:
    from celery import Celery
    from kombu import Connection

    from wards.models import Ward

logger = logging.getLogger(__name__)

Handler = Callable[[OutboxMessage], None]
_handlers: dict[str, Handler] = {}

MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = datetime.timedelta(minutes=5)
PUBLISH_TIMEOUT_SECONDS = 0.5
# The broker is not there (refused, lost, timed out), as kombu and redis report it.
BROKER_OUTAGES: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.ConnectionError,
    redis.TimeoutError,
    OSError,
)


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that delivers messages of `kind` (it must be safe to retry)."""

    def register(func: Handler) -> Handler:
        _handlers[kind] = func
        return func

    return register


def enqueue(
    *, kind: str, ward: Ward, payload: dict[str, Any], dedupe_key: str | None = None
) -> OutboxMessage | None:
    """Write a message in the caller's transaction and publish it once that commits.

    With `dedupe_key`, a second message with the same key is not written (returns None).
    """
    if dedupe_key is not None:
        with scopes_disabled():
            if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
                return None
    message = OutboxMessage.objects.create(
        kind=kind, ward=ward, payload=payload, dedupe_key=dedupe_key
    )
    transaction.on_commit(lambda: publish(message.pk, message.ward_id))
    return message


def publish(message_id: int, ward_id: int) -> bool:
    """Hand a message to Celery; never raises. False when the broker could not be reached.

    It waits on the broker at most about PUBLISH_TIMEOUT_SECONDS (it runs inside the request
    that wrote the message), with no retry; after a failure the process's broker breaker skips
    publishing for its cool-down. What is not published now, the beat re-scan publishes."""
    from wardsec import tasks
    from wardsec.celery import app

    try:
        if app.conf.task_always_eager:  # no broker: the delivery runs inline
            tasks.deliver_outbox_message.delay(message_id, ward_id)
            return True
        with _broker_breaker(app).guard(BROKER_OUTAGES):
            _send(app, tasks.deliver_outbox_message, message_id, ward_id)
    except Exception:  # the broker or the inline delivery failed; the re-scan will retry
        logger.warning("Outbox message %s not published now; will retry.", message_id)
        return False
    return True


def _broker_breaker(app: Celery) -> breaker.CircuitBreaker:
    return breaker.for_url(app.conf.broker_write_url or app.conf.broker_url or "")


def _send(app: Celery, task: Any, message_id: int, ward_id: int) -> None:
    """Publish on this thread's kept connection; on any failure close and forget it (a socket
    that timed out may hold half a command), then re-raise."""
    connection = _kept_connection(app)
    try:
        task.apply_async((message_id, ward_id), connection=connection, retry=False)
    except BaseException:
        _forget_connection(app)
        raise


class _Kept(threading.local):
    connections: dict[str, Connection]

    def __init__(self) -> None:
        self.connections = {}


_kept = _Kept()


def _kept_connection(app: Celery) -> Connection:
    """This thread's broker connection to the current broker URL, opened on first use with the
    short timeouts. (A kombu connection is not thread-safe: one per thread, not per process.)
    Redis's client checks a pooled socket before reusing it, so a connection the server closed
    in the meantime (a restart, an idle timeout) is reopened, not reported as an outage."""
    url = app.conf.broker_write_url or app.conf.broker_url or ""
    connection = _kept.connections.get(url)
    if connection is None:
        connection = _kept.connections[url] = _short_connection(app)
    return connection


def _forget_connection(app: Celery) -> None:
    url = app.conf.broker_write_url or app.conf.broker_url or ""
    connection = _kept.connections.pop(url, None)
    if connection is not None:
        with contextlib.suppress(Exception):
            connection.release()


def _forget_all_after_fork() -> None:
    """A forked child (gunicorn or Celery worker) must not share its parent's sockets."""
    global _kept  # noqa: PLW0603 - the parent's per-thread connections are not ours
    _kept = _Kept()


os.register_at_fork(after_in_child=_forget_all_after_fork)


def _short_connection(app: Celery) -> Connection:
    """A broker connection that gives up after PUBLISH_TIMEOUT_SECONDS (connect or answer)."""
    return app.connection_for_write(
        connect_timeout=PUBLISH_TIMEOUT_SECONDS,
        transport_options={
            "socket_timeout": PUBLISH_TIMEOUT_SECONDS,
            "socket_connect_timeout": PUBLISH_TIMEOUT_SECONDS,
            "max_retries": 0,
        },
    )


def _claim(message_id: int) -> bool:
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True, failed_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def deliver(message_id: int) -> bool:
    """Deliver one message if nobody else has or is doing it. True when it was sent now."""
    if not _claim(message_id):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    func = _handlers.get(message.kind)
    try:
        if func is None:
            raise LookupError(f"No outbox handler for {message.kind!r}")
        func(message)
    except Exception as exc:
        _release_after_failure(message, exc)
        return False
    OutboxMessage.objects.filter(pk=message_id).update(sent_at=timezone.now(), last_error="")
    return True


def _release_after_failure(message: OutboxMessage, exc: Exception) -> None:
    logger.warning("Outbox message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
    now = timezone.now()
    changes: dict[str, Any] = {"claimed_at": None, "last_error": str(exc)[:2000]}
    if message.attempts >= MAX_ATTEMPTS:
        changes["failed_at"] = now
    else:
        changes["available_at"] = now + datetime.timedelta(minutes=2**message.attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(**changes)


def pending() -> list[tuple[int, int]]:
    """(id, ward id) of messages due for (re)publishing, across wards: the beat task's job."""
    now = timezone.now()
    with scopes_disabled():
        return list(
            OutboxMessage.objects.filter(
                sent_at__isnull=True, failed_at__isnull=True, available_at__lte=now
            )
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
            .order_by("available_at")
            .values_list("pk", "ward_id")[:500]
        )


def publish_pending() -> int:
    """Publish every due message; returns how many were handed to Celery."""
    return sum(publish(message_id, ward_id) for message_id, ward_id in pending())
