"""The workflow pages of a tip in the admin: each step calls its service, changes the tip and is
audited; bad input shows the Vietnamese error and changes nothing; other wards get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.tips.factories import events, flash, make_case, make_tip, reload
from tips import services
from tips.admin import TIP_STEPS
from tips.choices import MessageKind, TipOutcome, TipStatus, TriageDecision
from tips.models import TipMessage
from wardsec.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ."


def step_url(tip, slug: str) -> str:
    return reverse(f"admin:tips_tip_{TIP_STEPS[slug].url_name}", args=[tip.pk])


def change_url(tip) -> str:
    return reverse("admin:tips_tip_change", args=[tip.pk])


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "expected the form again, with its errors"
    return {key or "__all__": list(value) for key, value in response.context["form"].errors.items()}


def snapshot(tip) -> tuple:
    """What a failed step must leave untouched: the row, its messages, its audit trail."""
    fresh = reload(tip)
    return (
        fresh.status,
        fresh.ward_id,
        fresh.assignee_id,
        fresh.case_id,
        fresh.duplicate_of_id,
        fresh.outcome,
        fresh.closed_at,
        TipMessage.objects.filter(tip=tip).count(),
        events(tip),
    )


@pytest.fixture
def tip_a(ward_a):
    return make_tip(ward_a)


@pytest.fixture
def tip_b(ward_b):
    return make_tip(ward_b)


class TestTriage:
    @pytest.mark.parametrize(
        ("decision", "status"),
        [
            (TriageDecision.ACCEPT, TipStatus.IN_PROGRESS),
            (TriageDecision.SPAM, TipStatus.SPAM),
            (TriageDecision.NOT_SECURITY, TipStatus.NOT_SECURITY),
        ],
    )
    def test_decisions(self, officer_a, officer_a_client, tip_a, decision, status):
        response = officer_a_client.post(
            step_url(tip_a, "triage"), {"decision": decision, "note": "Đã gọi lại xác minh"}
        )
        assert response.status_code == 302 and response["Location"] == change_url(tip_a)
        tip = reload(tip_a)
        assert tip.status == status and tip.triaged_at is not None
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event=f"tip.triage.{decision}")
        assert entry.action == AuditAction.TRANSITION and entry.actor == officer_a
        assert entry.note == "Đã gọi lại xác minh"
        assert entry.changes["status"] == [TipStatus.NEW, status]
        assert "Đã phân loại tin báo" in flash(response)[0]

    def test_duplicate_of_a_tip_of_the_ward_typed_as_printed(self, officer_a_client, ward_a, tip_a):
        original = make_tip(ward_a)
        typed = original.reference.lower().replace("-", " ")
        response = officer_a_client.post(
            step_url(tip_a, "triage"), {"decision": "duplicate", "duplicate_of": typed}
        )
        assert response.status_code == 302
        tip = reload(tip_a)
        assert tip.status == TipStatus.DUPLICATE and tip.duplicate_of == original
        assert events(tip)[-1] == "tip.triage.duplicate"

    def test_duplicate_of_another_wards_tip_is_not_found(self, officer_a_client, tip_a, tip_b):
        before = snapshot(tip_a)
        response = officer_a_client.post(
            step_url(tip_a, "triage"),
            {"decision": "duplicate", "duplicate_of": tip_b.reference},
        )
        assert form_errors(response) == {
            "duplicate_of": ["Không tìm thấy tin báo có số này trong phạm vi của bạn."]
        }
        assert "Không tìm thấy tin báo có số này" in response.content.decode()
        assert snapshot(tip_a) == before

    def test_duplicate_across_wards_is_refused_by_the_service(self, superuser_client, tip_a, tip_b):
        """A user who sees both wards finds the other tip; the service's rule refuses it."""
        before = snapshot(tip_a)
        response = superuser_client.post(
            step_url(tip_a, "triage"),
            {"decision": "duplicate", "duplicate_of": tip_b.reference},
        )
        assert form_errors(response) == {
            "duplicate_of": ["Hãy chọn tin báo gốc của cùng phường/xã."]
        }
        assert snapshot(tip_a) == before

    def test_duplicate_without_original(self, officer_a_client, tip_a):
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "triage"), {"decision": "duplicate"})
        assert form_errors(response) == {
            "duplicate_of": ["Hãy chọn tin báo gốc của cùng phường/xã."]
        }
        assert snapshot(tip_a) == before

    def test_transfer_to_another_ward(
        self, officer_a_client, officer_b_client, ward_a, ward_b, tip_a
    ):
        response = officer_a_client.post(
            step_url(tip_a, "triage"),
            {"decision": "transfer", "transfer_to": ward_b.pk, "note": "Xảy ra ở phường B"},
        )
        # The tip has left ward A: back to the queue, not to a page that is now a 404.
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:tips_tip_changelist")
        assert "Đã chuyển tin báo" in flash(response)[0]
        tip = reload(tip_a)
        assert tip.ward == ward_b and tip.transferred_from == ward_a
        assert tip.status == TipStatus.NEW
        assert AuditEntry.objects.filter(object_id=str(tip.pk), event="tip.transfer").count() == 2
        assert officer_a_client.get(change_url(tip)).status_code == 404
        assert officer_b_client.get(change_url(tip)).status_code == 200

    def test_transfer_without_a_ward(self, officer_a_client, tip_a):
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "triage"), {"decision": "transfer"})
        assert form_errors(response) == {"transfer_to": ["Hãy chọn phường/xã khác đang hoạt động."]}
        assert snapshot(tip_a) == before

    def test_transfer_offers_other_active_wards_only(self, officer_a_client, ward_a, ward_c):
        tip = make_tip(ward_a)
        retired = factories.make_ward(is_active=False)
        form = officer_a_client.get(step_url(tip, "triage")).context["form"]
        offered = set(form.fields["transfer_to"].queryset)
        assert ward_c in offered and ward_a not in offered and retired not in offered

    def test_triage_twice_is_refused(self, officer_a, officer_a_client, tip_a):
        services.triage_tip(tip=tip_a, actor=officer_a, decision=TriageDecision.ACCEPT)
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "triage"), {"decision": "spam"})
        assert form_errors(response) == {"__all__": ["Tin báo này đã được phân loại."]}
        assert "Tin báo này đã được phân loại." in response.content.decode()
        assert snapshot(tip_a) == before

    def test_unknown_decision(self, officer_a_client, tip_a):
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "triage"), {"decision": "bury"})
        assert INVALID_CHOICE in form_errors(response)["decision"][0]
        assert snapshot(tip_a) == before


class TestAssign:
    def test_assign_an_officer_of_the_ward(self, officer_a, commander_a, commander_a_client, tip_a):
        form = commander_a_client.get(step_url(tip_a, "assign")).context["form"]
        assert set(form.fields["assignee"].queryset) == {officer_a, commander_a}
        response = commander_a_client.post(step_url(tip_a, "assign"), {"assignee": officer_a.pk})
        assert response.status_code == 302
        tip = reload(tip_a)
        assert tip.assignee == officer_a and tip.status == TipStatus.IN_PROGRESS
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event="tip.assign")
        assert entry.actor == commander_a
        assert entry.changes["assignee"] == [None, officer_a.pk]

    def test_officer_of_another_ward_is_not_offered(self, officer_a_client, officer_b, tip_a):
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "assign"), {"assignee": officer_b.pk})
        assert INVALID_CHOICE in form_errors(response)["assignee"][0]
        assert snapshot(tip_a) == before

    def test_officer_of_another_ward_is_refused_by_the_service(
        self, superuser_client, officer_b, tip_a
    ):
        before = snapshot(tip_a)
        response = superuser_client.post(step_url(tip_a, "assign"), {"assignee": officer_b.pk})
        assert form_errors(response) == {
            "assignee": ["Cán bộ này không công tác tại phường/xã của tin."]
        }
        assert snapshot(tip_a) == before

    def test_closed_tip_cannot_be_assigned(self, officer_a, officer_a_client, tip_a):
        services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.RESOLVED)
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "assign"), {"assignee": officer_a.pk})
        assert form_errors(response) == {"__all__": ["Tin báo đã kết thúc, không thể giao."]}
        assert snapshot(tip_a) == before


class TestMessages:
    def test_public_reply(self, officer_a, officer_a_client, tip_a):
        response = officer_a_client.post(
            step_url(tip_a, "reply"), {"body": "Công an phường đã tiếp nhận, cảm ơn bạn."}
        )
        assert response.status_code == 302
        message = TipMessage.objects.get(tip=tip_a)
        assert message.kind == MessageKind.PUBLIC_REPLY and message.author == officer_a
        assert message.body == "Công an phường đã tiếp nhận, cảm ơn bạn."
        assert events(message) == ["tip.message.public_reply"]

    def test_internal_note(self, officer_a, officer_a_client, tip_a):
        officer_a_client.post(step_url(tip_a, "note"), {"body": "Chờ trích xuất camera."})
        message = TipMessage.objects.get(tip=tip_a)
        assert message.kind == MessageKind.INTERNAL_NOTE
        assert events(message) == ["tip.message.internal_note"]
        # Never shown to the public: the citizen's status page reads public messages only.
        assert not TipMessage.objects.filter(tip=tip_a).public().exists()

    @pytest.mark.parametrize("slug", ["reply", "note"])
    def test_empty_message_is_refused(self, officer_a_client, tip_a, slug):
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, slug), {"body": "   "})
        assert form_errors(response) == {"body": ["Trường này là bắt buộc."]}
        assert snapshot(tip_a) == before


class TestCaseLink:
    def test_link_to_a_case_of_the_ward(self, officer_a, officer_a_client, ward_a, tip_a):
        case = make_case(ward_a)
        response = officer_a_client.post(step_url(tip_a, "link-case"), {"case": case.pk})
        assert response.status_code == 302
        tip = reload(tip_a)
        assert tip.case == case and tip.status == TipStatus.IN_PROGRESS
        assert events(tip)[-1] == "tip.link_case"
        assert case.number in flash(response)[0]

    def test_case_of_another_ward_is_not_offered(self, officer_a_client, ward_b, tip_a):
        case_b = make_case(ward_b)
        form = officer_a_client.get(step_url(tip_a, "link-case")).context["form"]
        assert case_b not in set(form.fields["case"].queryset)
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "link-case"), {"case": case_b.pk})
        assert INVALID_CHOICE in form_errors(response)["case"][0]
        assert snapshot(tip_a) == before

    def test_case_of_another_ward_is_refused_by_the_service(self, superuser_client, ward_b, tip_a):
        case_b = make_case(ward_b)
        before = snapshot(tip_a)
        response = superuser_client.post(step_url(tip_a, "link-case"), {"case": case_b.pk})
        assert form_errors(response) == {"case": ["Vụ việc thuộc phường/xã khác."]}
        assert snapshot(tip_a) == before


class TestCloseAndMediation:
    def test_close_with_an_outcome(self, officer_a, officer_a_client, tip_a):
        response = officer_a_client.post(
            step_url(tip_a, "close"), {"outcome": TipOutcome.NO_VIOLATION, "note": "Đã xác minh"}
        )
        assert response.status_code == 302
        tip = reload(tip_a)
        assert tip.status == TipStatus.CLOSED and tip.outcome == TipOutcome.NO_VIOLATION
        assert tip.closed_at is not None
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event="tip.close")
        assert entry.actor == officer_a and entry.note == "Đã xác minh"

    def test_closing_a_closed_tip_is_refused(self, officer_a, officer_a_client, tip_a):
        services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.RESOLVED)
        before = snapshot(tip_a)
        response = officer_a_client.post(
            step_url(tip_a, "close"), {"outcome": TipOutcome.UNVERIFIED}
        )
        assert form_errors(response) == {"__all__": ["Tin báo đã kết thúc."]}
        assert "Tin báo đã kết thúc." in response.content.decode()
        assert snapshot(tip_a) == before
        assert reload(tip_a).outcome == TipOutcome.RESOLVED

    def test_case_clarified_needs_a_clarified_case(self, officer_a_client, tip_a):
        before = snapshot(tip_a)
        response = officer_a_client.post(
            step_url(tip_a, "close"), {"outcome": TipOutcome.CASE_CLARIFIED}
        )
        assert form_errors(response) == {"outcome": ["Tin báo chưa gắn với vụ việc đã làm rõ."]}
        assert snapshot(tip_a) == before

    def test_refer_to_mediation(self, officer_a, officer_a_client, tip_a):
        response = officer_a_client.post(
            step_url(tip_a, "mediation"), {"note": "Tranh chấp lối đi chung"}
        )
        assert response.status_code == 302
        tip = reload(tip_a)
        assert tip.status == TipStatus.MEDIATION and tip.closed_at is not None
        assert events(tip)[-1] == "tip.refer_mediation"

    def test_closed_tip_cannot_go_to_mediation(self, officer_a, officer_a_client, tip_a):
        services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.RESOLVED)
        before = snapshot(tip_a)
        response = officer_a_client.post(step_url(tip_a, "mediation"), {"note": ""})
        assert form_errors(response) == {"__all__": ["Tin báo đã kết thúc."]}
        assert snapshot(tip_a) == before


class TestStepPages:
    def test_each_page_names_the_tip_and_goes_back_to_it(self, officer_a_client, tip_a):
        for slug in TIP_STEPS:
            if slug == "reopen":  # the commander's (test_admin_story.py)
                continue
            response = officer_a_client.get(step_url(tip_a, slug))
            content = response.content.decode()
            assert tip_a.reference in content, slug
            assert f'href="{change_url(tip_a)}"' in content, slug
            assert 'data-testid="tip-summary"' in content

    def test_an_unknown_tip_is_a_404(self, officer_a_client, tip_a):
        url = step_url(tip_a, "reply").replace(f"/{tip_a.pk}/", f"/{tip_a.pk + 999}/")
        assert officer_a_client.get(url).status_code == 404
