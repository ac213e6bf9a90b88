"""The timeline of a workflow object (`timeline = True` on its admin): who did what, when, with
the note typed at each step, from the audit log, in Vietnamese and local time.

Before this change the notes typed at triage, close and mediation referral appeared nowhere on
the tip, and its page said nothing of its history (issue 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.tips import factories as tips
from tips import services
from tips.choices import TipOutcome, TriageDecision
from wardsec import timeline
from wardsec.models import AuditEntry

pytestmark = pytest.mark.django_db


def story(client, url) -> list[timeline.ReadableEntry]:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["timeline"]


@pytest.fixture
def tip(ward_a):
    with scopes_disabled():
        return tips.make_tip(ward_a)


def test_the_tip_page_tells_each_step_with_its_note(officer_a_client, officer_a, tip):
    with scopes_disabled():
        services.triage_tip(
            tip=tip, actor=officer_a, decision=TriageDecision.ACCEPT, note="Đã gọi lại xác minh"
        )
        services.add_internal_note(tip=tip, actor=officer_a, body="Chờ trích xuất camera")
        services.close_tip(
            tip=tip, actor=officer_a, outcome=TipOutcome.NO_VIOLATION, note="Không có vi phạm"
        )
    url = reverse("admin:tips_tip_change", args=[tip.pk])
    items = story(officer_a_client, url)
    assert [item.label for item in items] == [
        "Tiếp nhận tin báo",
        "Phân loại: tiếp nhận, xác minh",
        "Ghi chú nội bộ",
        "Kết thúc tin báo",
    ]
    assert items[1].note == "Đã gọi lại xác minh" and items[3].note == "Không có vi phạm"
    assert officer_a.get_username() in items[1].actor
    assert items[1].role == "Cán bộ Công an phường/xã"
    content = officer_a_client.get(url).content.decode()
    assert 'data-testid="timeline"' in content
    for text in ("Đã gọi lại xác minh", "Không có vi phạm", "Mới tiếp nhận → Đang xác minh"):
        assert text in content
    when = timezone.localtime(items[3].at).strftime("%H:%M %d/%m/%Y")
    assert when in content  # local time (Asia/Ho_Chi_Minh)


def test_the_mediation_note_is_on_the_tip(officer_a_client, officer_a, tip):
    with scopes_disabled():
        services.refer_tip_to_mediation(tip=tip, actor=officer_a, note="Tranh chấp lối đi chung")
    items = story(officer_a_client, reverse("admin:tips_tip_change", args=[tip.pk]))
    assert items[-1].label == "Chuyển hòa giải ở cơ sở"
    assert items[-1].note == "Tranh chấp lối đi chung"


def test_reads_are_not_steps(officer_a_client, ward_a):
    """Opening the tip reads the tipster's contact (audited): the log keeps it, the story not."""
    with scopes_disabled():
        tip = tips.make_tip(ward_a, contact=services.Contact(name="Lan", phone="", email=""))
    url = reverse("admin:tips_tip_change", args=[tip.pk])
    officer_a_client.get(url)
    with scopes_disabled():
        assert AuditEntry.objects.filter(event="tip.contact.read").exists()
    assert [item.event for item in story(officer_a_client, url)] == ["tip.submit"]


def test_the_case_page_tells_its_story(officer_a_client, officer_a, ward_a):
    with scopes_disabled():
        case = tips.make_case(ward_a, actor=officer_a)
        services.clarify_case(case=case, actor=officer_a, clarified_on=timezone.localdate())
    items = story(officer_a_client, reverse("admin:tips_case_change", args=[case.pk]))
    assert [item.label for item in items] == ["Mở vụ việc", "Làm rõ vụ việc"]
    assert any(change.new == "Đã làm rõ" for change in items[1].changes), items[1].changes


def test_another_wards_entries_stay_out(officer_b_client, officer_a, ward_a, ward_b):
    """A tip transferred from A to B: B's officers see the transfer, not A's work before it."""
    with scopes_disabled():
        tip = tips.make_tip(ward_a)
        services.add_internal_note(tip=tip, actor=officer_a, body="Ghi chú của phường A")
        services.triage_tip(
            tip=tip, actor=officer_a, decision=TriageDecision.TRANSFER, transfer_to=ward_b
        )
    items = story(officer_b_client, reverse("admin:tips_tip_change", args=[tip.pk]))
    assert [item.event for item in items] == ["tip.transfer"]
