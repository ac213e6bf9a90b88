"""Every change to the models registry: keyword-only, in a transaction, audited in it.

Rules (the admin, the API and the demo all come through here):

- dates of events are neither in the future nor before 1900 (`wardsec.validators`);
- everything a model links to belongs to the model's ward: its neighbourhoods, its lead unit,
  its assets' neighbourhoods and patrol units, the tip a fault came from, a supervisor;
- an asset joins a model on or after the model's start, carries the quantities of its kind (a
  lighting segment its bulbs and length, a camera point its cameras, a patrol team its unit, a
  school point its school, a household group its households) and a map point inside Vietnam;
  it is removed, never deleted, so that past figures stay as they were;
- a fault is reported on a day the asset is in service, one open fault per asset; it is fixed
  on or after the day it was reported; the asset's `out_of_order` follows;
- a model is evaluated once a year, for a year it ran, not a year still to come;
- a supervised person's record is read through `read_supervised_person` (permission, audit
  VIEW) and lists through `audit_supervision_list`.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.choices import AssetKind, FaultStatus, Measure, ModelStatus, Rating
from models_registry.models import (
    SUPERVISION_PERMISSION,
    Asset,
    CheckIn,
    Contribution,
    Evaluation,
    Fault,
    ModelKind,
    PreventionModel,
    SupervisedPerson,
    check_vietnam_point,
)
from wardsec import audit, validators
from wardsec.models import AuditAction
from wardsec.services import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from core_forces.models import ForceMember, ForceUnit
    from tips.models import Tip
    from wards.models import Neighbourhood, Ward

# The quantity columns each kind of asset carries (required ones first); others stay 0/blank.
ASSET_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    AssetKind.LIGHTING_SEGMENT: (("bulbs", "length_m"), ()),
    AssetKind.CAMERA_POINT: (("cameras",), ("view", "footage_keeper")),
    AssetKind.GATE: ((), ()),
    AssetKind.SCHOOL_POINT: (("school",), ("covered", "duty_hours")),
    AssetKind.PATROL_TEAM: (("force_unit",), ()),
    AssetKind.HOUSEHOLD_GROUP: (("households",), ()),
}


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: [message]})


def _created(instance: Any, actor: User | None, event: str, ward: Ward) -> None:
    audit.record(
        action=AuditAction.CREATE,
        instance=instance,
        actor=actor,
        changes=audit.created(instance),
        event=event,
        ward=ward,
    )


# --- Models -----------------------------------------------------------------------------------


def _check_links(ward: Ward, areas: list[Neighbourhood], lead_unit: ForceUnit | None) -> None:
    if any(area.ward_id != ward.pk for area in areas):
        _refuse("neighbourhoods", _("Khu phố/ấp phải thuộc phường của mô hình."))
    if lead_unit is not None and lead_unit.ward_id != ward.pk:
        _refuse("lead_unit", _("Đơn vị chủ trì phải thuộc phường của mô hình."))


@transaction.atomic
def start_model(
    *,
    ward: Ward,
    actor: User | None,
    kind: ModelKind,
    code: str,
    name: str,
    started_on: datetime.date,
    neighbourhoods: Iterable[Neighbourhood] = (),
    lead_unit: ForceUnit | None = None,
    decision: str = "",
    description: str = "",
) -> PreventionModel:
    """A new model of `kind`, started on `started_on` by `decision`, covering
    `neighbourhoods` and led by `lead_unit` (all of its own ward)."""
    validators.check_event_date("started_on", started_on)
    if not nfc(name):
        _refuse("name", _("Hãy nhập tên mô hình."))
    areas = list(neighbourhoods)
    _check_links(ward, areas, lead_unit)
    model = PreventionModel(
        ward=ward,
        kind=kind,
        code=nfc(code).lower(),
        name=nfc(name),
        started_on=started_on,
        lead_unit=lead_unit,
        decision=nfc(decision),
        description=nfc(description),
    )
    model.full_clean(exclude=["neighbourhoods"])
    model.save()
    model.neighbourhoods.set(areas)
    _created(model, actor, "prevention_model.started", ward)
    return model


@transaction.atomic
def end_model(
    *, model: PreventionModel, actor: User | None, on: datetime.date, note: str = ""
) -> PreventionModel:
    """The model ends on `on` (the first day it no longer runs). Its assets stay recorded."""
    model = PreventionModel.objects.select_for_update().get(pk=model.pk)
    if model.status == ModelStatus.ENDED:
        _refuse("on", _("Mô hình đã kết thúc."))
    validators.check_event_date("on", on)
    if on <= model.started_on:
        _refuse("on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    before = audit.snapshot(model)
    model.status = ModelStatus.ENDED
    model.ended_on = on
    return transition(model, actor=actor, event="prevention_model.ended", before=before, note=note)


@transaction.atomic
def record_contribution(
    *,
    model: PreventionModel,
    actor: User | None,
    amount_vnd: int,
    received_on: datetime.date,
    donor: str = "",
) -> Contribution:
    """Money raised from the community for `model` (whole VND, more than 0)."""
    validators.check_event_date("received_on", received_on)
    if not isinstance(amount_vnd, int) or isinstance(amount_vnd, bool) or amount_vnd < 1:
        _refuse("amount_vnd", _("Số tiền phải là số nguyên dương (đồng)."))
    contribution = Contribution(
        model=model, amount_vnd=amount_vnd, received_on=received_on, donor=nfc(donor)
    )
    contribution.full_clean()
    contribution.save()
    _created(contribution, actor, "contribution.recorded", model.ward)
    return contribution


@transaction.atomic
def evaluate_model(
    *, model: PreventionModel, actor: User | None, year: int, rating: str, reasons: str
) -> Evaluation:
    """The commander's evaluation of `model` for `year` (once a year; a year it ran)."""
    if rating not in Rating.values:
        _refuse("rating", _("Mức đánh giá không hợp lệ."))
    if not nfc(reasons):
        _refuse("reasons", _("Hãy ghi lý do, căn cứ đánh giá."))
    if year > timezone.localdate().year:
        _refuse("year", _("Không đánh giá trước cho năm chưa tới."))
    last = model.ended_on - datetime.timedelta(days=1) if model.ended_on else None
    if year < model.started_on.year or (last is not None and year > last.year):
        _refuse("year", _("Mô hình không hoạt động trong năm này."))
    if Evaluation.objects.filter(model=model, year=year).exists():
        _refuse("year", _("Mô hình đã được đánh giá năm này."))
    evaluation = Evaluation.objects.create(
        model=model, year=year, rating=rating, reasons=nfc(reasons), evaluated_by=actor
    )
    _created(evaluation, actor, "prevention_model.evaluated", model.ward)
    return evaluation


# --- Assets -----------------------------------------------------------------------------------


def _asset_measures(kind: str, model: PreventionModel, measures: dict[str, Any]) -> dict:
    required, optional = ASSET_FIELDS[kind]
    unknown = set(measures) - set(required) - set(optional)
    if unknown:
        _refuse(sorted(unknown)[0], _("Trường này không dùng cho loại tài sản đã chọn."))
    clean: dict[str, Any] = {k: nfc(v) if isinstance(v, str) else v for k, v in measures.items()}
    for name in required:
        if not clean.get(name):
            _refuse(name, _("Loại tài sản này cần trường này."))
    unit = clean.get("force_unit")
    if unit is not None and unit.ward_id != model.ward_id:
        _refuse("force_unit", _("Đơn vị lực lượng phải thuộc phường của mô hình."))
    return clean


@transaction.atomic
def add_asset(
    *,
    model: PreventionModel,
    actor: User | None,
    kind: str,
    name: str,
    neighbourhood: Neighbourhood,
    installed_on: datetime.date,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    **measures: Any,
) -> Asset:
    """An asset of `model` in service from `installed_on` (see the module's rules);
    `measures` are the columns of its kind (`ASSET_FIELDS`)."""
    if kind not in ASSET_FIELDS:
        _refuse("kind", _("Loại tài sản không hợp lệ."))
    validators.check_event_date("installed_on", installed_on)
    if installed_on < model.started_on:
        _refuse("installed_on", _("Ngày lắp đặt không được trước ngày bắt đầu mô hình."))
    if neighbourhood.ward_id != model.ward_id:
        _refuse("neighbourhood", _("Khu phố/ấp phải thuộc phường của mô hình."))
    if not nfc(name):
        _refuse("name", _("Hãy nhập tên, vị trí của tài sản."))
    check_vietnam_point(latitude, longitude)
    asset = Asset(
        model=model,
        kind=kind,
        name=nfc(name),
        neighbourhood=neighbourhood,
        installed_on=installed_on,
        latitude=latitude,
        longitude=longitude,
        **_asset_measures(kind, model, measures),
    )
    asset.full_clean()
    asset.save()
    _created(asset, actor, "asset.added", model.ward)
    return asset


@transaction.atomic
def remove_asset(*, asset: Asset, actor: User | None, on: datetime.date, note: str = "") -> Asset:
    """The asset leaves service on `on` (the first day it is no longer counted)."""
    asset = Asset.objects.select_for_update().select_related("model__ward").get(pk=asset.pk)
    if asset.removed_on is not None:
        _refuse("on", _("Tài sản đã tháo dỡ."))
    validators.check_event_date("on", on)
    if on <= asset.installed_on:
        _refuse("on", _("Ngày tháo dỡ phải sau ngày lắp đặt."))
    before = audit.snapshot(asset)
    asset.removed_on = on
    return transition(
        asset, actor=actor, event="asset.removed", before=before, note=note, ward=asset.model.ward
    )


# --- Faults -----------------------------------------------------------------------------------


@transaction.atomic
def report_fault(
    *,
    asset: Asset,
    actor: User | None,
    reported_on: datetime.date,
    description: str,
    tip: Tip | None = None,
) -> Fault:
    """A fault of `asset` from `reported_on`, seen by an officer or told in a citizen's `tip`
    (of the asset's ward). The asset is out of order until the fault is fixed."""
    asset = Asset.objects.select_for_update().select_related("model__ward").get(pk=asset.pk)
    validators.check_event_date("reported_on", reported_on)
    if not nfc(description):
        _refuse("description", _("Hãy mô tả hư hỏng."))
    if not (
        asset.installed_on <= reported_on
        and (asset.removed_on is None or reported_on < asset.removed_on)
    ):
        _refuse("reported_on", _("Tài sản chưa lắp đặt hoặc đã tháo dỡ vào ngày này."))
    if tip is not None and tip.ward_id != asset.model.ward_id:
        _refuse("tip", _("Tin báo phải thuộc phường của tài sản."))
    if asset.faults.exclude(status=FaultStatus.FIXED).exists():
        _refuse("asset", _("Tài sản đang có sự cố chưa khắc phục."))
    fault = Fault.objects.create(
        asset=asset,
        reported_on=reported_on,
        reported_by=actor,
        tip=tip,
        description=nfc(description),
    )
    _created(fault, actor, "fault.reported", asset.model.ward)
    _set_out_of_order(asset, True)
    return fault


def _set_out_of_order(asset: Asset, value: bool) -> None:
    Asset.objects.filter(pk=asset.pk).update(out_of_order=value)


def _locked_fault(fault: Fault) -> Fault:
    fault = (
        Fault.objects.select_for_update(of=("self",))
        .select_related("asset__model__ward")
        .get(pk=fault.pk)
    )
    if fault.status == FaultStatus.FIXED:
        _refuse("status", _("Sự cố đã được khắc phục."))
    return fault


@transaction.atomic
def assign_fault(*, fault: Fault, actor: User | None, assignee: User, note: str = "") -> Fault:
    """Give the fault to `assignee` (someone who works in the asset's ward)."""
    from wards.models import Membership

    fault = _locked_fault(fault)
    ward = fault.asset.model.ward
    staff = Membership.objects.with_scopes_disabled().staff([ward.pk]).people()
    if not staff.filter(pk=assignee.pk).exists():
        _refuse("assignee", _("Người được giao phải làm việc ở phường của tài sản."))
    before = audit.snapshot(fault)
    fault.assignee = assignee
    fault.status = FaultStatus.ASSIGNED
    return transition(
        fault, actor=actor, event="fault.assigned", before=before, note=note, ward=ward
    )


@transaction.atomic
def fix_fault(
    *, fault: Fault, actor: User | None, fixed_on: datetime.date, note: str = ""
) -> Fault:
    """The fault is fixed on `fixed_on` (the first day the asset works again)."""
    fault = _locked_fault(fault)
    validators.check_event_date("fixed_on", fixed_on)
    if fixed_on < fault.reported_on:
        _refuse("fixed_on", _("Ngày khắc phục không được trước ngày báo hỏng."))
    before = audit.snapshot(fault)
    fault.status = FaultStatus.FIXED
    fault.fixed_on = fixed_on
    fault.fix_note = nfc(note)
    fault = transition(
        fault, actor=actor, event="fault.fixed", before=before, ward=fault.asset.model.ward
    )
    _set_out_of_order(fault.asset, False)
    return fault


# --- People under community supervision -------------------------------------------------------


@transaction.atomic
def place_under_supervision(
    *,
    ward: Ward,
    actor: User | None,
    full_name: str,
    category: str,
    starts_on: datetime.date,
    model: PreventionModel | None = None,
    supervisor: ForceMember | None = None,
    birth_year: int | None = None,
    address: str = "",
    basis: str = "",
    note: str = "",
) -> SupervisedPerson:
    """A person comes under the ward's supervision from `starts_on`. The log records that the
    personal fields were set, never their values."""
    if not nfc(full_name):
        _refuse("full_name", _("Hãy nhập họ và tên."))
    validators.check_event_date("starts_on", starts_on)
    validators.check_birth_year("birth_year", birth_year)
    if model is not None and (
        model.ward_id != ward.pk or model.kind.measure != Measure.SUPERVISION
    ):
        _refuse("model", _("Chỉ gắn với mô hình giám sát, giáo dục của phường mình."))
    if supervisor is not None and supervisor.ward_id != ward.pk:
        _refuse("supervisor", _("Người giúp đỡ phải thuộc lực lượng của phường mình."))
    person = SupervisedPerson(
        ward=ward,
        model=model,
        full_name=nfc(full_name),
        category=category,
        starts_on=starts_on,
        supervisor=supervisor,
        birth_year=birth_year,
        address=nfc(address),
        basis=nfc(basis),
        note=nfc(note),
    )
    person.full_clean()
    person.save()
    _created(person, actor, "supervised_person.placed", ward)
    return person


@transaction.atomic
def end_supervision(
    *, person: SupervisedPerson, actor: User | None, on: datetime.date, note: str = ""
) -> SupervisedPerson:
    """Supervision ends on `on` (the first day the person is no longer supervised)."""
    person = SupervisedPerson.objects.select_for_update().get(pk=person.pk)
    if person.ends_on is not None:
        _refuse("on", _("Đã kết thúc giám sát."))
    validators.check_event_date("on", on)
    if on <= person.starts_on:
        _refuse("on", _("Ngày kết thúc phải sau ngày bắt đầu."))
    before = audit.snapshot(person)
    person.ends_on = on
    return transition(
        person, actor=actor, event="supervised_person.ended", before=before, note=note
    )


@transaction.atomic
def record_check_in(
    *, person: SupervisedPerson, actor: User | None, on: datetime.date, note: str
) -> CheckIn:
    """A check-in with `person` on `on`, during the supervision (as it stands now)."""
    person = SupervisedPerson.objects.select_related("ward").get(pk=person.pk)
    validators.check_event_date("on", on)
    if not nfc(note):
        _refuse("note", _("Hãy ghi nội dung buổi gặp."))
    if on < person.starts_on or (person.ends_on is not None and on >= person.ends_on):
        _refuse("on", _("Ngày này không nằm trong thời gian giám sát."))
    check_in = CheckIn.objects.create(person=person, on=on, note=nfc(note), recorded_by=actor)
    _created(check_in, actor, "supervised_person.checked_in", person.ward)
    return check_in


def _require_supervision(actor: User) -> None:
    if not actor.has_perm(SUPERVISION_PERMISSION):
        raise PermissionError(f"{SUPERVISION_PERMISSION} required")


def read_supervised_person(*, person: SupervisedPerson, actor: User) -> SupervisedPerson:
    """`person`'s record for someone holding `view_supervision`; the read is audited."""
    _require_supervision(actor)
    audit.record(
        action=AuditAction.VIEW,
        instance=person,
        actor=actor,
        event="supervised_person.read",
        ward=person.ward,
    )
    return person


def audit_supervision_list(*, actor: User, ward_ids: Iterable[int], shown: int) -> None:
    """A list of supervised people was shown to `actor`: one VIEW entry per ward (the count
    shown in the note), so each ward's commander sees who looked."""
    from wards.models import Ward

    _require_supervision(actor)
    for ward in Ward.objects.with_scopes_disabled().filter(pk__in=list(ward_ids)):
        audit.record(
            action=AuditAction.VIEW,
            actor=actor,
            ward=ward,
            event="supervised_person.list_read",
            note=f"models_registry.SupervisedPerson: {shown}",
        )
