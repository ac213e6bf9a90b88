"""The audit log as a commander reads it: events and roles in Vietnamese, local times, changed
fields by their labels and values by their display names (never ids or raw JSON; `***` stays),
a link to the record for those who may open it, search by a tip's reference as printed, and
repeated reads of one record by one person within the window written once.

Before this change the list showed `officer`, `transition`, UTC ISO times and
`{"assignee": [null, 7]}`, had no link, found nothing for "tb 2021 1", and wrote one "Xem dữ
liệu nhạy cảm" entry per page load."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.tips import factories as tips
from tips import services
from tips.choices import TipOutcome
from wardsec import audit, sensitive
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:wardsec_auditentry_changelist")


def page(client, **query) -> str:
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def worked_tip(ward_a, officer_a):
    """A tip assigned and closed by officer A, with a note."""
    with scopes_disabled():
        tip = tips.make_tip(ward_a)
        services.assign_tip(tip=tip, assignee=officer_a, actor=officer_a)
        services.close_tip(
            tip=tip, actor=officer_a, outcome=TipOutcome.RESOLVED, note="Đã hòa giải xong"
        )
    return tip


def test_events_roles_and_times_in_vietnamese(commander_a_client, officer_a, worked_tip):
    content = page(commander_a_client)
    for text in ("Giao cán bộ", "Kết thúc tin báo", "Cán bộ Công an phường/xã"):
        assert text in content
    with scopes_disabled():
        entry = AuditEntry.objects.filter(event="tip.assign").get()
    local = timezone.localtime(entry.created_at)  # Asia/Ho_Chi_Minh, UTC+7
    assert local.strftime("%H:%M:%S %d/%m/%Y") in content
    assert entry.created_at.isoformat() not in content
    assert ">officer<" not in content and "tip.assign" not in content


def test_changes_by_labels_and_display_values(commander_a_client, officer_a, worked_tip):
    content = page(commander_a_client)
    # The status by its label, the assignee by name in Vietnamese order, not an id.
    assert "Trạng thái: Mới tiếp nhận → Đang xác minh" in content
    assert "Cán bộ được giao: — → " in content
    assert officer_a.get_username() in content
    assert f"→ {officer_a.pk}<" not in content
    assert '{"' not in content and "[null" not in content


def test_an_entrys_page_is_a_table_of_labelled_changes(commander_a_client, worked_tip):
    with scopes_disabled():
        entry = AuditEntry.objects.filter(event="tip.close").get()
    url = reverse("admin:wardsec_auditentry_change", args=[entry.pk])
    content = commander_a_client.get(url).content.decode()
    assert "wardsec-audit-changes" in content
    assert "Đang xác minh" in content and "Đã xử lý xong" in content
    assert "Đã hòa giải xong" in content  # the note typed at the step


def test_redacted_values_stay_stars(commander_a_client, ward_a, officer_a, worked_tip):
    with scopes_disabled():
        audit.record(
            action=AuditAction.UPDATE,
            instance=worked_tip,
            actor=officer_a,
            changes={"description": ["trộm xe", "trộm xe máy"]},
        )
    content = page(commander_a_client)
    assert f"Nội dung: {sensitive.CHANGED} → {sensitive.CHANGED}" in content
    assert "trộm xe máy" not in content


def test_a_link_to_the_record_only_for_those_who_may_open_it(
    commander_a_client, ward_a, officer_a, worked_tip
):
    content = page(commander_a_client)
    assert reverse("admin:tips_tip_change", args=[worked_tip.pk]) in content
    # A record of a model whose admin the commander may not open: named, not linked.
    person = get_user_model().objects.create_user("someone", first_name="An")
    with scopes_disabled():
        audit.record(action=AuditAction.UPDATE, instance=person, actor=officer_a, ward=ward_a)
    content = page(commander_a_client)
    assert "someone" in content
    assert reverse("admin:auth_user_change", args=[person.pk]) not in content


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "tb {year} {number}"])
def test_search_by_the_reference_as_printed_or_typed(
    commander_a_client, ward_a, officer_a, worked_tip, typed
):
    with scopes_disabled():
        other = tips.make_tip(ward_a)
        services.add_internal_note(tip=worked_tip, actor=officer_a, body="Đã gọi lại")
    _prefix, year, number = worked_tip.reference.split("-")
    term = typed.format(
        ref=worked_tip.reference, lower=worked_tip.reference.lower(), year=year, number=int(number)
    )
    response = commander_a_client.get(CHANGELIST, {"q": term})
    found = {entry.event for entry in response.context["cl"].result_list}
    assert {"tip.submit", "tip.assign", "tip.close", "tip.message.internal_note"} <= found
    assert all(
        entry.object_id in {str(worked_tip.pk)} or entry.event.startswith("tip.message")
        for entry in response.context["cl"].result_list
    ), other.reference


class TestRepeatedReadsMerged:
    def read(self, tip, actor):
        with scopes_disabled():
            return audit.record(
                action=AuditAction.VIEW, instance=tip, actor=actor, event="tip.contact.read"
            )

    def reads(self) -> int:
        with scopes_disabled():
            return AuditEntry.objects.filter(action=AuditAction.VIEW).count()

    def test_the_same_person_and_record_within_the_window_is_one_entry(
        self, ward_a, officer_a, commander_a
    ):
        with scopes_disabled():
            tip = tips.make_tip(ward_a)
        first = self.read(tip, officer_a)
        assert self.read(tip, officer_a).pk == first.pk
        assert self.read(tip, officer_a).pk == first.pk
        assert self.reads() == 1
        self.read(tip, commander_a)  # another person: their own entry
        with scopes_disabled():
            other_tip = tips.make_tip(ward_a)
        self.read(other_tip, officer_a)  # another record: its own entry
        assert self.reads() == 3

    def test_after_the_window_a_read_is_written_again(self, monkeypatch, ward_a, officer_a):
        with scopes_disabled():
            tip = tips.make_tip(ward_a)
        self.read(tip, officer_a)
        later = timezone.now() + audit.VIEW_MERGE_WINDOW + datetime.timedelta(seconds=1)
        monkeypatch.setattr(audit.timezone, "now", lambda: later)
        monkeypatch.setattr(AuditEntry._meta.get_field("created_at"), "default", lambda: later)
        self.read(tip, officer_a)
        assert self.reads() == 2

    def test_the_tip_page_and_the_redirects_after_steps_write_one_read(
        self, officer_a_client, ward_a
    ):
        with scopes_disabled():
            tip = tips.make_tip(
                ward_a, contact=services.Contact(name="Lan", phone="0901234567", email="")
            )
        url = reverse("admin:tips_tip_change", args=[tip.pk])
        for _ in range(3):
            assert officer_a_client.get(url).status_code == 200
        assert self.reads() == 1


def test_many_to_many_values_by_name(commander_a_client, ward_a, officer_a):
    with scopes_disabled():
        case = tips.make_case(ward_a, actor=officer_a)
        theft = tips.category("theft")
    content = page(commander_a_client, q=case.number)
    assert f"Loại vụ việc: — → {theft}" in content
    assert "→ theft" not in content
