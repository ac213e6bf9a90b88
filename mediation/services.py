"""Every change to grassroots mediation: keyword-only, in a transaction, audited in it.

Rules (the admin, the API, the tip referral and the demo all come through here):

- dates are neither in the future nor before 1900 (`wardsec.validators`); a session is not held
  before the dispute was received, nor a dispute closed before its last session;
- a team belongs to a neighbourhood of its own ward, and links only to a core-forces unit of
  kind "mediation" of that ward; a mediator links only to a core-forces member of that ward;
- a dispute is assigned only to a team of its ward that exists on that day and has not been
  dissolved, and to mediators of that team who serve on that day;
- a team is dissolved on a day after it was founded, once none of its disputes is open (the
  refusal names them), none was received on or after that day and none closed after it; its
  mediators still serving stop serving that day;
- the outcome closes an open dispute once: successful needs the written agreement (what each
  party must do, by when), unsuccessful the guidance given to the parties, outside the scope
  of mediation the offence category of the tip it becomes (created through the tips app);
- a successful agreement with a deadline is followed (kept or broken); a reminder is queued
  before the deadline (`remind_due_agreements`, claimed by one conditional UPDATE);
- a party's personal data is read through `read_party_identity` (permission, audit VIEW), and
  the record book, which shows it, leaves through `export_record_book` (both permissions,
  audit EXPORT).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mediation import record_book
from mediation.catalogue import DEFAULT_KIND, ensure_catalogue
from mediation.choices import Compliance, DisputeSource, DisputeStatus, MediatorRole, PartyRole
from mediation.models import (
    IDENTITY_PERMISSION,
    Dispute,
    DisputeKind,
    MediationSession,
    MediationTeam,
    Mediator,
    Party,
    RecordBook,
)
from tips import services as tips_services
from tips.choices import TipChannel
from wardsec import audit, outbox, validators
from wardsec.models import AuditAction
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from core_forces.models import ForceMember, ForceUnit
    from tips.models import OffenceCategory, Tip
    from wards.models import Neighbourhood, Ward

MEDIATION_UNIT_KIND = "mediation"  # the core-forces unit kind of a mediation team
REMIND_DAYS_BEFORE = 7
LISTED_IN_REFUSAL = 10  # disputes a refusal names before "…"


def nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: [message]})


def _ward_of(instance: Any) -> Ward:
    if isinstance(instance, Mediator):
        return instance.team.ward
    if isinstance(instance, Party | MediationSession):
        return instance.dispute.ward
    return instance.ward


def _created(instance: Any, actor: User | None, event: str, note: str = "") -> None:
    audit.record(
        action=AuditAction.CREATE,
        instance=instance,
        actor=actor,
        changes=audit.created(instance),
        event=event,
        ward=_ward_of(instance),
        note=note,
    )


def _check_date(field: str, value: datetime.date | None, required: bool = True) -> None:
    if value is None:
        if required:
            _refuse(field, _("Hãy nhập ngày."))
        return
    validators.check_event_date(field, value)


# --- Teams and mediators -----------------------------------------------------------------------


def _refuse_dissolved(team: MediationTeam) -> None:
    """Refused when the team has been dissolved, as stored: the row is locked, so that a
    dissolution in progress (`dissolve_team`) ends first and is seen. An open dispute or a
    serving mediator never rests with a dissolved team."""
    if _dissolved_on(team) is not None:
        _refuse("team", _("Tổ hòa giải đã giải thể."))


def _dissolved_on(team: MediationTeam) -> datetime.date | None:
    """The team's dissolution day as stored, its row locked (`_refuse_dissolved`)."""
    locked = MediationTeam.objects.select_for_update().values_list("dissolved_on", flat=True)
    return locked.get(pk=team.pk)


@transaction.atomic
def found_team(
    *,
    ward: Ward,
    actor: User | None,
    name: str,
    neighbourhood: Neighbourhood,
    established_on: datetime.date,
    force_unit: ForceUnit | None = None,
) -> MediationTeam:
    """The mediation team of `neighbourhood` (of `ward`); `force_unit`: the core-forces unit of
    kind "mediation" of the same ward that holds this team in the forces' roster."""
    _check_date("established_on", established_on)
    if not nfc(name):
        _refuse("name", _("Hãy nhập tên tổ hòa giải."))
    if neighbourhood.ward_id != ward.pk:
        _refuse("neighbourhood", _("Khu phố/ấp phải thuộc phường/xã của tổ."))
    if force_unit is not None and (
        force_unit.ward_id != ward.pk or force_unit.kind.code != MEDIATION_UNIT_KIND
    ):
        _refuse(
            "force_unit",
            _("Đơn vị liên kết phải là một tổ hòa giải trong lực lượng nòng cốt của phường/xã."),
        )
    team = MediationTeam(
        ward=ward,
        name=nfc(name),
        neighbourhood=neighbourhood,
        established_on=established_on,
        force_unit=force_unit,
    )
    team.full_clean(exclude=["ward", "neighbourhood", "force_unit"])
    team.save()
    _created(team, actor, "mediation_team.founded")
    return team


@transaction.atomic
def add_mediator(
    *,
    team: MediationTeam,
    actor: User | None,
    starts_on: datetime.date,
    full_name: str = "",
    role: str = MediatorRole.MEMBER,
    force_member: ForceMember | None = None,
) -> Mediator:
    """A mediator joins `team` on `starts_on`; a member of the ward's core forces is linked
    (their name taken from the forces' roster when none is typed)."""
    _check_date("starts_on", starts_on)
    _refuse_dissolved(team)
    if starts_on < team.established_on:
        _refuse("starts_on", _("Hòa giải viên không thể tham gia trước ngày thành lập tổ."))
    if role not in MediatorRole.values:
        _refuse("role", _("Chức danh không hợp lệ."))
    if force_member is not None:
        if force_member.ward_id != team.ward_id:
            _refuse("force_member", _("Thành viên lực lượng phải thuộc phường/xã của tổ."))
        full_name = full_name or force_member.full_name
    if not nfc(full_name):
        _refuse("full_name", _("Hãy nhập họ và tên hòa giải viên."))
    mediator = Mediator(
        team=team,
        full_name=nfc(full_name),
        role=role,
        force_member=force_member,
        starts_on=starts_on,
    )
    mediator.save()
    _created(mediator, actor, "mediator.added")
    return mediator


@transaction.atomic
def mediator_leaves(
    *, mediator: Mediator, actor: User | None, on: datetime.date, reason: str = ""
) -> Mediator:
    """The mediator stops serving on `on` (the first day they no longer serve)."""
    mediator = Mediator.objects.select_for_update().select_related("team__ward").get(pk=mediator.pk)
    if mediator.ends_on is not None:
        _refuse("on", _("Hòa giải viên này đã thôi."))
    _check_date("on", on)
    if on <= mediator.starts_on:
        _refuse("on", _("Ngày thôi phải sau ngày bắt đầu."))
    return _stop_serving(mediator, actor, on, nfc(reason), mediator.team.ward)


def _stop_serving(
    mediator: Mediator, actor: User | None, on: datetime.date, note: str, ward: Ward
) -> Mediator:
    before = audit.snapshot(mediator)
    mediator.ends_on = on
    return transition(
        mediator, actor=actor, event="mediator.left", before=before, note=note, ward=ward
    )


def _references(disputes: Any) -> str:
    """The references of `disputes` (a queryset), the first few, for a refusal."""
    listed = [str(d) for d in disputes.order_by("received_on", "pk")[: LISTED_IN_REFUSAL + 1]]
    more = len(listed) > LISTED_IN_REFUSAL
    return ", ".join(listed[:LISTED_IN_REFUSAL]) + (", …" if more else "")


def _check_team_work_done(team: MediationTeam, day: datetime.date) -> None:
    """Refused while the team holds an open dispute, or worked on one on or after `day`."""
    disputes = Dispute.objects.filter(team=team)
    if disputes.open().exists():
        _refuse(
            NON_FIELD_ERRORS,
            _(
                "Tổ còn vụ việc chưa kết thúc: %(disputes)s. Hãy ghi kết quả hoặc phân công "
                "các vụ việc này cho tổ khác trước khi giải thể."
            )
            % {"disputes": _references(disputes.open())},
        )
    later = disputes.filter(Q(received_on__gte=day) | Q(closed_on__gt=day))
    if later.exists():
        _refuse(
            "dissolved_on",
            _("Tổ còn nhận hoặc giải quyết vụ việc từ ngày này (%(disputes)s).")
            % {"disputes": _references(later)},
        )


@transaction.atomic
def dissolve_team(
    *, team: MediationTeam, actor: User | None, dissolved_on: datetime.date, note: str = ""
) -> MediationTeam:
    """The team ceases on `dissolved_on` (the first day it no longer exists: not in the future,
    after the day it was founded). Refused while one of its disputes is open (they are named:
    record their outcome or assign them to another team first) or when it received a dispute
    on or after that day or closed one after it. Every mediator still serving then stops
    serving that day (audited as "mediator.left"); the team is no longer offered for
    disputes."""
    team = MediationTeam.objects.select_for_update().select_related("ward").get(pk=team.pk)
    if team.dissolved_on is not None:
        _refuse("dissolved_on", _("Tổ hòa giải đã giải thể."))
    _check_date("dissolved_on", dissolved_on)
    if dissolved_on <= team.established_on:
        _refuse("dissolved_on", _("Ngày giải thể phải sau ngày thành lập."))
    _check_team_work_done(team, dissolved_on)
    serving = list(
        Mediator.objects.select_for_update()
        .filter(team=team)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=dissolved_on))
        .order_by("pk")
    )
    if any(mediator.starts_on >= dissolved_on for mediator in serving):
        _refuse(
            "dissolved_on",
            _("Có hòa giải viên bắt đầu tham gia tổ từ ngày này trở đi: %(names)s.")
            % {"names": ", ".join(m.full_name for m in serving if m.starts_on >= dissolved_on)},
        )
    for mediator in serving:
        _stop_serving(mediator, actor, dissolved_on, _("Tổ hòa giải giải thể"), team.ward)
    before = audit.snapshot(team)
    team.dissolved_on = dissolved_on
    return transition(
        team, actor=actor, event="mediation_team.dissolved", before=before, note=nfc(note)
    )


# --- Disputes and parties -------------------------------------------------------------------------


def _check_party(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - {"role", "full_name", *Party.IDENTITY_FIELDS}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    clean = {k: nfc(v) if isinstance(v, str) else v for k, v in data.items()}
    if not clean.get("full_name"):
        _refuse("full_name", _("Hãy nhập họ và tên của bên trong vụ việc."))
    if clean.get("role", PartyRole.PARTY) not in PartyRole.values:
        _refuse("role", _("Tư cách không hợp lệ."))
    validators.check_birth_year("birth_year", data.get("birth_year"))
    validators.check_phone("phone", clean.get("phone", ""))
    return clean


def _new_party(dispute: Dispute, actor: User | None, data: Mapping[str, Any]) -> Party:
    party = Party(dispute=dispute, **_check_party(data))
    party.save()
    _created(party, actor, "mediation_party.added")
    return party


@transaction.atomic
def open_dispute(
    *,
    ward: Ward,
    actor: User | None,
    received_on: datetime.date,
    source: str,
    kind: DisputeKind,
    summary: str,
    neighbourhood: Neighbourhood | None = None,
    team: MediationTeam | None = None,
    parties: Iterable[Mapping[str, Any]] = (),
    tip: Tip | None = None,
) -> Dispute:
    """A dispute received by the ward's mediation on `received_on`, with its parties
    (`{"full_name", "role", "birth_year", "address", "phone"}` each)."""
    _check_date("received_on", received_on)
    if source not in DisputeSource.values:
        _refuse("source", _("Hãy chọn nguồn tiếp nhận."))
    if (source == DisputeSource.TIP) != (tip is not None):
        _refuse("source", _("Chỉ vụ việc chuyển từ tin báo mới có nguồn là tin báo."))
    if not kind.is_active:
        _refuse("kind", _("Loại tranh chấp này không còn sử dụng."))
    if not nfc(summary):
        _refuse("summary", _("Hãy ghi nội dung chủ yếu của vụ việc."))
    if neighbourhood is not None and neighbourhood.ward_id != ward.pk:
        _refuse("neighbourhood", _("Khu phố/ấp phải thuộc phường/xã của vụ việc."))
    if team is not None:
        _check_team(team, ward, received_on)
    dispute = Dispute(
        ward=ward,
        received_on=received_on,
        source=source,
        kind=kind,
        summary=nfc(summary),
        neighbourhood=neighbourhood,
        team=team,
        tip=tip,
    )
    dispute.save()
    _created(dispute, actor, "dispute.opened")
    for data in parties:
        _new_party(dispute, actor, data)
    return dispute


def _check_team(team: MediationTeam, ward: Ward, day: datetime.date) -> None:
    if team.ward_id != ward.pk:
        _refuse("team", _("Tổ hòa giải phải thuộc phường/xã của vụ việc."))
    _refuse_dissolved(team)
    if not MediationTeam.objects.filter(pk=team.pk).existing_on(day).exists():
        _refuse("team", _("Tổ hòa giải không hoạt động vào ngày này."))


def open_dispute_from_tip(*, tip: Tip, actor: User | None, note: str = "") -> Dispute:
    """The dispute of a tip an officer referred to mediation (one click in the tips app): the
    tip's ward, neighbourhood and text, received today, assigned to the neighbourhood's team
    when it has one. Kind "other" until the mediator corrects it. Runs in the referral's
    transaction (the tips app's signal), so both happen or neither."""
    ensure_catalogue()
    today = timezone.localdate()
    team = None
    if tip.neighbourhood_id is not None:
        team = (
            MediationTeam.objects.filter(ward_id=tip.ward_id, neighbourhood_id=tip.neighbourhood_id)
            .existing_on(today)
            .order_by("established_on", "pk")
            .first()
        )
    summary = tip.description if not note else f"{tip.description}\n\n{note}"
    return open_dispute(
        ward=tip.ward,
        actor=actor,
        received_on=today,
        source=DisputeSource.TIP,
        kind=DisputeKind.objects.get(code=DEFAULT_KIND),
        summary=summary,
        neighbourhood=tip.neighbourhood,
        team=team,
        tip=tip,
    )


def _open(dispute: Dispute) -> Dispute:
    """The dispute, locked for the step; refused when it has ended."""
    locked = Dispute.objects.select_for_update().select_related("ward").get(pk=dispute.pk)
    if not locked.is_open:
        _refuse("status", _("Vụ việc đã kết thúc."))
    return locked


@transaction.atomic
def correct_dispute(
    *,
    dispute: Dispute,
    actor: User | None,
    kind: DisputeKind | None = None,
    summary: str | None = None,
    received_on: datetime.date | None = None,
    neighbourhood: Neighbourhood | None = None,
    note: str = "",
) -> Dispute:
    """Correct what a dispute is about, when it was received (not after a session) or where."""
    dispute = Dispute.objects.select_for_update().select_related("ward").get(pk=dispute.pk)
    before = audit.snapshot(dispute)
    if kind is not None:
        dispute.kind = kind
    if summary is not None:
        if not nfc(summary):
            _refuse("summary", _("Hãy ghi nội dung chủ yếu của vụ việc."))
        dispute.summary = nfc(summary)
    if received_on is not None:
        _check_date("received_on", received_on)
        first = dispute.sessions.order_by("held_on").values_list("held_on", flat=True).first()
        if (first is not None and received_on > first) or (
            dispute.closed_on is not None and received_on > dispute.closed_on
        ):
            _refuse("received_on", _("Ngày nhận không thể sau buổi hòa giải hay ngày kết thúc."))
        dispute.received_on = received_on
    if neighbourhood is not None:
        if neighbourhood.ward_id != dispute.ward_id:
            _refuse("neighbourhood", _("Khu phố/ấp phải thuộc phường/xã của vụ việc."))
        dispute.neighbourhood = neighbourhood
    return transition(
        dispute, actor=actor, event="dispute.corrected", before=before, note=nfc(note)
    )


@transaction.atomic
def add_party(*, dispute: Dispute, actor: User | None, **data: Any) -> Party:
    """A party (or a person with related rights or duties) of the dispute."""
    return _new_party(_open(dispute), actor, data)


def read_party_identity(*, party: Party, actor: User) -> dict[str, Any]:
    """A party's personal data, for someone holding `mediation.view_party_identity`; the read
    is written to the audit log."""
    if not actor.has_perm(IDENTITY_PERMISSION):
        raise PermissionError(f"{IDENTITY_PERMISSION} required")
    audit.record(
        action=AuditAction.VIEW,
        instance=party,
        actor=actor,
        event="mediation_party.identity.read",
        ward=party.dispute.ward,
    )
    return {name: getattr(party, name) for name in Party.IDENTITY_FIELDS}


@transaction.atomic
def assign_dispute(
    *,
    dispute: Dispute,
    actor: User | None,
    team: MediationTeam,
    mediators: Iterable[Mediator] = (),
    note: str = "",
) -> Dispute:
    """Give the dispute to a team of its ward and to mediators of that team serving today."""
    dispute = _open(dispute)
    _check_team(team, dispute.ward, timezone.localdate())
    chosen = list(mediators)
    serving = set(
        Mediator.objects.filter(team=team)
        .serving_on(timezone.localdate())
        .values_list("pk", flat=True)
    )
    if any(m.pk not in serving for m in chosen):
        _refuse("mediators", _("Chỉ phân công hòa giải viên đang tham gia tổ đã chọn."))
    before = audit.snapshot(dispute)
    dispute.team = team
    transition(dispute, actor=actor, event="dispute.assigned", before=before, note=nfc(note))
    dispute.mediators.set(chosen)
    return dispute


@transaction.atomic
def record_session(
    *,
    dispute: Dispute,
    actor: User | None,
    held_on: datetime.date,
    mediators: Iterable[Mediator] = (),
    invited: str = "",
    attendees: str = "",
    agreed: str = "",
    demands: str = "",
) -> MediationSession:
    """A session of an open dispute: not before it was received, by mediators of its ward."""
    dispute = _open(dispute)
    _check_date("held_on", held_on)
    if held_on < dispute.received_on:
        _refuse(
            "held_on",
            _("Buổi hòa giải không thể trước ngày nhận vụ việc (%(day)s).")
            % {"day": f"{dispute.received_on:%d/%m/%Y}"},
        )
    chosen = list(mediators)
    if any(m.team.ward_id != dispute.ward_id for m in chosen):
        _refuse("mediators", _("Hòa giải viên phải thuộc phường/xã của vụ việc."))
    session = MediationSession(
        dispute=dispute,
        held_on=held_on,
        invited=nfc(invited),
        attendees=nfc(attendees),
        agreed=nfc(agreed),
        demands=nfc(demands),
    )
    session.save()
    session.mediators.set(chosen)
    _created(session, actor, "mediation_session.recorded")
    return session


def _check_outcome(dispute: Dispute, outcome: str, closed_on: datetime.date, data: dict) -> None:
    if outcome not in dict(DisputeStatus.outcomes()):
        _refuse("outcome", _("Hãy chọn kết quả hòa giải."))
    _check_date("closed_on", closed_on)
    if closed_on < dispute.received_on:
        _refuse("closed_on", _("Ngày kết thúc không được trước ngày nhận vụ việc."))
    last = dispute.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and closed_on < last:
        _refuse("closed_on", _("Ngày kết thúc không được trước buổi hòa giải cuối cùng."))
    if outcome == DisputeStatus.SUCCESSFUL:
        if not data["agreement"]:
            _refuse("agreement", _("Hòa giải thành phải ghi nội dung thỏa thuận."))
        if data["deadline"] is not None and data["deadline"] < closed_on:
            _refuse("deadline", _("Thời hạn thực hiện không được trước ngày hòa giải thành."))
    if outcome == DisputeStatus.UNSUCCESSFUL and not data["guidance"]:
        _refuse("guidance", _("Hãy ghi nơi đã hướng dẫn các bên tiếp tục giải quyết."))


@transaction.atomic
def record_outcome(
    *,
    dispute: Dispute,
    actor: User,
    outcome: str,
    closed_on: datetime.date,
    agreement: str = "",
    obligations: str = "",
    deadline: datetime.date | None = None,
    guidance: str = "",
    note: str = "",
    tip_category: OffenceCategory | None = None,
) -> Dispute:
    """Close the dispute with its outcome. Successful: the agreement, each party's duties and
    the deadline (followed until kept or broken). Unsuccessful: where the parties were guided.
    Outside the scope of mediation: a new tip of `tip_category` is entered in the tips app
    (by `actor`, with the dispute's text), linked to the dispute."""
    dispute = _open(dispute)
    data = {
        "agreement": nfc(agreement),
        "obligations": nfc(obligations),
        "deadline": deadline,
        "guidance": nfc(guidance),
    }
    _check_outcome(dispute, outcome, closed_on, data)
    if outcome == DisputeStatus.OUTSIDE_SCOPE and tip_category is None:
        _refuse("tip_category", _("Hãy chọn loại vụ việc của tin báo sẽ lập."))
    before = audit.snapshot(dispute)
    if outcome != DisputeStatus.SUCCESSFUL:
        data.update(agreement="", obligations="", deadline=None)
    for name, value in data.items():
        setattr(dispute, name, value)
    dispute.status = outcome
    dispute.closed_on = closed_on
    dispute.outcome_note = nfc(note)
    dispute.compliance = Compliance.PENDING if outcome == DisputeStatus.SUCCESSFUL else ""
    if outcome == DisputeStatus.OUTSIDE_SCOPE:
        dispute.referred_tip = _tip_from(dispute, actor, tip_category)
    return transition(
        dispute, actor=actor, event=f"dispute.{outcome}", before=before, note=nfc(note)
    )


def _tip_from(dispute: Dispute, actor: User, category: OffenceCategory | None) -> Tip:
    """The tip a dispute outside the scope of mediation becomes (entered by the officer)."""
    draft = tips_services.TipDraft(
        ward=dispute.ward,
        category=category,  # type: ignore[arg-type]
        description=_("Từ vụ việc hòa giải %(ref)s: %(summary)s")
        % {"ref": dispute.reference, "summary": dispute.summary},
        channel=TipChannel.WALK_IN,
        neighbourhood=dispute.neighbourhood,
        entered_by=actor,
        issue_pin=False,
    )
    return tips_services.submit_tip(draft=draft).tip


@transaction.atomic
def record_follow_up(
    *,
    dispute: Dispute,
    actor: User | None,
    compliance: str,
    checked_on: datetime.date,
    note: str = "",
) -> Dispute:
    """Whether the parties kept a successful agreement, as checked on `checked_on`."""
    dispute = Dispute.objects.select_for_update().select_related("ward").get(pk=dispute.pk)
    if dispute.status != DisputeStatus.SUCCESSFUL:
        _refuse("compliance", _("Chỉ theo dõi thực hiện vụ việc hòa giải thành."))
    if compliance not in (Compliance.KEPT, Compliance.BROKEN):
        _refuse("compliance", _("Hãy chọn: đã thực hiện hay không thực hiện."))
    _check_date("checked_on", checked_on)
    if dispute.closed_on is not None and checked_on < dispute.closed_on:
        _refuse("checked_on", _("Ngày kiểm tra không được trước ngày hòa giải thành."))
    before = audit.snapshot(dispute)
    dispute.compliance = compliance
    dispute.compliance_checked_on = checked_on
    return transition(
        dispute, actor=actor, event=f"dispute.follow_up.{compliance}", before=before, note=nfc(note)
    )


def remind_due_agreements(*, ward: Ward, today: datetime.date | None = None) -> list[int]:
    """Queue one reminder for the ward's agreements due within REMIND_DAYS_BEFORE days (or
    overdue) and not reminded yet; safe to run twice (claimed by a conditional UPDATE).
    Returns the ids claimed. Call inside the ward's scope and a transaction."""
    today = today or timezone.localdate()
    candidates = list(
        Dispute.objects.filter(ward=ward, reminded_at__isnull=True)
        .agreements_due(today, REMIND_DAYS_BEFORE)
        .values_list("pk", flat=True)
    )
    if not candidates:
        return []
    now = timezone.now()
    Dispute.objects.filter(pk__in=candidates, reminded_at__isnull=True).update(reminded_at=now)
    claimed = list(
        Dispute.objects.filter(pk__in=candidates, reminded_at=now).values_list("pk", flat=True)
    )
    if claimed:
        outbox.enqueue(kind="mediation.agreements_due", ward=ward, payload={"dispute_ids": claimed})
    return claimed


# --- The record book ---------------------------------------------------------------------------


@transaction.atomic
def open_record_book(
    *,
    team: MediationTeam,
    actor: User | None,
    year: int,
    number: str,
    opened_on: datetime.date,
) -> RecordBook:
    """Open the team's record book of `year` (one per team and year). A dissolved team has
    books up to the year it was dissolved in, none after."""
    _check_date("opened_on", opened_on)
    if not 1990 <= year <= timezone.localdate().year:
        _refuse("year", _("Năm của sổ không hợp lệ."))
    dissolved_on = _dissolved_on(team)
    if dissolved_on is not None and year > dissolved_on.year:
        _refuse(
            "year",
            _("Tổ hòa giải đã giải thể ngày %(day)s: không mở sổ cho năm sau đó.")
            % {"day": dissolved_on.strftime("%d/%m/%Y")},
        )
    if not nfc(number):
        _refuse("number", _("Hãy nhập số quyển."))
    if RecordBook.objects.filter(team=team, year=year).exists():
        _refuse("year", _("Tổ này đã có sổ của năm này."))
    book = RecordBook(ward=team.ward, team=team, year=year, number=nfc(number), opened_on=opened_on)
    book.save()
    _created(book, actor, "record_book.opened")
    return book


@transaction.atomic
def close_record_book(
    *, book: RecordBook, actor: User | None, closed_on: datetime.date, summary: str
) -> RecordBook:
    """Close the book with the team leader's summary of the year."""
    book = RecordBook.objects.select_for_update().get(pk=book.pk)
    if book.closed_on is not None:
        _refuse("closed_on", _("Sổ đã khóa."))
    _check_date("closed_on", closed_on)
    if closed_on < book.opened_on:
        _refuse("closed_on", _("Ngày khóa sổ không được trước ngày mở sổ."))
    if not nfc(summary):
        _refuse("summary", _("Hãy ghi phần tổng hợp của tổ trưởng."))
    before = audit.snapshot(book)
    book.closed_on = closed_on
    book.summary = nfc(summary)
    return transition(book, actor=actor, event="record_book.closed", before=before)


RECORD_BOOK_PERMISSIONS = ("mediation.view_recordbook", IDENTITY_PERMISSION)
RECORD_BOOK_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def may_export_record_book(user: Any) -> bool:
    """Whether `user` may take the book away: it shows the parties' ages and addresses."""
    return bool(user.has_perms(RECORD_BOOK_PERMISSIONS))


def export_record_book(*, book: RecordBook, actor: User, fmt: str) -> record_book.BookFile:
    """The record book as XLSX or PDF (`fmt`), for someone holding `RECORD_BOOK_PERMISSIONS`
    (the caller found `book` in the user's wards). Each export is written to the audit log
    (EXPORT "record_book.exported", with the format and the number of rows)."""
    if not may_export_record_book(actor):
        raise PermissionError(f"{RECORD_BOOK_PERMISSIONS} required")
    if fmt not in RECORD_BOOK_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    book = RecordBook.objects.select_related("ward__province", "team__neighbourhood").get(
        pk=book.pk
    )
    built = record_book.build(book)
    content = record_book.to_xlsx(built) if fmt == "xlsx" else record_book.to_pdf(built)
    audit.record(
        action=AuditAction.EXPORT,
        instance=book,
        actor=actor,
        event="record_book.exported",
        ward=book.ward,
        note=f"{fmt}: {len(built.rows)}",
    )
    return record_book.BookFile(
        content=content,
        content_type=RECORD_BOOK_FORMATS[fmt],
        filename=f"so-hoa-giai-{book.team_id}-{book.year}.{fmt}",
    )
