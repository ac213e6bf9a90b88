"""Workflows of the tips app. Views, the admin, the API, Open311 and commands all call these.

Every function is keyword-only, runs in one transaction, checks its rules (raising
ValidationError with a Vietnamese message), writes the audit entry and queues its side effects
through the outbox, and returns the object it worked on.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from tips import codes
from tips.choices import (
    TRIAGE_STATUS,
    CaseStatus,
    MessageKind,
    SubjectOutcome,
    TipChannel,
    TipOutcome,
    TipStatus,
    TriageDecision,
)
from tips.models import (
    Case,
    OffenceCategory,
    Open311Client,
    Subject,
    Tip,
    TipAttachment,
    TipMessage,
)
from tips.photos import CleanPhoto
from wardsec import audit, outbox, validators
from wardsec.models import AuditAction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Neighbourhood, Ward

# Sent when a tip is referred to mediation; the mediation app connects a receiver that opens
# the dispute. Arguments: tip, actor, note.
tip_referred_to_mediation = Signal()

CITIZEN = "Người dân"
ANONYMOUS_CITIZEN = "Người dân (ẩn danh)"


def nfc(text: str | None) -> str:
    """User text, normalised to Unicode NFC and trimmed."""
    return unicodedata.normalize("NFC", text or "").strip()


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""


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


def _citizen_label(tip: Tip) -> str:
    return ANONYMOUS_CITIZEN if tip.is_anonymous else CITIZEN


def _store_photos(tip: Tip, photos: list[CleanPhoto], message: TipMessage | None) -> list[str]:
    """Save photos under their server names; returns the paths written (for clean-up)."""
    written: list[str] = []
    for photo in photos:
        attachment = TipAttachment(
            tip=tip,
            message=message,
            stored_name=photo.stored_name,
            content_type=photo.content_type,
            size_bytes=len(photo.content),
            width=photo.width,
            height=photo.height,
        )
        attachment.file.save(photo.stored_name, ContentFile(photo.content), save=False)
        written.append(cast("str", attachment.file.name))  # set by `save`
        attachment.save()
    return written


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _check_placement(ward: Ward, neighbourhood: Neighbourhood | None, channel: str) -> None:
    if channel in (TipChannel.WEB, TipChannel.OPEN311) and not (
        ward.is_active and ward.accepts_public_tips
    ):
        raise ValidationError({"ward": _("Phường/xã này hiện không nhận tin báo trực tuyến.")})
    if neighbourhood is not None and neighbourhood.ward_id != ward.pk:
        raise ValidationError({"neighbourhood": _("Khu phố/ấp không thuộc phường/xã đã chọn.")})


# What the database guarantees itself (foreign keys, unique codes and keys): `full_clean` would
# ask it again, one SELECT each. The adapters give objects they loaded; `_check_placement` and
# the category check hold the rules about them.
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


def _validate_values(tip: Tip) -> None:
    """The tip's values as the model declares them (lengths, choices, e-mail, digits), checked
    in Python without a query; raises ValidationError by field. The coordinates' check
    constraint is `validators.check_coordinates`, called before."""
    tip.clean_fields(exclude=_GUARANTEED_BY_DATABASE)


def _existing_receipt(idempotency_key: Any) -> Receipt | None:
    if idempotency_key is None:
        return None
    with scopes_disabled():
        tip = Tip.objects.filter(idempotency_key=idempotency_key).first()
    return Receipt(tip=tip, code=None, pin=None, created=False) if tip else None


def _new_code() -> str:
    """A fresh tracking code (73.6 bits: a clash is all but impossible; the unique digest
    would refuse one anyway)."""
    with scopes_disabled():
        while True:
            code = codes.new_tracking_code()
            if not Tip.objects.filter(code_digest=codes.code_digest(code)).exists():
                return code


def _number(tip: Tip) -> None:
    """Give a just-inserted tip its reference number, from its id: unique and race-free
    without a counter to lock."""
    year = timezone.localtime(tip.received_at).year
    tip.reference = codes.reference(year, tip.pk)
    Tip.objects.with_scopes_disabled().filter(pk=tip.pk).update(reference=tip.reference)


def submit_tip(
    *,
    ward: Ward,
    category: OffenceCategory,
    description: str,
    channel: str,
    neighbourhood: Neighbourhood | None = None,
    occurred_on: datetime.date | None = None,
    occurred_time: datetime.time | None = None,
    occurred_note: str = "",
    location_text: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    contact: Contact | None = None,
    photos: list[CleanPhoto] | None = None,
    idempotency_key: Any = None,
    received_at: datetime.datetime | None = None,
    entered_by: User | None = None,
    open311_client: Open311Client | None = None,
    issue_pin: bool = True,
) -> Receipt:
    """Record a tip and give back its receipt (tracking code, PIN shown once).

    Anonymous unless `contact` is given; nothing about the sender's device or connection is
    stored. A second call with the same `idempotency_key` (a double click, a retried POST)
    returns the first tip with `created=False` and no PIN. Notifies the ward's duty officers
    through the outbox, after commit, whether or not the broker is up.
    """
    existing = _existing_receipt(idempotency_key)
    if existing is not None:
        return existing
    _check_placement(ward, neighbourhood, channel)
    validators.check_coordinates(latitude, longitude)
    validators.check_event_date("occurred_on", occurred_on)
    if not category.is_active:
        raise ValidationError({"category": _("Loại vụ việc này không còn sử dụng.")})
    description = nfc(description)
    if not description:
        raise ValidationError({"description": _("Hãy kể lại sự việc.")})
    contact = contact or Contact()
    validators.check_phone("contact_phone", contact.phone)
    pin = codes.new_pin() if issue_pin else None
    code = _new_code()
    tip = Tip(
        ward=ward,
        neighbourhood=neighbourhood,
        category=category,
        channel=channel,
        description=description,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        occurred_note=nfc(occurred_note),
        location_text=nfc(location_text),
        latitude=latitude,
        longitude=longitude,
        is_anonymous=not (contact.name or contact.phone or contact.email),
        contact_name=nfc(contact.name),
        contact_phone=nfc(contact.phone),
        contact_email=nfc(contact.email),
        code_digest=codes.code_digest(code),
        pin_hash=codes.pin_digest(code, pin) if pin else "",
        idempotency_key=idempotency_key,
        received_at=received_at or timezone.now(),
        entered_by=entered_by,
        open311_client=open311_client,
    )
    _validate_values(tip)
    written: list[str] = []
    try:
        with transaction.atomic():
            tip.save()
            _number(tip)
            written = _store_photos(tip, photos or [], message=None)
            audit.record(
                action=AuditAction.CREATE,
                instance=tip,
                actor=entered_by,
                actor_label=None if entered_by else _citizen_label(tip),
                changes=audit.created(tip),
                event="tip.submit",
            )
            outbox.enqueue(kind="tips.new_tip", ward=ward, payload={"tip_id": tip.pk})
    except IntegrityError:
        _remove_files(written)
        again = _existing_receipt(idempotency_key)
        if again is not None:  # the same form was posted twice at the same moment
            return again
        raise
    except Exception:
        _remove_files(written)
        raise
    return Receipt(tip=tip, code=code, pin=pin, created=True)


def _transition(tip: Tip, actor: User, event: str, before: dict, note: str = "") -> Tip:
    tip.save()
    audit.record(
        action=AuditAction.TRANSITION,
        instance=tip,
        actor=actor,
        changes=audit.diff(before, tip),
        event=event,
        note=note,
    )
    return tip


def _require_status(tip: Tip, allowed: list[str], message: str) -> None:
    if tip.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def triage_tip(
    *,
    tip: Tip,
    actor: User,
    decision: str,
    duplicate_of: Tip | None = None,
    transfer_to: Ward | None = None,
    note: str = "",
) -> Tip:
    """First look at a new tip: accept it for verification, or mark it a duplicate of another
    tip of the ward, spam or a prank, not about security and order, or outside the ward (moved
    to the ward it concerns, which sees it as new; the tipster's code keeps working)."""
    _require_status(tip, [TipStatus.NEW], _("Tin báo này đã được phân loại."))
    if decision not in TriageDecision.values:
        raise ValidationError(_("Quyết định phân loại không hợp lệ."))
    before = audit.snapshot(tip)
    if decision == TriageDecision.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == tip.pk or duplicate_of.ward_id != tip.ward_id:
            raise ValidationError({"duplicate_of": _("Hãy chọn tin báo gốc của cùng phường/xã.")})
        tip.duplicate_of = duplicate_of
    if decision == TriageDecision.TRANSFER:
        return _transfer(tip, actor=actor, to=transfer_to, before=before, note=note)
    tip.status = TRIAGE_STATUS[decision]
    tip.triaged_at = timezone.now()
    if tip.status != TipStatus.IN_PROGRESS:
        tip.closed_at = tip.triaged_at
    return _transition(tip, actor, f"tip.triage.{decision}", before, note=nfc(note))


def _transfer(tip: Tip, *, actor: User, to: Ward | None, before: dict, note: str):
    if to is None or to.pk == tip.ward_id or not to.is_active:
        raise ValidationError({"transfer_to": _("Hãy chọn phường/xã khác đang hoạt động.")})
    old_ward = tip.ward
    tip.transferred_from = old_ward
    tip.ward = to
    tip.neighbourhood = None
    tip.assignee = None
    tip.status = TipStatus.NEW
    tip.save()
    changes = audit.diff(before, tip)
    for ward in (old_ward, to):
        audit.record(
            action=AuditAction.TRANSITION,
            instance=tip,
            actor=actor,
            ward=ward,
            changes=changes,
            event="tip.transfer",
            note=nfc(note),
        )
    outbox.enqueue(kind="tips.new_tip", ward=to, payload={"tip_id": tip.pk})
    return tip


def _check_staff_of_ward(user: User, ward: Ward) -> None:
    """The user works in the ward, or in the ward it was merged into (which inherited its
    open work)."""
    from wards.models import Membership

    ward_ids = []
    unit: Ward | None = ward
    while unit is not None and unit.pk not in ward_ids:
        ward_ids.append(unit.pk)
        unit = unit.merged_into
    with scopes_disabled():
        works_here = Membership.objects.current().filter(user=user, ward__in=ward_ids).exists()
    if not works_here:
        raise ValidationError({"assignee": _("Cán bộ này không công tác tại phường/xã của tin.")})


@transaction.atomic
def assign_tip(*, tip: Tip, assignee: User, actor: User) -> Tip:
    """Give an open tip to an officer of its ward (a new tip is accepted by being assigned)."""
    _require_status(tip, TipStatus.open_values(), _("Tin báo đã kết thúc, không thể giao."))
    _check_staff_of_ward(assignee, tip.ward)
    before = audit.snapshot(tip)
    tip.assignee = assignee
    if tip.status == TipStatus.NEW:
        tip.status = TipStatus.IN_PROGRESS
        tip.triaged_at = timezone.now()
    _transition(tip, actor, "tip.assign", before)
    if assignee.pk != actor.pk:
        outbox.enqueue(
            kind="tips.assigned", ward=tip.ward, payload={"tip_id": tip.pk, "user_id": assignee.pk}
        )
    return tip


def _add_message(tip: Tip, *, kind: str, body: str, author: User | None) -> TipMessage:
    body = nfc(body)
    if not body:
        raise ValidationError({"body": _("Nội dung không được để trống.")})
    message = TipMessage.objects.create(tip=tip, kind=kind, body=body, author=author)
    audit.record(
        action=AuditAction.CREATE,
        instance=message,
        actor=author,
        actor_label=None if author else _citizen_label(tip),
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
            written = _store_photos(tip, photos or [], message=message)
            outbox.enqueue(
                kind="tips.citizen_added",
                ward=tip.ward,
                payload={"tip_id": tip.pk, "message_id": message.pk},
            )
    except Exception:
        _remove_files(written)
        raise
    return message


@transaction.atomic
def close_tip(*, tip: Tip, actor: User, outcome: str, note: str = "") -> Tip:
    """End the work on a tip with its outcome."""
    _require_status(tip, TipStatus.open_values(), _("Tin báo đã kết thúc."))
    if outcome not in TipOutcome.values:
        raise ValidationError({"outcome": _("Hãy chọn kết quả xử lý.")})
    if outcome == TipOutcome.CASE_CLARIFIED and not (
        tip.case_id and tip.case is not None and tip.case.status == CaseStatus.CLARIFIED
    ):
        raise ValidationError({"outcome": _("Tin báo chưa gắn với vụ việc đã làm rõ.")})
    before = audit.snapshot(tip)
    tip.status = TipStatus.CLOSED
    tip.outcome = outcome
    tip.closed_at = timezone.now()
    if tip.triaged_at is None:
        tip.triaged_at = tip.closed_at
    return _transition(tip, actor, "tip.close", before, note=nfc(note))


@transaction.atomic
def refer_tip_to_mediation(*, tip: Tip, actor: User, note: str = "") -> Tip:
    """A dispute among residents rather than an offence: hand it to grassroots mediation.

    Sends `tip_referred_to_mediation` inside the transaction; the mediation app's receiver
    opens the dispute, so both happen or neither.
    """
    _require_status(tip, TipStatus.open_values(), _("Tin báo đã kết thúc."))
    before = audit.snapshot(tip)
    tip.status = TipStatus.MEDIATION
    tip.closed_at = timezone.now()
    tip.triaged_at = tip.triaged_at or tip.closed_at
    _transition(tip, actor, "tip.refer_mediation", before, note=nfc(note))
    tip_referred_to_mediation.send(sender=Tip, tip=tip, actor=actor, note=nfc(note))
    return tip


def _next_case_number(ward: Ward, year: int) -> str:
    """The ward's next number for the year. Call inside the transaction that saves the case:
    the ward's row is locked until then, so two officers opening cases at once do not draw the
    same number (PostgreSQL; SQLite serialises writes anyway)."""
    from wards.models import Ward as WardModel

    with scopes_disabled():
        WardModel.objects.select_for_update().filter(pk=ward.pk).first()
        count = Case.objects.filter(ward=ward, number__startswith=f"VV-{year}-").count()
    return f"VV-{year}-{count + 1:03d}"


@transaction.atomic
def open_case(
    *,
    ward: Ward,
    actor: User,
    title: str,
    categories: list[OffenceCategory],
    summary: str = "",
    opened_on: datetime.date | None = None,
    officer_in_charge: User | None = None,
    tips: list[Tip] | None = None,
) -> Case:
    """Open a case (vụ việc) in a ward, numbered VV-<year>-<n>, gathering the given tips."""
    if not categories:
        raise ValidationError({"categories": _("Hãy chọn ít nhất một loại vụ việc.")})
    if officer_in_charge is not None:
        try:
            _check_staff_of_ward(officer_in_charge, ward)
        except ValidationError as exc:
            raise ValidationError(
                {"officer_in_charge": _("Cán bộ này không công tác tại phường/xã của vụ việc.")}
            ) from exc
    opened_on = opened_on or timezone.localdate()
    validators.check_event_date("opened_on", opened_on)
    case = Case(
        ward=ward,
        number=_next_case_number(ward, opened_on.year),
        title=nfc(title),
        summary=nfc(summary),
        opened_on=opened_on,
        officer_in_charge=officer_in_charge,
    )
    case.full_clean()
    case.save()
    case.categories.set(categories)
    changes = audit.created(case) | {"categories": [None, sorted(c.code for c in categories)]}
    audit.record(
        action=AuditAction.CREATE, instance=case, actor=actor, changes=changes, event="case.open"
    )
    for tip in tips or []:
        link_tip_to_case(tip=tip, case=case, actor=actor)
    return case


@transaction.atomic
def link_tip_to_case(*, tip: Tip, case: Case, actor: User) -> Tip:
    """Gather a tip into a case of the same ward (accepting it if it was still new)."""
    if case.ward_id != tip.ward_id:
        raise ValidationError({"case": _("Vụ việc thuộc phường/xã khác.")})
    _require_status(
        tip, [*TipStatus.open_values(), TipStatus.CLOSED], _("Tin báo này không thể gắn vụ việc.")
    )
    before = audit.snapshot(tip)
    tip.case = case
    if tip.status == TipStatus.NEW:
        tip.status = TipStatus.IN_PROGRESS
        tip.triaged_at = timezone.now()
    return _transition(tip, actor, "tip.link_case", before)


@transaction.atomic
def clarify_case(*, case: Case, actor: User, clarified_on: datetime.date) -> Case:
    """The case is clarified (làm rõ) on a date: it and its subjects count in that period."""
    if case.status == CaseStatus.CLARIFIED:
        raise ValidationError(_("Vụ việc đã được làm rõ."))
    if clarified_on < case.opened_on:
        raise ValidationError({"clarified_on": _("Ngày làm rõ không được trước ngày thụ lý.")})
    if clarified_on > timezone.localdate():
        raise ValidationError({"clarified_on": _("Ngày làm rõ không được ở tương lai.")})
    before = audit.snapshot(case)
    case.status = CaseStatus.CLARIFIED
    case.clarified_on = clarified_on
    case.save()
    audit.record(
        action=AuditAction.TRANSITION,
        instance=case,
        actor=actor,
        changes=audit.diff(before, case),
        event="case.clarify",
    )
    return case


@transaction.atomic
def add_subject(
    *,
    case: Case,
    actor: User,
    full_name: str,
    offence: OffenceCategory | None = None,
    **identity: Any,
) -> Subject:
    """Record a subject (đối tượng) of a case. Identity fields: alias, birth_year, gender,
    id_number, address."""
    unknown = set(identity) - set(Subject.IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown subject fields: {sorted(unknown)}")
    validators.check_birth_year("birth_year", identity.get("birth_year"))
    subject = Subject(
        case=case,
        full_name=nfc(full_name),
        offence=offence,
        **{k: nfc(v) if isinstance(v, str) else v for k, v in identity.items()},
    )
    subject.full_clean()
    subject.save()
    # The log says that a subject was added, not who: identities stay behind their permission.
    audit.record(
        action=AuditAction.CREATE,
        instance=subject,
        actor=actor,
        ward=case.ward,
        changes={"case": [None, case.pk]},
        event="subject.add",
    )
    return subject


@transaction.atomic
def record_subject_outcome(
    *,
    subject: Subject,
    actor: User,
    outcome: str,
    outcome_on: datetime.date,
    note: str = "",
) -> Subject:
    """How a subject was handled (prosecuted, sanctioned, educated, …) and when."""
    if outcome not in SubjectOutcome.values or outcome == SubjectOutcome.PENDING:
        raise ValidationError({"outcome": _("Hãy chọn kết quả xử lý.")})
    validators.check_event_date("outcome_on", outcome_on)
    before = audit.snapshot(subject, ["outcome", "outcome_on", "outcome_note"])
    subject.outcome = outcome
    subject.outcome_on = outcome_on
    subject.outcome_note = nfc(note)
    subject.full_clean()
    subject.save()
    audit.record(
        action=AuditAction.TRANSITION,
        instance=subject,
        actor=actor,
        ward=subject.case.ward,
        changes=audit.diff(before, subject),
        event="subject.outcome",
    )
    return subject


def read_subject_identity(*, subject: Subject, actor: User) -> dict[str, Any]:
    """A subject's identity, for someone holding `tips.view_subject_identity`; audited."""
    if not actor.has_perm("tips.view_subject_identity"):
        raise PermissionError("view_subject_identity required")
    audit.record(
        action=AuditAction.VIEW,
        instance=subject,
        actor=actor,
        ward=subject.case.ward,
        event="subject.identity.read",
    )
    return {name: getattr(subject, name) for name in Subject.IDENTITY_FIELDS}


def read_tipster_contact(*, tip: Tip, actor: User) -> Contact:
    """A named tipster's contact, for someone holding `tips.view_tipster_contact`; audited.
    An anonymous tip has none to read."""
    if not actor.has_perm("tips.view_tipster_contact"):
        raise PermissionError("view_tipster_contact required")
    if tip.is_anonymous:
        return Contact()
    audit.record(action=AuditAction.VIEW, instance=tip, actor=actor, event="tip.contact.read")
    return Contact(name=tip.contact_name, phone=tip.contact_phone, email=tip.contact_email)


# --- The citizen's look-up --------------------------------------------------------------------


class LookupLockedError(Exception):
    """Too many wrong PINs for this code: look-ups are refused until `until`."""

    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until


def _lock_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.WARDSEC_PIN_LOCK_MINUTES)


def _unknown_code_failure(digest: str, now: datetime.datetime) -> datetime.datetime | None:
    """Count a wrong look-up of a code that has no tip, in the cache, by the same rule as a
    real code's count on its row: WARDSEC_PIN_MAX_FAILURES failures within the lock window of
    the first lock the code for the window from the last one. Returns the lock's end, or None.
    Atomic (`add` + `incr`), so parallel guesses lock it at the same count as a real code. The
    keys hold only the code's keyed digest. A cache that is down counts nothing."""
    from django.core.cache import cache

    window = int(_lock_window().total_seconds())
    count_key, lock_key = f"tips:lookup:n:{digest[:32]}", f"tips:lookup:until:{digest[:32]}"
    try:
        until = cache.get(lock_key)
        if until is None:
            cache.add(count_key, 0, timeout=window)
            try:
                failures = cache.incr(count_key)
            except ValueError:  # expired between the two calls
                failures = 1
                cache.set(count_key, failures, timeout=window)
            if failures < settings.WARDSEC_PIN_MAX_FAILURES:
                return None
            cache.add(lock_key, (now + _lock_window()).timestamp(), timeout=window)
            until = cache.get(lock_key)
    except Exception:  # the cache is down: count nothing rather than fail the page
        return None
    return datetime.datetime.fromtimestamp(until, tz=datetime.UTC) if until else None


def _tip_failure(tip: Tip, now: datetime.datetime) -> datetime.datetime | None:
    """Count a wrong PIN on the (locked) row of `tip`; returns the lock's end, or None."""
    recent = tip.pin_failed_at is not None and tip.pin_failed_at > now - _lock_window()
    failures = (tip.pin_failed_attempts if recent else 0) + 1
    fields: dict[str, Any] = {
        "pin_failed_attempts": failures,
        "pin_failed_at": tip.pin_failed_at if recent else now,
    }
    if failures >= settings.WARDSEC_PIN_MAX_FAILURES:
        fields = {
            "pin_failed_attempts": 0,
            "pin_failed_at": None,
            "pin_locked_until": now + _lock_window(),
        }
    Tip.objects.with_scopes_disabled().filter(pk=tip.pk).update(**fields)
    return fields.get("pin_locked_until")


def _tip_success(tip: Tip, code: str, pin: str) -> None:
    """Reset the count; a PIN hashed the old way (PBKDF2) is stored in the keyed form now."""
    fields: dict[str, Any] = {}
    if tip.pin_failed_attempts or tip.pin_failed_at:
        fields |= {"pin_failed_attempts": 0, "pin_failed_at": None, "pin_locked_until": None}
    if not codes.is_current_pin_digest(tip.pin_hash):
        fields["pin_hash"] = tip.pin_hash = codes.pin_digest(code, pin)
    if fields:
        Tip.objects.with_scopes_disabled().filter(pk=tip.pk).update(**fields)


def _check_tip(code: str, pin: str, now: datetime.datetime) -> tuple[Tip | None, Any]:
    """(tip, None) for the right PIN; (None, lock end or None) otherwise; (None, False) when
    no tip has this code. The tip's row is locked while its count is read and written, so
    parallel guesses are counted one after the other."""
    with transaction.atomic(), scopes_disabled():
        tip = (
            Tip.objects.select_for_update()
            .filter(code_digest=codes.code_digest(code), pin_hash__gt="")
            .first()
        )
        if tip is None:
            return None, False
        if tip.pin_locked_until and tip.pin_locked_until > now:
            return None, tip.pin_locked_until
        if codes.check_pin(code, pin, tip.pin_hash):
            _tip_success(tip, code, pin)
            return tip, None
        return None, _tip_failure(tip, now)


def find_tip_for_citizen(*, code: str, pin: str) -> Tip | None:
    """The tip whose code and PIN match, or None — the same None for a wrong code and a wrong
    PIN. The WARDSEC_PIN_MAX_FAILURES-th wrong PIN for a code within WARDSEC_PIN_LOCK_MINUTES of
    the first locks it for WARDSEC_PIN_LOCK_MINUTES (LookupLockedError), whatever the client's
    address. A real code's count is kept on its row (locked with SELECT … FOR UPDATE: atomic
    under parallel guesses), an unknown code's in the cache, by the same rule, so that the
    answers and the lock's end do not tell whether a code exists."""
    now = timezone.now()
    normalised = codes.normalise_code(code) or "".join(code.split()).upper()[:40]
    tip, locked = _check_tip(normalised, pin, now)
    if locked is False:
        codes.pin_digest(normalised, pin)  # the work a real check does
        locked = _unknown_code_failure(codes.code_digest(normalised), now)
    if locked:
        raise LookupLockedError(locked)
    return tip


# --- Open311 clients --------------------------------------------------------------------------


def open311_key_hash(key: str) -> str:
    import hashlib

    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_open311_client(
    *, name: str, province: Any, actor: User | None
) -> tuple[Open311Client, str]:
    """Register an outside system and return it with its API key, shown this once only."""
    import secrets

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
