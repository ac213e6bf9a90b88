"""Forms of the tips admin: the workflow pages, officer-entered tips, cases and subjects.

They check shape only (required fields, choices within the user's scope, dates not in the
future); every rule of the work lives in `tips.services`, whose ValidationErrors the admin turns
into errors on these forms with `wardsec.workflow.add_service_errors`.

None of them names a model in a Meta or builds a queryset at import: querysets on ward-owned
models are made in `__init__`, inside the request's ward scope.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

from django import forms
from django.contrib.admin import widgets
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tips import codes
from tips.choices import Gender, SubjectOutcome, TipChannel, TipOutcome, TipStatus, TriageDecision
from tips.forms import PhotosField
from tips.models import Case, OffenceCategory, Subject, Tip
from wards.models import Neighbourhood, Province, Ward
from wardsec import names, validators
from wardsec.admin import scoped_provinces, scoped_staff

User = get_user_model()

NOTE_MAX = 2000
BODY_MAX = 5000
# A clock a few minutes fast on the officer's computer is not an error.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


# Dates as Vietnamese write them (day first) or ISO (what the admin's calendar fills in). Never
# Django's default month-first guess: "05/11/2026" is the 5th of November here, not May 11th.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y"]


class DayFirstDates:
    """Gives every date field of the form the day-first input formats."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_INPUT_FORMATS
            elif isinstance(field, forms.SplitDateTimeField):
                cast(forms.DateField, field.fields[0]).input_formats = DATE_INPUT_FORMATS


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A choice field of `form`, whose rows are set at request time (inside the ward scope)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def person_label(user: Any) -> str:
    return names.person_label(user)  # "Nguyễn Văn An (canbo)": Vietnamese order


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Ward) -> str:
        return f"{obj.name} — {obj.province.name}"


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.number} — {obj.title} ({obj.ward.name})"


class TipChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Tip) -> str:
        text = obj.description if len(obj.description) <= 60 else obj.description[:59] + "…"
        return f"{obj} — {obj.category.name}: {text}"


def _note_field(label: Any = None, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Ghi chú"),
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def _today_field(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=widgets.AdminDateWidget, initial=timezone.localdate)


def _not_future(day: datetime.date | None) -> datetime.date | None:
    for validator in validators.EVENT_DATE_VALIDATORS:  # not in the future, not before 1900
        validator(day)
    return day


# --- Workflow steps on one tip -----------------------------------------------------------------


class TipStepForm(forms.Form):
    """A workflow step on `tip`, done by the signed-in user of `request`."""

    def __init__(self, *args: Any, tip: Tip, request: HttpRequest, **kwargs: Any):
        self.tip = tip
        self.request = request
        super().__init__(*args, **kwargs)


class TriageForm(TipStepForm):
    decision = forms.ChoiceField(
        label=_("Quyết định"), choices=TriageDecision.choices, widget=forms.RadioSelect
    )
    duplicate_of = forms.CharField(
        label=_("Số tham chiếu của tin báo gốc"),
        required=False,
        max_length=40,
        help_text=_("Chỉ khi chọn “Trùng tin báo khác”: tin báo gốc của cùng phường/xã."),
    )
    transfer_to = WardChoiceField(
        label=_("Chuyển đến phường/xã"),
        queryset=Ward.objects.none(),
        required=False,
        help_text=_("Chỉ khi chọn “Ngoài địa bàn”: phường/xã nơi xảy ra sự việc."),
    )
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Any active ward may receive a transferred tip, not only the user's own: ward names
        # are public (the citizen's form lists them).
        choice_field(self, "transfer_to").queryset = (
            Ward.objects.with_scopes_disabled()
            .active()
            .exclude(pk=self.tip.ward_id)
            .select_related("province")
            .order_by("province__name", "name")
        )

    def clean_duplicate_of(self) -> Tip | None:
        typed = self.cleaned_data["duplicate_of"].strip()
        if not typed:
            return None
        reference = codes.normalise_reference(typed)
        original = Tip.objects.filter(reference=reference).first() if reference else None
        if original is None:
            raise ValidationError(_("Không tìm thấy tin báo có số này trong phạm vi của bạn."))
        return original


class AssignForm(TipStepForm):
    assignee = StaffChoiceField(
        label=_("Giao cho cán bộ"),
        queryset=User.objects.none(),
        help_text=_(
            "Giao một tin báo mới cũng là tiếp nhận nó: tin chuyển sang “Đang xác minh”, "
            "không cần bấm “Tiếp nhận” nữa."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        staff = scoped_staff(self.request)
        choice_field(self, "assignee").queryset = staff
        if self.tip.assignee_id:
            self.fields["assignee"].initial = self.tip.assignee_id
        elif not self.is_bound and staff.filter(pk=self.request.user.pk).exists():
            self.fields["assignee"].initial = self.request.user.pk  # "take it myself"


class MessageForm(TipStepForm):
    body = forms.CharField(
        label=_("Nội dung"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReplyForm(MessageForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Trả lời người báo tin")
        self.fields["body"].help_text = _(
            "Người báo tin đọc được nội dung này khi tra cứu bằng mã tra cứu và mã PIN. "
            "Không ghi thông tin nghiệp vụ hay nhân thân người khác."
        )


class InternalNoteForm(MessageForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Ghi chú nội bộ")
        self.fields["body"].help_text = _("Chỉ cán bộ xem được; người báo tin không bao giờ thấy.")


class LinkCaseForm(TipStepForm):
    case = CaseChoiceField(label=_("Vụ việc"), queryset=Case.objects.none())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "case").queryset = Case.objects.select_related("ward").order_by(
            "-opened_on", "-id"
        )


class CloseForm(TipStepForm):
    outcome = forms.ChoiceField(
        label=_("Kết quả xử lý"), choices=[("", "---------"), *TipOutcome.choices]
    )
    note = _note_field()


class MediationForm(TipStepForm):
    note = _note_field(_("Nội dung chuyển hòa giải"))


class ReopenForm(forms.Form):
    """A commander's reason for reopening a finished tip or a clarified case (audited)."""

    note = _note_field(_("Lý do mở lại"), required=True)


# --- Officer-entered tips -----------------------------------------------------------------------


class OfficerTipForm(DayFirstDates, forms.Form):
    """A tip taken by an officer (hotline, walk-in, letter, forum, a provincial app)."""

    ward = WardChoiceField(label=_("Phường/xã"), queryset=Ward.objects.none())
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[(c, TipChannel(c).label) for c in TipChannel.officer_entered()],
    )
    received_at = forms.SplitDateTimeField(
        label=_("Thời điểm tiếp nhận"),
        widget=widgets.AdminSplitDateTime,
        initial=timezone.now,
    )
    category = forms.ModelChoiceField(
        label=_("Loại vụ việc"), queryset=OffenceCategory.objects.none()
    )
    description = forms.CharField(
        label=_("Nội dung"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ghi lại đúng lời người báo: ai, làm gì, ở đâu, khi nào."),
    )
    neighbourhood: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Khu phố/ấp"), queryset=Neighbourhood.objects.none(), required=False
    )
    occurred_on = forms.DateField(
        label=_("Ngày xảy ra"), required=False, widget=widgets.AdminDateWidget
    )
    occurred_time = forms.TimeField(
        label=_("Giờ xảy ra"), required=False, widget=widgets.AdminTimeWidget
    )
    occurred_note = forms.CharField(
        label=_("Thời gian (ước chừng)"), max_length=200, required=False
    )
    location_text = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("Họ tên người báo"), max_length=120, required=False)
    # The phone rule is the service's (wardsec.validators.check_phone), shown on this field.
    contact_phone = forms.CharField(label=_("Điện thoại người báo"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("Thư điện tử người báo"), required=False)
    issue_pin = forms.BooleanField(
        label=_("Cấp mã tra cứu và mã PIN cho người báo"),
        required=False,
        help_text=_(
            "Để người báo tự tra cứu tiến độ và đọc trả lời. Mã PIN chỉ hiện một lần, "
            "ngay sau khi lưu: đọc hoặc trao cho người báo, không ghi lại ở nơi khác."
        ),
    )
    photos = PhotosField(label=_("Ảnh (không bắt buộc)"))
    idempotency_key = forms.UUIDField(label=_("khóa chống gửi trùng"), widget=forms.HiddenInput)

    def __init__(self, *args: Any, request: HttpRequest, ward: Ward | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.single_ward = ward
        neighbourhoods: QuerySet
        if ward is not None:
            del self.fields["ward"]
            neighbourhoods = Neighbourhood.objects.active().filter(ward=ward)
        else:
            wards = Ward.objects.active().select_related("province")
            choice_field(self, "ward").queryset = wards
            neighbourhoods = Neighbourhood.objects.active().filter(ward__in=wards)
        choice_field(self, "neighbourhood").queryset = neighbourhoods.select_related("ward")
        choice_field(self, "category").queryset = OffenceCategory.objects.filter(is_active=True)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4()

    def clean_received_at(self) -> datetime.datetime:
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now() + CLOCK_TOLERANCE:
            raise ValidationError(_("Thời điểm tiếp nhận không được ở tương lai."))
        return received_at

    def clean_occurred_on(self) -> datetime.date | None:
        return _not_future(self.cleaned_data.get("occurred_on"))

    def chosen_ward(self) -> Ward:
        return self.single_ward or self.cleaned_data["ward"]


# --- Cases and subjects -----------------------------------------------------------------------


class CaseAddForm(DayFirstDates, forms.Form):
    ward = WardChoiceField(label=_("Phường/xã"), queryset=Ward.objects.none())
    title = forms.CharField(label=_("Tên vụ việc"), max_length=255)
    summary = forms.CharField(
        label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Loại vụ việc"),
        queryset=OffenceCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opened_on = _today_field(_("Ngày thụ lý"))
    officer_in_charge = StaffChoiceField(
        label=_("Cán bộ thụ lý"), queryset=User.objects.none(), required=False
    )
    tips = TipChoiceField(
        label=_("Gắn các tin báo"),
        queryset=Tip.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các tin báo đang mở; tin báo mới sẽ được chuyển sang “Đang xác minh”."),
    )

    def __init__(self, *args: Any, request: HttpRequest, ward: Ward | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.single_ward = ward
        if ward is not None:
            del self.fields["ward"]
        else:
            choice_field(self, "ward").queryset = Ward.objects.active().select_related("province")
        choice_field(self, "categories").queryset = OffenceCategory.objects.filter(is_active=True)
        choice_field(self, "officer_in_charge").queryset = scoped_staff(request)
        # Open tips not yet in a case, and any tip of the scope named in ?tip= (the "open a
        # case" button on a tip's page).
        chosen = [value for value in request.GET.getlist("tip") if value.isdigit()]
        if chosen and not self.is_bound:
            self.initial["tips"] = chosen
        choice_field(self, "tips").queryset = (
            Tip.objects.filter(
                Q(status__in=TipStatus.open_values(), case__isnull=True) | Q(pk__in=chosen)
            )
            .select_related("category")
            .order_by("-received_at")
        )

    def clean_opened_on(self) -> datetime.date | None:
        return _not_future(self.cleaned_data.get("opened_on"))

    def chosen_ward(self) -> Ward:
        return self.single_ward or self.cleaned_data["ward"]


class ClarifyCaseForm(DayFirstDates, forms.Form):
    clarified_on = _today_field(_("Ngày làm rõ"))
    close_tips = forms.BooleanField(
        label=_("Kết thúc luôn các tin báo đang mở của vụ việc (kết quả: đã làm rõ vụ việc)"),
        required=False,
        initial=True,
    )


class CaseChangeForm(forms.ModelForm):
    """The editable part of a case (no Meta: the admin builds it at request time)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "categories" in self.fields:
            current = self.instance.categories.all() if self.instance.pk else []
            choice_field(self, "categories").queryset = OffenceCategory.objects.filter(
                Q(is_active=True) | Q(pk__in=[c.pk for c in current])
            )


class SubjectAddForm(DayFirstDates, forms.Form):
    case = CaseChoiceField(label=_("Vụ việc"), queryset=Case.objects.none())
    full_name = forms.CharField(label=_("Họ tên"), max_length=120)
    alias = forms.CharField(label=_("Tên gọi khác"), max_length=120, required=False)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices, initial=Gender.UNKNOWN)
    id_number = forms.CharField(label=_("Số CCCD/định danh"), max_length=20, required=False)
    address = forms.CharField(label=_("Nơi cư trú"), max_length=255, required=False)
    offence = forms.ModelChoiceField(
        label=_("Hành vi"), queryset=OffenceCategory.objects.none(), required=False
    )
    # The outcome, when it is known already (else recorded later on the subject's page).
    outcome = forms.ChoiceField(
        label=_("Kết quả xử lý (nếu đã có)"),
        required=False,
        choices=[
            ("", _("Chưa có — ghi sau")),
            *[(v, label) for v, label in SubjectOutcome.choices if v != SubjectOutcome.PENDING],
        ],
    )
    outcome_on = forms.DateField(
        label=_("Ngày xử lý"), required=False, widget=widgets.AdminDateWidget
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "case").queryset = Case.objects.select_related("ward").order_by(
            "-opened_on", "-id"
        )
        choice_field(self, "offence").queryset = OffenceCategory.objects.filter(is_active=True)
        case = request.GET.get("case", "")
        if not self.is_bound and case.isdigit():
            self.initial["case"] = int(case)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("Năm sinh không được ở tương lai."))
        return year

    def clean_outcome_on(self) -> datetime.date | None:
        return _not_future(self.cleaned_data.get("outcome_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") and not data.get("outcome_on"):
            self.add_error("outcome_on", _("Hãy nhập ngày xử lý của kết quả đã chọn."))
        return data

    def identity(self) -> dict[str, Any]:
        """The identity fields other than the name, for services.add_subject."""
        data = self.cleaned_data
        return {name: data[name] for name in Subject.IDENTITY_FIELDS if name != "full_name"}


class SubjectOutcomeForm(DayFirstDates, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả xử lý"),
        choices=[
            ("", "---------"),
            *[(v, label) for v, label in SubjectOutcome.choices if v != SubjectOutcome.PENDING],
        ],
    )
    outcome_on = _today_field(_("Ngày xử lý"))
    note = _note_field()

    def clean_outcome_on(self) -> datetime.date | None:
        return _not_future(self.cleaned_data.get("outcome_on"))


# --- Lists ------------------------------------------------------------------------------------


class Open311ClientAddForm(forms.Form):
    name = forms.CharField(label=_("Tên hệ thống"), max_length=120)
    province = forms.ModelChoiceField(label=_("Tỉnh/thành phố"), queryset=Province.objects.none())

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "province").queryset = scoped_provinces(request).filter(is_active=True)


# --- Change pages -----------------------------------------------------------------------------


class TipChangeForm(DayFirstDates, forms.ModelForm):
    """The correctable part of a tip (category, time and place). No Meta: the admin builds it
    at request time, inside the ward scope."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        neighbourhood: Any = self.fields.get("neighbourhood")
        if neighbourhood is not None and self.instance.pk:
            neighbourhood.queryset = neighbourhood.queryset.filter(ward_id=self.instance.ward_id)
        category: Any = self.fields.get("category")
        if category is not None:
            category.queryset = OffenceCategory.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.category_id)
            )
