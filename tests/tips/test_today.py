""" "Việc hôm nay", the officer's front page (wardsec.today, tips.today, core_forces.today): counts
of new, overdue, own, with the tipster's new information, cases awaiting clarification — each a
link to the list filtered to exactly those rows —, a table per officer for a commander, nothing
of another ward, nothing without the permission; the queue opens on the open tips."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import client_for
from tests.tips.factories import make_case, make_tip
from tips import services
from tips.choices import TipOutcome
from wardsec import registry, today
from wardsec.names import display_name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

INDEX = reverse("admin:index")
QUEUE = reverse("admin:tips_tip_changelist")


def items(response) -> dict[str, tuple[int, str | None]]:
    """{key: (count, url)} of the tips' items (other apps have their own sections)."""
    assert response.status_code == 200
    [section] = [s for s in response.context["today_sections"] if s.title == "Tin báo, vụ việc"]
    return {item.key: (item.count, item.url) for item in section.items}


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {row.pk for row in response.context["cl"].result_list}


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def work(ward_a, ward_b, officer_a, commander_a, settings):
    """Ward A's day: a fresh new tip, one overdue for triage, one of the officer's in
    verification, one overdue for verification, one whose tipster added information, one
    answered since, a closed tip and an open case; and ward B's tips, which never count."""
    settings.WARDSEC_TIP_TRIAGE_HOURS = 24
    settings.WARDSEC_TIP_VERIFICATION_DAYS = 20
    fresh = make_tip(ward_a)
    late_triage = make_tip(ward_a, received_at=ago(hours=30))
    mine = make_tip(ward_a)
    services.assign_tip(tip=mine, assignee=officer_a, actor=commander_a)
    late_verification = make_tip(ward_a, received_at=ago(days=25))
    services.assign_tip(tip=late_verification, assignee=officer_a, actor=commander_a)
    news = make_tip(ward_a)
    services.assign_tip(tip=news, assignee=commander_a, actor=commander_a)
    services.reply_to_tipster(tip=news, actor=commander_a, body="Đã nhận, đang xác minh.")
    services.add_citizen_information(tip=news, body="Xe biển số 62A-123.45 màu đỏ.")
    answered = make_tip(ward_a)
    services.add_citizen_information(tip=answered, body="Thêm: lúc 21 giờ.")
    services.add_internal_note(tip=answered, actor=officer_a, body="Đã ghi nhận.")
    closed = make_tip(ward_a)
    services.add_citizen_information(tip=closed, body="Bổ sung sau cùng.")
    services.close_tip(tip=closed, actor=officer_a, outcome=TipOutcome.UNVERIFIED)
    case = make_case(ward_a, officer_in_charge=officer_a)
    clarified = make_case(ward_a, title="Vụ đã làm rõ")
    services.clarify_case(case=clarified, actor=commander_a, clarified_on=timezone.localdate())
    for _ in range(3):  # another ward's work: never counted here
        other = make_tip(ward_b, received_at=ago(days=30))
        services.add_citizen_information(tip=other, body="Ở phường khác.")
    make_case(ward_b)
    return {
        "fresh": fresh,
        "late_triage": late_triage,
        "mine": mine,
        "late_verification": late_verification,
        "news": news,
        "answered": answered,
        "closed": closed,
        "case": case,
    }


class TestTheFrontPage:
    def test_counts_of_the_officers_day_and_where_they_lead(self, officer_a_client, work):
        found = items(officer_a_client.get(INDEX))
        expected = {
            "new": {work["fresh"], work["late_triage"], work["answered"]},
            "late_triage": {work["late_triage"]},
            "late_verification": {work["late_verification"]},
            "mine": {work["mine"], work["late_verification"]},
            "news": {work["news"]},
            "unassigned": {work["fresh"], work["late_triage"], work["answered"]},
        }
        for key, tips in expected.items():
            count, url = found[key]
            assert count == len(tips), key
            # The link opens the queue on exactly these tips.
            assert listed(officer_a_client, url) == {tip.pk for tip in tips}, key
        count, url = found["cases_open"]
        assert count == 1
        assert listed(officer_a_client, url) == {work["case"].pk}

    def test_the_page_is_called_viec_hom_nay_and_marks_what_is_late(self, officer_a_client, work):
        content = officer_a_client.get(INDEX).content.decode()
        assert "<h1>Việc hôm nay</h1>" in content
        assert 'data-item="late_triage"' in content
        urgent = re.findall(
            r'class="wardsec-today-item wardsec-today-urgent" data-item="(\w+)"', content
        )
        assert set(urgent) >= {"late_triage", "late_verification", "news"}
        assert (
            'data-item="new"' in content and 'wardsec-today-urgent" data-item="new"' not in content
        )

    def test_the_commander_sees_each_officer(
        self, commander_a_client, officer_a, commander_a, work
    ):
        sections = commander_a_client.get(INDEX).context["today_sections"]
        [section] = [s for s in sections if s.title == "Tin báo, vụ việc"]
        [table] = section.tables
        rows = {row.label: {cell.key: cell for cell in row.cells} for row in table.rows}
        officer = rows[display_name(officer_a)]
        assert officer["open"].count == 2 and officer["late"].count == 1
        assert officer["news"].count == 0 and officer["cases"].count == 1
        assert listed(commander_a_client, officer["open"].url) == {
            work["mine"].pk,
            work["late_verification"].pk,
        }
        assert listed(commander_a_client, officer["late"].url) == {work["late_verification"].pk}
        assert listed(commander_a_client, officer["cases"].url) == {work["case"].pk}
        commander = rows[display_name(commander_a)]
        assert commander["news"].count == 1
        assert listed(commander_a_client, commander["news"].url) == {work["news"].pk}

    def test_an_officer_has_no_table_per_officer(self, officer_a_client, work):
        sections = officer_a_client.get(INDEX).context["today_sections"]
        [section] = [s for s in sections if s.title == "Tin báo, vụ việc"]
        assert not section.tables

    def test_another_wards_officer_counts_only_their_own(self, officer_b_client, work):
        found = items(officer_b_client.get(INDEX))
        assert found["new"][0] == 3 and found["news"][0] == 3 and found["cases_open"][0] == 1
        assert found["mine"][0] == 0

    def test_without_permission_nothing_of_the_tips(self, no_perm_client, work):
        response = no_perm_client.get(INDEX)
        assert response.status_code == 200
        titles = [str(section.title) for section in response.context["today_sections"]]
        assert "Tin báo, vụ việc" not in titles
        assert "Tin báo, vụ việc" not in response.content.decode()

    def test_anonymous_goes_to_the_login_page(self, citizen):
        response = citizen.get(INDEX)
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_a_leader_sees_the_counts_of_the_province_read_only(self, leader_client, work):
        found = items(leader_client.get(INDEX))
        assert found["new"][0] == 3 + 3  # wards A and B are in the leader's province

    def test_query_count_does_not_grow_with_the_work(self, commander_a_client, ward_a, work):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert commander_a_client.get(INDEX).status_code == 200
            return len(queries)

        before = count()
        for _ in range(5):
            tip = make_tip(ward_a)
            services.add_citizen_information(tip=tip, body="Thêm.")
        factories.make_officer(ward_a, username="canbo_moi")
        assert count() == before


class TestThePlatformHook:
    def test_the_apps_declare_their_today_sections(self):
        declared = {config.label: dotted for config, dotted in registry.today()}
        assert declared["tips"] == "tips.today.section"
        assert declared["core_forces"] == "core_forces.today.section"
        for _label, provider in today.providers():
            assert callable(provider)

    def test_sections_follow_the_declarations(self, officer_a_client, monkeypatch):
        from types import SimpleNamespace

        fake = SimpleNamespace(label="fake")
        monkeypatch.setattr(registry, "today", lambda: [(fake, "tests.tips.test_today.fake")])
        response = officer_a_client.get(INDEX)
        [section] = response.context["today_sections"]
        assert section.title == "Việc giả"
        assert 'data-item="fake"' in response.content.decode()


def fake(request):
    return today.Section(title="Việc giả", items=[today.Item("giả", 7, None, key="fake")])


class TestTheQueueOpensOnOpenTips:
    def test_default_search_status_and_all(self, officer_a_client, work):
        open_tips = {
            work[name].pk
            for name in ("fresh", "late_triage", "mine", "late_verification", "news", "answered")
        }
        assert listed(officer_a_client, QUEUE) == open_tips
        assert work["closed"].pk in listed(officer_a_client, f"{QUEUE}?queue=all")
        # A search or a chosen status is taken as asked: the closed tip is found.
        assert listed(officer_a_client, f"{QUEUE}?q={work['closed'].reference}") == {
            work["closed"].pk
        }
        assert listed(officer_a_client, f"{QUEUE}?status__exact=closed") == {work["closed"].pk}

    def test_the_filter_shows_where_the_queue_is(self, officer_a_client, work):
        response = officer_a_client.get(QUEUE)
        [spec] = [
            s
            for s in response.context["cl"].filter_specs
            if getattr(s, "parameter_name", "") == "queue"
        ]
        selected = [c["display"] for c in spec.choices(response.context["cl"]) if c["selected"]]
        assert [str(label) for label in selected] == ["Đang mở (mới, đang xác minh)"]

    def test_the_citizens_news_badge(self, officer_a_client, work):
        content = officer_a_client.get(QUEUE).content.decode()
        assert content.count('class="wardsec-badge"') == 1
        row = content.split(work["news"].reference, 1)[1].split("</tr>", 1)[0]
        assert "Người báo vừa bổ sung" in row

    def test_age_and_deadline_for_every_open_status(self, officer_a_client, work):
        response = officer_a_client.get(QUEUE)
        content = response.content.decode()
        # Every open row has a deadline and an age; the overdue ones say which step is late.
        assert content.count('class="wardsec-age"') == 6
        assert "quá hạn phân loại" in content and "quá hạn xác minh" in content
        closed = officer_a_client.get(f"{QUEUE}?status__exact=closed").content.decode()
        assert 'class="wardsec-age"' not in closed

    def test_an_officer_of_two_wards_with_the_same_neighbourhood_name(self, ward_a, ward_b):
        from wards import services as wards_services
        from wards.choices import Role

        user = factories.make_officer(ward_a, username="hai_phuong")
        wards_services.grant_membership(
            user=user, role=Role.OFFICER, ward=ward_b, province=None, actor=None
        )
        for ward in (ward_a, ward_b):
            make_tip(ward, neighbourhood=factories.make_neighbourhood(ward, name="Khu phố 2"))
        response = client_for(user).get(QUEUE)
        [spec] = [
            s
            for s in response.context["cl"].filter_specs
            if getattr(s, "field_path", "") == "neighbourhood"
        ]
        labels = sorted(label for _pk, label in spec.lookup_choices)
        assert labels == sorted([f"Khu phố 2 — {ward_a.name}", f"Khu phố 2 — {ward_b.name}"])
