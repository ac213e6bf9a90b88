"""A tip's work: first look (triage, transfer), assignment, closing, referral to mediation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from tips.choices import TRIAGE_STATUS, CaseStatus, TipOutcome, TipStatus, TriageDecision
from tips.models import Tip
from tips.services.common import check_staff_of_ward, nfc, require_status
from wardsec import audit, outbox
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward

# Sent when a tip is referred to mediation; the mediation app connects a receiver that opens
# the dispute. Arguments: tip, actor, note.
tip_referred_to_mediation = Signal()


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
    require_status(tip, [TipStatus.NEW], _("Tin báo này đã được phân loại."))
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
    return transition(
        tip, actor=actor, event=f"tip.triage.{decision}", before=before, note=nfc(note)
    )


def _transfer(tip: Tip, *, actor: User, to: Ward | None, before: dict, note: str) -> Tip:
    """Move a new tip to the ward it concerns; both wards' logs keep the move."""
    if to is None or to.pk == tip.ward_id or not to.is_active:
        raise ValidationError({"transfer_to": _("Hãy chọn phường/xã khác đang hoạt động.")})
    old_ward = tip.ward
    tip.transferred_from = old_ward
    tip.ward = to
    tip.neighbourhood = None
    tip.assignee = None
    tip.status = TipStatus.NEW
    transition(
        tip, actor=actor, event="tip.transfer", before=before, note=nfc(note), moved_from=old_ward
    )
    outbox.enqueue(kind="tips.new_tip", ward=to, payload={"tip_id": tip.pk})
    return tip


@transaction.atomic
def assign_tip(*, tip: Tip, assignee: User, actor: User) -> Tip:
    """Give an open tip to an officer of its ward, or of the ward it was merged into (a new tip
    is accepted by being assigned); tells the officer through the outbox."""
    require_status(tip, TipStatus.open_values(), _("Tin báo đã kết thúc, không thể giao."))
    check_staff_of_ward(
        assignee,
        tip.ward,
        field="assignee",
        message=_("Cán bộ này không công tác tại phường/xã của tin."),
    )
    before = audit.snapshot(tip)
    tip.assignee = assignee
    if tip.status == TipStatus.NEW:
        tip.status = TipStatus.IN_PROGRESS
        tip.triaged_at = timezone.now()
    transition(tip, actor=actor, event="tip.assign", before=before)
    if assignee.pk != actor.pk:
        outbox.enqueue(
            kind="tips.assigned", ward=tip.ward, payload={"tip_id": tip.pk, "user_id": assignee.pk}
        )
    return tip


@transaction.atomic
def close_tip(*, tip: Tip, actor: User, outcome: str, note: str = "") -> Tip:
    """End the work on a tip with its outcome ("case clarified" only for a tip of a clarified
    case)."""
    require_status(tip, TipStatus.open_values(), _("Tin báo đã kết thúc."))
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
    return transition(tip, actor=actor, event="tip.close", before=before, note=nfc(note))


@transaction.atomic
def refer_tip_to_mediation(*, tip: Tip, actor: User, note: str = "") -> Tip:
    """A dispute among residents rather than an offence: hand it to grassroots mediation.

    Sends `tip_referred_to_mediation` inside the transaction; the mediation app's receiver
    opens the dispute, so both happen or neither.
    """
    require_status(tip, TipStatus.open_values(), _("Tin báo đã kết thúc."))
    before = audit.snapshot(tip)
    tip.status = TipStatus.MEDIATION
    tip.closed_at = timezone.now()
    tip.triaged_at = tip.triaged_at or tip.closed_at
    transition(tip, actor=actor, event="tip.refer_mediation", before=before, note=nfc(note))
    tip_referred_to_mediation.send(sender=Tip, tip=tip, actor=actor, note=nfc(note))
    return tip


@transaction.atomic
def reopen_tip(*, tip: Tip, actor: User, note: str) -> Tip:
    """Reopen a finished tip (closed, spam, duplicate, not about security, referred to
    mediation) for verification: a commander's decision (`tips.reopen_tip`), with its reason,
    because the tip counts in past figures. The outcome and the end time are cleared and the
    audit entry keeps what they were; the tip is back "in verification" with its assignee."""
    require_status(tip, TipStatus.final_values(), _("Tin báo này chưa kết thúc."))
    if not actor.has_perm("tips.reopen_tip"):
        raise ValidationError(_("Chỉ chỉ huy được mở lại tin báo đã kết thúc."))
    reason = nfc(note)
    if not reason:
        raise ValidationError({"note": _("Hãy ghi lý do mở lại tin báo.")})
    before = audit.snapshot(tip)
    tip.status = TipStatus.IN_PROGRESS
    tip.outcome = ""
    tip.closed_at = None
    tip.duplicate_of = None
    tip.triaged_at = tip.triaged_at or timezone.now()
    return transition(tip, actor=actor, event="tip.reopen", before=before, note=reason)
