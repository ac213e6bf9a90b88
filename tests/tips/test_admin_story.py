"""A tip's story and the officer's way through it (issue 8): the notes typed at each step on the
tip's page and its "history"; short step forms on the page itself; assigning says what it did;
a finished tip and a clarified case are read-only except through a commander's audited reopen;
people shown by name, not as links that end on a 403; codes as printed; one contact-read entry
per person and tip within the window; a subject's outcome with the subject; clarifying a case
closes its tips when asked."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.tips.factories import category, events, flash, make_case, make_tip, reload
from tips import services
from tips.admin import TIP_STEPS
from tips.admin.steps import CASE_STEPS
from tips.choices import CaseStatus, SubjectOutcome, TipOutcome, TipStatus
from wardsec.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

QUEUE = reverse("admin:tips_tip_changelist")


def change_url(tip) -> str:
    return reverse("admin:tips_tip_change", args=[tip.pk])


def step_url(tip, slug: str) -> str:
    return reverse(f"admin:tips_tip_{TIP_STEPS[slug].url_name}", args=[tip.pk])


def case_url(case, page: str = "change") -> str:
    return reverse(f"admin:tips_case_{page}", args=[case.pk])


@pytest.fixture
def tip_a(ward_a):
    return make_tip(ward_a)


@pytest.fixture
def closed_tip(tip_a, officer_a):
    services.assign_tip(tip=tip_a, assignee=officer_a, actor=officer_a)
    return services.close_tip(
        tip=tip_a, actor=officer_a, outcome=TipOutcome.RESOLVED, note="Đã nhắc nhở hai bên."
    )


# --- The story ----------------------------------------------------------------------------------


class TestTheStory:
    def test_notes_typed_at_triage_close_and_mediation_are_on_the_tip(
        self, officer_a, officer_a_client, ward_a
    ):
        spam, referred = make_tip(ward_a), make_tip(ward_a)
        services.triage_tip(
            tip=spam, actor=officer_a, decision="spam", note="Gọi lại không ai nghe máy."
        )
        services.refer_tip_to_mediation(
            tip=referred, actor=officer_a, note="Tranh chấp lối đi giữa hai hộ."
        )
        for tip, note, event in [
            (spam, "Gọi lại không ai nghe máy.", "tip.triage.spam"),
            (referred, "Tranh chấp lối đi giữa hai hộ.", "tip.refer_mediation"),
        ]:
            response = officer_a_client.get(change_url(tip))
            [item] = [i for i in response.context["timeline"] if i.event == event]
            assert item.note == note and item.actor
            assert note in response.content.decode()

    def test_the_history_link_shows_the_timeline(self, officer_a_client, closed_tip):
        response = officer_a_client.get(reverse("admin:tips_tip_history", args=[closed_tip.pk]))
        assert response.status_code == 200
        content = response.content.decode()
        assert 'data-testid="timeline"' in content
        assert "Đã nhắc nhở hai bên." in content and "Kết thúc tin báo" in content

    def test_step_forms_on_the_tips_page_outside_its_own_form(self, officer_a_client, tip_a):
        content = officer_a_client.get(f"{change_url(tip_a)}?_changelist_filters=queue%3Dmine")
        html = content.content.decode()
        for step in ("assign", "reply"):
            match = re.search(rf'<form[^>]*action="([^"]+)"[^>]*data-inline-step="{step}"', html)
            assert match, step
            assert match.group(1).startswith(step_url(tip_a, step)), step
            assert "_changelist_filters=queue%3Dmine" in match.group(1)  # filters survive
        # The inline forms come before the tip's own form, not nested in it.
        assert html.index('data-inline-step="reply"') < html.index('id="tip_form"')
        assert html.count("<form") == html.count("</form>")

    def test_after_a_step_the_officer_is_back_on_the_tip_with_the_queue_filters(
        self, officer_a_client, tip_a
    ):
        filters = "_changelist_filters=queue%3Dnews"
        response = officer_a_client.post(
            f"{step_url(tip_a, 'reply')}?{filters}", {"body": "Cảm ơn, đang xác minh."}
        )
        assert response.status_code == 302
        assert response["Location"] == f"{change_url(tip_a)}?{filters}"
        assert any("Đã gửi trả lời" in note for note in flash(response))

    def test_a_case_opened_from_a_tip_is_prefilled_and_lands_on_the_case(
        self, officer_a, officer_a_client, tip_a
    ):
        services.assign_tip(tip=tip_a, assignee=officer_a, actor=officer_a)
        page = officer_a_client.get(step_url(tip_a, "open-case"))
        form = page.context["form"]
        assert form.initial["title"] == tip_a.category.name
        assert form.initial["categories"] == [tip_a.category_id]
        assert form.initial["officer_in_charge"] == officer_a.pk
        assert form.initial["tips"] == [tip_a.pk]
        body = {
            "title": "Trộm xe máy hẻm 12",
            "categories": [tip_a.category_id],
            "officer_in_charge": officer_a.pk,
            "tips": [tip_a.pk],
            "opened_on": timezone.localdate().strftime("%d/%m/%Y"),
            "summary": "",
        }
        response = officer_a_client.post(
            f"{step_url(tip_a, 'open-case')}?_changelist_filters=queue%3Dmine", body
        )
        case = reload(tip_a).case
        # On the case's page, where its subjects and clarification are entered; the tip
        # queue's filters are not carried to the case list's links.
        assert response["Location"] == case_url(case)


# --- Assigning says what it did ------------------------------------------------------------------


class TestAssigning:
    def test_assigning_a_new_tip_says_it_was_accepted(self, officer_a, officer_a_client, tip_a):
        response = officer_a_client.post(step_url(tip_a, "assign"), {"assignee": officer_a.pk})
        [note] = flash(response)
        assert "tiếp nhận tin" in note and "Mới tiếp nhận" in note and "Đang xác minh" in note
        assert reload(tip_a).status == TipStatus.IN_PROGRESS
        # Reassigning an accepted tip says only that.
        response = officer_a_client.post(step_url(tip_a, "assign"), {"assignee": officer_a.pk})
        note = flash(response)[-1]  # the first step's message was never shown: still stored
        assert "tiếp nhận tin" not in note and "Đã giao tin báo" in note

    def test_the_form_says_it_and_offers_the_officer_first(self, officer_a_client, tip_a):
        form = officer_a_client.get(step_url(tip_a, "assign")).context["form"]
        assert "không cần bấm “Tiếp nhận”" in str(form.fields["assignee"].help_text)

    def test_bulk_assign_to_me_counts_what_it_accepted(self, officer_a, officer_a_client, ward_a):
        new, accepted = make_tip(ward_a), make_tip(ward_a)
        services.triage_tip(tip=accepted, actor=officer_a, decision="accept")
        response = officer_a_client.post(
            QUEUE,
            {"action": "assign_to_me", "_selected_action": [new.pk, accepted.pk], "index": 0},
        )
        [note] = flash(response)
        assert "Đã giao 2 tin báo cho bạn; 1 tin mới" in note

    def test_accepting_an_assigned_tip_says_why_it_is_not_needed(
        self, officer_a, officer_a_client, tip_a
    ):
        services.assign_tip(tip=tip_a, assignee=officer_a, actor=officer_a)
        response = officer_a_client.post(
            QUEUE, {"action": "accept_tips", "_selected_action": [tip_a.pk], "index": 0}
        )
        [note] = flash(response)
        assert tip_a.reference in note and "không cần tiếp nhận lại" in note


# --- Read-only once finished; a commander's audited reopen ---------------------------------------


class TestFinishedTipsAndCases:
    def test_a_closed_tips_category_cannot_be_changed(self, officer_a_client, closed_tip):
        page = officer_a_client.get(change_url(closed_tip))
        assert page.status_code == 200 and b'name="_save"' not in page.content
        response = officer_a_client.post(
            change_url(closed_tip), {"category": category("gambling").pk}
        )
        assert response.status_code == 403
        assert reload(closed_tip).category == closed_tip.category

    def test_only_a_commander_is_offered_and_may_reopen(
        self, officer_a_client, commander_a, commander_a_client, closed_tip
    ):
        offered = {
            s["name"]
            for s in officer_a_client.get(change_url(closed_tip)).context["workflow_steps"]
        }
        assert "reopen" not in offered
        assert (
            officer_a_client.post(step_url(closed_tip, "reopen"), {"note": "x"}).status_code == 403
        )
        assert reload(closed_tip).status == TipStatus.CLOSED
        offered = {
            s["name"]
            for s in commander_a_client.get(change_url(closed_tip)).context["workflow_steps"]
        }
        assert "reopen" in offered
        empty = commander_a_client.post(step_url(closed_tip, "reopen"), {"note": " "})
        assert empty.status_code == 200 and "note" in empty.context["form"].errors
        response = commander_a_client.post(
            step_url(closed_tip, "reopen"), {"note": "Người báo cung cấp chứng cứ mới."}
        )
        assert response.status_code == 302
        tip = reload(closed_tip)
        assert tip.status == TipStatus.IN_PROGRESS and tip.outcome == "" and tip.closed_at is None
        entry = AuditEntry.objects.filter(event="tip.reopen").get()
        assert entry.actor == commander_a and entry.note == "Người báo cung cấp chứng cứ mới."
        assert entry.changes["status"] == [TipStatus.CLOSED, TipStatus.IN_PROGRESS]
        assert entry.changes["outcome"] == [TipOutcome.RESOLVED, ""]
        # Open again: the officer corrects it as before.
        assert b'name="_save"' in officer_a_client.get(change_url(tip)).content

    def test_the_service_refuses_an_officer_and_an_open_tip(self, officer_a, commander_a, tip_a):
        with pytest.raises(ValidationError, match="chưa kết thúc"):
            services.reopen_tip(tip=tip_a, actor=commander_a, note="Lý do")
        services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.UNVERIFIED)
        with pytest.raises(ValidationError, match="Chỉ chỉ huy"):
            services.reopen_tip(tip=tip_a, actor=officer_a, note="Lý do")
        assert events(tip_a)[-1] == "tip.close"

    def test_a_clarified_case_is_read_only_until_a_commander_reopens_it(
        self, officer_a, officer_a_client, commander_a_client, ward_a
    ):
        case = make_case(ward_a)
        services.clarify_case(case=case, actor=officer_a, clarified_on=timezone.localdate())
        assert b'name="_save"' not in officer_a_client.get(case_url(case)).content
        assert officer_a_client.post(case_url(case), {"title": "Sửa"}).status_code == 403
        reopen = reverse("admin:tips_case_reopen", args=[case.pk])
        assert officer_a_client.post(reopen, {"note": "x"}).status_code == 403
        assert "reopen" in {s.name for s in CASE_STEPS}
        response = commander_a_client.post(reopen, {"note": "Phát hiện thêm đồng phạm."})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.OPEN and case.clarified_on is None
        assert events(case)[-1] == "case.reopen"
        with pytest.raises(ValidationError, match="chưa được làm rõ"):
            services.reopen_case(case=case, actor=officer_a, note="x")


# --- People by name, codes as printed, merged contact reads -------------------------------------


class TestNamesCodesAndReads:
    def test_the_assignee_is_a_name_not_a_link_to_the_user_admin(
        self, officer_a, officer_a_client, ward_a, tip_a
    ):
        services.assign_tip(tip=tip_a, assignee=officer_a, actor=officer_a)
        case = make_case(ward_a, tips=[tip_a])
        for url in (change_url(tip_a), case_url(case)):
            content = officer_a_client.get(url).content.decode()
            assert "/admin/auth/user/" not in content, url
            assert officer_a.first_name in content, url

    def test_codes_as_printed_in_breadcrumbs_messages_csv_and_audit_search(
        self, officer_a, officer_a_client, commander_a_client, tip_a
    ):
        printed = tip_a.reference
        assert re.fullmatch(r"TB-\d{4}-\d{6,}", printed)  # dashed, as printed
        page = officer_a_client.get(step_url(tip_a, "close")).content.decode()
        assert printed in page.split('class="breadcrumbs"', 1)[1].split("</div>", 1)[0]
        response = officer_a_client.post(
            step_url(tip_a, "close"), {"outcome": TipOutcome.UNVERIFIED, "note": ""}
        )
        assert any(printed in note for note in flash(response))
        exported = officer_a_client.post(
            QUEUE,
            {"action": "export_csv", "_selected_action": [tip_a.pk], "index": 0},
        ).content.decode("utf-8-sig")
        assert printed in [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
        log = reverse("admin:wardsec_auditentry_changelist")
        found = commander_a_client.get(log, {"q": printed}).context["cl"].result_list
        assert {entry.event for entry in found} >= {"tip.submit", "tip.close"}

    def test_contact_reads_merge_per_person_and_tip(
        self, officer_a, commander_a, officer_a_client, commander_a_client, ward_a
    ):
        tip = make_tip(ward_a, contact=services.Contact(name="Trần Thị Cờ", phone="0909111222"))
        assert not tip.is_anonymous
        for _ in range(3):  # the page, and the page again after two steps' redirects
            assert "Trần Thị Cờ" in officer_a_client.get(change_url(tip)).content.decode()
        commander_a_client.get(change_url(tip))
        reads = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(tip.pk))
        assert sorted(entry.actor_id for entry in reads) == sorted([officer_a.pk, commander_a.pk])


# --- A subject with its outcome; clarifying closes the tips when asked --------------------------


class TestCaseSteps:
    def test_a_subject_added_with_its_outcome(self, officer_a_client, ward_a):
        case = make_case(ward_a)
        add = reverse("admin:tips_subject_add")
        body = {"case": case.pk, "full_name": "Lê Văn Tư", "gender": "male"}
        missing_day = officer_a_client.post(add, {**body, "outcome": SubjectOutcome.EDUCATED})
        assert "outcome_on" in missing_day.context["form"].errors
        response = officer_a_client.post(
            add,
            {**body, "outcome": SubjectOutcome.EDUCATED, "outcome_on": timezone.localdate()},
        )
        assert response["Location"] == case_url(case)
        subject = case.subjects.get()
        assert subject.outcome == SubjectOutcome.EDUCATED
        assert events(subject) == ["subject.add", "subject.outcome"]
        assert any("kết quả xử lý" in note for note in flash(response))

    def test_clarifying_closes_the_cases_open_tips_when_asked(
        self, officer_a, officer_a_client, ward_a
    ):
        first, second, closed = make_tip(ward_a), make_tip(ward_a), make_tip(ward_a)
        services.close_tip(tip=closed, actor=officer_a, outcome=TipOutcome.UNVERIFIED)
        case = make_case(ward_a, tips=[first, second, closed])
        kept = make_case(ward_a, tips=[make_tip(ward_a)])
        day = timezone.localdate().strftime("%d/%m/%Y")
        url = reverse("admin:tips_case_clarify", args=[case.pk])
        response = officer_a_client.post(url, {"clarified_on": day, "close_tips": "on"})
        [note] = flash(response)
        assert first.reference in note and second.reference in note
        for tip in (first, second):
            tip = reload(tip)
            assert tip.status == TipStatus.CLOSED and tip.outcome == TipOutcome.CASE_CLARIFIED
        assert reload(closed).outcome == TipOutcome.UNVERIFIED
        # Unticked: the case is clarified, its tip stays open.
        url = reverse("admin:tips_case_clarify", args=[kept.pk])
        officer_a_client.post(url, {"clarified_on": day})
        assert kept.tips.get().status == TipStatus.IN_PROGRESS
