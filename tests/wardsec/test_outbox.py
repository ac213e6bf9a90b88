"""The outbox: written with the change, published after commit, delivered once, retried with
back-off, and never a reason for a request to fail when the broker is down."""

from __future__ import annotations

import datetime
import threading
import time
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from wardsec import outbox, tasks
from wardsec.models import OutboxMessage
from wardsec.scoping import ward_scope

pytestmark = pytest.mark.django_db

KIND = "test.echo"


class Recorder:
    """An outbox handler that records what it delivered, and can be told to fail."""

    def __init__(self) -> None:
        self.delivered: list[int] = []
        self.error: Exception | None = None
        self.during: list = []  # callables run inside the handler (a concurrent delivery)

    def __call__(self, message: OutboxMessage) -> None:
        for action in self.during:
            action(message)
        if self.error is not None:
            raise self.error
        self.delivered.append(message.pk)


@pytest.fixture
def recorder():
    handler = Recorder()
    outbox.handler(KIND)(handler)
    yield handler
    outbox._handlers.pop(KIND, None)


def load(message_id: int) -> OutboxMessage:
    with scopes_disabled():
        return OutboxMessage.objects.get(pk=message_id)


def enqueue_committed(ward, **payload) -> OutboxMessage:
    """Write a message in a transaction of its own and let its on-commit publish run."""
    with transaction.atomic():
        return outbox.enqueue(kind=KIND, ward=ward, payload=payload)


def later(minutes: float) -> SimpleNamespace:
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return SimpleNamespace(now=lambda: moment)


# --- Enqueue and publish --------------------------------------------------------------------------
def test_publish_waits_for_the_commit(ward_a, monkeypatch, django_capture_on_commit_callbacks):
    published = []
    monkeypatch.setattr(outbox, "publish", lambda *args: published.append(args) or True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        message = outbox.enqueue(kind=KIND, ward=ward_a, payload={"n": 1})
        assert published == []
    assert published == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert published == [(message.pk, ward_a.pk)]


def test_a_rolled_back_change_leaves_no_message(ward_a, monkeypatch):
    published = []
    monkeypatch.setattr(outbox, "publish", lambda *args: published.append(args) or True)

    class AbortError(Exception):
        pass

    with pytest.raises(AbortError), transaction.atomic():
        outbox.enqueue(kind=KIND, ward=ward_a, payload={"n": 1})
        raise AbortError
    with scopes_disabled():
        assert OutboxMessage.objects.count() == 0
    assert published == []


def test_enqueued_message_is_delivered_after_commit(
    ward_a, recorder, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox.enqueue(kind=KIND, ward=ward_a, payload={"n": 1})
        assert recorder.delivered == []
    assert recorder.delivered == [message.pk]
    delivered = load(message.pk)
    assert delivered.sent_at is not None
    assert delivered.attempts == 1
    assert delivered.last_error == ""


def test_a_dedupe_key_writes_one_message(ward_a, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    first = outbox.enqueue(kind=KIND, ward=ward_a, payload={}, dedupe_key="daily:1")
    second = outbox.enqueue(kind=KIND, ward=ward_a, payload={}, dedupe_key="daily:1")
    assert first is not None
    assert second is None
    with scopes_disabled():
        assert OutboxMessage.objects.filter(dedupe_key="daily:1").count() == 1


# --- Delivered once -------------------------------------------------------------------------------
def test_delivering_twice_delivers_once(ward_a, recorder, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is True
        assert outbox.deliver(message.pk) is False
    assert recorder.delivered == [message.pk]


def test_a_delivery_started_while_another_runs_does_nothing(ward_a, recorder, monkeypatch):
    """The second worker arrives while the first is inside the handler: it finds the claim."""
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    second_attempt = []
    recorder.during.append(lambda m: second_attempt.append(outbox.deliver(m.pk)))
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is True
    assert second_attempt == [False]
    assert recorder.delivered == [message.pk]
    assert load(message.pk).attempts == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises the whole database)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_in_two_connections_deliver_once(ward_a, recorder, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    start = threading.Barrier(2)
    results: list[bool] = []

    def worker() -> None:
        from django.db import connections

        try:
            start.wait(timeout=10)
            with ward_scope(ward_a.pk):
                results.append(outbox.deliver(message.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, True]
    assert recorder.delivered == [message.pk]


def test_tasks_deliver_inside_the_messages_ward(ward_a, ward_b, recorder, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    # A task given the wrong ward finds nothing to claim: the scope is the message's ward.
    assert tasks.deliver_outbox_message(message.pk, ward_b.pk) is False
    assert recorder.delivered == []
    assert tasks.deliver_outbox_message(message.pk, ward_a.pk) is True
    assert recorder.delivered == [message.pk]


# --- Failures and back-off ------------------------------------------------------------------------
def test_a_failure_is_retried_later_with_back_off(ward_a, recorder, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    recorder.error = RuntimeError("SMTP server said no")
    before = timezone.now()
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is False
    failed = load(message.pk)
    assert failed.sent_at is None
    assert failed.failed_at is None
    assert failed.claimed_at is None
    assert failed.attempts == 1
    assert "SMTP server said no" in failed.last_error
    assert (
        before + datetime.timedelta(minutes=2)
        <= failed.available_at
        <= timezone.now() + datetime.timedelta(minutes=2)
    )
    # Not due now; due once the back-off has passed.
    assert (message.pk, ward_a.pk) not in outbox.pending()
    monkeypatch.setattr(outbox, "timezone", later(3))
    assert (message.pk, ward_a.pk) in outbox.pending()

    # The second failure waits longer (2, 4, 8, ... minutes).
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is False
    second = load(message.pk)
    assert second.attempts == 2
    assert second.available_at >= failed.available_at + datetime.timedelta(minutes=4)

    recorder.error = None
    monkeypatch.setattr(outbox, "timezone", later(30))
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is True
    assert load(message.pk).sent_at is not None
    assert recorder.delivered == [message.pk]


def test_a_message_gives_up_after_the_last_attempt(ward_a, recorder, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    recorder.error = RuntimeError("still down")
    for attempt in range(outbox.MAX_ATTEMPTS):
        monkeypatch.setattr(outbox, "timezone", later(2 ** (attempt + 2)))
        with ward_scope(ward_a):
            assert outbox.deliver(message.pk) is False
    given_up = load(message.pk)
    assert given_up.attempts == outbox.MAX_ATTEMPTS
    assert given_up.failed_at is not None
    monkeypatch.setattr(outbox, "timezone", later(100_000))
    assert (message.pk, ward_a.pk) not in outbox.pending()


def test_a_message_without_handler_is_kept_with_the_error(ward_a, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    with transaction.atomic():
        message = outbox.enqueue(kind="nobody.handles.this", ward=ward_a, payload={})
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is False
    assert "No outbox handler" in load(message.pk).last_error


def test_a_claim_left_by_a_dead_worker_expires(ward_a, recorder, monkeypatch):
    monkeypatch.setattr(outbox, "publish", lambda *args: True)
    message = enqueue_committed(ward_a)
    with scopes_disabled():
        OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now())
    assert (message.pk, ward_a.pk) not in outbox.pending()
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is False
    monkeypatch.setattr(outbox, "timezone", later(outbox.CLAIM_TIMEOUT.total_seconds() / 60 + 1))
    assert (message.pk, ward_a.pk) in outbox.pending()
    with ward_scope(ward_a):
        assert outbox.deliver(message.pk) is True
    assert recorder.delivered == [message.pk]


# --- Broker down --------------------------------------------------------------------------------
def test_publish_never_raises_when_the_broker_is_down(
    ward_a, recorder, broker_down, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox.enqueue(kind=KIND, ward=ward_a, payload={"n": 1})
    assert outbox.publish(message.pk, ward_a.pk) is False
    assert time.monotonic() - started < 15
    kept = load(message.pk)
    assert kept.sent_at is None
    assert kept.attempts == 0
    assert (message.pk, ward_a.pk) in outbox.pending()
    assert recorder.delivered == []


def test_publish_pending_republishes_what_is_due(ward_a, ward_b, recorder, broker_down):
    with transaction.atomic():
        due_a = outbox.enqueue(kind=KIND, ward=ward_a, payload={})
        due_b = outbox.enqueue(kind=KIND, ward=ward_b, payload={})
        waiting = outbox.enqueue(kind=KIND, ward=ward_a, payload={})
    with scopes_disabled():
        OutboxMessage.objects.filter(pk=waiting.pk).update(
            available_at=timezone.now() + datetime.timedelta(hours=1)
        )
    assert outbox.publish_pending() == 0  # the broker is still down: nothing handed over

    broker_down.task_always_eager = True  # the broker is back (tasks run inline)
    assert tasks.publish_outbox() == 2
    assert sorted(recorder.delivered) == sorted([due_a.pk, due_b.pk])
    assert load(waiting.pk).sent_at is None
    assert outbox.publish_pending() == 0  # sent messages are not published again
    assert sorted(recorder.delivered) == sorted([due_a.pk, due_b.pk])


# --- Admin --------------------------------------------------------------------------------------
def test_superuser_retries_a_failed_message_from_the_admin(
    superuser_client, ward_a, recorder, eager_celery
):
    from django.urls import reverse

    with transaction.atomic():
        message = outbox.enqueue(kind=KIND, ward=ward_a, payload={})
    with scopes_disabled():
        OutboxMessage.objects.filter(pk=message.pk).update(
            failed_at=timezone.now(), attempts=outbox.MAX_ATTEMPTS, last_error="gave up"
        )
    changelist = reverse("admin:wardsec_outboxmessage_changelist")
    response = superuser_client.post(
        changelist, {"action": "retry", "_selected_action": [message.pk], "index": 0}
    )
    assert response.status_code == 302
    assert recorder.delivered == [message.pk]
    assert load(message.pk).sent_at is not None


def test_the_outbox_is_not_for_ward_staff(commander_a_client, officer_a_client):
    from django.urls import reverse

    changelist = reverse("admin:wardsec_outboxmessage_changelist")
    assert commander_a_client.get(changelist).status_code == 403
    assert officer_a_client.get(changelist).status_code == 403
