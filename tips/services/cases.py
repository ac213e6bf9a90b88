"""Cases (vụ việc): opening, gathering tips, clarification."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from tips.choices import CaseStatus, TipOutcome, TipStatus
from tips.models import Case, OffenceCategory, Tip
from tips.services.common import check_staff_of_ward, nfc, require_status
from wardsec import audit, validators
from wardsec.models import AuditAction
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward


def _next_case_number(ward: Ward, year: int) -> str:
    """The ward's next number for the year. Call inside the transaction that saves the case:
    the ward's row is locked until then, so two officers opening cases at once do not draw the
    same number (PostgreSQL; SQLite serialises writes anyway)."""
    from wards.models import Ward as WardModel

    with scopes_disabled():
        WardModel.objects.select_for_update().filter(pk=ward.pk).first()
        count = Case.objects.filter(ward=ward, number__startswith=f"VV-{year}-").count()
    return f"VV-{year}-{count + 1:03d}"


def _check_case(
    ward: Ward, categories: list[OffenceCategory], officer: User | None, opened_on: datetime.date
) -> None:
    if not categories:
        raise ValidationError({"categories": _("Hãy chọn ít nhất một loại vụ việc.")})
    if officer is not None:
        check_staff_of_ward(
            officer,
            ward,
            field="officer_in_charge",
            message=_("Cán bộ này không công tác tại phường/xã của vụ việc."),
        )
    validators.check_event_date("opened_on", opened_on)


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
    """Open a case (vụ việc) in a ward, numbered VV-<year>-<n>, gathering the given tips. At
    least one category; the officer in charge works in the ward; not opened in the future."""
    opened_on = opened_on or timezone.localdate()
    _check_case(ward, categories, officer_in_charge, opened_on)
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
    require_status(
        tip, [*TipStatus.open_values(), TipStatus.CLOSED], _("Tin báo này không thể gắn vụ việc.")
    )
    before = audit.snapshot(tip)
    tip.case = case
    if tip.status == TipStatus.NEW:
        tip.status = TipStatus.IN_PROGRESS
        tip.triaged_at = timezone.now()
    return transition(tip, actor=actor, event="tip.link_case", before=before)


@transaction.atomic
def clarify_case(
    *, case: Case, actor: User, clarified_on: datetime.date, close_open_tips: bool = False
) -> Case:
    """The case is clarified (làm rõ) on a date: it and its subjects count in that period.
    With `close_open_tips`, its tips still open are closed too, with the outcome "case
    clarified" (each its own audited step); `case.closed_tips` lists them."""
    if case.status == CaseStatus.CLARIFIED:
        raise ValidationError(_("Vụ việc đã được làm rõ."))
    if clarified_on < case.opened_on:
        raise ValidationError({"clarified_on": _("Ngày làm rõ không được trước ngày thụ lý.")})
    if clarified_on > timezone.localdate():
        raise ValidationError({"clarified_on": _("Ngày làm rõ không được ở tương lai.")})
    before = audit.snapshot(case)
    case.status = CaseStatus.CLARIFIED
    case.clarified_on = clarified_on
    transition(case, actor=actor, event="case.clarify", before=before)
    closed: list[Tip] = []
    if close_open_tips:
        from tips.services.triage import close_tip

        for tip in case.tips.filter(status__in=TipStatus.open_values()).select_related("ward"):
            tip.case = case
            closed.append(close_tip(tip=tip, actor=actor, outcome=TipOutcome.CASE_CLARIFIED))
    case.closed_tips = closed  # type: ignore[attr-defined]  # for the caller's message
    return case


@transaction.atomic
def reopen_case(*, case: Case, actor: User, note: str) -> Case:
    """Reopen a clarified case for more work: a commander's decision (`tips.reopen_case`),
    with its reason, because the case and its subjects count in the period it was clarified.
    The clarification date is cleared; the audit entry keeps it."""
    if case.status != CaseStatus.CLARIFIED:
        raise ValidationError(_("Vụ việc này chưa được làm rõ."))
    if not actor.has_perm("tips.reopen_case"):
        raise ValidationError(_("Chỉ chỉ huy được mở lại vụ việc đã làm rõ."))
    reason = nfc(note)
    if not reason:
        raise ValidationError({"note": _("Hãy ghi lý do mở lại vụ việc.")})
    before = audit.snapshot(case)
    case.status = CaseStatus.OPEN
    case.clarified_on = None
    return transition(case, actor=actor, event="case.reopen", before=before, note=reason)
