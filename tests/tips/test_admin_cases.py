"""Cases, subjects, the offence list and Open311 clients in the admin."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.platform.api import token_client
from tests.platform.queries import assert_list_baseline
from tests.tips.factories import (
    category,
    events,
    flash,
    make_case,
    make_subject,
    make_tip,
    reload,
)
from tips import services
from tips.choices import CaseStatus, SubjectOutcome, TipStatus
from tips.models import Case, OffenceCategory, Open311Client, Subject
from wardsec.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

CASES = reverse("admin:tips_case_changelist")
ADD_CASE = reverse("admin:tips_case_add")
SUBJECTS = reverse("admin:tips_subject_changelist")
ADD_SUBJECT = reverse("admin:tips_subject_add")
CATEGORIES = reverse("admin:tips_offencecategory_changelist")
CLIENTS = reverse("admin:tips_open311client_changelist")
ADD_CLIENT = reverse("admin:tips_open311client_add")


def case_url(case, page: str = "change") -> str:
    return reverse(f"admin:tips_case_{page}", args=[case.pk])


def subject_url(subject, page: str = "change") -> str:
    return reverse(f"admin:tips_subject_{page}", args=[subject.pk])


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [row.pk for row in response.context["cl"].result_list]


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    return {key or "__all__": list(value) for key, value in response.context["form"].errors.items()}


@pytest.fixture
def case_a(ward_a):
    return make_case(ward_a)


@pytest.fixture
def subject_a(case_a):
    return make_subject(case_a)


# --- Cases -----------------------------------------------------------------------------------


class TestCaseList:
    def test_columns_tip_count_and_scope(self, officer_a_client, ward_a, ward_b, case_a):
        make_case(ward_b)
        for _ in range(2):
            services.link_tip_to_case(tip=make_tip(ward_a), case=case_a, actor=None)
        response = officer_a_client.get(CASES)
        assert listed(response) == [case_a.pk]
        [row] = response.context["cl"].result_list
        assert row.tip_count == 2
        for column in ["number", "title", "status", "opened_on", "clarified_on"]:
            assert column in response.context["cl"].list_display
        assert "officer_in_charge" in response.context["cl"].list_display
        assert listed(officer_a_client.get(CASES, {"q": case_a.number})) == [case_a.pk]


class TestOpenCase:
    def test_open_a_case_gathering_tips(self, officer_a, officer_a_client, ward_a):
        tip = make_tip(ward_a)
        form = officer_a_client.get(ADD_CASE, {"tip": tip.pk}).context["form"]
        assert [str(v) for v in form.initial["tips"]] == [str(tip.pk)]
        response = officer_a_client.post(
            ADD_CASE,
            {
                "title": "Đánh bạc tại nhà số 5",
                "categories": [category("gambling").pk],
                "opened_on": timezone.localdate().strftime("%d/%m/%Y"),
                "officer_in_charge": officer_a.pk,
                "tips": [tip.pk],
            },
        )
        assert response.status_code == 302
        case = Case.objects.get()
        assert case.number == f"VV-{timezone.localdate().year}-001"
        assert case.ward == ward_a and case.officer_in_charge == officer_a
        assert response["Location"] == case_url(case)
        assert f"Đã mở vụ việc {case.number}." in flash(response)
        assert events(case) == ["case.open"]
        linked = reload(tip)
        assert linked.case == case and linked.status == TipStatus.IN_PROGRESS

    def test_a_case_needs_a_category(self, officer_a_client):
        response = officer_a_client.post(
            ADD_CASE, {"title": "Không rõ", "opened_on": timezone.localdate().isoformat()}
        )
        assert form_errors(response) == {"categories": ["Hãy chọn ít nhất một loại vụ việc."]}
        assert not Case.objects.exists()

    def test_tips_of_another_ward_cannot_be_gathered(self, officer_a_client, ward_b):
        tip_b = make_tip(ward_b)
        response = officer_a_client.post(
            ADD_CASE,
            {
                "title": "Vụ thử",
                "categories": [category().pk],
                "opened_on": timezone.localdate().isoformat(),
                "tips": [tip_b.pk],
            },
        )
        assert "Hãy chọn một lựa chọn hợp lệ." in form_errors(response)["tips"][0]
        assert not Case.objects.exists()

    def test_a_failed_link_leaves_no_half_written_case(self, superuser_client, ward_a, ward_b):
        tip_b = make_tip(ward_b)
        response = superuser_client.post(
            ADD_CASE,
            {
                "ward": ward_a.pk,
                "title": "Vụ thử",
                "categories": [category().pk],
                "opened_on": timezone.localdate().isoformat(),
                "tips": [tip_b.pk],
            },
        )
        assert form_errors(response)["__all__"] == ["Vụ việc thuộc phường/xã khác."]
        assert not Case.objects.exists() and reload(tip_b).case is None


class TestClarifyAndEdit:
    def test_clarify_on_a_date(self, officer_a, officer_a_client, case_a):
        day = timezone.localdate() - datetime.timedelta(days=2)
        response = officer_a_client.post(
            case_url(case_a, "clarify"), {"clarified_on": day.strftime("%d/%m/%Y")}
        )
        assert response.status_code == 302
        case = reload(case_a)
        assert case.status == CaseStatus.CLARIFIED and case.clarified_on == day
        entry = AuditEntry.objects.get(object_id=str(case.pk), event="case.clarify")
        assert entry.actor == officer_a and entry.action == AuditAction.TRANSITION

    @pytest.mark.parametrize(
        ("days", "message"),
        [
            (1, "Ngày làm rõ không được ở tương lai."),
            (-30, "Ngày làm rõ không được trước ngày thụ lý."),
        ],
    )
    def test_bad_dates(self, officer_a_client, case_a, days, message):
        day = timezone.localdate() + datetime.timedelta(days=days)
        response = officer_a_client.post(case_url(case_a, "clarify"), {"clarified_on": day})
        assert form_errors(response) == {"clarified_on": [message]}
        assert reload(case_a).status == CaseStatus.OPEN and events(case_a) == ["case.open"]

    def test_clarify_twice(self, officer_a, officer_a_client, case_a):
        services.clarify_case(case=case_a, actor=officer_a, clarified_on=timezone.localdate())
        response = officer_a_client.post(
            case_url(case_a, "clarify"), {"clarified_on": timezone.localdate()}
        )
        # A clarified case is read-only until a commander reopens it (issue 8).
        assert response.status_code == 403
        assert events(case_a) == ["case.open", "case.clarify"]
        with pytest.raises(ValidationError, match="Vụ việc đã được làm rõ."):
            services.clarify_case(case=case_a, actor=officer_a, clarified_on=timezone.localdate())

    def test_case_page_lists_tips_and_subjects_without_identity(
        self, officer_a_client, ward_a, case_a, subject_a
    ):
        tip = make_tip(ward_a)
        services.link_tip_to_case(tip=tip, case=case_a, actor=None)
        content = officer_a_client.get(case_url(case_a)).content.decode()
        assert f"Đối tượng #{subject_a.pk}" in content
        assert subject_a.full_name not in content and subject_a.id_number not in content
        assert tip.reference in content
        assert case_url(case_a, "clarify") in content
        assert f"{ADD_SUBJECT}?case={case_a.pk}" in content

    def test_editing_categories_is_audited_and_status_stays(self, officer_a_client, case_a):
        response = officer_a_client.post(
            case_url(case_a),
            {
                "title": "Trộm cắp xe máy (đã sửa)",
                "summary": "",
                "categories": [category("theft").pk, category("fraud").pk],
                "officer_in_charge": "",
                "status": CaseStatus.CLARIFIED,
                "number": "VV-1999-999",
                **inline_management_data(),
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        case = reload(case_a)
        assert case.title == "Trộm cắp xe máy (đã sửa)"
        assert case.status == CaseStatus.OPEN and case.number != "VV-1999-999"
        entry = AuditEntry.objects.get(object_id=str(case.pk), event="case.categories")
        assert entry.changes == {"categories": [["theft"], ["fraud", "theft"]]}


def inline_management_data() -> dict[str, str]:
    data = {}
    for prefix in ("tips", "subjects"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


# --- Subjects --------------------------------------------------------------------------------


class TestSubjects:
    def test_identity_is_shown_with_the_permission_and_audited(
        self, officer_a, officer_a_client, subject_a
    ):
        content = officer_a_client.get(subject_url(subject_a)).content.decode()
        assert "Nguyễn Văn Bê" in content and "079123456789" in content
        entry = AuditEntry.objects.get(object_id=str(subject_a.pk), event="subject.identity.read")
        assert entry.action == AuditAction.VIEW and entry.actor == officer_a
        assert "Nguyễn Văn Bê" not in json.dumps(entry.changes, ensure_ascii=False)

    def test_without_the_permission_only_the_number_and_outcome(self, leader_client, subject_a):
        response = leader_client.get(subject_url(subject_a))
        content = response.content.decode()
        assert response.status_code == 200
        assert f"Đối tượng #{subject_a.pk}" in content
        assert "Nguyễn Văn Bê" not in content and "079123456789" not in content
        assert "12 đường Lê Lợi" not in content
        assert "subject.identity.read" not in events(subject_a)

    def test_list_never_shows_identity(self, officer_a_client, leader_client, subject_a):
        for client in (officer_a_client, leader_client):
            response = client.get(SUBJECTS)
            assert listed(response) == [subject_a.pk]
            assert "Nguyễn Văn Bê" not in response.content.decode()
        assert "subject.identity.read" not in events(subject_a)

    def test_export_leaves_out_identity(self, officer_a_client, subject_a):
        response = officer_a_client.post(
            SUBJECTS,
            {"action": "export_csv", "_selected_action": [str(subject_a.pk)], "index": 0},
        )
        text = response.content.decode("utf-8-sig")
        assert len(list(csv.reader(io.StringIO(text)))) == 2
        assert "Nguyễn Văn Bê" not in text and "079123456789" not in text

    def test_add_subject_through_the_service(self, officer_a, officer_a_client, case_a):
        assert officer_a_client.get(ADD_SUBJECT, {"case": case_a.pk}).context["form"].initial[
            "case"
        ] == (case_a.pk)
        response = officer_a_client.post(
            ADD_SUBJECT,
            {
                "case": case_a.pk,
                "full_name": "Trần Văn Xê",
                "birth_year": 1985,
                "gender": "male",
                "id_number": "001085000111",
                "offence": category("theft").pk,
            },
        )
        assert response.status_code == 302 and response["Location"] == case_url(case_a)
        subject = Subject.objects.get()
        assert subject.full_name == "Trần Văn Xê" and subject.case == case_a
        entry = AuditEntry.objects.get(object_id=str(subject.pk), event="subject.add")
        assert "Trần Văn Xê" not in json.dumps(entry.changes, ensure_ascii=False)
        assert "Trần Văn Xê" not in " ".join(flash(response))

    def test_add_subject_to_another_wards_case_is_refused(self, officer_a_client, ward_b):
        case_b = make_case(ward_b)
        response = officer_a_client.post(
            ADD_SUBJECT, {"case": case_b.pk, "full_name": "X", "gender": "unknown"}
        )
        assert "Hãy chọn một lựa chọn hợp lệ." in form_errors(response)["case"][0]
        assert not Subject.objects.exists()

    def test_a_clarified_case_takes_no_new_subject(
        self, officer_a, officer_a_client, commander_a, case_a
    ):
        """It counts, with its subjects, in the period it was clarified: its page offers no
        "add subject", the form and the API say why, nothing is written; reopened, it does."""
        services.clarify_case(case=case_a, actor=officer_a, clarified_on=timezone.localdate())
        assert officer_a_client.get(case_url(case_a)).context["add_subject_url"] is None
        data = {"case": case_a.pk, "full_name": "Trần Văn Xê", "gender": "unknown"}
        response = officer_a_client.post(ADD_SUBJECT, data)
        assert "đã được làm rõ nên không thêm đối tượng được" in form_errors(response)["case"][0]
        api = token_client(officer_a).post(
            reverse("subject-list"),
            {"case": case_a.pk, "full_name": "Trần Văn Xê"},
            content_type="application/json",
        )
        assert api.status_code == 400, api.content
        assert "đã được làm rõ" in api.content.decode()
        with pytest.raises(ValidationError):
            services.add_subject(case=case_a, actor=officer_a, full_name="Trần Văn Xê")
        assert not Subject.objects.exists()
        assert not AuditEntry.objects.filter(event="subject.add").exists()
        services.reopen_case(case=case_a, actor=commander_a, note="Phát hiện thêm đối tượng.")
        assert officer_a_client.post(ADD_SUBJECT, data).status_code == 302
        assert Subject.objects.get().case == case_a

    def test_record_outcome(self, officer_a, officer_a_client, subject_a):
        form = officer_a_client.get(subject_url(subject_a, "outcome")).context["form"]
        offered = {value for value, _label in form.fields["outcome"].choices if value}
        assert SubjectOutcome.PENDING not in offered
        day = timezone.localdate()
        response = officer_a_client.post(
            subject_url(subject_a, "outcome"),
            {"outcome": SubjectOutcome.ADMIN_SANCTION, "outcome_on": day.isoformat()},
        )
        assert response.status_code == 302
        subject = reload(subject_a)
        assert subject.outcome == SubjectOutcome.ADMIN_SANCTION and subject.outcome_on == day
        assert events(subject)[-1] == "subject.outcome"

    def test_pending_is_not_an_outcome(self, officer_a_client, subject_a):
        response = officer_a_client.post(
            subject_url(subject_a, "outcome"),
            {"outcome": SubjectOutcome.PENDING, "outcome_on": timezone.localdate().isoformat()},
        )
        assert "outcome" in form_errors(response)
        assert reload(subject_a).outcome == SubjectOutcome.PENDING

    def test_correcting_identity_logs_which_fields_not_their_values(
        self, officer_a_client, subject_a
    ):
        response = officer_a_client.post(
            subject_url(subject_a),
            {
                "offence": "",
                "full_name": "Nguyễn Văn Bé",
                "alias": "",
                "birth_year": "1990",
                "gender": "male",
                "id_number": "079123456789",
                "address": "12 đường Lê Lợi",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert reload(subject_a).full_name == "Nguyễn Văn Bé"
        entry = AuditEntry.objects.get(object_id=str(subject_a.pk), event="subject.change")
        assert set(entry.changes) == {"full_name", "gender"}
        assert "Nguyễn" not in json.dumps(entry.changes, ensure_ascii=False)

    def test_subjects_are_not_deleted_here(self, superuser_client, subject_a):
        assert superuser_client.get(subject_url(subject_a, "delete")).status_code == 403


# --- Lists and connections -------------------------------------------------------------------


class TestOffenceCategories:
    def test_officers_read_the_list(self, officer_a_client):
        response = officer_a_client.get(CATEGORIES)
        assert response.status_code == 200
        assert len(listed(response)) == OffenceCategory.objects.count()
        theft = category("theft")
        page = officer_a_client.get(reverse("admin:tips_offencecategory_change", args=[theft.pk]))
        assert page.status_code == 200 and b'name="_save"' not in page.content
        assert officer_a_client.get(reverse("admin:tips_offencecategory_add")).status_code == 403
        response = officer_a_client.post(
            reverse("admin:tips_offencecategory_change", args=[theft.pk]), {"name": "Khác"}
        )
        assert response.status_code == 403 and category("theft").name == "Trộm cắp tài sản"

    def test_list_query_count_is_pinned(self, officer_a_client):
        made = iter(range(100))

        def add_rows(count: int) -> None:
            for _ in range(count):
                n = next(made)
                OffenceCategory.objects.create(code=f"extra-{n}", name=f"Loại thêm {n}")

        assert_list_baseline(
            lambda: officer_a_client.get(CATEGORIES),
            add_rows,
            expected=11,
            shown=lambda response: len(listed(response)),
        )

    def test_superuser_extends_the_list(self, superuser_client):
        response = superuser_client.post(
            reverse("admin:tips_offencecategory_add"),
            {
                "code": "antt_team",
                "name": "Vi phạm về lực lượng bảo vệ ANTT",
                "sort_order": 150,
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        assert OffenceCategory.objects.filter(code="antt_team").exists()


class TestOpen311Clients:
    def test_superuser_issues_a_key_shown_once(self, superuser, superuser_client, province):
        response = superuser_client.post(
            ADD_CLIENT, {"name": "Ứng dụng phản ánh của tỉnh", "province": province.pk}
        )
        assert response.status_code == 302
        client = Open311Client.objects.get()
        [message] = flash(response)
        key = message.split("Khóa API: ")[1].split(" ")[0]
        assert services.find_open311_client(key) == client
        assert events(client) == ["open311.client.issue"]
        page = superuser_client.get(reverse("admin:tips_open311client_change", args=[client.pk]))
        content = page.content.decode()
        assert key in content  # the message, on the page the superuser lands on
        again = superuser_client.get(reverse("admin:tips_open311client_change", args=[client.pk]))
        assert key not in again.content.decode()
        assert reload(client).key_hash not in again.content.decode()

    def test_commanders_read_their_provinces_clients(
        self, commander_a_client, officer_a_client, province, other_province
    ):
        mine, _key = services.issue_open311_client(name="A", province=province, actor=None)
        services.issue_open311_client(name="C", province=other_province, actor=None)
        response = commander_a_client.get(CLIENTS)
        assert listed(response) == [mine.pk]
        assert reload(mine).key_hash not in response.content.decode()
        assert commander_a_client.get(ADD_CLIENT).status_code == 403
        assert officer_a_client.get(CLIENTS).status_code == 403

    def test_list_query_count_is_pinned(self, commander_a_client, province):
        def add_rows(count: int) -> None:
            for _ in range(count):
                services.issue_open311_client(name="Ứng dụng", province=province, actor=None)

        assert_list_baseline(
            lambda: commander_a_client.get(CLIENTS),
            add_rows,
            expected=12,
            shown=lambda response: len(listed(response)),
        )
