"""The mediation API: every endpoint inherits the platform's security cases from its permission
matrix (anonymous, no permission, view only, own ward, other ward, province leader, tokens,
pinned list queries); then personal data and bad input in Vietnamese."""

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
    matrix = {"officer": READ, "commander": {*READ, "create"}, "leader": READ}
    ward_role = "commander"
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
    work = {*READ, "create", "close"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    actions = (Action("close", payload=lambda b: {"closed_on": "2021-06-30", "summary": "Tốt."}),)
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
