"""Storing a tip's photos as attachments (checked and re-encoded before, by the adapters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tips.models import TipAttachment
from wardsec import attachments

if TYPE_CHECKING:
    from tips.models import Tip, TipMessage
    from wardsec.photos import CleanPhoto


def store_photos(
    tip: Tip, photos: list[CleanPhoto], *, message: TipMessage | None, written: list[str]
) -> None:
    """Save photos on `tip` (and `message`) under their server names, adding each path written
    to `written` as it is written, so that a failure part-way removes them all
    (`attachments.remove_files`)."""
    for photo in photos:
        attachments.store(TipAttachment(tip=tip, message=message), photo, written=written)
