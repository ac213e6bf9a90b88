"""Celery tasks of the shared machinery."""

from __future__ import annotations

from celery import shared_task

from wardsec import outbox
from wardsec.scoping import ward_scope


@shared_task(ignore_result=True)
def deliver_outbox_message(message_id: int, ward_id: int) -> bool:
    """Deliver one outbox message inside its ward's scope; safe to run twice."""
    with ward_scope(ward_id):
        return outbox.deliver(message_id)


@shared_task(ignore_result=True)
def publish_outbox() -> int:
    """Beat, every minute: publish what could not be published when it was written."""
    return outbox.publish_pending()


@shared_task(ignore_result=True)
def ping() -> str:
    """A no-op round trip, used by /healthz and the worker integration test."""
    return "pong"
