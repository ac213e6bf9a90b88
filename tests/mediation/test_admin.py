"""The mediation workplace: a tip becomes a dispute in one click from the tip's page; a dispute
entered from the admin lands on its saved page and is found again by an accent-less search or
its reference; the parties' personal data shows (audited) only with its permission; a refused
step answers in Vietnamese on the form; a team is dissolved from its page (once, not to another
ward's commander, a bad day refused on the field) and is then no longer offered for disputes."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django_scopes import scopes_disabled

from mediation.models import Dispute
from tests.mediation import factories
from tests.platform.personas import client_for, user_with_permissions
from tests.tips import factories as tip_factories
from tips.choices import TipStatus
from wardsec.models import AuditAction, AuditEntry


def _identity_reads(dispute) -> int:
    with scopes_disabled():
        return AuditEntry.objects.filter(
            action=AuditAction.VIEW, event="mediation_party.identity.read"
        ).count()


def test_a_tip_becomes_a_dispute_in_one_click(ward_a, officer_a):
    tip = tip_factories.make_tip(ward_a, category=tip_factories.category("dispute"))
    client = client_for(officer_a)
    answer = client.post(
        reverse("admin:tips_tip_mediation", args=[tip.pk]), {"note": "Tranh chấp lối đi chung"}
    )
    assert answer.status_code == 302
    with scopes_disabled():
        dispute = Dispute.objects.get(tip=tip)
        tip.refresh_from_db()
    assert tip.status == TipStatus.MEDIATION
    page = client.get(reverse("admin:mediation_dispute_change", args=[dispute.pk]))
    assert page.status_code == 200
    assert tip.reference in page.content.decode()
    assert "Tranh chấp lối đi chung" in page.content.decode()


def test_entered_from_the_admin_and_found_again_without_accents(ward_a, officer_a):
    client = client_for(officer_a)
    add = reverse("admin:mediation_dispute_add")
    form = client.get(add)
    assert form.status_code == 200 and "Tiếp nhận vụ việc hòa giải" in form.content.decode()
    kind = factories.kind("neighbours")
    answer = client.post(
        add,
        {
            "received_on": "2021-05-04",
            "source": "party_request",
            "kind": kind.pk,
            "summary": "Mâu thuẫn hàng xóm vì nước thải chảy sang nhà bên cạnh",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    with scopes_disabled():
        dispute = Dispute.objects.get(ward=ward_a)
    assert answer["Location"].startswith(
        reverse("admin:mediation_dispute_change", args=[dispute.pk])
    )
    changelist = reverse("admin:mediation_dispute_changelist")
    found = client.get(changelist, {"q": "mau thuan hang xom nuoc thai"})
    assert [row.pk for row in found.context["cl"].result_list] == [dispute.pk]
    typed = dispute.reference.lower().replace("-", " ")
    by_reference = client.get(changelist, {"q": typed})
    assert [row.pk for row in by_reference.context["cl"].result_list] == [dispute.pk]


def test_parties_personal_data_only_with_its_permission_and_audited(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    url = reverse("admin:mediation_dispute_change", args=[dispute.pk])
    viewer = user_with_permissions(
        ward_a, "mediation.view_dispute", "mediation.view_party", "mediation.view_mediationsession"
    )
    page = client_for(viewer).get(url).content.decode()
    assert "Nguyễn Văn An" in page and "12 đường số 3" not in page
    assert _identity_reads(dispute) == 0
    page = client_for(officer_a).get(url).content.decode()
    assert "12 đường số 3" in page
    assert _identity_reads(dispute) == 2  # both parties


def test_a_successful_outcome_without_agreement_is_refused_on_the_form(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    answer = client_for(officer_a).post(
        reverse("admin:mediation_dispute_outcome", args=[dispute.pk]),
        {"outcome": "successful", "closed_on": "2021-03-05"},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "agreement": ["Hòa giải thành phải ghi nội dung thỏa thuận."]
    }
    with scopes_disabled():
        assert Dispute.objects.get(pk=dispute.pk).is_open


def test_open_work_on_the_front_page(ward_a, officer_a, no_perm_user):
    from django.test import RequestFactory

    from mediation import today

    factories.make_dispute(ward_a)
    due = factories.make_dispute(ward_a)
    factories.close(due, officer_a, deadline=datetime.date(2021, 4, 30))
    client = client_for(officer_a)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Hòa giải ở cơ sở" in page
    changelist = reverse("admin:mediation_dispute_changelist")
    due_list = client.get(changelist, {"due": "soon"})
    assert [row.pk for row in due_list.context["cl"].result_list] == [due.pk]
    unassigned = client.get(changelist, {"status__exact": "open", "team__isempty": "1"})
    assert len(unassigned.context["cl"].result_list) == 1
    request = RequestFactory().get("/")
    request.user = no_perm_user
    assert today.section(request) is None


def test_the_commander_dissolves_a_team_from_its_page(ward_a, ward_b, commander_a, officer_a):
    from tests import factories as base

    team = factories.make_team(ward_a)
    mediator = factories.make_mediator(team)
    step = reverse("admin:mediation_mediationteam_dissolve", args=[team.pk])
    page = reverse("admin:mediation_mediationteam_change", args=[team.pk])
    client = client_for(commander_a)
    assert step in client.get(page).content.decode()
    assert "Giải thể tổ hòa giải" in client.get(step).content.decode()
    commander_b = base.make_commander(ward_b, username="commander_b")
    assert client_for(commander_b).post(step, {"dissolved_on": "2022-01-01"}).status_code == 404
    assert client_for(officer_a).post(step, {"dissolved_on": "2022-01-01"}).status_code == 403
    answer = client.post(step, {"dissolved_on": "2022-01-01", "note": "QĐ 5/QĐ-UBND"})
    assert answer.status_code == 302
    assert answer["Location"].startswith(page)
    with scopes_disabled():
        team.refresh_from_db()
        mediator.refresh_from_db()
        entry = AuditEntry.objects.get(event="mediation_team.dissolved")
    assert team.dissolved_on == mediator.ends_on == datetime.date(2022, 1, 1)
    assert (entry.actor, entry.note) == (commander_a, "QĐ 5/QĐ-UBND")
    assert step not in client.get(page).content.decode()  # no second dissolution offered
    form = client.get(reverse("admin:mediation_dispute_add")).context["form"]
    assert team not in form.fields["team"].queryset


def test_a_bad_dissolution_day_is_refused_on_the_field(ward_a, commander_a):
    team = factories.make_team(ward_a)
    step = reverse("admin:mediation_mediationteam_dissolve", args=[team.pk])
    client = client_for(commander_a)  # signing in is audited: before counting
    for day, message in [
        ("2999-01-01", "Ngày không được ở tương lai."),
        ("2014-12-31", "Ngày giải thể phải sau ngày thành lập."),
    ]:
        entries = _audit_count()
        answer = client.post(step, {"dissolved_on": day})
        assert answer.status_code == 200
        assert answer.context["form"].errors == {"dissolved_on": [message]}
        assert _audit_count() == entries
    still_open = factories.make_dispute(ward_a, team=team)
    entries = _audit_count()
    answer = client.post(step, {"dissolved_on": "2022-01-01"})
    assert answer.status_code == 200
    assert still_open.reference in answer.context["form"].non_field_errors()[0]
    assert _audit_count() == entries
    with scopes_disabled():
        team.refresh_from_db()
    assert team.dissolved_on is None


def _audit_count() -> int:
    with scopes_disabled():
        return AuditEntry.objects.count()
