"""The tips REST API (/api/v1/): tips, cases, subjects, messages and the offence catalogue.

Who may do what (anonymous, no permission, own ward, other ward, province leader, token), every
workflow action (state changed, audit entry written), bad input (400 in Vietnamese, nothing
changed), the filters, and a constant number of queries for the tip list.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from tests import factories as base_factories
from tests.tips import factories
from tips import codes, services
from tips.choices import CaseStatus, MessageKind, SubjectOutcome, TipStatus
from tips.models import Case, OffenceCategory, Subject, Tip, TipMessage
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

DENIED_ANONYMOUS = {401, 403}
SECRET_FIELDS = {
    "tracking_code",
    "display_code",
    "code_digest",
    "pin_failed_at",
    "pin_hash",
    "pin_failed_attempts",
    "pin_locked_until",
    "idempotency_key",
    "contact_name",
    "contact_phone",
    "contact_email",
}
IDENTITY_FIELDS = set(Subject.IDENTITY_FIELDS)


# --- Helpers and fixtures ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _catalogue(db):
    factories.ensure_catalogue()


def post(client: Client, url: str, data: Any = None):
    return client.post(url, data if data is not None else {}, content_type="application/json")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def tip_url(tip: Tip, action: str | None = None) -> str:
    if action is None:
        return reverse("tip-detail", args=[tip.pk])
    return reverse("tip-detail", args=[tip.pk]) + f"{action}/"


def audit_events(obj) -> list[str]:
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
            )
            .order_by("id")
            .values_list("event", flat=True)
        )


def audit_count() -> int:
    with scopes_disabled():
        return AuditEntry.objects.count()


def token_client(user) -> Client:
    token = Token.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def officer_c(ward_c):
    return base_factories.make_officer(ward_c, username="officer_c")


@pytest.fixture
def tip_a(ward_a):
    return factories.make_tip(ward_a, location_text="Hẻm 12 Lê Lợi")


@pytest.fixture
def tip_b(ward_b):
    return factories.make_tip(ward_b, description="Đánh bạc ở quán nước đầu hẻm.")


@pytest.fixture
def tip_c(ward_c):
    return factories.make_tip(ward_c, description="Gây rối trật tự ở chợ đêm.")


@pytest.fixture
def case_a(ward_a, officer_a):
    return factories.make_case(ward_a, actor=officer_a, title="Vụ trộm xe ở hẻm 12")


@pytest.fixture
def case_b(ward_b, officer_b):
    return factories.make_case(ward_b, actor=officer_b, title="Vụ đánh bạc đầu hẻm")


@pytest.fixture
def case_c(ward_c, officer_c):
    return factories.make_case(ward_c, actor=officer_c, title="Vụ gây rối chợ đêm")


@pytest.fixture
def subject_a(case_a, officer_a):
    return factories.make_subject(case_a, actor=officer_a, full_name="Trần Văn Ất")


@pytest.fixture
def subject_b(case_b, officer_b):
    return factories.make_subject(case_b, actor=officer_b, full_name="Lê Văn Bính")


@pytest.fixture
def subject_c(case_c, officer_c):
    return factories.make_subject(case_c, actor=officer_c, full_name="Phạm Văn Canh")


def _reply(tip, actor, body):
    with scopes_disabled():
        return services.reply_to_tipster(tip=tip, actor=actor, body=body)


@pytest.fixture
def tipmessage_a(tip_a, officer_a):
    return _reply(tip_a, officer_a, "Công an phường A đã nhận tin.")


@pytest.fixture
def tipmessage_b(tip_b, officer_b):
    return _reply(tip_b, officer_b, "Công an phường B đã nhận tin.")


@pytest.fixture
def tipmessage_c(tip_c, officer_c):
    return _reply(tip_c, officer_c, "Công an phường C đã nhận tin.")


def rows(request, basename: str) -> tuple[Any, Any, Any]:
    """The endpoint's rows in ward A (own), ward B (same province) and ward C (elsewhere)."""
    return tuple(request.getfixturevalue(f"{basename}_{ward}") for ward in "abc")  # type: ignore[return-value]


WARD_ENDPOINTS = ["tip", "case", "subject", "tipmessage"]


# --- Who may read what, on every ward-owned endpoint ------------------------------------------


@pytest.mark.parametrize("basename", WARD_ENDPOINTS)
class TestReadAccess:
    def test_anonymous_is_refused(self, request, basename, citizen):
        own, _, _ = rows(request, basename)
        assert citizen.get(reverse(f"{basename}-list")).status_code in DENIED_ANONYMOUS
        response = citizen.get(reverse(f"{basename}-detail", args=[own.pk]))
        assert response.status_code in DENIED_ANONYMOUS
        assert "đăng nhập" in response.json()["detail"]

    def test_without_permission_is_forbidden(self, request, basename, no_perm_client):
        own, _, _ = rows(request, basename)
        assert no_perm_client.get(reverse(f"{basename}-list")).status_code == 403
        response = no_perm_client.get(reverse(f"{basename}-detail", args=[own.pk]))
        assert response.status_code == 403
        assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."

    def test_officer_sees_only_their_ward(self, request, basename, officer_b_client):
        own, other, far = rows(request, basename)  # officer B: "other" is theirs
        found = ids(officer_b_client.get(reverse(f"{basename}-list")))
        assert other.pk in found
        assert own.pk not in found and far.pk not in found
        assert (
            officer_b_client.get(reverse(f"{basename}-detail", args=[other.pk])).status_code == 200
        )
        for hidden in (own, far):
            url = reverse(f"{basename}-detail", args=[hidden.pk])
            assert officer_b_client.get(url).status_code == 404

    def test_leader_reads_the_province(self, request, basename, leader_client):
        own, other, far = rows(request, basename)
        found = ids(leader_client.get(reverse(f"{basename}-list")))
        assert {own.pk, other.pk} <= found
        assert far.pk not in found
        assert leader_client.get(reverse(f"{basename}-detail", args=[far.pk])).status_code == 404

    def test_token_authentication_is_scoped(self, request, basename, officer_a):
        own, other, far = rows(request, basename)
        client = token_client(officer_a)
        found = ids(client.get(reverse(f"{basename}-list")))
        assert own.pk in found and other.pk not in found and far.pk not in found
        assert client.get(reverse(f"{basename}-detail", args=[other.pk])).status_code == 404


class TestTipReads:
    def test_list_and_detail_hold_no_secrets_and_no_contact(self, officer_a_client, ward_a):
        tip = factories.make_tip(
            ward_a,
            contact=services.Contact(name="Ngô Thị Hoa", phone="0909 123 456"),
            idempotency_key=uuid.uuid4(),
            issue_pin=True,
        )
        listed = officer_a_client.get(reverse("tip-list")).json()["results"][0]
        detail = officer_a_client.get(tip_url(tip)).json()
        for body in (listed, detail):
            assert not SECRET_FIELDS & set(body)
            assert body["reference"] == tip.reference
            assert body["is_anonymous"] is False
        text = officer_a_client.get(tip_url(tip)).content.decode()
        assert "0909 123 456" not in text and "Ngô Thị Hoa" not in text
        assert str(tip.idempotency_key) not in text
        assert audit_events(tip) == ["tip.submit"]  # reading a tip is not reading a contact

    def test_contact_is_read_through_an_audited_action(self, officer_a, officer_a_client, ward_a):
        tip = factories.make_tip(ward_a, contact=services.Contact(phone="0909 123 456"))
        response = officer_a_client.get(tip_url(tip, "contact"))
        assert response.status_code == 200
        assert response.json() == {
            "is_anonymous": False,
            "name": "",
            "phone": "0909 123 456",
            "email": "",
        }
        assert response["Cache-Control"] == "no-store"
        with scopes_disabled():
            entry = AuditEntry.objects.get(event="tip.contact.read", object_id=str(tip.pk))
        assert entry.action == AuditAction.VIEW and entry.actor == officer_a

    def test_contact_is_refused_to_the_leader_and_other_wards(
        self, leader_client, officer_b_client, no_perm_client, citizen, ward_a
    ):
        tip = factories.make_tip(ward_a, contact=services.Contact(phone="0909 123 456"))
        assert leader_client.get(tip_url(tip, "contact")).status_code == 403
        assert no_perm_client.get(tip_url(tip, "contact")).status_code == 403
        assert citizen.get(tip_url(tip, "contact")).status_code in DENIED_ANONYMOUS
        assert officer_b_client.get(tip_url(tip, "contact")).status_code == 404
        assert "tip.contact.read" not in audit_events(tip)

    def test_anonymous_tip_has_no_contact_to_read(self, officer_a_client, tip_a):
        response = officer_a_client.get(tip_url(tip_a, "contact"))
        assert response.json()["is_anonymous"] is True and response.json()["phone"] == ""


# --- Creating a tip on a citizen's behalf -----------------------------------------------------


def tip_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "category": "theft",
        "channel": "hotline",
        "description": "Người dân gọi báo có trộm xe ở hẻm 12.",
    } | overrides


class TestTipCreate:
    def test_hotline_desk_enters_a_tip_and_gets_code_and_pin(self, officer_a, ward_a):
        client = token_client(officer_a)
        response = post(
            client,
            reverse("tip-list"),
            tip_payload(
                contact_phone="0909 123 456", issue_pin=True, latitude="10.8", longitude="106.7"
            ),
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert response["Cache-Control"] == "no-store"
        assert body["created"] is True and body["ward"] == ward_a.code
        assert len(body["pin"]) == codes.PIN_LENGTH
        assert codes.normalise_code(body["display_code"]) == body["tracking_code"]
        with scopes_disabled():
            tip = Tip.objects.get(code_digest=codes.code_digest(body["tracking_code"]))
        assert body["reference"] == tip.reference and body["id"] == tip.pk
        assert tip.ward == ward_a and tip.entered_by == officer_a and tip.channel == "hotline"
        assert not tip.is_anonymous and tip.contact_phone == "0909 123 456" and tip.pin_hash
        assert codes.check_pin(body["tracking_code"], body["pin"], tip.pin_hash)
        assert audit_events(tip) == ["tip.submit"]

    def test_no_pin_unless_asked(self, officer_a_client):
        response = post(officer_a_client, reverse("tip-list"), tip_payload())
        assert response.status_code == 201
        assert response.json()["pin"] is None
        with scopes_disabled():
            assert Tip.objects.get().pin_hash == ""

    def test_retry_with_the_same_key_records_one_tip(self, officer_a_client, officer_b_client):
        key = str(uuid.uuid4())
        first = post(
            officer_a_client, reverse("tip-list"), tip_payload(idempotency_key=key, issue_pin=True)
        )
        again = post(
            officer_a_client, reverse("tip-list"), tip_payload(idempotency_key=key, issue_pin=True)
        )
        assert first.status_code == 201 and again.status_code == 200
        # The code is not stored: the retry names the same tip by its reference, without it.
        assert again.json()["reference"] == first.json()["reference"]
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["tracking_code"] is None and again.json()["display_code"] is None
        assert again.json()["created"] is False and again.json()["pin"] is None
        # Someone else's key reveals nothing of the tip behind it.
        stolen = post(officer_b_client, reverse("tip-list"), tip_payload(idempotency_key=key))
        assert stolen.status_code == 400
        assert first.json()["reference"] not in stolen.content.decode()
        with scopes_disabled():
            assert Tip.objects.count() == 1

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"description": ""}, "description", "không được để trống"),
            ({"description": None}, "description", "không được để trống"),
            ({"channel": "web"}, "channel", "không phải là lựa chọn hợp lệ"),
            ({"channel": "open311"}, "channel", "không phải là lựa chọn hợp lệ"),
            ({"category": "no-such-thing"}, "category", "Không tìm thấy mã"),
            ({"ward": "WB"}, "ward", "Không có phường/xã này."),
            ({"latitude": "10.8"}, "latitude", "cả vĩ độ và kinh độ"),
            ({"latitude": "91", "longitude": "1"}, "latitude", "Không được lớn hơn 90"),
            ({"latitude": "abc", "longitude": "1"}, "latitude", "Hãy nhập một số."),
            ({"occurred_on": "2020-13-45"}, "occurred_on", "Ngày không hợp lệ"),
            ({"occurred_on": "2999-01-01"}, "occurred_on", "không được ở tương lai"),
            ({"contact_email": "không-phải-thư"}, "contact_email", "thư điện tử không hợp lệ"),
            ({"contact_phone": "gọi tôi"}, "contact_phone", "Số điện thoại"),
            ({"description": "x" * 5001}, "description", "Không được quá 5000 ký tự."),
            ({"idempotency_key": "abc"}, "idempotency_key", "UUID"),
        ],
    )
    def test_bad_input_is_refused_in_vietnamese(
        self, officer_a_client, ward_b, overrides, field, message
    ):
        response = post(officer_a_client, reverse("tip-list"), tip_payload(**overrides))
        assert response.status_code == 400, response.content
        assert message in " ".join(response.json()[field])
        with scopes_disabled():
            assert not Tip.objects.exists()

    def test_missing_fields_and_wrong_shape(self, officer_a_client):
        response = post(officer_a_client, reverse("tip-list"), {})
        assert response.status_code == 400
        assert response.json()["description"] == ["Trường này là bắt buộc."]
        response = post(officer_a_client, reverse("tip-list"), [1, 2])
        assert response.status_code == 400
        assert "cần một đối tượng JSON" in str(response.json())

    def test_service_rules_answer_400(self, officer_a_client, ward_a, ward_b):
        OffenceCategory.objects.filter(code="gambling").update(is_active=False)
        response = post(officer_a_client, reverse("tip-list"), tip_payload(category="gambling"))
        assert response.status_code == 400
        assert response.json() == {"category": ["Loại vụ việc này không còn sử dụng."]}
        elsewhere = base_factories.make_neighbourhood(ward_b)
        response = post(
            officer_a_client, reverse("tip-list"), tip_payload(neighbourhood=elsewhere.pk)
        )
        assert response.status_code == 400  # not even visible from ward A
        with scopes_disabled():
            assert not Tip.objects.exists()

    def test_who_may_not_create(self, leader_client, no_perm_client, citizen):
        for client in (leader_client, no_perm_client):
            assert post(client, reverse("tip-list"), tip_payload()).status_code == 403
        assert post(citizen, reverse("tip-list"), tip_payload()).status_code in DENIED_ANONYMOUS
        with scopes_disabled():
            assert not Tip.objects.exists()

    def test_no_update_or_delete(self, officer_a_client, commander_a_client, tip_a):
        for client in (officer_a_client, commander_a_client):
            response = client.patch(
                tip_url(tip_a), {"status": "closed"}, content_type="application/json"
            )
            assert response.status_code in {403, 405}
            assert client.delete(tip_url(tip_a)).status_code in {403, 405}
        assert factories.reload(tip_a).status == TipStatus.NEW


# --- Workflow actions -------------------------------------------------------------------------

ACTION_PAYLOADS: dict[str, Any] = {
    "triage": lambda ctx: {"decision": "accept"},
    "assign": lambda ctx: {"assignee": "officer_a"},
    "reply": lambda ctx: {"body": "Cảm ơn bạn đã báo tin."},
    "note": lambda ctx: {"body": "Đã cử tổ tuần tra."},
    "link-case": lambda ctx: {"case": ctx["case"].pk},
    "close": lambda ctx: {"outcome": "resolved"},
    "refer-mediation": lambda ctx: {"note": "Mâu thuẫn hàng xóm."},
}


def snapshot(tip: Tip) -> dict[str, Any]:
    tip = factories.reload(tip)
    with scopes_disabled():
        messages = TipMessage.objects.filter(tip=tip).count()
    return {
        "status": tip.status,
        "assignee": tip.assignee_id,
        "case": tip.case_id,
        "ward": tip.ward_id,
        "messages": messages,
    }


@pytest.mark.parametrize("action", list(ACTION_PAYLOADS))
class TestActionAccess:
    def test_other_ward_tip_is_not_found(self, officer_b_client, tip_a, case_a, action):
        before, entries = snapshot(tip_a), audit_count()
        payload = ACTION_PAYLOADS[action]({"case": case_a})
        assert post(officer_b_client, tip_url(tip_a, action), payload).status_code == 404
        # Even with a body that would not validate, the answer is the same 404.
        assert post(officer_b_client, tip_url(tip_a, action), {"x": 1}).status_code == 404
        assert snapshot(tip_a) == before and audit_count() == entries

    def test_leader_and_no_permission_are_forbidden(
        self, leader_client, no_perm_client, citizen, tip_a, case_a, action
    ):
        before, entries = snapshot(tip_a), audit_count()
        payload = ACTION_PAYLOADS[action]({"case": case_a})
        assert post(leader_client, tip_url(tip_a, action), payload).status_code == 403
        assert post(no_perm_client, tip_url(tip_a, action), payload).status_code == 403
        assert post(citizen, tip_url(tip_a, action), payload).status_code in DENIED_ANONYMOUS
        assert snapshot(tip_a) == before and audit_count() == entries

    def test_token_client_may_act(self, officer_a, tip_a, case_a, action):
        before, entries = snapshot(tip_a), audit_count()
        payload = ACTION_PAYLOADS[action]({"case": case_a})
        response = post(token_client(officer_a), tip_url(tip_a, action), payload)
        assert response.status_code in {200, 201}, response.content
        assert snapshot(tip_a) != before and audit_count() > entries


class TestActions:
    def test_triage_accept(self, officer_a, officer_a_client, tip_a):
        response = post(officer_a_client, tip_url(tip_a, "triage"), {"decision": "accept"})
        assert response.status_code == 200
        assert response.json()["status"] == TipStatus.IN_PROGRESS
        assert factories.reload(tip_a).status == TipStatus.IN_PROGRESS
        assert audit_events(tip_a)[-1] == "tip.triage.accept"

    def test_triage_duplicate_within_the_ward(self, officer_a_client, ward_a, tip_a):
        copy = factories.make_tip(ward_a)
        payload = {"decision": "duplicate", "duplicate_of": tip_a.pk}
        response = post(officer_a_client, tip_url(copy, "triage"), payload)
        assert response.status_code == 200
        copy = factories.reload(copy)
        assert copy.status == TipStatus.DUPLICATE and copy.duplicate_of_id == tip_a.pk
        assert audit_events(copy)[-1] == "tip.triage.duplicate"

    def test_triage_duplicate_of_another_wards_tip_is_refused(self, officer_a_client, tip_a, tip_b):
        payload = {"decision": "duplicate", "duplicate_of": tip_b.pk}
        response = post(officer_a_client, tip_url(tip_a, "triage"), payload)
        assert response.status_code == 400
        assert response.json()["duplicate_of"] == [f"Không tìm thấy mục có mã số {tip_b.pk}."]
        assert factories.reload(tip_a).status == TipStatus.NEW

    def test_triage_transfer_moves_the_tip_out_of_the_ward(
        self, officer_a_client, officer_b_client, tip_a, ward_b
    ):
        payload = {"decision": "transfer", "transfer_to": ward_b.code, "note": "Ngoài địa bàn"}
        response = post(officer_a_client, tip_url(tip_a, "triage"), payload)
        assert response.status_code == 200, response.content
        assert factories.reload(tip_a).ward == ward_b
        assert audit_events(tip_a)[-1] == "tip.transfer"
        assert officer_a_client.get(tip_url(tip_a)).status_code == 404
        assert officer_b_client.get(tip_url(tip_a)).json()["transferred_from"] == "WA"

    def test_triage_twice_is_refused(self, officer_a_client, tip_a):
        post(officer_a_client, tip_url(tip_a, "triage"), {"decision": "spam"})
        entries = audit_count()
        response = post(officer_a_client, tip_url(tip_a, "triage"), {"decision": "accept"})
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": ["Tin báo này đã được phân loại."]}
        assert factories.reload(tip_a).status == TipStatus.SPAM and audit_count() == entries

    def test_assign(self, officer_a_client, commander_a, tip_a):
        response = post(officer_a_client, tip_url(tip_a, "assign"), {"assignee": "commander_a"})
        assert response.status_code == 200
        assert response.json()["assignee"] == "commander_a"
        tip = factories.reload(tip_a)
        assert tip.assignee == commander_a and tip.status == TipStatus.IN_PROGRESS
        assert audit_events(tip_a)[-1] == "tip.assign"

    def test_assign_to_an_officer_of_another_ward_is_refused(
        self, officer_a_client, officer_b, tip_a
    ):
        response = post(officer_a_client, tip_url(tip_a, "assign"), {"assignee": "officer_b"})
        assert response.status_code == 400
        assert response.json() == {"assignee": ["Không tìm thấy mã “officer_b”."]}
        assert factories.reload(tip_a).assignee is None

    def test_assign_needs_staff_of_the_tips_own_ward(self, superuser, commander_a, ward_b):
        """A superuser sees every ward: the service still refuses someone of another ward."""
        tip = factories.make_tip(ward_b)
        response = post(
            token_client(superuser), tip_url(tip, "assign"), {"assignee": "commander_a"}
        )
        assert response.status_code == 400
        assert response.json() == {"assignee": ["Cán bộ này không công tác tại phường/xã của tin."]}
        assert factories.reload(tip).assignee is None

    @pytest.mark.parametrize(
        ("action", "kind"),
        [("reply", MessageKind.PUBLIC_REPLY), ("note", MessageKind.INTERNAL_NOTE)],
    )
    def test_reply_and_note(self, officer_a, officer_a_client, tip_a, action, kind):
        response = post(officer_a_client, tip_url(tip_a, action), {"body": "Đã xác minh."})
        assert response.status_code == 201
        assert response.json()["kind"] == kind and response.json()["author"] == "officer_a"
        with scopes_disabled():
            message = TipMessage.objects.get(tip=tip_a)
        assert message.kind == kind and message.author == officer_a
        assert audit_events(message) == [f"tip.message.{kind}"]

    def test_link_case(self, officer_a_client, tip_a, case_a):
        response = post(officer_a_client, tip_url(tip_a, "link-case"), {"case": case_a.pk})
        assert response.status_code == 200
        assert response.json()["case"] == case_a.pk
        assert factories.reload(tip_a).case == case_a
        assert audit_events(tip_a)[-1] == "tip.link_case"

    def test_link_to_another_wards_case_is_refused(self, officer_a_client, tip_a, case_b):
        response = post(officer_a_client, tip_url(tip_a, "link-case"), {"case": case_b.pk})
        assert response.status_code == 400
        assert factories.reload(tip_a).case is None

    def test_close(self, officer_a_client, tip_a):
        payload = {"outcome": "resolved", "note": "Đã nhắc nhở."}
        response = post(officer_a_client, tip_url(tip_a, "close"), payload)
        assert response.status_code == 200
        assert response.json()["status"] == TipStatus.CLOSED
        assert response.json()["outcome"] == "resolved"
        tip = factories.reload(tip_a)
        assert tip.status == TipStatus.CLOSED and tip.closed_at is not None
        assert audit_events(tip_a)[-1] == "tip.close"

    def test_close_as_clarified_needs_a_clarified_case(self, officer_a_client, tip_a):
        response = post(officer_a_client, tip_url(tip_a, "close"), {"outcome": "case_clarified"})
        assert response.status_code == 400
        assert response.json() == {"outcome": ["Tin báo chưa gắn với vụ việc đã làm rõ."]}
        assert factories.reload(tip_a).status == TipStatus.NEW

    def test_refer_to_mediation(self, officer_a_client, tip_a):
        response = post(officer_a_client, tip_url(tip_a, "refer-mediation"), {})
        assert response.status_code == 200
        assert factories.reload(tip_a).status == TipStatus.MEDIATION
        assert audit_events(tip_a)[-1] == "tip.refer_mediation"

    @pytest.mark.parametrize(
        ("action", "payload", "message"),
        [
            ("triage", {}, "Trường này là bắt buộc."),
            ("triage", {"decision": "maybe"}, "“maybe” không phải là lựa chọn hợp lệ."),
            ("triage", {"decision": "transfer", "transfer_to": "ZZ"}, "Không tìm thấy mã “ZZ”."),
            ("triage", {"decision": "transfer"}, "Hãy chọn phường/xã khác đang hoạt động."),
            ("assign", {"assignee": "nobody"}, "Không tìm thấy mã “nobody”."),
            ("reply", {"body": "   "}, "không được để trống"),
            ("note", {"body": "x" * 5001}, "Không được quá 5000 ký tự."),
            ("link-case", {"case": "abc"}, "Hãy gửi mã số"),
            ("close", {"outcome": "maybe"}, "không phải là lựa chọn hợp lệ"),
            ("close", {}, "Trường này là bắt buộc."),
            ("triage", [1, 2], "cần một đối tượng JSON"),
        ],
    )
    def test_bad_input_changes_nothing(self, officer_a_client, tip_a, action, payload, message):
        before, entries = snapshot(tip_a), audit_count()
        response = post(officer_a_client, tip_url(tip_a, action), payload)
        assert response.status_code == 400
        assert message in str(response.json())
        assert snapshot(tip_a) == before and audit_count() == entries


# --- Filters, search and ordering -------------------------------------------------------------


class TestTipFilters:
    @pytest.fixture
    def tips(self, ward_a, officer_a):
        now = timezone.now()
        neighbourhood = base_factories.make_neighbourhood(ward_a)
        old = factories.make_tip(
            ward_a,
            received_at=now - datetime.timedelta(days=3),
            description="Trộm gà",
            channel="web",
        )
        gambling = factories.make_tip(
            ward_a,
            category=factories.category("gambling"),
            neighbourhood=neighbourhood,
            location_text="Quán cà phê Hoa Sứ",
            channel="hotline",
        )
        assigned = factories.make_tip(ward_a, channel="walk_in")
        with scopes_disabled():
            services.assign_tip(tip=assigned, assignee=officer_a, actor=officer_a)
        return {"old": old, "gambling": gambling, "assigned": assigned, "nb": neighbourhood}

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"status": "new"}, {"old", "gambling"}),
            ({"status": ["new", "in_progress"]}, {"old", "gambling", "assigned"}),
            ({"category": "gambling"}, {"gambling"}),
            ({"channel": "walk_in"}, {"assigned"}),
            ({"assignee": "officer_a"}, {"assigned"}),
            ({"unassigned": "true"}, {"old", "gambling"}),
            ({"overdue": "true"}, {"old"}),
            ({"overdue": "false"}, {"gambling", "assigned"}),
            ({"search": "Hoa Sứ"}, {"gambling"}),
            ({"search": "gà"}, {"old"}),
            ({"ward": "WA"}, {"old", "gambling", "assigned"}),
        ],
    )
    def test_filter(self, officer_a_client, tips, params, expected):
        found = ids(officer_a_client.get(reverse("tip-list"), params))
        assert found == {tips[name].pk for name in expected}

    def test_neighbourhood_and_received_dates(self, officer_a_client, tips):
        found = ids(officer_a_client.get(reverse("tip-list"), {"neighbourhood": tips["nb"].pk}))
        assert found == {tips["gambling"].pk}
        today = timezone.localdate()
        before = (today - datetime.timedelta(days=2)).isoformat()
        found = ids(officer_a_client.get(reverse("tip-list"), {"received_before": before}))
        assert found == {tips["old"].pk}
        found = ids(
            officer_a_client.get(reverse("tip-list"), {"received_after": today.isoformat()})
        )
        assert found == {tips["gambling"].pk, tips["assigned"].pk}

    def test_search_by_reference_as_typed(self, officer_a_client, tips):
        tip = tips["gambling"]
        for typed in (tip.reference.lower(), f"TB {tip.reference[3:7]} {tip.pk}"):
            assert ids(officer_a_client.get(reverse("tip-list"), {"search": typed})) == {tip.pk}

    def test_ordering(self, officer_a_client, tips):
        response = officer_a_client.get(reverse("tip-list"), {"ordering": "received_at"})
        assert response.json()["results"][0]["id"] == tips["old"].pk
        response = officer_a_client.get(reverse("tip-list"), {"ordering": "-received_at"})
        assert response.json()["results"][-1]["id"] == tips["old"].pk

    def test_invalid_filter_is_a_400(self, officer_a_client, tips):
        response = officer_a_client.get(reverse("tip-list"), {"status": "bogus"})
        assert response.status_code == 400
        response = officer_a_client.get(reverse("tip-list"), {"received_after": "hôm qua"})
        assert response.status_code == 400

    def test_other_wards_tips_stay_hidden_from_search_and_filters(self, officer_b_client, tips):
        tip = tips["gambling"]
        for params in (
            {"search": tip.reference},
            {"search": "Hoa Sứ"},
            {"ward": "WA"},
            {"category": "gambling"},
            {"neighbourhood": tips["nb"].pk},
        ):
            assert ids(officer_b_client.get(reverse("tip-list"), params)) == set()


def test_tip_list_runs_a_constant_number_of_queries(officer_a, officer_a_client, ward_a, ward_b):
    neighbourhood = base_factories.make_neighbourhood(ward_a)

    def add_tips(count: int) -> None:
        """`count` tips in ward A, one of them moved in from ward B."""
        for _ in range(count - 1):
            tip = factories.make_tip(ward_a, neighbourhood=neighbourhood, entered_by=officer_a)
            with scopes_disabled():
                services.assign_tip(tip=tip, assignee=officer_a, actor=officer_a)
        moved = factories.make_tip(ward_b)
        with scopes_disabled():
            services.triage_tip(tip=moved, actor=officer_a, decision="transfer", transfer_to=ward_a)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = officer_a_client.get(reverse("tip-list"))
        assert response.status_code == 200
        return len(queries)

    add_tips(3)
    few = count_queries()
    add_tips(27)
    assert officer_a_client.get(reverse("tip-list")).json()["count"] == 30
    assert count_queries() == few


# --- Cases ------------------------------------------------------------------------------------


class TestCases:
    def test_open_a_case_gathering_tips(self, officer_a_client, officer_a, tip_a):
        payload = {
            "title": "Trộm xe máy hẻm 12",
            "categories": ["theft"],
            "tips": [tip_a.pk],
            "officer_in_charge": "officer_a",
        }
        response = post(officer_a_client, reverse("case-list"), payload)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["number"] == f"VV-{timezone.localdate().year}-001"
        assert body["ward"] == "WA" and body["tip_count"] == 1
        with scopes_disabled():
            case = Case.objects.get(pk=body["id"])
        assert case.officer_in_charge == officer_a
        assert factories.reload(tip_a).case == case
        assert audit_events(case) == ["case.open"]

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ({"title": "Vụ việc", "categories": []}, "Hãy chọn ít nhất một loại vụ việc."),
            ({"title": "Vụ việc", "categories": ["nope"]}, "Không tìm thấy mã “nope”."),
            ({"categories": ["theft"]}, "Trường này là bắt buộc."),
            ({"title": "Vụ việc", "categories": "theft"}, "Hãy gửi một danh sách."),
            (
                {"title": "Vụ việc", "categories": ["theft"], "officer_in_charge": "officer_b"},
                "Không tìm thấy mã “officer_b”.",
            ),
        ],
    )
    def test_bad_case_input(self, officer_a_client, officer_b, payload, message):
        response = post(officer_a_client, reverse("case-list"), payload)
        assert response.status_code == 400
        assert message in str(response.json())
        with scopes_disabled():
            assert not Case.objects.exists()

    def test_another_wards_tip_cannot_be_gathered(self, officer_a_client, tip_b):
        payload = {"title": "Vụ việc", "categories": ["theft"], "tips": [tip_b.pk]}
        response = post(officer_a_client, reverse("case-list"), payload)
        assert response.status_code == 400
        with scopes_disabled():
            assert not Case.objects.exists()
        assert factories.reload(tip_b).case is None

    def test_clarify(self, officer_a_client, case_a):
        day = timezone.localdate().isoformat()
        url = reverse("case-clarify", args=[case_a.pk])
        response = post(officer_a_client, url, {"clarified_on": day})
        assert response.status_code == 200
        assert response.json()["status"] == CaseStatus.CLARIFIED
        assert factories.reload(case_a).clarified_on.isoformat() == day
        assert audit_events(case_a)[-1] == "case.clarify"
        again = post(officer_a_client, url, {"clarified_on": day})
        assert again.json() == {"non_field_errors": ["Vụ việc đã được làm rõ."]}

    def test_clarify_in_the_future_is_refused(self, officer_a_client, case_a):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = post(
            officer_a_client, reverse("case-clarify", args=[case_a.pk]), {"clarified_on": tomorrow}
        )
        assert response.status_code == 400
        assert response.json() == {"clarified_on": ["Ngày làm rõ không được ở tương lai."]}
        assert factories.reload(case_a).status == CaseStatus.OPEN

    def test_who_may_not_write_cases(
        self, officer_b_client, leader_client, no_perm_client, citizen, case_a
    ):
        url = reverse("case-clarify", args=[case_a.pk])
        day = {"clarified_on": timezone.localdate().isoformat()}
        assert post(officer_b_client, url, day).status_code == 404
        assert post(leader_client, url, day).status_code == 403
        assert post(no_perm_client, url, day).status_code == 403
        assert post(citizen, url, day).status_code in DENIED_ANONYMOUS
        payload = {"title": "Vụ việc", "categories": ["theft"]}
        assert post(leader_client, reverse("case-list"), payload).status_code == 403
        assert factories.reload(case_a).status == CaseStatus.OPEN
        assert audit_events(case_a) == ["case.open"]


# --- Subjects ---------------------------------------------------------------------------------


class TestSubjects:
    def test_list_and_detail_hold_no_identity(self, officer_a_client, subject_a):
        for response in (
            officer_a_client.get(reverse("subject-list")),
            officer_a_client.get(reverse("subject-detail", args=[subject_a.pk])),
        ):
            assert response.status_code == 200
            text = response.content.decode()
            assert "Trần Văn Ất" not in text and "079123456789" not in text
        body = officer_a_client.get(reverse("subject-detail", args=[subject_a.pk])).json()
        assert not IDENTITY_FIELDS & set(body)

    def test_add_a_subject(self, officer_a_client, case_a):
        payload = {
            "case": case_a.pk,
            "full_name": "Đỗ Văn Đức",
            "birth_year": 1995,
            "gender": "male",
            "offence": "theft",
        }
        response = post(officer_a_client, reverse("subject-list"), payload)
        assert response.status_code == 201, response.content
        assert not IDENTITY_FIELDS & set(response.json())
        assert "Đỗ Văn Đức" not in response.content.decode()
        with scopes_disabled():
            subject = Subject.objects.get(pk=response.json()["id"])
        assert subject.full_name == "Đỗ Văn Đức" and subject.offence.code == "theft"
        assert audit_events(subject) == ["subject.add"]

    def test_subject_for_another_wards_case_is_refused(self, officer_a_client, case_b):
        payload = {"case": case_b.pk, "full_name": "Đỗ Văn Đức"}
        response = post(officer_a_client, reverse("subject-list"), payload)
        assert response.status_code == 400
        with scopes_disabled():
            assert not Subject.objects.filter(full_name="Đỗ Văn Đức").exists()

    def test_bad_subject_input(self, officer_a_client, case_a):
        payload = {"case": case_a.pk, "full_name": "", "birth_year": 1700, "gender": "x"}
        response = post(officer_a_client, reverse("subject-list"), payload)
        assert response.status_code == 400
        errors = response.json()
        assert errors["full_name"] == ["Trường này không được để trống."]
        assert errors["birth_year"] == ["Không được nhỏ hơn 1900."]
        assert errors["gender"] == ["“x” không phải là lựa chọn hợp lệ."]

    def test_identity_is_an_audited_read(self, officer_a, officer_a_client, subject_a):
        response = officer_a_client.get(reverse("subject-identity", args=[subject_a.pk]))
        assert response.status_code == 200
        assert response.json()["full_name"] == "Trần Văn Ất"
        assert response.json()["id_number"] == "079123456789"
        assert response["Cache-Control"] == "no-store"
        with scopes_disabled():
            entry = AuditEntry.objects.get(event="subject.identity.read")
        assert entry.actor == officer_a and entry.object_id == str(subject_a.pk)

    def test_identity_is_refused_to_the_leader_and_other_wards(
        self, leader_client, officer_b_client, no_perm_client, citizen, subject_a
    ):
        url = reverse("subject-identity", args=[subject_a.pk])
        assert leader_client.get(url).status_code == 403
        assert no_perm_client.get(url).status_code == 403
        assert citizen.get(url).status_code in DENIED_ANONYMOUS
        assert officer_b_client.get(url).status_code == 404
        assert "subject.identity.read" not in audit_events(subject_a)

    def test_record_an_outcome(self, officer_a_client, subject_a):
        payload = {"outcome": "admin_sanction", "outcome_on": timezone.localdate().isoformat()}
        url = reverse("subject-outcome", args=[subject_a.pk])
        response = post(officer_a_client, url, payload)
        assert response.status_code == 200
        assert response.json()["outcome"] == SubjectOutcome.ADMIN_SANCTION
        assert factories.reload(subject_a).outcome == SubjectOutcome.ADMIN_SANCTION
        assert audit_events(subject_a)[-1] == "subject.outcome"

    def test_pending_is_not_an_outcome(self, officer_a_client, subject_a):
        payload = {"outcome": "pending", "outcome_on": timezone.localdate().isoformat()}
        response = post(officer_a_client, reverse("subject-outcome", args=[subject_a.pk]), payload)
        assert response.status_code == 400
        assert response.json() == {"outcome": ["Hãy chọn kết quả xử lý."]}
        assert audit_events(subject_a) == ["subject.add"]

    def test_who_may_not_write_subjects(self, officer_b_client, leader_client, subject_a, case_a):
        payload = {"outcome": "educated", "outcome_on": timezone.localdate().isoformat()}
        url = reverse("subject-outcome", args=[subject_a.pk])
        assert post(officer_b_client, url, payload).status_code == 404
        assert post(leader_client, url, payload).status_code == 403
        create = {"case": case_a.pk, "full_name": "Đỗ Văn Đức"}
        assert post(leader_client, reverse("subject-list"), create).status_code == 403
        assert factories.reload(subject_a).outcome == SubjectOutcome.PENDING


# --- Messages and the catalogue ---------------------------------------------------------------


def test_messages_filter_by_tip_and_kind(officer_a, officer_a_client, tip_a, ward_a):
    other = factories.make_tip(ward_a)
    with scopes_disabled():
        reply = services.reply_to_tipster(tip=tip_a, actor=officer_a, body="Đã nhận.")
        note = services.add_internal_note(tip=tip_a, actor=officer_a, body="Nội bộ.")
        services.reply_to_tipster(tip=other, actor=officer_a, body="Tin khác.")
    url = reverse("tipmessage-list")
    assert ids(officer_a_client.get(url, {"tip": tip_a.pk})) == {reply.pk, note.pk}
    assert ids(officer_a_client.get(url, {"tip": tip_a.pk, "kind": "internal_note"})) == {note.pk}
    assert post(officer_a_client, url, {"tip": tip_a.pk, "body": "x"}).status_code in {403, 405}


class TestCategories:
    def test_catalogue_is_readable_by_staff(self, officer_a_client, leader_client):
        for client in (officer_a_client, leader_client):
            response = client.get(reverse("offencecategory-list"), {"page_size": 100})
            codes_found = {row["code"] for row in response.json()["results"]}
            assert {"theft", "gambling"} <= codes_found
        detail = officer_a_client.get(reverse("offencecategory-detail", args=["theft"])).json()
        assert detail["penal_code_article"] == "173"

    def test_catalogue_is_read_only_and_not_public(self, officer_a_client, no_perm_client, citizen):
        url = reverse("offencecategory-list")
        assert citizen.get(url).status_code in DENIED_ANONYMOUS
        assert no_perm_client.get(url).status_code == 403
        payload = {"code": "new", "name": "Mới"}
        assert post(officer_a_client, url, payload).status_code in {403, 405}


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    text = (tmp_path / "schema.yml").read_text(encoding="utf-8")
    assert "/api/v1/tips/{id}/triage/" in text and "TipStatusEnum" in text
    assert "pin_hash" not in text and "pin_failed_attempts" not in text


# --- Odd input never makes a 500 -------------------------------------------------------------

HUGE = "9" * 25


@pytest.mark.parametrize(
    "params",
    [
        {"received_after": "0001-01-01"},
        {"received_before": "9999-12-31"},
        {"neighbourhood": HUGE},
        {"case": "1e400"},
        {"category": "\x00"},
        {"search": "\x00"},
        {"page": "abc"},
        {"page_size": "-1"},
        {"ordering": "pin_hash"},
        {"overdue": "maybe"},
        {"status": "x" * 1000},
    ],
)
def test_odd_list_parameters_are_never_a_server_error(officer_a_client, tip_a, params):
    response = officer_a_client.get(reverse("tip-list"), params)
    assert response.status_code in {200, 400, 404}


@pytest.mark.parametrize(
    ("url_name", "action", "payload"),
    [
        ("tip-list", None, {**tip_payload(), "latitude": "1e400", "longitude": "1"}),
        ("tip-list", None, {**tip_payload(), "description": "có\x00byte"}),
        ("tip-list", None, {**tip_payload(), "neighbourhood": int(HUGE)}),
        ("tip-list", None, {**tip_payload(), "category": ["theft"]}),
        ("tip-list", None, {**tip_payload(), "issue_pin": "maybe"}),
        ("tip-detail", "triage", {"decision": "duplicate", "duplicate_of": int(HUGE)}),
        ("tip-detail", "assign", {"assignee": {"username": "officer_a"}}),
        ("case-list", None, {"title": "Vụ", "categories": ["theft"], "opened_on": "0001-99-01"}),
        ("subject-list", None, {"case": int(HUGE), "full_name": "A", "birth_year": 10**30}),
    ],
)
def test_odd_bodies_are_never_a_server_error(officer_a_client, tip_a, url_name, action, payload):
    url = reverse(url_name, args=[tip_a.pk]) if url_name.endswith("detail") else reverse(url_name)
    url += f"{action}/" if action else ""
    before, entries = snapshot(tip_a), audit_count()
    assert post(officer_a_client, url, payload).status_code == 400
    assert snapshot(tip_a) == before and audit_count() == entries


def test_malformed_json_and_odd_ids(officer_a_client, tip_a):
    response = officer_a_client.post(
        tip_url(tip_a, "triage"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung gửi lên không đọc được (cần JSON hợp lệ)."}
    response = officer_a_client.post(tip_url(tip_a, "triage"), "x", content_type="text/csv")
    assert response.status_code == 415
    response = officer_a_client.put(tip_url(tip_a), {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": "Phương thức không được hỗ trợ ở địa chỉ này."}
    for odd in (HUGE, "abc"):
        assert officer_a_client.get(f"/api/v1/tips/{odd}/").status_code == 404
