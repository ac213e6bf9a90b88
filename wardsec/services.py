"""Steps every domain app's services take: an audited transition of a record's state.

A workflow step (`assign_tip`, `close_dispute`, `appoint_member`) checks its rules, takes a
snapshot, changes the record and then calls `transition`, inside its own transaction, so that
the change and its audit entry are written together or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from wardsec import audit
from wardsec.models import AuditAction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward

__all__ = ["transition"]

_Record = TypeVar("_Record", bound=models.Model)


def transition(
    instance: _Record,
    *,
    actor: User | None,
    event: str,
    before: dict[str, Any],
    note: str = "",
    ward: Ward | None = None,
    actor_label: str | None = None,
    moved_from: Ward | None = None,
) -> _Record:
    """Save `instance` and record what changed since the snapshot `before` (taken with
    `audit.snapshot`) as one TRANSITION entry named `event`, with the note typed at the step.

    Call inside the step's transaction. `ward` defaults to the instance's own ward (pass it for
    records that reach their ward through a parent). A record moved to another ward passes the
    ward it left as `moved_from`: the entry is written in that ward's log too, so both wards
    see the move.
    """
    instance.save()
    changes = audit.diff(before, instance)
    for log_ward in [moved_from, ward] if moved_from is not None else [ward]:
        audit.record(
            action=AuditAction.TRANSITION,
            instance=instance,
            actor=actor,
            actor_label=actor_label,
            ward=log_ward,
            changes=changes,
            event=event,
            note=note,
        )
    return instance
