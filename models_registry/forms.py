"""Forms of the models registry's admin pages. Each feeds one service; the service holds the
rules (its refusals are shown on the field they name). Choices come from the scoped managers,
so only the request's wards are ever offered."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core_forces import models as forces
from models_registry import choices, models
from tips import models as tips
from wards import models as wards_models

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _text(label: Any, max_length: int = 255, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _note(label: Any, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea, max_length=5000, required=required)


class WardForm(forms.Form):
    """A `ward` field only for a user who works in several wards; the ward's neighbourhoods,
    units and members as choices."""

    def __init__(self, *args: Any, ward: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ward = ward
        if ward is None:
            self.fields["ward"] = forms.ModelChoiceField(
                label=_("Phường/xã"), queryset=wards_models.Ward.objects.active()
            )
            self.order_fields(["ward"])

    def of_ward(self, queryset: Any) -> Any:
        return queryset.filter(ward=self.ward) if self.ward is not None else queryset


class StartModelForm(WardForm):
    kind = forms.ModelChoiceField(label=_("Loại mô hình"), queryset=models.ModelKind.objects.all())
    code = forms.SlugField(label=_("Mã mô hình"), max_length=40)
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    started_on = _date(_("Ngày bắt đầu"))
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Khu phố/ấp triển khai"),
        queryset=wards_models.Neighbourhood.objects.none(),
        required=False,
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị lực lượng chủ trì"),
        queryset=forces.ForceUnit.objects.none(),
        required=False,
    )
    decision = _text(_("Quyết định, kế hoạch triển khai"))
    description = _note(_("Mô tả"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = self.of_ward(  # type: ignore[attr-defined]
            wards_models.Neighbourhood.objects.all()
        )
        self.fields["lead_unit"].queryset = self.of_ward(  # type: ignore[attr-defined]
            forces.ForceUnit.objects.filter(dissolved_on__isnull=True)
        )


class EndForm(forms.Form):
    on = _date(_("Kết thúc từ ngày"))
    note = _note(_("Ghi chú"))


class EvaluateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2999)
    rating = forms.ChoiceField(label=_("Đánh giá"), choices=choices.Rating.choices)
    reasons = _note(_("Lý do, căn cứ"), required=True)


class ContributionForm(forms.Form):
    amount_vnd = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1, max_value=10**15)
    received_on = _date(_("Ngày nhận"))
    donor = _text(_("Người, đơn vị đóng góp (bỏ trống: nhiều người)"), 200)


class AssetForm(forms.Form):
    """An asset: the columns of its kind (the service refuses the others)."""

    model = forms.ModelChoiceField(
        label=_("Mô hình"), queryset=models.PreventionModel.objects.none()
    )
    kind = forms.ChoiceField(label=_("Loại tài sản"), choices=choices.AssetKind.choices)
    name = forms.CharField(label=_("Tên, vị trí"), max_length=200)
    neighbourhood = forms.ModelChoiceField(
        label=_("Khu phố/ấp"), queryset=wards_models.Neighbourhood.objects.none()
    )
    installed_on = _date(_("Ngày lắp đặt, đưa vào sử dụng"))
    latitude = forms.DecimalField(label=_("Vĩ độ"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(
        label=_("Kinh độ"), max_digits=9, decimal_places=6, required=False
    )
    bulbs = forms.IntegerField(label=_("Số bóng đèn"), min_value=1, required=False)
    length_m = forms.IntegerField(label=_("Chiều dài (m)"), min_value=1, required=False)
    cameras = forms.IntegerField(label=_("Số camera"), min_value=1, required=False)
    view = _text(_("Hướng quan sát"), 200)
    footage_keeper = _text(_("Người giữ dữ liệu ghi hình"), 150)
    school = _text(_("Trường học"), 200)
    covered = forms.BooleanField(label=_("Có lực lượng đứng chốt"), required=False)
    duty_hours = _text(_("Giờ đứng chốt"), 100)
    force_unit = forms.ModelChoiceField(
        label=_("Đơn vị lực lượng (tổ tuần tra)"),
        queryset=forces.ForceUnit.objects.none(),
        required=False,
    )
    households = forms.IntegerField(label=_("Số hộ"), min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices_of = {
            "model": models.PreventionModel.objects.filter(ended_on__isnull=True),
            "neighbourhood": wards_models.Neighbourhood.objects.all(),
            "force_unit": forces.ForceUnit.objects.filter(dissolved_on__isnull=True),
        }
        for name, queryset in choices_of.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class RemoveForm(forms.Form):
    on = _date(_("Tháo dỡ, thôi sử dụng từ ngày"))
    note = _note(_("Ghi chú"))


class FaultForm(forms.Form):
    description = _note(_("Mô tả hư hỏng"), required=True)
    reported_on = _date(_("Ngày báo hỏng"))
    tip = forms.CharField(
        label=_("Số tham chiếu tin báo (nếu người dân báo)"), max_length=20, required=False
    )

    def __init__(self, *args: Any, asset: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.asset = asset
        if asset is None:
            self.fields["asset"] = forms.ModelChoiceField(
                label=_("Tài sản"), queryset=models.Asset.objects.filter(removed_on__isnull=True)
            )
            self.order_fields(["asset"])

    def clean_tip(self) -> Any:
        reference = self.cleaned_data["tip"].strip().upper()
        if not reference:
            return None
        tip = tips.Tip.objects.filter(reference=reference).first()
        if tip is None:
            raise forms.ValidationError(_("Không có tin báo số này trong phường."))
        return tip


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Người được giao"), queryset=get_user_model().objects.none()
    )
    note = _note(_("Ghi chú"))

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


class FixForm(forms.Form):
    fixed_on = _date(_("Ngày khắc phục xong"))
    note = _note(_("Kết quả khắc phục"))


class SupervisionForm(WardForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    category = forms.ChoiceField(
        label=_("Diện giám sát"), choices=choices.SupervisionCategory.choices
    )
    starts_on = _date(_("Giám sát từ ngày"))
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False)
    address = _text(_("Nơi cư trú"))
    basis = _text(_("Căn cứ (bản án, quyết định)"))
    model = forms.ModelChoiceField(
        label=_("Mô hình"), queryset=models.PreventionModel.objects.none(), required=False
    )
    supervisor = forms.ModelChoiceField(
        label=_("Người được phân công giúp đỡ"),
        queryset=forces.ForceMember.objects.none(),
        required=False,
    )
    note = _note(_("Ghi chú"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = self.of_ward(  # type: ignore[attr-defined]
            models.PreventionModel.objects.filter(kind__measure=choices.Measure.SUPERVISION)
        )
        self.fields["supervisor"].queryset = self.of_ward(  # type: ignore[attr-defined]
            forces.ForceMember.objects.filter(left_on__isnull=True)
        )


class CheckInForm(forms.Form):
    on = _date(_("Ngày gặp, kiểm tra"))
    note = _note(_("Nội dung, nhận xét"), required=True)
