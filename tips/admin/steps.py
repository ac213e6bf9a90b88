"""The workflow steps of tips, cases and subjects, declared for `wardsec.workflow`: each calls
one service of `tips.services` and says what it did from what the service returned."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tips import admin_forms, services
from tips.choices import TRIAGE_STATUS, CaseStatus, SubjectOutcome, TipStatus, TriageDecision
from tips.models import Case, Subject, Tip
from wardsec.admin import single_ward
from wardsec.users import signed_in
from wardsec.workflow import BulkStep, Step

TRIAGE = "tips.triage_tip"
DECISION_OF_STATUS = {status: decision for decision, status in TRIAGE_STATUS.items()}


def _on_tip(request: HttpRequest, tip: Tip) -> dict[str, Any]:
    return {"tip": tip, "request": request}


def _is_new(tip: Tip) -> bool:
    return tip.status == TipStatus.NEW


def _is_open(tip: Tip) -> bool:
    return tip.status in TipStatus.open_values()


def _may_join_case(tip: Tip) -> bool:
    return tip.status in [*TipStatus.open_values(), TipStatus.CLOSED]


def _may_open_case(tip: Tip) -> bool:
    return _is_open(tip) and not tip.case_id


# --- Runs (the service call) and messages (from its result) --------------------------------


def _triage(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> Tip:
    return services.triage_tip(
        tip=tip,
        actor=signed_in(request),
        decision=data["decision"],
        duplicate_of=data["duplicate_of"],
        transfer_to=data["transfer_to"],
        note=data["note"],
    )


def _triaged(tip: Tip) -> str:
    if tip.status == TipStatus.NEW:  # only a transfer leaves a triaged tip new (in its new ward)
        return gettext("Đã chuyển tin báo %(code)s sang %(ward)s.") % {
            "code": tip,
            "ward": tip.ward.name,
        }
    return gettext("Đã phân loại tin báo %(code)s: %(decision)s.") % {
        "code": tip,
        "decision": TriageDecision(DECISION_OF_STATUS[TipStatus(tip.status)]).label,
    }


def _assign(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> Tip:
    was_new = tip.status == TipStatus.NEW
    tip = services.assign_tip(tip=tip, assignee=data["assignee"], actor=signed_in(request))
    tip.accepted_by_assignment = was_new  # type: ignore[attr-defined]  # for the message
    return tip


def _assigned(tip: Tip) -> str:
    values = {
        "code": tip,
        "person": admin_forms.person_label(tip.assignee),
        "status": tip.get_status_display(),
    }
    if getattr(tip, "accepted_by_assignment", False):
        return (
            gettext(
                "Đã giao tin báo %(code)s cho %(person)s và tiếp nhận tin: trạng thái chuyển "
                "từ “Mới tiếp nhận” sang “%(status)s” (không cần bấm “Tiếp nhận” nữa)."
            )
            % values
        )
    return gettext("Đã giao tin báo %(code)s cho %(person)s; trạng thái: %(status)s.") % values


def _closed(tip: Tip) -> str:
    return gettext("Đã kết thúc tin báo %(code)s: %(outcome)s.") % {
        "code": tip,
        "outcome": tip.get_outcome_display(),
    }


def _case_form(request: HttpRequest, tip: Tip) -> dict[str, Any]:
    """Opening a case from a tip starts from what the tip knows."""
    initial = {
        "title": tip.category.name if tip.category_id else "",
        "categories": [tip.category_id] if tip.category_id else [],
        "officer_in_charge": tip.assignee_id,
        "tips": [tip.pk],
    }
    return {"request": request, "ward": tip.ward, "initial": initial}


def _open_case(request: HttpRequest, tip: Tip | None, data: dict[str, Any]) -> Case:
    return services.open_case(
        ward=data.get("ward") or (tip.ward if tip is not None else single_ward(request)),
        actor=signed_in(request),
        title=data["title"],
        categories=list(data["categories"]),
        summary=data["summary"],
        opened_on=data["opened_on"],
        officer_in_charge=data["officer_in_charge"],
        tips=list(data["tips"]),
    )


def _case_opened(case: Case) -> str:
    return gettext("Đã mở vụ việc %(number)s.") % {"number": case.number}


TIP_STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            name="triage",
            label=_("Phân loại"),
            form_class=admin_forms.TriageForm,
            run=_triage,
            message=_triaged,
            permission=TRIAGE,
            available=_is_new,
            form_kwargs=_on_tip,
        ),
        Step(
            name="assign",
            label=_("Giao cán bộ"),
            form_class=admin_forms.AssignForm,
            run=_assign,
            message=_assigned,
            permission=TRIAGE,
            available=_is_open,
            submit_label=_("Giao"),
            form_kwargs=_on_tip,
            inline=True,
        ),
        Step(
            name="reply",
            label=_("Trả lời người báo"),
            form_class=admin_forms.ReplyForm,
            run=lambda request, tip, data: services.reply_to_tipster(
                tip=tip, actor=signed_in(request), body=data["body"]
            ),
            message=lambda message: (
                gettext("Đã gửi trả lời; người báo tin đọc được khi tra cứu mã %(code)s.")
                % {"code": message.tip}
            ),
            permission=TRIAGE,
            submit_label=_("Gửi"),
            form_kwargs=_on_tip,
            inline=True,
        ),
        Step(
            name="note",
            label=_("Ghi chú nội bộ"),
            form_class=admin_forms.InternalNoteForm,
            run=lambda request, tip, data: services.add_internal_note(
                tip=tip, actor=signed_in(request), body=data["body"]
            ),
            message=lambda message: (
                gettext("Đã thêm ghi chú nội bộ vào tin báo %(code)s.") % {"code": message.tip}
            ),
            permission=TRIAGE,
            submit_label=_("Lưu ghi chú"),
            form_kwargs=_on_tip,
        ),
        Step(
            name="open-case",
            label=_("Mở vụ việc"),
            form_class=admin_forms.CaseAddForm,
            run=_open_case,
            message=_case_opened,
            permission="tips.add_case",
            available=_may_open_case,
            form_kwargs=_case_form,
            lands_on=lambda case: case,  # where its subjects and clarification are entered
        ),
        Step(
            name="link-case",
            label=_("Gắn vụ việc"),
            form_class=admin_forms.LinkCaseForm,
            run=lambda request, tip, data: services.link_tip_to_case(
                tip=tip, case=data["case"], actor=signed_in(request)
            ),
            message=lambda tip: (
                gettext("Đã gắn tin báo %(code)s vào vụ việc %(case)s.")
                % {"code": tip, "case": tip.case.number}
            ),
            permission=TRIAGE,
            available=_may_join_case,
            submit_label=_("Gắn"),
            form_kwargs=_on_tip,
        ),
        Step(
            name="close",
            label=_("Kết thúc"),
            form_class=admin_forms.CloseForm,
            run=lambda request, tip, data: services.close_tip(
                tip=tip, actor=signed_in(request), outcome=data["outcome"], note=data["note"]
            ),
            message=_closed,
            permission=TRIAGE,
            available=_is_open,
            form_kwargs=_on_tip,
        ),
        Step(
            name="mediation",
            label=_("Chuyển hòa giải"),
            form_class=admin_forms.MediationForm,
            run=lambda request, tip, data: services.refer_tip_to_mediation(
                tip=tip, actor=signed_in(request), note=data["note"]
            ),
            message=lambda tip: (
                gettext("Đã chuyển tin báo %(code)s sang hòa giải ở cơ sở.") % {"code": tip}
            ),
            permission=TRIAGE,
            available=_is_open,
            form_kwargs=_on_tip,
        ),
        Step(
            name="reopen",
            label=_("Mở lại tin báo"),
            form_class=admin_forms.ReopenForm,
            run=lambda request, tip, data: services.reopen_tip(
                tip=tip, actor=signed_in(request), note=data["note"]
            ),
            message=lambda tip: (
                gettext("Đã mở lại tin báo %(code)s; trạng thái: %(status)s.")
                % {"code": tip, "status": tip.get_status_display()}
            ),
            permission="tips.reopen_tip",
            available=lambda tip: tip.status in TipStatus.final_values(),
            submit_label=_("Mở lại"),
        ),
    )
}


def _processed(results: list[Tip]) -> str:
    count = len(results)
    return ngettext("Đã xử lý %(count)d tin báo.", "Đã xử lý %(count)d tin báo.", count) % {
        "count": count
    }


def _assign_to_me(request: HttpRequest, tip: Tip) -> Tip:
    was_new = tip.status == TipStatus.NEW
    tip = services.assign_tip(tip=tip, assignee=signed_in(request), actor=signed_in(request))
    tip.accepted_by_assignment = was_new  # type: ignore[attr-defined]  # for the message
    return tip


def _assigned_to_me(results: list[Tip]) -> str:
    accepted = sum(1 for tip in results if getattr(tip, "accepted_by_assignment", False))
    return gettext(
        "Đã giao %(count)d tin báo cho bạn; %(accepted)d tin mới trong số đó đồng thời được "
        "tiếp nhận (“Đang xác minh”), không cần bấm “Tiếp nhận” nữa."
    ) % {"count": len(results), "accepted": accepted}


def _accept(request: HttpRequest, tip: Tip) -> Tip:
    if tip.status == TipStatus.IN_PROGRESS:  # say why, instead of "already triaged"
        raise ValidationError(
            gettext(
                "đã được tiếp nhận (“Đang xác minh”), có thể khi giao cán bộ; "
                "không cần tiếp nhận lại."
            )
        )
    return services.triage_tip(tip=tip, actor=signed_in(request), decision=TriageDecision.ACCEPT)


TIP_BULK_STEPS = [
    BulkStep(
        name="accept_tips",
        label=_("Tiếp nhận, xác minh các tin báo đã chọn"),
        run=_accept,
        permission=TRIAGE,
        message=_processed,
        select_related=["ward"],
    ),
    BulkStep(
        name="mark_spam",
        label=_("Đánh dấu tin rác, báo sai sự thật"),
        run=lambda request, tip: services.triage_tip(
            tip=tip, actor=signed_in(request), decision=TriageDecision.SPAM
        ),
        permission=TRIAGE,
        message=_processed,
        select_related=["ward"],
    ),
    BulkStep(
        name="assign_to_me",
        label=_("Giao các tin báo đã chọn cho tôi"),
        run=_assign_to_me,
        permission=TRIAGE,
        message=_assigned_to_me,
        select_related=["ward"],
    ),
]


# --- Officer-entered tips ------------------------------------------------------------------------


def _submit_officer_tip(request: HttpRequest, obj: None, data: dict[str, Any]) -> services.Receipt:
    """An officer records a tip taken by phone, in person or by letter."""
    draft = services.TipDraft.of(
        data,
        ward=data.get("ward") or single_ward(request),
        contact=services.Contact.of(data),
        entered_by=signed_in(request),
    )
    receipt = services.submit_tip(draft=draft)
    if not receipt.created and not Tip.objects.filter(pk=receipt.tip.pk).exists():
        # A replayed key of a tip the officer may not see (the scoped manager does not find
        # it): nothing about that tip.
        raise ValidationError(
            gettext("Biểu mẫu này đã được gửi. Hãy mở lại trang để nhập tin báo mới.")
        )
    return receipt


def _receipt_message(receipt: services.Receipt) -> str:
    code = receipt.display_code
    if not receipt.created:  # the code is not stored: name the tip by its reference
        return gettext("Tin báo này đã được lưu trước đó (số %(reference)s).") % {
            "reference": receipt.tip.reference
        }
    if receipt.pin:
        return gettext(
            "Đã lưu tin báo. Mã tra cứu: %(code)s. Mã PIN: %(pin)s — đọc hoặc trao cho "
            "người báo ngay; mã PIN chỉ hiện một lần này."
        ) % {"code": code, "pin": receipt.pin}
    return gettext("Đã lưu tin báo. Mã tra cứu: %(code)s.") % {"code": code}


TIP_ADD = Step(
    name="add",
    label=_("Nhập tin báo do cán bộ tiếp nhận"),
    form_class=admin_forms.OfficerTipForm,
    run=_submit_officer_tip,
    message=_receipt_message,
    permission="add",
    submit_label=_("Lưu tin báo"),
    form_kwargs=lambda request, obj: {"request": request, "ward": single_ward(request)},
    lands_on=lambda receipt: receipt.tip,
)


# --- Cases and subjects ----------------------------------------------------------------------

CASE_ADD = Step(
    name="add",
    label=_("Mở vụ việc"),
    form_class=admin_forms.CaseAddForm,
    run=_open_case,
    message=_case_opened,
    permission="add",
    form_kwargs=lambda request, obj: {"request": request, "ward": single_ward(request)},
)


def _clarified(case: Case) -> str:
    text = gettext("Vụ việc %(number)s đã làm rõ ngày %(day)s.") % {
        "number": case.number,
        "day": formats.date_format(case.clarified_on or timezone.localdate(), "d/m/Y"),
    }
    closed = getattr(case, "closed_tips", [])
    if closed:
        text += " " + gettext("Đã kết thúc tin báo %(codes)s (kết quả: đã làm rõ vụ việc).") % {
            "codes": ", ".join(str(tip) for tip in closed)
        }
    return text


CASE_STEPS = [
    Step(
        name="clarify",
        label=_("Làm rõ vụ việc"),
        form_class=admin_forms.ClarifyCaseForm,
        run=lambda request, case, data: services.clarify_case(
            case=case,
            actor=signed_in(request),
            clarified_on=data["clarified_on"],
            close_open_tips=data["close_tips"],
        ),
        message=_clarified,
        available=lambda case: case.status != CaseStatus.CLARIFIED,
        submit_label=_("Ghi nhận"),
        inline=True,
    ),
    Step(
        name="reopen",
        label=_("Mở lại vụ việc"),
        form_class=admin_forms.ReopenForm,
        run=lambda request, case, data: services.reopen_case(
            case=case, actor=signed_in(request), note=data["note"]
        ),
        message=lambda case: gettext("Đã mở lại vụ việc %(number)s.") % {"number": case.number},
        permission="tips.reopen_case",
        available=lambda case: case.status == CaseStatus.CLARIFIED,
        submit_label=_("Mở lại"),
    ),
]


def _add_subject(request: HttpRequest, obj: None, data: dict[str, Any]) -> Subject:
    """Add the subject; when the outcome is known already, record it too (its own audited
    step), so the officer does not open the subject's page for it."""
    identity = {name: data[name] for name in Subject.IDENTITY_FIELDS if name != "full_name"}
    subject = services.add_subject(
        case=data["case"],
        actor=signed_in(request),
        full_name=data["full_name"],
        offence=data["offence"],
        **identity,
    )
    if data.get("outcome"):
        subject = services.record_subject_outcome(
            subject=subject,
            actor=signed_in(request),
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
        )
    return subject


def _subject_added(subject: Subject) -> str:
    if subject.outcome and subject.outcome != SubjectOutcome.PENDING:
        return gettext("Đã thêm %(subject)s, kết quả xử lý: %(outcome)s.") % {
            "subject": subject,
            "outcome": subject.get_outcome_display(),
        }
    return gettext("Đã thêm %(subject)s.") % {"subject": subject}


SUBJECT_ADD = Step(
    name="add",
    label=_("Thêm đối tượng"),
    form_class=admin_forms.SubjectAddForm,
    run=_add_subject,
    message=_subject_added,
    permission="add",
    form_kwargs=lambda request, obj: {"request": request},
    lands_on=lambda subject: subject.case,
)

SUBJECT_STEPS = [
    Step(
        name="outcome",
        label=_("Ghi kết quả xử lý"),
        form_class=admin_forms.SubjectOutcomeForm,
        run=lambda request, subject, data: services.record_subject_outcome(
            subject=subject,
            actor=signed_in(request),
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            note=data["note"],
        ),
        message=lambda subject: (
            gettext("Đã ghi kết quả xử lý của %(subject)s.") % {"subject": subject}
        ),
        submit_label=_("Ghi nhận"),
    ),
]
