"""Outside systems that file tips through Open311: their keys."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from tips.models import Open311Client
from tips.services.common import nfc
from wardsec import audit
from wardsec.models import AuditAction

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def open311_key_hash(key: str) -> str:
    """The stored form of a client's key (a random 256-bit token: a plain hash suffices)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_open311_client(
    *, name: str, province: Any, actor: User | None
) -> tuple[Open311Client, str]:
    """Register an outside system and return it with its API key, shown this once only."""

    key = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(
        name=nfc(name), province=province, key_prefix=key[:8], key_hash=open311_key_hash(key)
    )
    audit.record(
        action=AuditAction.CREATE,
        instance=client,
        actor=actor,
        changes=audit.created(client),
        event="open311.client.issue",
    )
    return client, key


def find_open311_client(key: str) -> Open311Client | None:
    """The active client holding `key`, or None."""
    if not key:
        return None
    client = (
        Open311Client.objects.filter(key_hash=open311_key_hash(key), is_active=True)
        .select_related("province")
        .first()
    )
    if client is not None:
        Open311Client.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client
