"""Subjects (đối tượng) of cases: added, corrected, their outcome, their identity read."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tips.choices import CaseStatus, SubjectOutcome
from tips.models import Case, OffenceCategory, Subject
from tips.services.common import nfc
from wardsec import audit, validators
from wardsec.models import AuditAction
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: What a correction may change: the offence and the identity (never the case or the outcome,
#: which have their own steps).
CORRECTABLE_FIELDS = ("offence", *Subject.IDENTITY_FIELDS)


def _identity(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """The given subject fields, their text in NFC; a name outside `allowed` is a programming
    error (TypeError), a birth year outside 1900..this year a ValidationError."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown subject fields: {sorted(unknown)}")
    validators.check_birth_year("birth_year", fields.get("birth_year"))
    return {k: nfc(v) if isinstance(v, str) else v for k, v in fields.items()}


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
    id_number, address. The log says that a subject was added, not who. A clarified case
    takes no new subject (it counts, with its subjects, in the period it was clarified): a
    commander reopens it first."""
    if case.status == CaseStatus.CLARIFIED:
        raise ValidationError(
            {
                "case": _(
                    "Vụ việc %(number)s đã được làm rõ nên không thêm đối tượng được. Nếu cần, "
                    "chỉ huy mở lại vụ việc trước."
                )
                % {"number": case.number}
            }
        )
    identity = _identity(identity, Subject.IDENTITY_FIELDS)
    subject = Subject(case=case, full_name=nfc(full_name), offence=offence, **identity)
    subject.full_clean()
    subject.save()
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
def correct_subject(*, subject: Subject, actor: User, **fields: Any) -> Subject:
    """Correct a subject's offence or identity (a typo, a name learnt later): the same rules as
    `add_subject`. Audited as an UPDATE that names the identity fields changed but not their
    values (identities stay behind their permission); nothing changed, nothing logged."""
    fields = _identity(fields, CORRECTABLE_FIELDS)
    before = audit.snapshot(subject)
    for name, value in fields.items():
        setattr(subject, name, value)
    subject.full_clean()
    subject.save()
    changes = audit.diff(before, subject)  # `audit.record` masks the identity's values
    if changes:
        audit.record(
            action=AuditAction.UPDATE,
            instance=subject,
            actor=actor,
            ward=subject.case.ward,
            changes=changes,
            event="subject.change",
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
    """How a subject was handled (prosecuted, sanctioned, educated, …) and when (not in the
    future, not before 1900)."""
    if outcome not in SubjectOutcome.values or outcome == SubjectOutcome.PENDING:
        raise ValidationError({"outcome": _("Hãy chọn kết quả xử lý.")})
    validators.check_event_date("outcome_on", outcome_on)
    before = audit.snapshot(subject, ["outcome", "outcome_on", "outcome_note"])
    subject.outcome = outcome
    subject.outcome_on = outcome_on
    subject.outcome_note = nfc(note)
    subject.full_clean()
    return transition(
        subject, actor=actor, event="subject.outcome", before=before, ward=subject.case.ward
    )


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
