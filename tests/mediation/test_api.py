"""The mediation API: every endpoint inherits the platform's security cases from its permission
matrix (anonymous, no permission, view only, own ward, other ward, province leader, tokens,
pinned list queries), the team's dissolution and the record book's download included; then
personal data, the dissolution's refusals and the book's files, and bad input in Vietnamese."""

from __future__ import annotations

from django.urls import reverse
from django_scopes import scopes_disabled

from tests.mediation import factories
from tests.platform.api import Action, ScopedAPITestCase
from tests.platform.personas import client_for
from wardsec.models import AuditAction, AuditEntry

READ = {"list", "retrieve"}
DAY = "2021-03-01"


class TestMediationTeamEndpoint(ScopedAPITestCase):
    basename = "mediationteam"
    matrix = {"officer": READ, "commander": {*READ, "create", "dissolve"}, "leader": READ}
    ward_role = "commander"
    actions = (Action("dissolve", payload=lambda team: {"dissolved_on": "2022-01-01"}),)
    list_queries = 10

    def make_row(self, ward):
        return factories.make_team(ward, name=f"Tổ hòa giải {ward.name}")

    def create_payload(self, ward):
        from tests import factories as base

        area = base.make_neighbourhood(ward, name="Khu phố mới")
        return {
            "ward": ward.code,
            "name": "Tổ mới",
            "neighbourhood": area.pk,
            "established_on": DAY,
        }


class TestMediatorEndpoint(ScopedAPITestCase):
    basename = "mediator"
    matrix = {"officer": READ, "commander": {*READ, "create", "leave"}, "leader": READ}
    ward_role = "commander"
    actions = (Action("leave", payload=lambda m: {"on": DAY}),)
    list_queries = 10

    def make_row(self, ward):
        return factories.make_mediator(factories.make_team(ward), full_name=f"Lê Văn {ward.name}")

    def ward_of(self, row):
        return row.team.ward

    def create_payload(self, ward):
        return {"team": factories.make_team(ward).pk, "full_name": "Phạm Thị Mới", "starts_on": DAY}

    def search_term(self, row):
        return row.full_name

    def filter_params(self, row):
        return {"ward": row.team.ward.code}


class TestDisputeEndpoint(ScopedAPITestCase):
    basename = "dispute"
    work = {*READ, "create", "update", "assign", "outcome", "follow-up"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    actions = (
        Action("assign", payload=lambda d: {"team": factories.make_team(d.ward).pk}),
        Action("outcome", payload=lambda d: {"outcome": "withdrawn", "closed_on": DAY}),
        Action(
            "follow-up",
            payload=lambda d: (
                factories.close(d, None),
                {"compliance": "kept", "checked_on": "2021-03-20"},
            )[1],
        ),
    )
    list_queries = 11

    def make_row(self, ward):
        return factories.make_dispute(ward, summary=f"Tranh chấp ở {ward.name}")

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "received_on": DAY,
            "source": "party_request",
            "kind": "family",
            "summary": "Mâu thuẫn gia đình",
            "parties": [{"full_name": "Võ Văn Mới", "birth_year": 1980}],
        }

    def update_payload(self, row):
        return {"kind": "neighbours"}

    def search_term(self, row):
        return row.summary


class TestPartyEndpoint(ScopedAPITestCase):
    basename = "party"
    matrix = {
        "officer": {*READ, "create", "identity"},
        "commander": {*READ, "create", "identity"},
        "leader": READ,
    }
    actions = (Action("identity", "get"),)
    list_queries = 10

    def make_row(self, ward):
        return factories.make_party(ward, full_name=f"Đỗ Văn {ward.name}")

    def ward_of(self, row):
        return row.dispute.ward

    def create_payload(self, ward):
        return {"dispute": factories.make_dispute(ward).pk, "full_name": "Bùi Thị Mới"}

    def search_term(self, row):
        return row.full_name

    def filter_params(self, row):
        return {"ward": row.dispute.ward.code}


class TestMediationSessionEndpoint(ScopedAPITestCase):
    basename = "mediationsession"
    matrix = {"officer": {*READ, "create"}, "commander": {*READ, "create"}, "leader": READ}
    list_queries = 11

    def make_row(self, ward):
        return factories.make_session(
            factories.make_dispute(ward), attendees=f"Các bên {ward.name}"
        )

    def ward_of(self, row):
        return row.dispute.ward

    def create_payload(self, ward):
        return {"dispute": factories.make_dispute(ward).pk, "held_on": DAY}

    def search_term(self, row):
        return row.attendees

    def filter_params(self, row):
        return {"ward": row.dispute.ward.code}


class TestRecordBookEndpoint(ScopedAPITestCase):
    basename = "recordbook"
    work = {*READ, "create", "close", "download"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    actions = (
        Action("close", payload=lambda b: {"closed_on": "2021-06-30", "summary": "Tốt."}),
        Action("download", method="get"),
    )
    list_queries = 10

    def make_row(self, ward):
        return factories.make_book(factories.make_team(ward), number=f"Q-{ward.code}")

    def create_payload(self, ward):
        return {"team": factories.make_team(ward).pk, "year": 2020, "number": "1", "opened_on": DAY}

    def search_term(self, row):
        return row.number


def test_party_identity_is_audited_and_refused_without_its_permission(ward_a, officer_a):
    from tests.platform.personas import user_with_permissions

    party = factories.make_party(ward_a, birth_year=1970, address="12 đường số 3")
    url = reverse("party-identity", args=[party.pk])
    answer = client_for(officer_a).get(url)
    assert answer.status_code == 200
    assert answer.json() == {"birth_year": 1970, "address": "12 đường số 3", "phone": ""}
    assert answer["Cache-Control"] == "no-store"
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            action=AuditAction.VIEW, event="mediation_party.identity.read", object_id=str(party.pk)
        ).exists()
    viewer = user_with_permissions(ward_a, "mediation.view_party")
    assert client_for(viewer).get(url).status_code == 403
    listed = client_for(officer_a).get(reverse("party-list")).json()["results"]
    assert all(set(row) == {"id", "dispute", "role", "full_name"} for row in listed)


def test_bad_input_answers_in_vietnamese(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    client = client_for(officer_a)
    session = client.post(
        reverse("mediationsession-list"),
        {"dispute": dispute.pk, "held_on": "2021-02-01"},
        content_type="application/json",
    )
    assert session.status_code == 400
    assert "trước ngày nhận vụ việc" in session.json()["held_on"][0]
    outcome = client.post(
        reverse("dispute-outcome", args=[dispute.pk]),
        {"outcome": "successful", "closed_on": "2021-03-05"},
        content_type="application/json",
    )
    assert outcome.status_code == 400
    assert outcome.json() == {"agreement": ["Hòa giải thành phải ghi nội dung thỏa thuận."]}


def test_a_team_is_dissolved_through_the_api(ward_a, commander_a, officer_a):
    team = factories.make_team(ward_a)
    mediator = factories.make_mediator(team)
    url = reverse("mediationteam-dissolve", args=[team.pk])
    client = client_for(commander_a)
    still_open = factories.make_dispute(ward_a, team=team)
    refused = client.post(url, {"dissolved_on": "2022-01-01"}, content_type="application/json")
    assert refused.status_code == 400
    assert still_open.reference in refused.json()["non_field_errors"][0]
    future = client.post(url, {"dissolved_on": "2999-01-01"}, content_type="application/json")
    assert future.json() == {"dissolved_on": ["Ngày không được ở tương lai."]}
    assert client_for(officer_a).post(url, {"dissolved_on": "2022-01-01"}).status_code == 403
    factories.close(still_open, officer_a)
    answer = client.post(
        url, {"dissolved_on": "2022-01-01", "note": "QĐ 7"}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["dissolved_on"] == "2022-01-01"
    with scopes_disabled():
        mediator.refresh_from_db()
        entry = AuditEntry.objects.get(event="mediation_team.dissolved", object_id=str(team.pk))
    assert mediator.ends_on.isoformat() == "2022-01-01"
    assert (entry.actor, entry.note) == (commander_a, "QĐ 7")
    dispute = client.post(
        reverse("dispute-list"),
        {
            "received_on": "2021-06-01",
            "source": "party_request",
            "kind": "family",
            "summary": "Mâu thuẫn gia đình",
            "team": team.pk,
        },
        content_type="application/json",
    )
    assert dispute.json() == {"team": ["Tổ hòa giải đã giải thể."]}


def _exports(book) -> int:
    with scopes_disabled():
        return AuditEntry.objects.filter(
            action=AuditAction.EXPORT, event="record_book.exported", object_id=str(book.pk)
        ).count()


def test_the_record_book_downloads_through_the_api(ward_a, officer_a, officer_b, citizen):
    import io

    from openpyxl import load_workbook

    from tests.platform.personas import user_with_permissions

    team = factories.make_team(ward_a, name="Tổ hòa giải Khu phố 1")
    factories.close(factories.make_dispute(ward_a, team=team), officer_a)
    book = factories.make_book(team, number="01/2021")
    url = reverse("recordbook-download", args=[book.pk])
    client = client_for(officer_a)
    xlsx = client.get(url, {"file": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"].startswith("attachment; filename=")
    assert xlsx["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cover = [c for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "Tổ hòa giải Khu phố 1" in cover and "01/2021" in cover
    pdf = client.get(url, {"file": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert _exports(book) == 2
    with scopes_disabled():
        entry = AuditEntry.objects.filter(event="record_book.exported").latest("pk")
    assert (entry.actor, entry.ward, entry.note) == (officer_a, ward_a, "pdf: 1")
    assert client.get(url, {"file": "doc"}).status_code == 400
    viewer = user_with_permissions(ward_a, "mediation.view_recordbook")
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(officer_b).get(url).status_code == 404
    assert citizen.get(url).status_code == 401
    assert _exports(book) == 2
