"""The thread of a tip: public replies, internal notes and what the tipster adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tips.choices import MessageKind
from tips.models import TipMessage
from tips.services.common import citizen_label, nfc
from tips.services.photos import store_photos
from wardsec import attachments, audit, outbox
from wardsec.models import AuditAction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from tips.models import Tip
    from wardsec.photos import CleanPhoto


def _add_message(tip: Tip, *, kind: str, body: str, author: User | None) -> TipMessage:
    body = nfc(body)
    if not body:
        raise ValidationError({"body": _("Nội dung không được để trống.")})
    message = TipMessage.objects.create(tip=tip, kind=kind, body=body, author=author)
    audit.record(
        action=AuditAction.CREATE,
        instance=message,
        actor=author,
        actor_label=None if author else citizen_label(tip),
        ward=tip.ward,
        changes={"kind": [None, kind], "body": [None, body]},
        event=f"tip.message.{kind}",
    )
    return message


@transaction.atomic
def reply_to_tipster(*, tip: Tip, actor: User, body: str) -> TipMessage:
    """A public reply: the tipster reads it on the status page with their code and PIN."""
    return _add_message(tip, kind=MessageKind.PUBLIC_REPLY, body=body, author=actor)


@transaction.atomic
def add_internal_note(*, tip: Tip, actor: User, body: str) -> TipMessage:
    """A note for the officers only; never shown on the status page or by Open311."""
    return _add_message(tip, kind=MessageKind.INTERNAL_NOTE, body=body, author=actor)


def add_citizen_information(
    *, tip: Tip, body: str, photos: list[CleanPhoto] | None = None
) -> TipMessage:
    """The tipster adds information or photos (after proving code and PIN). Stores nothing about
    the sender; tells the assigned officer (or the duty officers) through the outbox."""
    written: list[str] = []
    try:
        with transaction.atomic():
            message = _add_message(tip, kind=MessageKind.CITIZEN, body=body, author=None)
            store_photos(tip, photos or [], message=message, written=written)
            outbox.enqueue(
                kind="tips.citizen_added",
                ward=tip.ward,
                payload={"tip_id": tip.pk, "message_id": message.pk},
            )
    except Exception:
        attachments.remove_files(written)
        raise
    return message
