"""Forms of the core forces' admin pages. Each feeds one service; the service holds the rules
(its refusals are shown on the field they name). Choices come from the scoped managers, so only
the request's wards are ever offered."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core_forces import choices, models
from wards import models as wards_models

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


class WardChoiceMixin(forms.Form):
    """A `ward` field only for a user who works in several wards."""

    def __init__(self, *args: Any, ward: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ward = ward
        if ward is None:
            self.fields["ward"] = forms.ModelChoiceField(
                label=_("Phường/xã"), queryset=wards_models.Ward.objects.active()
            )
            self.order_fields(["ward"])


class FoundUnitForm(WardChoiceMixin):
    kind = forms.ModelChoiceField(label=_("Loại đơn vị"), queryset=models.UnitKind.objects.all())
    name = forms.CharField(label=_("Tên đơn vị"), max_length=150)
    established_on = _date(_("Ngày thành lập"))
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Khu phố/ấp phụ trách"),
        queryset=wards_models.Neighbourhood.objects.none(),
        required=False,
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    decision_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=150, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        areas = wards_models.Neighbourhood.objects.all()
        if self.ward is not None:
            areas = areas.filter(ward=self.ward)
        self.fields["neighbourhoods"].queryset = areas  # type: ignore[attr-defined]


class UnitStepForm(forms.Form):
    """A form about one unit: its ward's members and units are the choices."""

    def __init__(self, *args: Any, unit: models.ForceUnit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.unit = unit


class AppointForm(UnitStepForm):
    member = forms.ModelChoiceField(
        label=_("Thành viên"), queryset=models.ForceMember.objects.none()
    )
    role = forms.ChoiceField(label=_("Chức danh"), choices=choices.UnitRole.choices)
    starts_on = _date(_("Từ ngày"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = models.ForceMember.objects.filter(  # type: ignore[attr-defined]
            ward=self.unit.ward, left_on__isnull=True
        )


class DissolveForm(UnitStepForm):
    on = _date(_("Giải thể / tổ chức lại từ ngày"))
    reorganised_into = forms.ModelChoiceField(
        label=_("Tổ chức lại thành"), queryset=models.ForceUnit.objects.none(), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reorganised_into"].queryset = models.ForceUnit.objects.filter(  # type: ignore[attr-defined]
            ward=self.unit.ward, dissolved_on__isnull=True
        ).exclude(pk=self.unit.pk)


class MoveForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Chuyển sang đơn vị"), queryset=models.ForceUnit.objects.none()
    )
    on = _date(_("Từ ngày"))
    role = forms.ChoiceField(
        label=_("Chức danh mới (bỏ trống: giữ nguyên)"),
        choices=[("", "—"), *choices.UnitRole.choices],
        required=False,
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)

    def __init__(self, *args: Any, membership: models.UnitMembership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = models.ForceUnit.objects.filter(  # type: ignore[attr-defined]
            ward_id=membership.unit.ward_id, dissolved_on__isnull=True
        ).exclude(pk=membership.unit_id)


class EndForm(forms.Form):
    """Release a membership, or a person leaving the force."""

    on = _date(_("Thôi từ ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class EnrolForm(WardChoiceMixin):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *choices.Sex.choices], required=False
    )
    joined_on = _date(_("Tham gia từ"))
    date_of_birth = _date(_("Ngày sinh"), required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    national_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)

    def __init__(self, *args: Any, may_read_identity: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not may_read_identity:
            for name in models.ForceMember.IDENTITY_FIELDS:
                del self.fields[name]


class CourseForm(WardChoiceMixin):
    title = forms.CharField(label=_("Tên lớp"), max_length=200)
    topics = forms.ModelMultipleChoiceField(
        label=_("Nội dung"), queryset=models.TrainingTopic.objects.all()
    )
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    hours = forms.IntegerField(label=_("Số giờ"), min_value=1, max_value=1000)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=150, required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Lớp tập huấn"), queryset=models.TrainingCourse.objects.none()
    )
    member = forms.ModelChoiceField(
        label=_("Thành viên"), queryset=models.ForceMember.objects.none()
    )
    result = forms.ChoiceField(label=_("Kết quả"), choices=choices.AttendanceResult.choices)
    certificate_number = forms.CharField(label=_("Số chứng nhận"), max_length=60, required=False)
    certificate_expires_on = _date(_("Chứng nhận hết hạn từ ngày"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = models.TrainingCourse.objects.all()  # type: ignore[attr-defined]
        self.fields["member"].queryset = models.ForceMember.objects.all()  # type: ignore[attr-defined]


class SchedulePatrolForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=models.ForceUnit.objects.none())
    on = _date(_("Ngày"))
    kind = forms.ChoiceField(label=_("Loại"), choices=choices.PatrolKind.choices)
    starts_at = forms.TimeField(label=_("Từ giờ"), required=False, widget=TIME)
    ends_at = forms.TimeField(label=_("Đến giờ"), required=False, widget=TIME)
    route = forms.CharField(label=_("Địa bàn, tuyến"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = models.ForceUnit.objects.filter(  # type: ignore[attr-defined]
            dissolved_on__isnull=True
        )


class RecordPatrolForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=_("Người tham gia"), queryset=models.ForceMember.objects.none(), required=False
    )
    report = forms.CharField(label=_("Diễn biến, kết quả"), widget=forms.Textarea, required=False)
    tip_reference = forms.CharField(
        label=_("Số tham chiếu tin báo (nếu vụ việc đã nhập thành tin báo)"),
        max_length=30,
        required=False,
        help_text=_("Nhập tin báo ở mục Tin báo, rồi ghi số tham chiếu, ví dụ TB-2021-000123."),
    )
    cancelled = forms.BooleanField(label=_("Ca này bị hủy"), required=False)

    def __init__(self, *args: Any, patrol: models.Patrol, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = models.ForceMember.objects.filter(  # type: ignore[attr-defined]
            ward_id=patrol.ward_id, left_on__isnull=True
        )


class RateForm(WardChoiceMixin):
    role = forms.ChoiceField(label=_("Chức danh"), choices=choices.UnitRole.choices)
    kind = forms.ModelChoiceField(
        label=_("Loại đơn vị (bỏ trống: mọi loại)"),
        queryset=models.UnitKind.objects.all(),
        required=False,
    )
    amount_vnd = forms.IntegerField(label=_("Mức hằng tháng (đồng)"), min_value=0)
    valid_from = _date(_("Áp dụng từ"))
    basis = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1900, max_value=2999)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12)
