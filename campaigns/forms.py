"""Forms of the campaigns' admin pages, made for entry at a desk after the event: the day
defaults to today, the ward to the officer's, the officer in charge to the one typing. Each form
feeds one service, which holds the rules (its refusals are shown on the field they name).

The fields come from the models (labels, limits and validators written once); choices of
ward-owned rows (neighbourhoods, events, staff) are set per request from the scoped managers,
limited to the record's ward when it is known.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models as db
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns import models
from wards import models as wards_models
from wardsec.photos import PhotosField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CATALOGUES = (
    models.OutreachFormat,
    models.OutreachTopic,
    models.Partner,
    models.Fund,
    models.BeneficiaryGroup,
)


def _today() -> Any:
    return timezone.localdate()


class RecordForm(forms.Form):
    """A record of one ward: a `ward` field only for a user who works in several wards;
    catalogue choices limited to rows in use; staff and neighbourhoods from the request."""

    def __init__(self, *args: Any, ward: Any = None, staff: Any = None, user: Any = None, **kw):
        super().__init__(*args, **kw)
        self.ward = ward
        if ward is None:
            self.fields["ward"] = forms.ModelChoiceField(
                label=_("Phường/xã"), queryset=wards_models.Ward.objects.active()
            )
            self.order_fields(["ward"])
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model in CATALOGUES:
                field.queryset = model.objects.filter(is_active=True)  # type: ignore[attr-defined]
            elif model is wards_models.Neighbourhood:
                areas = wards_models.Neighbourhood.objects.active()
                field.queryset = areas.filter(ward=ward) if ward is not None else areas  # type: ignore[attr-defined]
        if "officer" in self.fields and staff is None:
            self.fields["officer"].queryset = self.fields["officer"].queryset.none()  # type: ignore[attr-defined]
        if "officer" in self.fields and staff is not None:
            self.fields["officer"].queryset = staff  # type: ignore[attr-defined]
            if user is not None and staff.filter(pk=user.pk).exists():
                self.fields["officer"].initial = user.pk


def record_form(
    model: type[db.Model], fields: list[str], *, base: type[forms.Form] = RecordForm, **extra: Any
) -> type[forms.Form]:
    """A form class of `model`'s `fields` (their labels, limits and validators), dates typed
    as dates defaulting to today, many-to-many choices as check boxes; `extra` fields added."""
    declared: dict[str, Any] = {}
    for name in fields:
        field: Any = model._meta.get_field(name)
        related: Any = field.related_model
        if isinstance(field, db.ManyToManyField):
            # Built without its (scoped) queryset at import; RecordForm sets it per request.
            declared[name] = forms.ModelMultipleChoiceField(
                label=field.verbose_name,
                queryset=related.objects.none(),
                required=not field.blank,
                widget=forms.CheckboxSelectMultiple,
            )
        elif field.is_relation and getattr(related, "ward", None) is not None:
            # A ward's rows (neighbourhoods, events): no queryset at import either.
            declared[name] = forms.ModelChoiceField(
                label=field.verbose_name,
                queryset=related.objects.none(),
                required=not field.blank,
            )
        else:
            declared[name] = field.formfield()
            # The model's own validators (Vietnamese messages: "not negative", "not in the
            # future"), in place of the form field's generic limits.
            declared[name].validators = list(field.validators)
        if isinstance(field, db.DateField) and not isinstance(field, db.DateTimeField):
            declared[name].widget = DATE
            if not field.blank:
                declared[name].initial = _today
    declared.update(extra)
    return type(f"{model.__name__}Form", (base,), declared)


def _this_year() -> int:
    return timezone.localdate().year


PlanForm = record_form(
    models.OutreachPlan,
    [
        "year",
        "title",
        "reference",
        "target_sessions",
        "target_attendances",
        "target_broadcasts",
        "note",
    ],
)
PlanForm.base_fields["year"].initial = _this_year

SessionForm = record_form(
    models.OutreachSession,
    [
        "held_on",
        "format",
        "title",
        "topics",
        "attendances",
        "leaflets",
        "neighbourhoods",
        "partners",
        "officer",
        "place",
        "note",
    ],
    photos=PhotosField(label=_("Ảnh (không bắt buộc)")),
)

BroadcastForm = record_form(
    models.Broadcast, ["aired_on", "programme", "airings", "topics", "neighbourhoods", "note"]
)

EventForm = record_form(
    models.MovementEvent,
    ["kind", "held_on", "ends_on", "title", "place", "attendances", "partners", "note"],
)

DonationForm = record_form(
    models.Donation,
    [
        "received_on",
        "donor_kind",
        "donor_name",
        "cash_vnd",
        "in_kind",
        "in_kind_value_vnd",
        "purpose",
    ],
)

DistributionForm = record_form(
    models.GiftDistribution,
    [
        "distributed_on",
        "beneficiary_group",
        "packages",
        "value_vnd",
        "occasion",
        "neighbourhoods",
        "note",
    ],
)

HouseForm = record_form(
    models.CharityHouse,
    ["beneficiary", "neighbourhood", "value_vnd", "handed_over_on", "funding_sources"],
)

ContributionForm = record_form(
    models.FundContribution, ["fund", "amount_vnd", "contributed_on", "note"]
)


class FeedbackBase(forms.Form):
    """A feedback item: its event is chosen from the request's wards (the item takes the
    event's ward)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.pop("ward", None), kwargs.pop("staff", None), kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = models.MovementEvent.objects.all()  # type: ignore[attr-defined]


FeedbackForm = record_form(
    models.FeedbackItem,
    ["event", "content", "raised_by", "responder", "deadline"],
    base=FeedbackBase,
)
FeedbackForm.base_fields["deadline"].initial = None


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea)
    on = forms.DateField(label=_("Ngày trả lời"), widget=DATE, initial=_today)


class PhotosForm(forms.Form):
    photos = PhotosField(label=_("Ảnh"), required=True)


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(label=_("Chuyển tới cơ quan"), max_length=150)
    on = forms.DateField(label=_("Ngày chuyển"), widget=DATE, initial=_today)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)
