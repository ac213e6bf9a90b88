"""Every change to the core forces: keyword-only, in a transaction, audited in it.

Rules (the admin, the API and the demo all come through here):

- dates of events are neither in the future nor before 1900 (`wardsec.validators`);
- a unit is founded only on a day its kind is in law, and a dissolution ends every membership
  still held in it on that day; a unit is reorganised only into a unit of the same ward;
- a person is appointed only to a unit of their own ward that exists on that day, while they
  belong to the force, and holds at most one open membership per unit;
- history is never overwritten: moving or releasing ends a membership (`ends_on`, the first day
  it is no longer held) and moving starts another; leaving the force ends them all;
- a member's personal data is read through `read_member_identity` (permission, audit VIEW).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core_forces.choices import AttendanceResult, PatrolStatus, UnitRole
from core_forces.models import (
    AllowanceRate,
    ForceMember,
    ForceUnit,
    Patrol,
    TrainingAttendance,
    TrainingCourse,
    TrainingTopic,
    UnitKind,
    UnitMembership,
    validate_national_id,
    validate_tip_reference,
)
from wardsec import audit, validators
from wardsec.models import AuditAction
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Neighbourhood, Ward


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _created(instance: Any, actor: User | None, event: str) -> None:
    audit.record(
        action=AuditAction.CREATE,
        instance=instance,
        actor=actor,
        changes=audit.created(instance),
        event=event,
        ward=_ward_of(instance),
    )


def _ward_of(instance: Any) -> Ward:
    for path in ("ward", "unit", "course"):
        value = getattr(instance, path, None)
        if value is not None:
            return value if path == "ward" else value.ward
    raise AssertionError(f"{instance!r} has no ward")


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: [message]})


def _check_field(field: str, value: str, validator: Any) -> None:
    if value:
        try:
            validator(value)
        except ValidationError as exc:
            raise ValidationError({field: exc.error_list}) from None


# --- Units ------------------------------------------------------------------------------------


@transaction.atomic
def found_unit(
    *,
    ward: Ward,
    actor: User | None,
    kind: UnitKind,
    name: str,
    established_on: datetime.date,
    neighbourhoods: Iterable[Neighbourhood] = (),
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_issuer: str = "",
    note: str = "",
) -> ForceUnit:
    """A new unit of `kind`, on a day the law provides for that kind; it covers
    `neighbourhoods` (of its own ward)."""
    validators.check_event_date("established_on", established_on)
    if decision_date is not None:
        validators.check_event_date("decision_date", decision_date)
    if not UnitKind.objects.in_use_on(established_on).filter(pk=kind.pk).exists():
        _refuse("kind", _("Loại đơn vị này không được pháp luật quy định vào ngày thành lập."))
    if not nfc(name):
        _refuse("name", _("Hãy nhập tên đơn vị."))
    areas = list(neighbourhoods)
    if any(area.ward_id != ward.pk for area in areas):
        _refuse("neighbourhoods", _("Khu phố/ấp phải thuộc phường của đơn vị."))
    unit = ForceUnit(
        ward=ward,
        kind=kind,
        name=nfc(name),
        established_on=established_on,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
        decision_issuer=nfc(decision_issuer),
        note=nfc(note),
    )
    unit.full_clean(exclude=["neighbourhoods"])
    unit.save()
    unit.neighbourhoods.set(areas)
    _created(unit, actor, "force_unit.founded")
    return unit


@transaction.atomic
def dissolve_unit(
    *,
    unit: ForceUnit,
    actor: User | None,
    on: datetime.date,
    reorganised_into: ForceUnit | None = None,
    note: str = "",
) -> ForceUnit:
    """The unit ceases on `on` (the first day it no longer exists); every membership still
    held in it ends that day. `reorganised_into`: the unit that takes it over (same ward)."""
    unit = ForceUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.dissolved_on is not None:
        _refuse("on", _("Đơn vị đã giải thể."))
    validators.check_event_date("on", on)
    if on <= unit.established_on:
        _refuse("on", _("Ngày giải thể phải sau ngày thành lập."))
    if reorganised_into is not None and (
        reorganised_into.ward_id != unit.ward_id or reorganised_into.pk == unit.pk
    ):
        _refuse("reorganised_into", _("Chỉ tổ chức lại thành một đơn vị khác của cùng phường."))
    for membership in unit.memberships.filter(ends_on__isnull=True).select_related("member"):
        _end(membership, actor=actor, on=on, reason=_("Đơn vị giải thể / tổ chức lại"))
    before = audit.snapshot(unit)
    unit.dissolved_on = on
    unit.reorganised_into = reorganised_into
    return transition(unit, actor=actor, event="force_unit.dissolved", before=before, note=note)


# --- Members ----------------------------------------------------------------------------------


def _check_identity(identity: dict[str, Any]) -> dict[str, Any]:
    unknown = set(identity) - set(ForceMember.IDENTITY_FIELDS) - {"sex"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    clean: dict[str, Any] = {k: nfc(v) if isinstance(v, str) else v for k, v in identity.items()}
    if clean.get("date_of_birth") is not None:
        validators.check_event_date("date_of_birth", clean["date_of_birth"])
    validators.check_phone("phone", clean.get("phone", ""))
    _check_field("national_id", clean.get("national_id", ""), validate_national_id)
    return clean


@transaction.atomic
def enrol_member(
    *,
    ward: Ward,
    actor: User | None,
    full_name: str,
    joined_on: datetime.date,
    **identity: Any,
) -> ForceMember:
    """A person joins the ward's core forces on `joined_on`. `identity`: sex, date_of_birth,
    phone, address, national_id (12 digits, once per ward). Audited; the log records that the
    personal fields were set, never their values."""
    if not nfc(full_name):
        _refuse("full_name", _("Hãy nhập họ và tên."))
    validators.check_event_date("joined_on", joined_on)
    member = ForceMember(
        ward=ward, full_name=nfc(full_name), joined_on=joined_on, **_check_identity(identity)
    )
    member.full_clean()
    member.save()
    _created(member, actor, "force_member.enrolled")
    return member


@transaction.atomic
def correct_member(
    *, member: ForceMember, actor: User | None, full_name: str | None = None, **identity: Any
) -> ForceMember:
    """Correct a member's name or personal data (audited; personal values never logged)."""
    member = ForceMember.objects.select_for_update().get(pk=member.pk)
    before = audit.snapshot(member)
    if full_name is not None:
        if not nfc(full_name):
            _refuse("full_name", _("Hãy nhập họ và tên."))
        member.full_name = nfc(full_name)
    for name, value in _check_identity(identity).items():
        setattr(member, name, value)
    member.full_clean()
    return transition(member, actor=actor, event="force_member.corrected", before=before)


def read_member_identity(*, member: ForceMember, actor: User) -> dict[str, Any]:
    """A member's personal data, for someone holding `core_forces.view_member_identity`; the
    read is written to the audit log."""
    if not actor.has_perm("core_forces.view_member_identity"):
        raise PermissionError("core_forces.view_member_identity required")
    audit.record(
        action=AuditAction.VIEW, instance=member, actor=actor, event="force_member.identity.read"
    )
    return {name: getattr(member, name) for name in ForceMember.IDENTITY_FIELDS}


@transaction.atomic
def member_leaves(
    *, member: ForceMember, actor: User | None, on: datetime.date, reason: str = ""
) -> ForceMember:
    """The person leaves the force on `on`: every membership still held ends that day."""
    member = ForceMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        _refuse("on", _("Người này đã thôi tham gia lực lượng."))
    validators.check_event_date("on", on)
    if on <= member.joined_on:
        _refuse("on", _("Ngày thôi tham gia phải sau ngày tham gia."))
    for membership in member.memberships.filter(ends_on__isnull=True).select_related("unit"):
        _end(membership, actor=actor, on=on, reason=reason or _("Thôi tham gia lực lượng"))
    before = audit.snapshot(member)
    member.left_on = on
    return transition(member, actor=actor, event="force_member.left", before=before, note=reason)


# --- Memberships: appoint, move, release ----------------------------------------------------------


def _check_appointment(member: ForceMember, unit: ForceUnit, starts_on: datetime.date) -> None:
    validators.check_event_date("starts_on", starts_on)
    if member.ward_id != unit.ward_id:
        _refuse("unit", _("Chỉ phân công vào đơn vị của phường mình."))
    if not (
        unit.established_on <= starts_on
        and (unit.dissolved_on is None or starts_on < unit.dissolved_on)
    ):
        _refuse("starts_on", _("Đơn vị không còn hoặc chưa thành lập vào ngày này."))
    if not (
        member.joined_on <= starts_on and (member.left_on is None or starts_on < member.left_on)
    ):
        _refuse("starts_on", _("Người này chưa tham gia hoặc đã thôi tham gia lực lượng."))
    if unit.memberships.filter(member=member, ends_on__isnull=True).exists():
        _refuse("member", _("Người này đang là thành viên của đơn vị."))


@transaction.atomic
def appoint(
    *,
    member: ForceMember,
    unit: ForceUnit,
    actor: User | None,
    role: str,
    starts_on: datetime.date,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> UnitMembership:
    """Appoint `member` to `unit` in `role` from `starts_on` (see the module's rules)."""
    if role not in UnitRole.values:
        _refuse("role", _("Chức danh không hợp lệ."))
    if decision_date is not None:
        validators.check_event_date("decision_date", decision_date)
    _check_appointment(member, unit, starts_on)
    membership = UnitMembership.objects.create(
        member=member,
        unit=unit,
        role=role,
        starts_on=starts_on,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
    )
    _created(membership, actor, "force_membership.appointed")
    return membership


def _end(
    membership: UnitMembership, *, actor: User | None, on: datetime.date, reason: str
) -> UnitMembership:
    if membership.ends_on is not None:
        _refuse("on", _("Phân công này đã kết thúc."))
    validators.check_event_date("on", on)
    if on <= membership.starts_on:
        _refuse("on", _("Ngày thôi phải sau ngày bắt đầu."))
    before = audit.snapshot(membership)
    membership.ends_on = on
    membership.end_reason = nfc(reason)[:255]
    return transition(
        membership,
        actor=actor,
        event="force_membership.ended",
        before=before,
        note=reason,
        ward=membership.unit.ward,
    )


@transaction.atomic
def release(
    *, membership: UnitMembership, actor: User | None, on: datetime.date, reason: str = ""
) -> UnitMembership:
    """End the membership on `on` (the first day it is no longer held). The row stays."""
    membership = (
        UnitMembership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    )
    return _end(membership, actor=actor, on=on, reason=reason or _("Cho thôi"))


@transaction.atomic
def move(
    *,
    membership: UnitMembership,
    actor: User | None,
    to_unit: ForceUnit,
    on: datetime.date,
    role: str | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> UnitMembership:
    """Move the member to `to_unit` on `on`: the old membership ends that day, a new one (in
    `role`, or the same role) starts that day. Returns the new membership."""
    membership = (
        UnitMembership.objects.select_for_update()
        .select_related("unit", "member")
        .get(pk=membership.pk)
    )
    if to_unit.pk == membership.unit_id:
        _refuse("to_unit", _("Hãy chọn một đơn vị khác."))
    _end(membership, actor=actor, on=on, reason=_("Chuyển sang %(unit)s") % {"unit": to_unit})
    return appoint(
        member=membership.member,
        unit=to_unit,
        actor=actor,
        role=role or membership.role,
        starts_on=on,
        decision_number=decision_number,
        decision_date=decision_date,
    )


# --- Training ---------------------------------------------------------------------------------


@transaction.atomic
def record_course(
    *,
    ward: Ward,
    actor: User | None,
    title: str,
    topics: Iterable[TrainingTopic],
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours: int,
    organiser: str = "",
    place: str = "",
) -> TrainingCourse:
    """A training course held for the ward's forces (at least one topic)."""
    validators.check_event_date("starts_on", starts_on)
    validators.check_event_date("ends_on", ends_on)
    if ends_on < starts_on:
        _refuse("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
    chosen = list(topics)
    if not chosen:
        _refuse("topics", _("Hãy chọn ít nhất một nội dung tập huấn."))
    course = TrainingCourse(
        ward=ward,
        title=nfc(title),
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        organiser=nfc(organiser),
        place=nfc(place),
    )
    course.full_clean()
    course.save()
    course.topics.set(chosen)
    _created(course, actor, "training_course.recorded")
    return course


@transaction.atomic
def record_attendance(
    *,
    course: TrainingCourse,
    member: ForceMember,
    actor: User | None,
    result: str,
    certificate_number: str = "",
    certificate_expires_on: datetime.date | None = None,
) -> TrainingAttendance:
    """A member's result at a course (once per course). A certificate only for a pass; its
    expiry after the course."""
    if member.ward_id != course.ward_id:
        _refuse("member", _("Thành viên phải thuộc phường tổ chức lớp."))
    if result not in AttendanceResult.values:
        _refuse("result", _("Kết quả không hợp lệ."))
    if (certificate_number or certificate_expires_on) and result != AttendanceResult.PASSED:
        _refuse("certificate_number", _("Chỉ cấp chứng nhận khi kết quả đạt."))
    if certificate_expires_on is not None and certificate_expires_on <= course.ends_on:
        _refuse("certificate_expires_on", _("Ngày hết hạn phải sau ngày kết thúc lớp."))
    if course.attendances.filter(member=member).exists():
        _refuse("member", _("Thành viên này đã có kết quả ở lớp này."))
    attendance = TrainingAttendance.objects.create(
        course=course,
        member=member,
        result=result,
        certificate_number=nfc(certificate_number),
        certificate_expires_on=certificate_expires_on,
    )
    _created(attendance, actor, "training_attendance.recorded")
    return attendance


# --- Patrols ----------------------------------------------------------------------------------


@transaction.atomic
def schedule_patrol(
    *,
    unit: ForceUnit,
    actor: User | None,
    on: datetime.date,
    kind: str = "patrol",
    starts_at: datetime.time | None = None,
    ends_at: datetime.time | None = None,
    route: str = "",
) -> Patrol:
    """A patrol or duty shift of a unit on a day (planned; it may be in the future)."""
    validators.check_event_date("on", min(on, timezone.localdate()))
    if not (unit.established_on <= on and (unit.dissolved_on is None or on < unit.dissolved_on)):
        _refuse("on", _("Đơn vị không còn hoặc chưa thành lập vào ngày này."))
    patrol = Patrol(
        ward=unit.ward,
        unit=unit,
        on=on,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        route=nfc(route),
    )
    patrol.full_clean()
    patrol.save()
    _created(patrol, actor, "patrol.scheduled")
    return patrol


def normalise_tip_reference(typed: str) -> str:
    """A tip's reference as typed (`tb 2021 123`) in its printed form (`TB-2021-000123`)."""
    parts = nfc(typed).upper().replace("-", " ").split()
    if len(parts) == 3 and parts[0] == "TB" and parts[1].isdigit() and parts[2].isdigit():
        return f"TB-{parts[1]}-{int(parts[2]):06d}"
    return nfc(typed).upper()


@transaction.atomic
def record_patrol(
    *,
    patrol: Patrol,
    actor: User | None,
    participants: Iterable[ForceMember],
    report: str = "",
    tip_reference: str = "",
    cancelled: bool = False,
) -> Patrol:
    """What happened on a patrol: who went (members of the ward's force on that day), the
    report, and — when an incident was entered as a tip — the tip's public reference number."""
    patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
    validators.check_event_date("on", patrol.on)
    people = list(participants)
    if not cancelled and not people:
        _refuse("participants", _("Hãy chọn người tham gia."))
    for person in people:
        if person.ward_id != patrol.ward_id or not (
            person.joined_on <= patrol.on and (person.left_on is None or patrol.on < person.left_on)
        ):
            _refuse(
                "participants",
                _("%(name)s không thuộc lực lượng của phường vào ngày này.") % {"name": person},
            )
    reference = normalise_tip_reference(tip_reference) if tip_reference else ""
    _check_field("tip_reference", reference, validate_tip_reference)
    before = audit.snapshot(patrol)
    patrol.status = PatrolStatus.CANCELLED if cancelled else PatrolStatus.DONE
    patrol.report = nfc(report)
    patrol.tip_reference = reference
    transition(patrol, actor=actor, event="patrol.recorded", before=before, note=patrol.report)
    patrol.participants.set(people)
    return patrol


# --- Allowances -------------------------------------------------------------------------------


@transaction.atomic
def set_allowance_rate(
    *,
    ward: Ward,
    actor: User | None,
    role: str,
    amount_vnd: int,
    valid_from: datetime.date,
    kind: UnitKind | None = None,
    basis: str = "",
) -> AllowanceRate:
    """A new monthly rate for `role` (of `kind`, or any kind) from `valid_from`; the rate it
    replaces stops applying that day (its row stays)."""
    if role not in UnitRole.values:
        _refuse("role", _("Chức danh không hợp lệ."))
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd < 0:
        _refuse("amount_vnd", _("Mức hỗ trợ là số đồng nguyên, không âm."))
    validators.check_event_date("valid_from", min(valid_from, timezone.localdate()))
    current = AllowanceRate.objects.filter(
        ward=ward, role=role, kind=kind, valid_until__isnull=True
    ).first()
    if current is not None:
        if valid_from <= current.valid_from:
            _refuse("valid_from", _("Mức mới phải áp dụng sau mức đang áp dụng."))
        before = audit.snapshot(current)
        current.valid_until = valid_from
        transition(current, actor=actor, event="allowance_rate.replaced", before=before)
    rate = AllowanceRate.objects.create(
        ward=ward,
        role=role,
        kind=kind,
        amount_vnd=amount_vnd,
        valid_from=valid_from,
        basis=nfc(basis),
    )
    _created(rate, actor, "allowance_rate.set")
    return rate
