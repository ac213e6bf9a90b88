"""A citizen's or an officer's tip comes in: `TipDraft` (what every adapter builds) and
`submit_tip` (which checks every rule of it, whichever adapter built it)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from tips import codes
from tips.choices import TipChannel
from tips.models import Tip
from tips.services.common import Contact, citizen_label, nfc
from tips.services.photos import store_photos
from wardsec import attachments, audit, outbox, validators
from wardsec.models import AuditAction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from tips.models import OffenceCategory, Open311Client
    from wards.models import Neighbourhood, Ward
    from wardsec.photos import CleanPhoto


@dataclass(frozen=True)
class TipDraft:
    """A tip as an adapter read it (public form, officer's admin page, REST API, Open311,
    demo): values of the right types, no rule checked yet — `submit_tip` checks them all.

    `contact` None (or all empty) makes the tip anonymous; `idempotency_key` makes a retried
    submission find the first tip; `issue_pin` False gives a tracking code with no PIN (tips
    whose tipster has no status page to read, such as Open311's)."""

    ward: Ward
    category: OffenceCategory
    description: str
    channel: str
    neighbourhood: Neighbourhood | None = None
    occurred_on: datetime.date | None = None
    occurred_time: datetime.time | None = None
    occurred_note: str = ""
    location_text: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    contact: Contact | None = None
    photos: list[CleanPhoto] = field(default_factory=list)
    idempotency_key: Any = None
    received_at: datetime.datetime | None = None
    entered_by: User | None = None
    open311_client: Open311Client | None = None
    issue_pin: bool = True

    @classmethod
    def of(cls, data: Mapping[str, Any], **given: Any) -> TipDraft:
        """A draft from an adapter's validated data, whose keys are named as the draft's
        fields (others are ignored), with what the adapter itself decides (`ward`, `channel`,
        `contact`, `entered_by`, …) given over them."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names} | given)


@dataclass(frozen=True)
class Receipt:
    """What the citizen is given once: the tip, its code and (when issued) the PIN. The code
    and PIN are not stored, so a receipt for a tip found again (`created` False) has neither."""

    tip: Tip
    code: str | None
    pin: str | None
    created: bool

    @property
    def display_code(self) -> str:
        return codes.format_code(self.code) if self.code else ""


# What the database guarantees itself (foreign keys, unique codes and keys): `full_clean` would
# ask it again, one SELECT each. The adapters give objects they loaded; `_check_rules` holds
# the rules about them.
_GUARANTEED_BY_DATABASE = [
    "ward",
    "neighbourhood",
    "category",
    "entered_by",
    "open311_client",
    "code_digest",
    "reference",
    "pin_hash",
    "idempotency_key",
]


def _check_rules(draft: TipDraft) -> None:
    """Every rule of a tip that is not a column's own (those are `clean_fields`'): the ward
    takes tips from this channel, the neighbourhood is the ward's, the category is in use,
    both coordinates or neither, no incident in the future, the one phone rule."""
    ward, neighbourhood = draft.ward, draft.neighbourhood
    if draft.channel in (TipChannel.WEB, TipChannel.OPEN311) and not (
        ward.is_active and ward.accepts_public_tips
    ):
        raise ValidationError({"ward": _("Phường/xã này hiện không nhận tin báo trực tuyến.")})
    if neighbourhood is not None and neighbourhood.ward_id != ward.pk:
        raise ValidationError({"neighbourhood": _("Khu phố/ấp không thuộc phường/xã đã chọn.")})
    validators.check_coordinates(draft.latitude, draft.longitude)
    validators.check_event_date("occurred_on", draft.occurred_on)
    if not draft.category.is_active:
        raise ValidationError({"category": _("Loại vụ việc này không còn sử dụng.")})
    if not nfc(draft.description):
        raise ValidationError({"description": _("Hãy kể lại sự việc.")})
    validators.check_phone("contact_phone", (draft.contact or Contact()).phone)


def _build(draft: TipDraft, code: str, pin: str | None) -> Tip:
    """The unsaved tip of a checked draft, its text in NFC, its code and PIN as digests."""
    contact = draft.contact or Contact()
    tip = Tip(
        ward=draft.ward,
        neighbourhood=draft.neighbourhood,
        category=draft.category,
        channel=draft.channel,
        description=nfc(draft.description),
        occurred_on=draft.occurred_on,
        occurred_time=draft.occurred_time,
        occurred_note=nfc(draft.occurred_note),
        location_text=nfc(draft.location_text),
        latitude=draft.latitude,
        longitude=draft.longitude,
        is_anonymous=not (contact.name or contact.phone or contact.email),
        contact_name=nfc(contact.name),
        contact_phone=nfc(contact.phone),
        contact_email=nfc(contact.email),
        code_digest=codes.code_digest(code),
        pin_hash=codes.pin_digest(code, pin) if pin else "",
        idempotency_key=draft.idempotency_key,
        received_at=draft.received_at or timezone.now(),
        entered_by=draft.entered_by,
        open311_client=draft.open311_client,
    )
    # The values as the model declares them (lengths, choices, e-mail, digits), in Python.
    tip.clean_fields(exclude=_GUARANTEED_BY_DATABASE)
    return tip


def _existing_receipt(idempotency_key: Any) -> Receipt | None:
    if idempotency_key is None:
        return None
    with scopes_disabled():
        tip = Tip.objects.filter(idempotency_key=idempotency_key).first()
    return Receipt(tip=tip, code=None, pin=None, created=False) if tip else None


def _code_taken(code: str) -> bool:
    with scopes_disabled():
        return Tip.objects.filter(code_digest=codes.code_digest(code)).exists()


# The reference in the INSERT itself (PostgreSQL): the id's default (`nextval`) comes first in
# the row, so `currval` of its sequence in a later column is that id. Padded like
# codes.reference (to 6 digits, never cut).
_REFERENCE_SQL = (
    "%s || lpad(currval(pg_get_serial_sequence(%s, %s))::text, "
    "greatest(6, length(currval(pg_get_serial_sequence(%s, %s))::text)), '0')"
)


def _insert_numbered(tip: Tip) -> None:
    """Insert `tip` with its reference number, from its id: unique and race-free without a
    counter to lock. On PostgreSQL one statement (`_REFERENCE_SQL`); elsewhere an UPDATE
    after the INSERT, in the caller's transaction."""
    year = timezone.localtime(tip.received_at).year
    if connection.vendor != "postgresql":
        tip.save()
        tip.reference = codes.reference(year, tip.pk)
        Tip.objects.with_scopes_disabled().filter(pk=tip.pk).update(reference=tip.reference)
        return
    prefix = codes.reference(year, 0).removesuffix("000000")
    table, column = Tip._meta.db_table, Tip._meta.pk.column
    params = (prefix, table, column, table, column)
    tip.reference = RawSQL(_REFERENCE_SQL, params)  # type: ignore[assignment]  # noqa: S611 - constant SQL
    tip.save()
    tip.reference = codes.reference(year, tip.pk)


def _save(tip: Tip, photos: list[CleanPhoto], written: list[str]) -> None:
    """Insert and number (`_insert_numbered`), store the photos (their paths added to
    `written`), audit and notify, in the caller's transaction."""
    _insert_numbered(tip)
    store_photos(tip, photos, message=None, written=written)
    audit.record(
        action=AuditAction.CREATE,
        instance=tip,
        actor=tip.entered_by,
        actor_label=None if tip.entered_by else citizen_label(tip),
        changes=audit.created(tip),
        event="tip.submit",
    )
    outbox.enqueue(kind="tips.new_tip", ward=tip.ward, payload={"tip_id": tip.pk})


def _insert(draft: TipDraft, pin: str | None) -> Receipt:
    """Insert the tip with a fresh tracking code. The unique constraints answer what used to be
    asked first: a taken idempotency key gives the first tip's receipt; a taken code digest
    (73.6 bits: all but impossible) another code."""
    while True:
        code = codes.new_tracking_code()
        tip = _build(draft, code, pin)
        written: list[str] = []
        try:
            with transaction.atomic():
                _save(tip, draft.photos, written)
        except IntegrityError:
            attachments.remove_files(written)
            again = _existing_receipt(draft.idempotency_key)
            if again is not None:  # posted again, or twice at the same moment
                return again
            if _code_taken(code):
                continue
            raise
        except Exception:
            attachments.remove_files(written)
            raise
        return Receipt(tip=tip, code=code, pin=pin, created=True)


def submit_tip(*, draft: TipDraft) -> Receipt:
    """Record a tip and give back its receipt (tracking code, PIN shown once).

    Every rule is checked here (`_check_rules`, the model's own values), so the public form,
    the admin, the API and Open311 refuse the same things. Anonymous unless the draft has a
    contact; nothing about the sender's device or connection is stored. A second call with the
    same `idempotency_key` (a double click, a retried POST) returns the first tip with
    `created=False` and no PIN. Notifies the ward's duty officers through the outbox, after
    commit, whether or not the broker is up.
    """
    _check_rules(draft)
    pin = codes.new_pin() if draft.issue_pin else None
    return _insert(draft, pin)


def read_tipster_contact(*, tip: Tip, actor: User) -> Contact:
    """A named tipster's contact, for someone holding `tips.view_tipster_contact`; audited.
    An anonymous tip has none to read."""
    if not actor.has_perm("tips.view_tipster_contact"):
        raise PermissionError("view_tipster_contact required")
    if tip.is_anonymous:
        return Contact()
    audit.record(action=AuditAction.VIEW, instance=tip, actor=actor, event="tip.contact.read")
    return Contact(name=tip.contact_name, phone=tip.contact_phone, email=tip.contact_email)
