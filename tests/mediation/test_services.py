"""The mediation services: each step audited, the rules refused in Vietnamese, the tip referral
(the tips app's signal), the outcome that becomes a tip, and the reminder claimed once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from mediation import services
from mediation.choices import Compliance, DisputeSource, DisputeStatus
from mediation.models import Dispute
from tests import factories as base
from tests.mediation import factories
from tests.tips import factories as tip_factories
from tips import services as tip_services
from tips.choices import TipStatus
from wardsec.models import AuditEntry, OutboxMessage

pytestmark = pytest.mark.django_db
LATER = datetime.date(2021, 3, 12)


def events(obj) -> list[str]:
    return tip_factories.events(obj)


def messages(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_every_step_is_audited(ward_a, officer_a):
    team = factories.make_team(ward_a)
    mediator = factories.make_mediator(team)
    dispute = factories.make_dispute(ward_a)
    with scopes_disabled():
        services.assign_dispute(dispute=dispute, actor=officer_a, team=team, mediators=[mediator])
        session = factories.make_session(dispute, mediators=[mediator], actor=officer_a)
        factories.close(dispute, officer_a)
        services.record_follow_up(
            dispute=dispute,
            actor=officer_a,
            compliance=Compliance.KEPT,
            checked_on=datetime.date(2021, 4, 30),
        )
        dispute.refresh_from_db()
    assert events(dispute) == [
        "dispute.opened",
        "dispute.assigned",
        "dispute.successful",
        "dispute.follow_up.kept",
    ]
    assert events(session) == ["mediation_session.recorded"]
    assert events(team) == ["mediation_team.founded"]
    assert events(mediator) == ["mediator.added"]
    assert dispute.status == DisputeStatus.SUCCESSFUL
    assert dispute.compliance == Compliance.KEPT


def test_a_session_before_the_dispute_was_received_is_refused(ward_a):
    dispute = factories.make_dispute(ward_a)
    with pytest.raises(ValidationError) as exc:
        factories.make_session(dispute, held_on=datetime.date(2021, 2, 27))
    assert messages(exc) == {
        "held_on": ["Buổi hòa giải không thể trước ngày nhận vụ việc (01/03/2021)."]
    }


def test_a_successful_outcome_needs_the_agreement(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    with pytest.raises(ValidationError) as exc:
        factories.close(dispute, officer_a, agreement="   ")
    assert messages(exc) == {"agreement": ["Hòa giải thành phải ghi nội dung thỏa thuận."]}
    with scopes_disabled():
        assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.OPEN


def test_other_outcome_rules(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    factories.make_session(dispute, held_on=datetime.date(2021, 3, 10))
    with pytest.raises(ValidationError) as exc:
        factories.close(dispute, officer_a, closed_on=datetime.date(2021, 3, 5))
    assert "buổi hòa giải cuối cùng" in messages(exc)["closed_on"][0]
    with pytest.raises(ValidationError) as exc:
        factories.close(
            dispute, officer_a, DisputeStatus.UNSUCCESSFUL, guidance="", closed_on=LATER
        )
    assert messages(exc) == {"guidance": ["Hãy ghi nơi đã hướng dẫn các bên tiếp tục giải quyết."]}
    with pytest.raises(ValidationError) as exc:
        factories.close(dispute, officer_a, DisputeStatus.OUTSIDE_SCOPE, closed_on=LATER)
    assert "tip_category" in messages(exc)
    factories.close(
        dispute, officer_a, DisputeStatus.WITHDRAWN, closed_on=datetime.date(2021, 3, 12)
    )
    with pytest.raises(ValidationError) as exc:
        factories.close(dispute, officer_a, DisputeStatus.WITHDRAWN)
    assert messages(exc) == {"status": ["Vụ việc đã kết thúc."]}


def test_outside_the_scope_becomes_a_tip(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    closed = factories.close(
        dispute,
        officer_a,
        DisputeStatus.OUTSIDE_SCOPE,
        tip_category=tip_factories.category("intentional_injury"),
    )
    with scopes_disabled():
        tip = closed.referred_tip
        assert tip.ward == ward_a
        assert tip.status == TipStatus.NEW
        assert dispute.reference in tip.description
        assert tip.entered_by == officer_a


def test_party_rules_and_identity_permission(ward_a, officer_a, no_perm_user):
    dispute = factories.make_dispute(ward_a)
    with scopes_disabled(), pytest.raises(ValidationError) as exc:
        services.add_party(dispute=dispute, actor=None, full_name="X", birth_year=1800)
    assert "birth_year" in messages(exc)
    party = factories.make_party(ward_a, birth_year=1990, phone="0912345678")
    with scopes_disabled():
        assert services.read_party_identity(party=party, actor=officer_a)["birth_year"] == 1990
        with pytest.raises(PermissionError):
            services.read_party_identity(party=party, actor=no_perm_user)
    assert "mediation_party.identity.read" in events(party)


def test_assignment_stays_in_the_ward(ward_a, ward_b, officer_a):
    dispute = factories.make_dispute(ward_a)
    other_team = factories.make_team(ward_b)
    with scopes_disabled(), pytest.raises(ValidationError) as exc:
        services.assign_dispute(dispute=dispute, actor=officer_a, team=other_team)
    assert messages(exc) == {"team": ["Tổ hòa giải phải thuộc phường/xã của vụ việc."]}


def test_a_referred_tip_becomes_a_dispute(ward_a, officer_a):
    neighbourhood = base.make_neighbourhood(ward_a, name="Khu phố Hòa Bình")
    team = factories.make_team(ward_a, neighbourhood=neighbourhood)
    tip = tip_factories.make_tip(
        ward_a, category=tip_factories.category("dispute"), neighbourhood=neighbourhood
    )
    with scopes_disabled():
        tip_services.refer_tip_to_mediation(tip=tip, actor=officer_a, note="Tranh chấp đất")
        dispute = Dispute.objects.get(tip=tip)
    assert dispute.source == DisputeSource.TIP
    assert dispute.ward == ward_a
    assert dispute.team == team
    assert dispute.kind.code == "other"
    assert "Tranh chấp đất" in dispute.summary
    assert events(dispute) == ["dispute.opened"]


def test_a_refused_dispute_undoes_the_referral(ward_a, officer_a, monkeypatch):
    tip = tip_factories.make_tip(ward_a, category=tip_factories.category("dispute"))

    def refuse(**kwargs):
        raise ValidationError("x")

    monkeypatch.setattr(services, "open_dispute", refuse)
    with scopes_disabled():
        with pytest.raises(ValidationError):
            tip_services.refer_tip_to_mediation(tip=tip, actor=officer_a)
        tip.refresh_from_db()
    assert tip.status == TipStatus.NEW


def test_due_agreements_are_reminded_once(ward_a, officer_a):
    dispute = factories.make_dispute(ward_a)
    factories.close(dispute, officer_a, deadline=datetime.date(2021, 4, 30))
    with scopes_disabled():
        assert services.remind_due_agreements(ward=ward_a, today=datetime.date(2021, 4, 1)) == []
        claimed = services.remind_due_agreements(ward=ward_a, today=datetime.date(2021, 4, 25))
        again = services.remind_due_agreements(ward=ward_a, today=datetime.date(2021, 4, 26))
        sent = OutboxMessage.objects.filter(kind="mediation.agreements_due")
        assert claimed == [dispute.pk]
        assert again == []
        assert [m.payload for m in sent] == [{"dispute_ids": [dispute.pk]}]


def test_the_beat_task_is_declared_and_fans_out(
    ward_a, officer_a, django_capture_on_commit_callbacks
):
    from mediation import tasks
    from wardsec import registry

    assert registry.beat_schedule()["remind-due-agreements"]["task"] == (
        "mediation.tasks.remind_due_agreements"
    )
    dispute = factories.make_dispute(ward_a)
    factories.close(dispute, officer_a, deadline=datetime.date(2021, 4, 30))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_due_agreements() == 1
    with scopes_disabled():
        assert Dispute.objects.get(pk=dispute.pk).reminded_at is not None


def test_the_reminder_emails_the_wards_duty_officers_without_the_parties(
    ward_a, officer_a, officer_b, django_capture_on_commit_callbacks
):
    from django.core import mail

    from mediation import tasks

    dispute = factories.make_dispute(ward_a)
    factories.close(dispute, officer_a, deadline=datetime.date(2021, 4, 30))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_due_agreements()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert officer_a.email in email.to and officer_b.email not in email.to
    assert dispute.reference in email.body and "30/04/2021" in email.body
    assert "Nguyễn Văn An" not in email.body and "ranh giới" not in email.body


# --- Dissolving a team --------------------------------------------------------------------------

DISSOLVED = datetime.date(2022, 1, 1)


def _team_with_work(ward):
    """A team with a mediator serving, one who left, one due to leave after `DISSOLVED`, and a
    dispute closed in 2021."""
    team = factories.make_team(ward)
    serving = factories.make_mediator(team)
    left = factories.make_mediator(team)
    later = factories.make_mediator(team)
    with scopes_disabled():
        services.mediator_leaves(mediator=left, actor=None, on=datetime.date(2020, 1, 1))
        services.mediator_leaves(mediator=later, actor=None, on=datetime.date(2022, 6, 1))
    factories.close(factories.make_dispute(ward, team=team), None)
    return team, serving, left, later


def test_dissolving_a_team_ends_its_mediators_and_is_audited(ward_a, commander_a):
    team, serving, left, later = _team_with_work(ward_a)
    with scopes_disabled():
        services.dissolve_team(
            team=team, actor=commander_a, dissolved_on=DISSOLVED, note="QĐ 12/QĐ-UBND"
        )
        for row in (team, serving, left, later):
            row.refresh_from_db()
    assert team.dissolved_on == DISSOLVED
    assert (serving.ends_on, later.ends_on) == (DISSOLVED, DISSOLVED)
    assert left.ends_on == datetime.date(2020, 1, 1)
    assert events(team) == ["mediation_team.founded", "mediation_team.dissolved"]
    assert events(serving) == ["mediator.added", "mediator.left"]
    assert events(left) == ["mediator.added", "mediator.left"]
    with scopes_disabled():
        entry = AuditEntry.objects.get(event="mediation_team.dissolved")
    assert (entry.actor, entry.ward, entry.note) == (commander_a, ward_a, "QĐ 12/QĐ-UBND")
    assert entry.changes == {"dissolved_on": [None, "2022-01-01"]}


def test_a_team_with_open_disputes_is_not_dissolved_and_they_are_named(ward_a):
    team, serving, _left, _later = _team_with_work(ward_a)
    still_open = factories.make_dispute(ward_a, team=team)
    entries = _audit_count()
    with pytest.raises(ValidationError) as exc, scopes_disabled():
        services.dissolve_team(team=team, actor=None, dissolved_on=DISSOLVED)
    assert messages(exc) == {
        "__all__": [
            f"Tổ còn vụ việc chưa kết thúc: {still_open.reference}. Hãy ghi kết quả hoặc "
            "phân công các vụ việc này cho tổ khác trước khi giải thể."
        ]
    }
    with scopes_disabled():
        team.refresh_from_db()
        serving.refresh_from_db()
    assert (team.dissolved_on, serving.ends_on) == (None, None)
    assert _audit_count() == entries


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2999, 1, 1), "Ngày không được ở tương lai."),
        (datetime.date(2015, 1, 1), "Ngày giải thể phải sau ngày thành lập."),
        (datetime.date(2021, 3, 3), "Tổ còn nhận hoặc giải quyết vụ việc từ ngày này"),
    ],
)
def test_bad_dissolution_days_are_refused_on_the_field(ward_a, day, message):
    team, *_ = _team_with_work(ward_a)  # founded 2015-01-01, a dispute closed 2021-03-06
    entries = _audit_count()
    with pytest.raises(ValidationError) as exc, scopes_disabled():
        services.dissolve_team(team=team, actor=None, dissolved_on=day)
    assert list(messages(exc)) == ["dissolved_on"]
    assert messages(exc)["dissolved_on"][0].startswith(message)
    assert _audit_count() == entries


def test_a_team_is_dissolved_once_and_not_before_its_mediators_joined(ward_a):
    team = factories.make_team(ward_a)
    factories.make_mediator(team, full_name="Lê Thị Mới", starts_on=datetime.date(2022, 2, 1))
    with pytest.raises(ValidationError) as exc, scopes_disabled():
        services.dissolve_team(team=team, actor=None, dissolved_on=DISSOLVED)
    assert messages(exc) == {
        "dissolved_on": ["Có hòa giải viên bắt đầu tham gia tổ từ ngày này trở đi: Lê Thị Mới."]
    }
    with scopes_disabled():
        services.dissolve_team(team=team, actor=None, dissolved_on=datetime.date(2022, 3, 1))
        with pytest.raises(ValidationError) as again:
            services.dissolve_team(team=team, actor=None, dissolved_on=datetime.date(2022, 4, 1))
    assert messages(again) == {"dissolved_on": ["Tổ hòa giải đã giải thể."]}


def test_a_dissolved_team_takes_no_new_dispute(ward_a):
    from mediation import forms

    area = base.make_neighbourhood(ward_a, name="Khu phố giải thể")
    team = factories.make_team(ward_a, neighbourhood=area)
    dispute = factories.make_dispute(ward_a)
    with scopes_disabled():
        services.dissolve_team(team=team, actor=None, dissolved_on=DISSOLVED)
        # Received while the team still existed, entered now: still refused (it would stay
        # open with a team that no longer works).
        with pytest.raises(ValidationError) as opened:
            factories.make_dispute(ward_a, team=team, received_on=datetime.date(2021, 6, 1))
        with pytest.raises(ValidationError) as assigned:
            services.assign_dispute(dispute=dispute, actor=None, team=team)
        with pytest.raises(ValidationError) as joined:
            factories.make_mediator(team)
        offered = [
            forms.DisputeForm(ward=ward_a).fields["team"].queryset,
            forms.AssignForm(dispute=dispute).fields["team"].queryset,
        ]
        assert all(team not in queryset for queryset in offered)
        tip = tip_factories.make_tip(ward_a, neighbourhood=area)
        referred = services.open_dispute_from_tip(tip=tip, actor=None)
    for refused in (opened, assigned, joined):
        assert messages(refused) == {"team": ["Tổ hòa giải đã giải thể."]}
    assert referred.team is None


def test_a_dissolved_team_keeps_its_books_up_to_that_year_and_opens_none_after(ward_a):
    team = factories.make_team(ward_a)
    with scopes_disabled():
        services.dissolve_team(team=team, actor=None, dissolved_on=datetime.date(2022, 3, 1))
        kept = services.open_record_book(
            team=team, actor=None, year=2022, number="01/2022", opened_on=datetime.date(2022, 3, 1)
        )
        with pytest.raises(ValidationError) as later:
            services.open_record_book(
                team=team,
                actor=None,
                year=2023,
                number="01/2023",
                opened_on=datetime.date(2023, 1, 2),
            )
    assert kept.year == 2022
    assert messages(later) == {
        "year": ["Tổ hòa giải đã giải thể ngày 01/03/2022: không mở sổ cho năm sau đó."]
    }


def _audit_count() -> int:
    with scopes_disabled():
        return AuditEntry.objects.count()
