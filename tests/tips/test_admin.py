"""The tips workplace in the admin: access by persona, the queue (order, overdue, filters,
search, bulk actions, query count), the tip's page (contact, thread, photos, what is never
shown), officer-entered tips and the photo view."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests import factories
from tests.tips.factories import (
    category,
    events,
    flash,
    make_photo,
    make_tip,
    reload,
)
from tips import codes, services
from tips.admin import TIP_STEPS
from tips.choices import MessageKind, TipChannel, TipOutcome, TipStatus
from tips.models import Tip, TipAttachment
from wardsec.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

CHANGELIST = reverse("admin:tips_tip_changelist")
ADD = reverse("admin:tips_tip_add")


def change_url(tip) -> str:
    return reverse("admin:tips_tip_change", args=[tip.pk])


def step_url(tip, slug: str) -> str:
    return reverse(f"admin:tips_tip_{TIP_STEPS[slug].url_name}", args=[tip.pk])


def attachment_url(attachment) -> str:
    return reverse("admin:tips_tip_attachment", args=[attachment.pk])


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [row.pk for row in response.context["cl"].result_list]


def filter_choices(response, field_path: str) -> set[str]:
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == field_path:
            return {str(value) for value, _label in spec.lookup_choices}
    return set()


def run_action(client, action: str, tips) -> object:
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(t.pk) for t in tips], "index": 0},
    )


@pytest.fixture
def tip_a(ward_a):
    return make_tip(ward_a)


@pytest.fixture
def tip_b(ward_b):
    return make_tip(ward_b)


@pytest.fixture
def photo_a(tip_a):
    """A photo on tip A, stored as the services store it."""
    services.store_photos(tip_a, [make_photo()], message=None, written=[])
    return TipAttachment.objects.get(tip=tip_a)


# --- Access ----------------------------------------------------------------------------------


class TestAccess:
    """Who may open which page: tests/tips/test_admin_security.py (generated). Here, what the
    generic checks cannot know: the leader's page offers no step and a bulk step is refused."""

    def test_province_leader_reads_but_does_not_work(self, leader_client, tip_a):
        page = leader_client.get(change_url(tip_a))
        assert page.status_code == 200
        assert not page.context["workflow_steps"]
        run_action(leader_client, "accept_tips", [tip_a])
        tip = reload(tip_a)
        assert tip.status == TipStatus.NEW and tip.category.code == "theft"
        assert events(tip) == ["tip.submit"]


# --- The queue -------------------------------------------------------------------------------


class TestQueue:
    def test_new_tips_come_first(self, officer_a, officer_a_client, ward_a):
        now = timezone.now()
        old_in_progress = make_tip(ward_a, received_at=now - datetime.timedelta(hours=3))
        services.assign_tip(tip=old_in_progress, assignee=officer_a, actor=officer_a)
        closed = make_tip(ward_a, received_at=now - datetime.timedelta(minutes=5))
        services.close_tip(tip=closed, actor=officer_a, outcome=TipOutcome.RESOLVED)
        new_older = make_tip(ward_a, received_at=now - datetime.timedelta(hours=2))
        new_recent = make_tip(ward_a, received_at=now - datetime.timedelta(minutes=1))
        order = listed(officer_a_client.get(CHANGELIST, {"queue": "all"}))
        # The queue's own order (TipQuerySet.queue_order): new tips first, the most urgent
        # (oldest) of them on top; then tips in progress; then the rest.
        assert order == [new_older.pk, new_recent.pk, old_in_progress.pk, closed.pk]
        # Where the queue opens: the open tips only (issue 8).
        assert listed(officer_a_client.get(CHANGELIST)) == order[:3]

    def test_overdue_new_tips_are_highlighted(self, officer_a_client, ward_a, settings):
        settings.WARDSEC_TIP_TRIAGE_HOURS = 6
        late = make_tip(ward_a, received_at=timezone.now() - datetime.timedelta(hours=7))
        fresh = make_tip(ward_a, received_at=timezone.now() - datetime.timedelta(hours=5))
        response = officer_a_client.get(CHANGELIST)
        content = response.content.decode()
        assert content.count("wardsec-overdue") == 1
        assert "quá hạn phân loại" in content
        overdue = officer_a_client.get(CHANGELIST, {"overdue": "1"})
        assert listed(overdue) == [late.pk]
        assert fresh.pk in listed(response)

    def test_columns_and_ward_column_for_several_wards(
        self, officer_a_client, leader_client, tip_a
    ):
        officer_columns = officer_a_client.get(CHANGELIST).context["cl"].list_display
        assert "ward" not in officer_columns
        for column in ["code_column", "received_at", "category", "channel", "status_column"]:
            assert column in officer_columns
        assert "neighbourhood" in officer_columns and "assignee_name" in officer_columns
        assert "ward" in leader_client.get(CHANGELIST).context["cl"].list_display

    def test_officer_of_two_wards_sees_both_with_the_ward_column_and_filter(self, ward_a, ward_b):
        from tests.conftest import client_for
        from wards import services as wards_services
        from wards.choices import Role

        user = factories.make_officer(ward_a, username="two_wards")
        wards_services.grant_membership(
            user=user, role=Role.OFFICER, ward=ward_b, province=None, actor=None
        )
        tips = {make_tip(ward_a).pk, make_tip(ward_b).pk}
        response = client_for(user).get(CHANGELIST)
        assert set(listed(response)) == tips
        assert "ward" in response.context["cl"].list_display
        assert filter_choices(response, "ward") == {str(ward_a.pk), str(ward_b.pk)}

    def test_another_wards_tips_are_absent_from_list_search_and_filters(
        self, officer_a, officer_b_client, ward_a, ward_b
    ):
        quarter_a = factories.make_neighbourhood(ward_a, name="Khu phố Một A")
        tip_a = make_tip(
            ward_a, neighbourhood=quarter_a, category=category("gambling"), channel="hotline"
        )
        services.assign_tip(tip=tip_a, assignee=officer_a, actor=officer_a)
        tip_b = make_tip(ward_b)
        page = officer_b_client.get(CHANGELIST)
        assert listed(page) == [tip_b.pk]
        assert tip_a.reference not in page.content.decode()
        assert str(quarter_a.pk) not in filter_choices(page, "neighbourhood")
        assert str(officer_a.pk) not in filter_choices(page, "assignee")
        assert str(category("gambling").pk) not in filter_choices(page, "category")
        for term in [tip_a.reference, tip_a.reference.lower(), "Khu phố"]:
            assert listed(officer_b_client.get(CHANGELIST, {"q": term})) == [], term
        for lookup, value in [
            ("neighbourhood__id__exact", quarter_a.pk),
            ("assignee__id__exact", officer_a.pk),
            ("category__id__exact", category("gambling").pk),
        ]:
            assert tip_a.pk not in listed(officer_b_client.get(CHANGELIST, {lookup: value}))

    def test_filters_and_search(self, officer_a, officer_a_client, ward_a):
        quarter = factories.make_neighbourhood(ward_a, name="Ấp Bình Minh")
        gambling = make_tip(
            ward_a,
            category=category("gambling"),
            neighbourhood=quarter,
            location_text="Quán cà phê cuối hẻm 7",
            channel="hotline",
            issue_pin=False,
        )
        theft = make_tip(ward_a, description="Mất trộm xe đạp điện trước cổng trường")
        services.assign_tip(tip=theft, assignee=officer_a, actor=officer_a)
        assert listed(officer_a_client.get(CHANGELIST, {"status__exact": "new"})) == [gambling.pk]
        by_category = {"category__id__exact": category("gambling").pk}
        assert listed(officer_a_client.get(CHANGELIST, by_category)) == [gambling.pk]
        assert listed(officer_a_client.get(CHANGELIST, {"channel__exact": "web"})) == [theft.pk]
        by_place = {"neighbourhood__id__exact": quarter.pk}
        assert listed(officer_a_client.get(CHANGELIST, by_place)) == [gambling.pk]
        by_assignee = {"assignee__id__exact": officer_a.pk}
        assert listed(officer_a_client.get(CHANGELIST, by_assignee)) == [theft.pk]
        assert listed(officer_a_client.get(CHANGELIST, {"q": "xe đạp điện"})) == [theft.pk]
        assert listed(officer_a_client.get(CHANGELIST, {"q": "hẻm 7"})) == [gambling.pk]
        for typed in (gambling.reference.lower(), gambling.reference.replace("-", " ")):
            assert listed(officer_a_client.get(CHANGELIST, {"q": typed})) == [gambling.pk]
        loose = f"tb {gambling.reference[3:7]} {gambling.pk}"  # without the leading zeros
        assert listed(officer_a_client.get(CHANGELIST, {"q": loose})) == [gambling.pk]

    def test_received_date_filter(self, officer_a_client, ward_a):
        today = make_tip(ward_a)
        make_tip(ward_a, received_at=timezone.now() - datetime.timedelta(days=40))
        page = officer_a_client.get(CHANGELIST)
        specs = page.context["cl"].filter_specs
        [spec] = [s for s in specs if getattr(s, "field_path", "") == "received_at"]
        links = {str(c["display"]): c["query_string"] for c in spec.choices(page.context["cl"])}
        assert listed(officer_a_client.get(CHANGELIST + links["Hôm nay"])) == [today.pk]
        assert len(listed(officer_a_client.get(CHANGELIST + links["Bất kì ngày nào"]))) == 2

    def test_tips_are_never_deleted_here(self, superuser_client, tip_a):
        response = superuser_client.get(reverse("admin:tips_tip_delete", args=[tip_a.pk]))
        assert response.status_code == 403
        assert (
            "delete_selected"
            not in superuser_client.get(CHANGELIST)
            .context["action_form"]["action"]
            .field.choices.__repr__()
        )

    def test_csv_export_leaves_out_contact_and_secrets(self, officer_a_client, ward_a):
        contact = services.Contact(name="Trần Thị Cờ", phone="0909 111 222")
        named = make_tip(ward_a, contact=contact)
        response = run_action(officer_a_client, "export_csv", [named])
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 2
        assert "0909 111 222" not in text and "Trần Thị Cờ" not in text
        assert reload(named).pin_hash not in text


# --- Bulk actions ----------------------------------------------------------------------------


class TestBulkActions:
    def test_accept_reports_successes_and_each_failure(self, officer_a, officer_a_client, ward_a):
        first, second = make_tip(ward_a), make_tip(ward_a)
        closed = make_tip(ward_a)
        services.close_tip(tip=closed, actor=officer_a, outcome=TipOutcome.UNVERIFIED)
        response = run_action(officer_a_client, "accept_tips", [first, second, closed])
        assert response.status_code == 302
        notes = flash(response)
        assert "Đã xử lý 2 tin báo." in notes
        failure = f"Tin báo {closed.reference}: Tin báo này đã được phân loại."
        assert failure in notes
        assert reload(first).status == reload(second).status == TipStatus.IN_PROGRESS
        assert events(first)[-1] == "tip.triage.accept"
        assert reload(closed).status == TipStatus.CLOSED
        assert events(closed) == ["tip.submit", "tip.close"]

    def test_mark_spam(self, officer_a_client, tip_a):
        response = run_action(officer_a_client, "mark_spam", [tip_a])
        assert "Đã xử lý 1 tin báo." in flash(response)
        tip = reload(tip_a)
        assert tip.status == TipStatus.SPAM and tip.closed_at is not None
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event="tip.triage.spam")
        assert entry.action == AuditAction.TRANSITION and entry.actor.username == "officer_a"

    def test_assign_to_me(self, officer_a, officer_a_client, tip_a):
        run_action(officer_a_client, "assign_to_me", [tip_a])
        tip = reload(tip_a)
        assert tip.assignee == officer_a and tip.status == TipStatus.IN_PROGRESS
        assert events(tip)[-1] == "tip.assign"

    def test_assign_to_me_refused_for_someone_of_no_ward(self, superuser_client, tip_a):
        response = run_action(superuser_client, "assign_to_me", [tip_a])
        assert response.status_code == 302
        assert any("không công tác tại phường/xã" in note for note in flash(response))
        assert reload(tip_a).assignee is None


# --- The tip's page --------------------------------------------------------------------------


class TestTipPage:
    def test_secrets_are_never_shown(self, officer_a_client, commander_a_client, ward_a):
        import uuid

        key = uuid.uuid4()
        tip = make_tip(ward_a, idempotency_key=key)
        Tip.objects.filter(pk=tip.pk).update(pin_failed_attempts=3)
        for client in (officer_a_client, commander_a_client):
            content = client.get(change_url(tip)).content.decode()
            assert reload(tip).pin_hash not in content
            assert reload(tip).code_digest not in content and "code_digest" not in content
            assert str(key) not in content and key.hex not in content
            for word in ["pin_hash", "pin_failed_attempts", "idempotency_key", "số lần nhập sai"]:
                assert word not in content
            assert "Đã cấp mã PIN cho người báo." in content

    def test_contact_is_shown_to_officers_and_the_reading_is_audited(
        self, officer_a, officer_a_client, ward_a
    ):
        contact = services.Contact(name="Lê Văn Dũng", phone="0912 345 678", email="d@example.vn")
        tip = make_tip(ward_a, contact=contact)
        content = officer_a_client.get(change_url(tip)).content.decode()
        assert "Lê Văn Dũng" in content and "0912 345 678" in content
        assert "d@example.vn" in content
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event="tip.contact.read")
        assert entry.action == AuditAction.VIEW and entry.actor == officer_a
        assert entry.ward == ward_a
        assert "0912 345 678" not in str(entry.changes)

    def test_contact_is_hidden_without_the_permission(self, leader_client, ward_a):
        tip = make_tip(ward_a, contact=services.Contact(phone="0912 345 678"))
        content = leader_client.get(change_url(tip)).content.decode()
        assert "0912 345 678" not in content
        assert "bạn không có quyền xem" in content
        assert "tip.contact.read" not in events(tip)

    def test_anonymous_tip_shows_anonymous_and_reads_nothing(self, officer_a_client, tip_a):
        response = officer_a_client.get(change_url(tip_a))
        assert response.context["tipster"] == {"anonymous": True}
        assert "Ẩn danh" in response.content.decode()
        assert "tip.contact.read" not in events(tip_a)

    def test_thread_shows_replies_additions_and_marked_internal_notes(
        self, officer_a, officer_a_client, leader_client, tip_a
    ):
        reply = "Cảm ơn, chúng tôi đang xác minh."
        services.reply_to_tipster(tip=tip_a, actor=officer_a, body=reply)
        services.add_citizen_information(tip=tip_a, body="Xe màu đỏ, biển 62A")
        services.add_internal_note(tip=tip_a, actor=officer_a, body="Đối chiếu camera ngã tư.")
        for client in (officer_a_client, leader_client):
            response = client.get(change_url(tip_a))
            content = response.content.decode()
            kinds = [m.kind for m in response.context["thread"]]
            assert kinds == [
                MessageKind.PUBLIC_REPLY,
                MessageKind.CITIZEN,
                MessageKind.INTERNAL_NOTE,
            ]
            for text in ["Cảm ơn, chúng tôi đang xác minh.", "Xe màu đỏ, biển 62A"]:
                assert text in content
            assert "wardsec-message-internal_note" in content and "NỘI BỘ" in content
            assert "Người báo tin" in content

    def test_photo_thumbnails_point_to_the_photo_view(
        self, officer_a_client, tip_a, photo_a, settings
    ):
        content = officer_a_client.get(change_url(tip_a)).content.decode()
        assert f'<img src="{attachment_url(photo_a)}"' in content
        assert settings.MEDIA_URL not in content and photo_a.file.name not in content

    def test_workflow_buttons(self, officer_a, officer_a_client, tip_a):
        content = officer_a_client.get(change_url(tip_a)).content.decode()
        for slug in TIP_STEPS:
            if slug == "reopen":  # a commander's step, for finished tips (test_admin_story)
                continue
            assert step_url(tip_a, slug) in content, slug
        services.close_tip(tip=tip_a, actor=officer_a, outcome=TipOutcome.RESOLVED)
        offered = {
            s["name"] for s in officer_a_client.get(change_url(tip_a)).context["workflow_steps"]
        }
        assert offered == {"reply", "note", "link-case"}

    def test_correcting_category_and_place_is_audited_and_workflow_fields_stay(
        self, officer_a_client, ward_a, ward_b, tip_a
    ):
        quarter = factories.make_neighbourhood(ward_a)
        response = officer_a_client.post(
            change_url(tip_a),
            {
                "category": category("gambling").pk,
                "neighbourhood": quarter.pk,
                "location_text": "Hẻm 12 đường Số 3",
                "status": TipStatus.CLOSED,
                "ward": ward_b.pk,
                "description": "đã sửa",
                "assignee": "",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        tip = reload(tip_a)
        assert tip.category.code == "gambling" and tip.neighbourhood == quarter
        assert tip.location_text == "Hẻm 12 đường Số 3"
        assert tip.status == TipStatus.NEW and tip.ward == ward_a
        assert tip.description != "đã sửa"
        entry = AuditEntry.objects.filter(object_id=str(tip.pk), action=AuditAction.UPDATE).get()
        assert set(entry.changes) == {"category", "neighbourhood", "location_text"}

    def test_neighbourhood_of_another_ward_is_not_offered(self, officer_a_client, ward_a, tip_a):
        other_ward = factories.make_ward(province=ward_a.province)
        elsewhere = factories.make_neighbourhood(other_ward)
        response = officer_a_client.post(
            change_url(tip_a), {"category": tip_a.category_id, "neighbourhood": elsewhere.pk}
        )
        assert response.status_code == 200
        assert "neighbourhood" in response.context["adminform"].form.errors
        assert reload(tip_a).neighbourhood is None

    def test_overdue_warning(self, officer_a_client, ward_a):
        late = make_tip(ward_a, received_at=timezone.now() - datetime.timedelta(hours=30))
        assert "quá hạn phân loại" in officer_a_client.get(change_url(late)).content.decode()


# --- Officer-entered tips --------------------------------------------------------------------


def officer_tip_data(**overrides) -> dict:
    now = timezone.localtime() - datetime.timedelta(minutes=20)
    import uuid

    return {
        "channel": TipChannel.HOTLINE,
        "received_at_0": now.strftime("%d/%m/%Y"),  # as a Vietnamese officer types it
        "received_at_1": now.strftime("%H:%M:%S"),
        "category": category("gambling").pk,
        "description": "Người gọi báo có nhóm đánh bạc ở nhà số 5.",
        "idempotency_key": str(uuid.uuid4()),
    } | overrides


class TestOfficerEnteredTip:
    def test_hotline_call_with_code_and_pin(self, officer_a, officer_a_client, ward_a):
        response = officer_a_client.post(ADD, officer_tip_data(issue_pin="on"))
        assert response.status_code == 302
        tip = Tip.objects.get()
        assert response["Location"] == change_url(tip)
        assert tip.channel == TipChannel.HOTLINE and tip.ward == ward_a
        assert tip.entered_by == officer_a and tip.is_anonymous
        assert timezone.now() - tip.received_at > datetime.timedelta(minutes=19)
        [message] = flash(response)
        code = codes.normalise_code(message.split("Mã tra cứu: ")[1].split(".")[0])
        assert code and codes.code_digest(code) == tip.code_digest
        pin = message.split("Mã PIN: ")[1][: codes.PIN_LENGTH]
        assert codes.check_pin(code, pin, tip.pin_hash)
        entry = AuditEntry.objects.get(object_id=str(tip.pk), event="tip.submit")
        assert entry.actor == officer_a
        # The PIN is shown once, on the page the officer lands on, and never again.
        assert pin in officer_a_client.get(change_url(tip)).content.decode()
        assert pin not in officer_a_client.get(change_url(tip)).content.decode()

    def test_dates_are_read_day_first(self, officer_a_client):
        """05/11 is the 5th of November to a Vietnamese officer, never May 11th."""
        data = officer_tip_data(
            received_at_0="05/11/2025", received_at_1="08:30", occurred_on="04/11/2025"
        )
        assert officer_a_client.post(ADD, data).status_code == 302
        tip = Tip.objects.get()
        received = timezone.localtime(tip.received_at)
        assert (received.date(), received.hour, received.minute) == (
            datetime.date(2025, 11, 5),
            8,
            30,
        )
        assert tip.occurred_on == datetime.date(2025, 11, 4)

    def test_without_pin(self, officer_a_client):
        response = officer_a_client.post(ADD, officer_tip_data(channel=TipChannel.LETTER))
        tip = Tip.objects.get()
        assert tip.pin_hash == "" and tip.channel == TipChannel.LETTER
        [message] = flash(response)
        assert "Mã tra cứu: " in message and "PIN" not in message
        code = codes.normalise_code(message.split("Mã tra cứu: ")[1].rstrip("."))
        assert code and codes.code_digest(code) == tip.code_digest

    def test_walk_in_with_contact_and_photo(self, officer_a_client):
        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), (9, 9, 9)).save(buffer, format="JPEG")
        photo = SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")
        data = officer_tip_data(
            channel=TipChannel.WALK_IN, contact_name="Phạm Văn Em", contact_phone="0908 000 111"
        )
        response = officer_a_client.post(ADD, data | {"photos": photo})
        assert response.status_code == 302
        tip = Tip.objects.get()
        assert not tip.is_anonymous and tip.contact_name == "Phạm Văn Em"
        assert tip.attachments.count() == 1

    def test_web_and_open311_cannot_be_entered_by_hand(self, officer_a_client):
        form = officer_a_client.get(ADD).context["form"]
        offered = {value for value, _label in form.fields["channel"].choices}
        assert offered == set(TipChannel.officer_entered())
        for channel in (TipChannel.WEB, TipChannel.OPEN311):
            response = officer_a_client.post(ADD, officer_tip_data(channel=channel))
            assert response.status_code == 200
            assert "channel" in response.context["form"].errors
        assert not Tip.objects.exists()

    def test_future_time_and_missing_text_are_refused(self, officer_a_client):
        later = timezone.localtime() + datetime.timedelta(hours=2)
        data = officer_tip_data(
            received_at_0=later.strftime("%d/%m/%Y"),
            received_at_1=later.strftime("%H:%M:%S"),
            description="",
        )
        response = officer_a_client.post(ADD, data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["received_at"] == ["Thời điểm tiếp nhận không được ở tương lai."]
        assert "description" in errors
        assert "Chưa lưu được" in response.content.decode()
        assert not Tip.objects.exists()

    def test_posting_twice_records_one_tip(self, officer_a_client):
        data = officer_tip_data(issue_pin="on")
        officer_a_client.post(ADD, data, follow=True)
        second = officer_a_client.post(ADD, data)
        assert Tip.objects.count() == 1
        assert "Mã PIN" not in " ".join(flash(second))

    def test_several_wards_choose_one_and_the_service_checks_the_place(
        self, superuser_client, ward_a, ward_b
    ):
        elsewhere = factories.make_neighbourhood(ward_b)
        data = officer_tip_data(ward=ward_a.pk, neighbourhood=elsewhere.pk)
        response = superuser_client.post(ADD, data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["neighbourhood"] == ["Khu phố/ấp không thuộc phường/xã đã chọn."]
        assert not Tip.objects.exists()
        assert superuser_client.post(ADD, officer_tip_data(ward=ward_b.pk)).status_code == 302
        assert Tip.objects.get().ward == ward_b

    def test_officer_of_one_ward_is_not_asked_for_the_ward(self, officer_a_client, ward_b):
        form = officer_a_client.get(ADD).context["form"]
        assert "ward" not in form.fields
        officer_a_client.post(ADD, officer_tip_data(ward=ward_b.pk))
        assert Tip.objects.get().ward.code == "WA"


# --- Photos ----------------------------------------------------------------------------------


class TestPhotoView:
    def test_streams_the_bytes_with_safe_headers(self, officer_a_client, photo_a):
        response = officer_a_client.get(attachment_url(photo_a))
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        with photo_a.file.open("rb") as stored:
            assert body == stored.read()
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == f'inline; filename="{photo_a.stored_name}"'
        assert response["Cache-Control"] == "private, no-store"

    def test_missing_file_is_a_404(self, officer_a_client, photo_a):
        photo_a.file.storage.delete(photo_a.file.name)
        assert officer_a_client.get(attachment_url(photo_a)).status_code == 404

    def test_unknown_photo_is_a_404(self, officer_a_client, photo_a):
        url = reverse("admin:tips_tip_attachment", args=[photo_a.pk + 1000])
        assert officer_a_client.get(url).status_code == 404

    def test_media_is_not_served(self, officer_a_client, photo_a, settings):
        assert officer_a_client.get(settings.MEDIA_URL + photo_a.file.name).status_code == 404
