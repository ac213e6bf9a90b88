"""The campaigns in the admin, for entry at a desk after the event: the quick add pages with
their defaults (today, the officer's ward, the officer in charge) and photos, bad input in
Vietnamese storing nothing, the totals above each list, the export of the filtered list, the
feedback queue and its steps, the plan's progress, accent-less search and the photo view (the
security matrix and the pinned query counts of every admin are in test_admin_security.py)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from campaigns import services
from campaigns.models import FeedbackItem, OutreachSession, OutreachTopic, SessionPhoto
from tests.campaigns import factories
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:campaigns_{model}_{view}", args=args)


def topic(code: str) -> OutreachTopic:
    return factories.row(OutreachTopic, code)


def session_form(**overrides):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "format": factories.row(factories.OutreachFormat, "meeting").pk,
        "title": "Tuyên truyền phòng, chống ma túy",
        "topics": [topic("drugs").pk],
        "attendances": "45",
        "leaflets": "0",
    }
    return data | overrides


# --- Quick add ----------------------------------------------------------------------------------


def test_the_quick_add_page_defaults_to_today_the_ward_and_the_officer(officer_a_client):
    page = officer_a_client.get(url("outreachsession", "add"))
    assert page.status_code == 200
    form = page.context["form"]
    assert "ward" not in form.fields  # one ward: it is the officer's
    assert form["held_on"].value() == timezone.localdate()
    assert form["officer"].value() == page.wsgi_request.user.pk
    assert "Ghi buổi tuyên truyền" in page.content.decode()


def test_a_session_is_entered_with_its_photo_and_lands_on_its_page(
    officer_a_client, officer_a, ward_a
):
    data = session_form(officer=officer_a.pk, photos=factories.jpeg_upload())
    response = officer_a_client.post(url("outreachsession", "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        session = OutreachSession.objects.get(title="Tuyên truyền phòng, chống ma túy")
        photo = SessionPhoto.objects.get(session=session)
        assert AuditEntry.objects.filter(
            action=AuditAction.CREATE, object_id=str(session.pk), event="outreach_session.recorded"
        ).exists()
    assert session.ward == ward_a and session.officer == officer_a
    assert response["Location"] == url("outreachsession", "change", session.pk)
    page = officer_a_client.get(response["Location"]).content.decode()
    assert url("outreachsession", "photo", photo.pk) in page
    assert not photo.stored_name.startswith("buoi")  # the server's name, not the uploader's


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"attendances": "-3"}, "attendances", "Số lượt người không được âm."),
        ({"held_on": "2999-01-01"}, "held_on", "Ngày không được ở tương lai."),
        ({"topics": []}, "topics", "Trường này là bắt buộc."),
    ],
)
def test_bad_input_on_the_add_page_is_refused_in_vietnamese(
    officer_a_client, overrides, field, message
):
    response = officer_a_client.post(url("outreachsession", "add"), session_form(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    with scopes_disabled():
        assert not OutreachSession.objects.exists()


def test_a_distribution_with_zero_packages_is_refused(officer_a_client):
    data = {
        "distributed_on": "2021-01-20",
        "beneficiary_group": factories.row(factories.BeneficiaryGroup, "poor").pk,
        "packages": "0",
        "value_vnd": "1000000",
    }
    response = officer_a_client.post(url("giftdistribution", "add"), data)
    assert response.status_code == 200
    assert "Số phần quà phải từ 1 trở lên." in response.context["form"].errors["packages"]


def test_a_correction_in_the_change_form_is_audited_and_keeps_the_rules(officer_a_client, ward_a):
    broadcast = factories.make_broadcast(ward_a, programme="Tiếng loa tháng 3")
    change = url("broadcast", "change", broadcast.pk)
    data = {"aired_on": "2021-03-15", "programme": "Tiếng loa tháng 3", "note": ""}
    refused = officer_a_client.post(change, data | {"airings": "0"})
    assert "Số lượt phát phải từ 1 trở lên." in refused.context["adminform"].form.errors["airings"]
    assert officer_a_client.post(change, data | {"airings": "7"}).status_code == 302
    with scopes_disabled():
        broadcast.refresh_from_db()
        entry = AuditEntry.objects.filter(object_id=str(broadcast.pk)).first()
    assert broadcast.airings == 7
    assert entry.action == AuditAction.UPDATE and entry.changes["airings"] == [3, 7]


# --- Lists: totals, export, search ---------------------------------------------------------------


def test_the_list_shows_the_totals_of_the_filtered_rows(officer_a_client, ward_a, ward_b):
    factories.make_session(ward_a, attendances=40, topics=[topic("drugs")])
    factories.make_session(ward_a, attendances=35, leaflets=20, topics=[topic("drugs")])
    factories.make_session(ward_a, attendances=1000, topics=[topic("fire_safety")])
    factories.make_session(ward_b, attendances=999, topics=[topic("drugs")])
    response = officer_a_client.get(url("outreachsession", "changelist"))
    totals = [(str(label), value) for label, value in response.context["list_totals"]]
    assert totals == [("buổi tuyên truyền", 3), ("lượt người", 1075), ("tờ rơi", 20)]
    drugs = officer_a_client.get(
        url("outreachsession", "changelist"), {"topics__id__exact": topic("drugs").pk}
    )
    totals = [(str(label), value) for label, value in drugs.context["list_totals"]]
    assert totals == [("buổi tuyên truyền", 2), ("lượt người", 75), ("tờ rơi", 20)]


def test_the_filtered_list_exports_to_xlsx(officer_a_client, ward_a, ward_b):
    kept = factories.make_session(ward_a, title="Buổi về ma túy", topics=[topic("drugs")])
    factories.make_session(ward_a, title="Buổi về cháy nổ", topics=[topic("fire_safety")])
    factories.make_session(ward_b, title="Buổi của phường B", topics=[topic("drugs")])
    query = {"topics__id__exact": topic("drugs").pk}
    response = officer_a_client.get(url("outreachsession", "export", "xlsx"), query)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2  # the header and the one session of ward A on drugs
    assert kept.pk in rows[1] and "Buổi về ma túy" in rows[1]
    with scopes_disabled():
        assert AuditEntry.objects.filter(action=AuditAction.EXPORT, ward=ward_a).exists()


def test_search_without_accents_finds_the_session(officer_a_client, ward_a):
    found = factories.make_session(ward_a, title="Tuyên truyền phòng, chống ma túy")
    factories.make_session(ward_a, title="An toàn giao thông")
    response = officer_a_client.get(url("outreachsession", "changelist"), {"q": "chong ma tuy"})
    assert [row.pk for row in response.context["cl"].result_list] == [found.pk]


def test_the_plan_list_shows_progress_against_the_targets(commander_a_client, ward_a):
    factories.make_plan(ward_a, year=2021, target_sessions=4, target_attendances=100)
    factories.make_session(ward_a, held_on=datetime.date(2021, 12, 31), attendances=30)
    factories.make_session(ward_a, held_on=datetime.date(2022, 1, 1), attendances=500)
    factories.make_broadcast(ward_a, aired_on=datetime.date(2021, 5, 1), airings=6)
    page = commander_a_client.get(url("outreachplan", "changelist")).content.decode()
    assert "1 / 4 (25 %)" in page and "30 / 100 (30 %)" in page and "6 / 96 (6 %)" in page


# --- The feedback queue -------------------------------------------------------------------------


def test_the_queue_of_open_and_overdue_feedback_and_its_answer_step(officer_a_client, ward_a):
    overdue = factories.make_feedback(ward_a, content="Đèn đường hỏng đã lâu")
    due_today = factories.make_feedback(ward_a, deadline=timezone.localdate())
    changelist = url("feedbackitem", "changelist")
    listed = officer_a_client.get(changelist, {"due": "overdue"}).context["cl"].result_list
    assert [item.pk for item in listed] == [overdue.pk]
    listed = officer_a_client.get(changelist, {"due": "open"}).context["cl"].result_list
    assert {item.pk for item in listed} == {overdue.pk, due_today.pk}
    page = officer_a_client.get(url("feedbackitem", "change", overdue.pk)).content.decode()
    assert 'data-step="answer"' in page and 'data-step="forward"' in page
    answer = {"answer": "Đã báo Điện lực thay bóng.", "on": timezone.localdate().isoformat()}
    response = officer_a_client.post(url("feedbackitem", "answer", overdue.pk), answer)
    assert response.status_code == 302
    listed = officer_a_client.get(changelist, {"due": "open"}).context["cl"].result_list
    assert [item.pk for item in listed] == [due_today.pk]
    with scopes_disabled():
        assert FeedbackItem.objects.get(pk=overdue.pk).status == "answered"
    page = officer_a_client.get(url("feedbackitem", "change", overdue.pk)).content.decode()
    assert 'data-step="answer"' not in page


def test_an_events_open_items_link_to_its_queue(officer_a_client, ward_a):
    forum, other = factories.make_event(ward_a), factories.make_event(ward_a)
    waiting = factories.make_feedback(ward_a, event=forum)
    factories.make_feedback(ward_a, event=other)
    page = officer_a_client.get(url("movementevent", "changelist")).content.decode()
    queue = f"?event__id__exact={forum.pk}&amp;due=open"
    assert queue in page
    listed = officer_a_client.get(url("feedbackitem", "changelist") + queue.replace("&amp;", "&"))
    assert [item.pk for item in listed.context["cl"].result_list] == [waiting.pk]


def test_an_answer_dated_before_the_forum_is_refused_on_the_field(officer_a_client, ward_a):
    item = factories.make_feedback(ward_a)
    answer = {"answer": "Đã trả lời", "on": "2020-08-18"}  # the forum was on 19 August
    response = officer_a_client.post(url("feedbackitem", "answer", item.pk), answer)
    assert response.status_code == 200
    message = "Ngày trả lời không được trước ngày tổ chức sự kiện."
    assert message in response.context["form"].errors["on"]
    with scopes_disabled():
        assert FeedbackItem.objects.get(pk=item.pk).status == "open"


# --- Photos ---------------------------------------------------------------------------------------


def test_a_sessions_photo_is_served_to_its_wards_officers(
    citizen, no_perm_client, officer_b_client, leader_client, officer_a_client, ward_a
):
    session = factories.make_session(ward_a, photos=[factories.make_photo()])
    with scopes_disabled():
        photo = SessionPhoto.objects.get(session=session)
    photo_url = url("outreachsession", "photo", photo.pk)
    assert citizen.get(photo_url).status_code == 302
    assert no_perm_client.get(photo_url).status_code == 403
    assert officer_b_client.get(photo_url).status_code == 404
    response = officer_a_client.get(photo_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert leader_client.get(photo_url).status_code == 200


def test_photos_are_added_to_a_session_later(officer_a_client, ward_a):
    session = factories.make_session(ward_a)
    response = officer_a_client.post(
        url("outreachsession", "photos", session.pk), {"photos": factories.jpeg_upload()}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert SessionPhoto.objects.filter(session=session).count() == 1
    refused = officer_a_client.post(url("outreachsession", "photos", session.pk), {})
    assert refused.status_code == 200 and refused.context["form"].errors["photos"]


def test_a_failed_session_leaves_no_photo_file(ward_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Exception, match="attendances"), scopes_disabled():
        services.record_session(
            ward=ward_a,
            actor=None,
            held_on=datetime.date(2021, 1, 5),
            format=factories.row(factories.OutreachFormat, "meeting"),
            topics=[topic("drugs")],
            attendances=-1,
            photos=[factories.make_photo()],
        )
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
