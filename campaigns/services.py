"""Every change to the campaigns' records: keyword-only, in a transaction, audited in it.

Rules (the admin, the API and the demo all come through here; see `campaigns/__init__.py`):

- the day something happened is neither in the future nor before 1900 (`wardsec.validators`);
  counts and money are whole and not negative (the model's validators, in Vietnamese); a gift
  distribution has at least one package; a donation has a value, and an anonymous donor no name;
- a feedback item's deadline is not before its event; an event's end not before its start;
  only an open item is answered or forwarded, and the answer's day is not before the event;
- neighbourhoods belong to the record's ward; the officer in charge works in it — when a record
  is corrected (`correct_record`, the admin's change form) as when it is added; one plan per
  ward and year;
- no ledger: distributions are not checked against donations (they are reported side by side).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.choices import DonorKind, EventKind, FeedbackStatus
from campaigns.models import (
    BeneficiaryGroup,
    Broadcast,
    CatalogueEntry,
    CharityHouse,
    Donation,
    FeedbackItem,
    Fund,
    FundContribution,
    GiftDistribution,
    MovementEvent,
    OutreachFormat,
    OutreachPlan,
    OutreachSession,
    OutreachTopic,
    Partner,
    SessionPhoto,
)
from wardsec import attachments, audit, validators
from wardsec.models import AuditAction
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Neighbourhood, Ward
    from wardsec.photos import CleanPhoto


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: [message]})


def _required(field: str, value: str, message: str) -> str:
    clean = nfc(value)
    if not clean:
        _refuse(field, message)
    return clean


AREA_MESSAGE = gettext_lazy("Khu phố/ấp phải thuộc phường/xã của bản ghi.")
OFFICER_MESSAGE = gettext_lazy("Cán bộ phụ trách phải là người đang công tác tại phường/xã này.")
# What the refusals of another ward's rows say, by field (wardsec.validators words the others).
WARD_MESSAGES = {
    "neighbourhoods": AREA_MESSAGE,
    "neighbourhood": AREA_MESSAGE,
    "officer": OFFICER_MESSAGE,
}


def _check_areas(ward: Ward, areas: list[Neighbourhood], field: str = "neighbourhoods") -> None:
    validators.check_same_ward(field, ward, areas, AREA_MESSAGE)


def _check_officer(ward: Ward, officer: User | None) -> None:
    # Officers of the ward a merged ward went into enter its history too.
    validators.check_works_in("officer", ward, officer, OFFICER_MESSAGE)


def _save_new(
    instance: models.Model,
    *,
    actor: User | None,
    event: str,
    relations: dict[str, list[Any]] | None = None,
) -> Any:
    """Check `instance` with its model's rules, save it, set its many-to-many `relations` and
    record the creation in the audit log."""
    relations = relations or {}
    # Related rows come as instances the adapters found in the scope: checking that they exist
    # again would cost a query each (FACTS.md), so only the record's own values are checked.
    held = [f for f in instance._meta.concrete_fields if f.many_to_one]
    for field in held:
        if not field.null and getattr(instance, field.attname) is None:
            _refuse(field.name, _("Trường này là bắt buộc."))
    names = [field.name for field in held]
    instance.full_clean(exclude=[*relations, *names])
    instance.save()
    for name, rows in relations.items():
        if rows:  # a new record has none yet: add, without reading what is there
            getattr(instance, name).add(*rows)
    audit.record(
        action=AuditAction.CREATE,
        instance=instance,
        actor=actor,
        changes=audit.created(instance),
        event=event,
        ward=instance.ward,  # type: ignore[attr-defined]
    )
    return instance


# --- Corrections ----------------------------------------------------------------------------------

# The records corrected in the admin's change form, and the event each correction is logged as
# (a feedback item is never rewritten: it is answered or forwarded).
CORRECTED = {
    OutreachPlan: "outreach_plan.corrected",
    OutreachSession: "outreach_session.corrected",
    Broadcast: "broadcast.corrected",
    MovementEvent: "movement_event.corrected",
    Donation: "donation.corrected",
    GiftDistribution: "gift_distribution.corrected",
    CharityHouse: "charity_house.corrected",
    FundContribution: "fund_contribution.corrected",
}


def check_correction(*, record: models.Model, **values: Any) -> None:
    """The rules of `correct_record` on the rows `values` name, checked before anything is
    written (the change form runs them as it validates, to show a refusal on its field):
    neighbourhoods of the record's own ward, an officer in charge who works in it — the same
    rules as when the record was added (`wardsec.validators.check_ward_relations` finds every
    relation to a ward's rows or people)."""
    if type(record) not in CORRECTED:
        raise TypeError(f"{type(record).__name__} is not corrected by correct_record")
    if "ward" in values:
        raise TypeError("a record's ward is not corrected")
    ward = record.ward  # type: ignore[attr-defined]
    validators.check_ward_relations(type(record), ward, values, WARD_MESSAGES)


@transaction.atomic
def correct_record(*, record: Any, actor: User | None, **values: Any) -> Any:
    """Correct a recorded row (the admin's change form): `values` are the fields changed, by
    name, many-to-many ones as the rows now chosen.

    Rules: `check_correction` (a user of two wards cannot tie ward A's record to ward B's
    neighbourhoods or officers, on change as on add), then the model's validators and named
    constraints. Writes the row and its many-to-many rows and one UPDATE entry
    (`<record>.corrected`) with what changed, the many-to-many choices included; nothing is
    written when a rule refuses, no entry when nothing changed."""
    check_correction(record=record, **values)
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    many = {n: list(v) for n, v in values.items() if model._meta.get_field(n).many_to_many}
    for name, rows in many.items():
        if not rows and not model._meta.get_field(name).blank:  # a session's topics
            _refuse(name, _("Trường này là bắt buộc."))
    before = audit.snapshot(record)
    before_many = {name: _keys(getattr(record, name).all()) for name in many}
    for name, value in values.items():
        if name not in many:
            setattr(record, name, nfc(value) if isinstance(value, str) else value)
    record.full_clean(exclude=list(many))
    record.save()
    changes = audit.diff(before, record)
    for name, rows in many.items():
        getattr(record, name).set(rows)
        if _keys(rows) != before_many[name]:
            changes[name] = [before_many[name], _keys(rows)]
    if changes:
        audit.record(
            action=AuditAction.UPDATE,
            instance=record,
            actor=actor,
            changes=changes,
            event=CORRECTED[model],
            ward=record.ward,
        )
    return record


def _keys(rows: Iterable[models.Model]) -> list[Any]:
    """Many-to-many rows as the log keeps them (and `wardsec.timeline` reads them): a list's
    codes, other rows' ids; sorted."""
    return sorted(row.code if isinstance(row, CatalogueEntry) else row.pk for row in rows)


# --- Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def set_plan(
    *,
    ward: Ward,
    actor: User | None,
    year: int,
    title: str,
    reference: str = "",
    target_sessions: int = 0,
    target_attendances: int = 0,
    target_broadcasts: int = 0,
    note: str = "",
) -> OutreachPlan:
    """The ward's outreach plan of `year` with its targets (one per ward and year)."""
    title = _required("title", title, _("Hãy nhập tên kế hoạch."))
    if OutreachPlan.objects.with_scopes_disabled().filter(ward=ward, year=year).exists():
        _refuse("year", _("Phường đã có kế hoạch tuyên truyền của năm này."))
    plan = OutreachPlan(
        ward=ward,
        year=year,
        title=title,
        reference=nfc(reference),
        target_sessions=target_sessions,
        target_attendances=target_attendances,
        target_broadcasts=target_broadcasts,
        note=nfc(note),
    )
    return _save_new(plan, actor=actor, event="outreach_plan.set")


# --- Sessions and broadcasts ---------------------------------------------------------------------


def record_session(
    *,
    ward: Ward,
    actor: User | None,
    held_on: datetime.date,
    format: OutreachFormat,  # noqa: A002  (the record's own word)
    topics: Iterable[OutreachTopic],
    attendances: int,
    leaflets: int = 0,
    title: str = "",
    neighbourhoods: Iterable[Neighbourhood] = (),
    partners: Iterable[Partner] = (),
    officer: User | None = None,
    place: str = "",
    note: str = "",
    photos: Iterable[CleanPhoto] = (),
) -> OutreachSession:
    """An outreach session held on `held_on`, with its photos (checked and re-encoded by the
    adapter; a failure removes the files already written)."""
    written: list[str] = []
    try:
        with transaction.atomic():
            session = _record_session(
                ward=ward,
                actor=actor,
                held_on=held_on,
                format=format,
                topics=list(topics),
                attendances=attendances,
                leaflets=leaflets,
                title=title,
                neighbourhoods=list(neighbourhoods),
                partners=list(partners),
                officer=officer,
                place=place,
                note=note,
            )
            for photo in photos:
                attachments.store(SessionPhoto(session=session), photo, written=written)
    except Exception:
        attachments.remove_files(written)
        raise
    return session


def add_session_photos(
    *, session: OutreachSession, actor: User | None, photos: Iterable[CleanPhoto]
) -> OutreachSession:
    """Photos added to a session after it was recorded (audited as one change)."""
    chosen = list(photos)
    if not chosen:
        _refuse("photos", _("Hãy chọn ít nhất một ảnh."))
    written: list[str] = []
    try:
        with transaction.atomic():
            for photo in chosen:
                attachments.store(SessionPhoto(session=session), photo, written=written)
            audit.record(
                action=AuditAction.UPDATE,
                instance=session,
                actor=actor,
                event="outreach_session.photos_added",
                ward=session.ward,
                note=str(len(chosen)),
            )
    except Exception:
        attachments.remove_files(written)
        raise
    return session


def _record_session(*, ward: Ward, actor: User | None, **values: Any) -> OutreachSession:
    validators.check_event_date("held_on", values["held_on"])
    if not values["topics"]:
        _refuse("topics", _("Hãy chọn ít nhất một nội dung tuyên truyền."))
    _check_areas(ward, values["neighbourhoods"])
    _check_officer(ward, values["officer"])
    relations = {name: values.pop(name) for name in ("topics", "neighbourhoods", "partners")}
    for name in ("title", "place", "note"):
        values[name] = nfc(values[name])
    session = OutreachSession(ward=ward, **values)
    return _save_new(session, actor=actor, event="outreach_session.recorded", relations=relations)


@transaction.atomic
def record_broadcast(
    *,
    ward: Ward,
    actor: User | None,
    aired_on: datetime.date,
    programme: str,
    airings: int = 1,
    topics: Iterable[OutreachTopic] = (),
    neighbourhoods: Iterable[Neighbourhood] = (),
    note: str = "",
) -> Broadcast:
    """An "ANTT loudspeaker" broadcast (`airings` > 1: one entry for several airings)."""
    validators.check_event_date("aired_on", aired_on)
    areas = list(neighbourhoods)
    _check_areas(ward, areas)
    broadcast = Broadcast(
        ward=ward,
        aired_on=aired_on,
        programme=_required("programme", programme, _("Hãy nhập chương trình, nội dung phát.")),
        airings=airings,
        note=nfc(note),
    )
    return _save_new(
        broadcast,
        actor=actor,
        event="broadcast.recorded",
        relations={"topics": list(topics), "neighbourhoods": areas},
    )


# --- Festival days, forums and feedback ----------------------------------------------------------


@transaction.atomic
def record_event(
    *,
    ward: Ward,
    actor: User | None,
    kind: str,
    held_on: datetime.date,
    title: str,
    attendances: int,
    ends_on: datetime.date | None = None,
    place: str = "",
    partners: Iterable[Partner] = (),
    note: str = "",
) -> MovementEvent:
    """A National Security Festival Day or a forum "Commune police listen to the people's
    opinions" (its feedback items are added with `record_feedback`)."""
    validators.check_event_date("held_on", held_on)
    if ends_on is not None:
        validators.check_event_date("ends_on", ends_on)
        if ends_on < held_on:
            _refuse("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
    if kind not in EventKind.values:
        _refuse("kind", _("Loại sự kiện không hợp lệ."))
    event = MovementEvent(
        ward=ward,
        kind=kind,
        held_on=held_on,
        ends_on=ends_on,
        title=_required("title", title, _("Hãy nhập tên sự kiện.")),
        place=nfc(place),
        attendances=attendances,
        note=nfc(note),
    )
    return _save_new(
        event, actor=actor, event="movement_event.recorded", relations={"partners": list(partners)}
    )


@transaction.atomic
def record_feedback(
    *,
    event: MovementEvent,
    actor: User | None,
    content: str,
    responder: str,
    deadline: datetime.date,
    raised_by: str = "",
) -> FeedbackItem:
    """A resident's opinion or request raised at `event`, open until answered or forwarded by
    `deadline` (not before the event)."""
    validators.validate_plausible_date(deadline)
    if deadline < event.held_on:
        _refuse("deadline", _("Hạn trả lời không được trước ngày tổ chức sự kiện."))
    item = FeedbackItem(
        ward=event.ward,
        event=event,
        content=_required("content", content, _("Hãy nhập nội dung ý kiến, kiến nghị.")),
        responder=_required("responder", responder, _("Hãy nhập người, cơ quan trả lời.")),
        deadline=deadline,
        raised_by=nfc(raised_by),
    )
    return _save_new(item, actor=actor, event="feedback_item.recorded")


def _close_feedback(
    item: FeedbackItem, *, actor: User | None, on: datetime.date, event: str, **changes: Any
) -> FeedbackItem:
    item = (
        FeedbackItem.objects.select_related("event").select_for_update(of=("self",)).get(pk=item.pk)
    )
    if item.status != FeedbackStatus.OPEN:
        _refuse("status", _("Ý kiến này đã được trả lời hoặc chuyển đi."))
    validators.check_event_date("on", on)
    if on < item.event.held_on:
        _refuse("on", _("Ngày trả lời không được trước ngày tổ chức sự kiện."))
    before = audit.snapshot(item)
    for name, value in changes.items():
        setattr(item, name, value)
    item.answered_on = on
    item.full_clean()
    return transition(item, actor=actor, event=event, before=before)


@transaction.atomic
def answer_feedback(
    *, item: FeedbackItem, actor: User | None, answer: str, on: datetime.date
) -> FeedbackItem:
    """The item is answered on `on` (it leaves the open queue)."""
    text = _required("answer", answer, _("Hãy nhập nội dung trả lời."))
    return _close_feedback(
        item,
        actor=actor,
        on=on,
        event="feedback_item.answered",
        status=FeedbackStatus.ANSWERED,
        answer=text,
    )


@transaction.atomic
def forward_feedback(
    *, item: FeedbackItem, actor: User | None, forwarded_to: str, on: datetime.date, note: str = ""
) -> FeedbackItem:
    """The item is forwarded on `on` to the body that decides it (it leaves the open queue)."""
    body = _required("forwarded_to", forwarded_to, _("Hãy nhập cơ quan được chuyển tới."))
    return _close_feedback(
        item,
        actor=actor,
        on=on,
        event="feedback_item.forwarded",
        status=FeedbackStatus.FORWARDED,
        forwarded_to=body,
        answer=nfc(note),
    )


# --- Welfare -------------------------------------------------------------------------------------


@transaction.atomic
def record_donation(
    *,
    ward: Ward,
    actor: User | None,
    received_on: datetime.date,
    donor_kind: str,
    donor_name: str = "",
    cash_vnd: int = 0,
    in_kind: str = "",
    in_kind_value_vnd: int = 0,
    purpose: str = "",
) -> Donation:
    """A donation received: cash, or goods at an estimated value (or both). Anonymous donors
    are recorded without a name."""
    validators.check_event_date("received_on", received_on)
    name = nfc(donor_name)
    if donor_kind == DonorKind.ANONYMOUS and name:
        _refuse("donor_name", _("Nhà tài trợ giấu tên thì không ghi tên."))
    if donor_kind != DonorKind.ANONYMOUS and not name:
        _refuse("donor_name", _("Hãy nhập tên nhà tài trợ (hoặc chọn “Giấu tên”)."))
    if cash_vnd == 0 and in_kind_value_vnd == 0:
        _refuse("cash_vnd", _("Hãy nhập số tiền mặt hoặc giá trị hiện vật."))
    if in_kind_value_vnd and not nfc(in_kind):
        _refuse("in_kind", _("Hãy ghi hiện vật được tài trợ."))
    donation = Donation(
        ward=ward,
        received_on=received_on,
        donor_kind=donor_kind,
        donor_name=name,
        cash_vnd=cash_vnd,
        in_kind=nfc(in_kind),
        in_kind_value_vnd=in_kind_value_vnd,
        purpose=nfc(purpose),
    )
    return _save_new(donation, actor=actor, event="donation.recorded")


@transaction.atomic
def record_distribution(
    *,
    ward: Ward,
    actor: User | None,
    distributed_on: datetime.date,
    packages: int,
    value_vnd: int,
    beneficiary_group: BeneficiaryGroup,
    occasion: str = "",
    neighbourhoods: Iterable[Neighbourhood] = (),
    note: str = "",
) -> GiftDistribution:
    """Gift packages handed out on a day (at least one package; not checked against the
    donations: there is no ledger)."""
    validators.check_event_date("distributed_on", distributed_on)
    areas = list(neighbourhoods)
    _check_areas(ward, areas)
    distribution = GiftDistribution(
        ward=ward,
        distributed_on=distributed_on,
        packages=packages,
        value_vnd=value_vnd,
        beneficiary_group=beneficiary_group,
        occasion=nfc(occasion),
        note=nfc(note),
    )
    return _save_new(
        distribution,
        actor=actor,
        event="gift_distribution.recorded",
        relations={"neighbourhoods": areas},
    )


@transaction.atomic
def record_house(
    *,
    ward: Ward,
    actor: User | None,
    beneficiary: str,
    value_vnd: int,
    handed_over_on: datetime.date,
    neighbourhood: Neighbourhood | None = None,
    funding_sources: str = "",
) -> CharityHouse:
    """A charity house handed over to a household."""
    validators.check_event_date("handed_over_on", handed_over_on)
    if neighbourhood is not None:
        _check_areas(ward, [neighbourhood], "neighbourhood")
    house = CharityHouse(
        ward=ward,
        beneficiary=_required("beneficiary", beneficiary, _("Hãy nhập hộ được nhận nhà.")),
        value_vnd=value_vnd,
        handed_over_on=handed_over_on,
        neighbourhood=neighbourhood,
        funding_sources=nfc(funding_sources),
    )
    return _save_new(house, actor=actor, event="charity_house.recorded")


@transaction.atomic
def record_contribution(
    *,
    ward: Ward,
    actor: User | None,
    fund: Fund,
    amount_vnd: int,
    contributed_on: datetime.date,
    note: str = "",
) -> FundContribution:
    """Money contributed to a fund on a day."""
    validators.check_event_date("contributed_on", contributed_on)
    contribution = FundContribution(
        ward=ward, fund=fund, amount_vnd=amount_vnd, contributed_on=contributed_on, note=nfc(note)
    )
    return _save_new(contribution, actor=actor, event="fund_contribution.recorded")
