"""Forms of mediation's admin pages. Each feeds one service; the service holds the rules (its
refusals are shown on the field they name). Choices come from the scoped managers, narrowed to
the object's ward."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core_forces import models as forces
from mediation import choices, models
from tips.models import OffenceCategory
from wards import models as wards_models

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _text(label: Any, required: bool = False, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WardChoiceMixin(forms.Form):
    """A `ward` field only for a user who works in several wards; choices of the ward."""

    def __init__(self, *args: Any, ward: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ward = ward
        if ward is None:
            self.fields["ward"] = forms.ModelChoiceField(
                label=_("Phường/xã"), queryset=wards_models.Ward.objects.active()
            )
            self.order_fields(["ward"])

    def of_ward(self, queryset: Any, path: str = "ward") -> Any:
        return queryset.filter(**{path: self.ward}) if self.ward is not None else queryset


class TeamForm(WardChoiceMixin):
    name = forms.CharField(label=_("Tên tổ hòa giải"), max_length=150)
    neighbourhood = forms.ModelChoiceField(
        label=_("Khu phố/ấp"), queryset=wards_models.Neighbourhood.objects.none()
    )
    established_on = _date(_("Ngày thành lập"))
    force_unit = forms.ModelChoiceField(
        label=_("Đơn vị lực lượng nòng cốt tương ứng (tổ hòa giải)"),
        queryset=forces.ForceUnit.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = self.of_ward(  # type: ignore[attr-defined]
            wards_models.Neighbourhood.objects.filter(is_active=True)
        )
        self.fields["force_unit"].queryset = self.of_ward(  # type: ignore[attr-defined]
            forces.ForceUnit.objects.filter(kind__code="mediation", dissolved_on__isnull=True)
        )


class DissolveTeamForm(forms.Form):
    dissolved_on = _date(_("Giải thể từ ngày"))
    note = _text(_("Ghi chú"))


class MediatorForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Tổ hòa giải"), queryset=models.MediationTeam.objects.none()
    )
    full_name = forms.CharField(
        label=_("Họ và tên (bỏ trống: lấy theo thành viên lực lượng)"),
        max_length=150,
        required=False,
    )
    role = forms.ChoiceField(label=_("Chức danh"), choices=choices.MediatorRole.choices)
    force_member = forms.ModelChoiceField(
        label=_("Là thành viên lực lượng nòng cốt"),
        queryset=forces.ForceMember.objects.none(),
        required=False,
    )
    starts_on = _date(_("Từ ngày"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = models.MediationTeam.objects.filter(  # type: ignore[attr-defined]
            dissolved_on__isnull=True
        )
        self.fields["force_member"].queryset = forces.ForceMember.objects.filter(  # type: ignore[attr-defined]
            left_on__isnull=True
        )


class LeaveForm(forms.Form):
    on = _date(_("Thôi từ ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class DisputeForm(WardChoiceMixin):
    """A dispute received, with its first party (others are added from its page)."""

    received_on = _date(_("Ngày nhận"))
    source = forms.ChoiceField(
        label=_("Nguồn"),
        choices=[c for c in choices.DisputeSource.choices if c[0] != choices.DisputeSource.TIP],
    )
    kind = forms.ModelChoiceField(
        label=_("Loại tranh chấp"), queryset=models.DisputeKind.objects.filter(is_active=True)
    )
    summary = _text(_("Nội dung chủ yếu"), required=True)
    neighbourhood = forms.ModelChoiceField(
        label=_("Khu phố/ấp"), queryset=wards_models.Neighbourhood.objects.none(), required=False
    )
    team = forms.ModelChoiceField(
        label=_("Tổ hòa giải"), queryset=models.MediationTeam.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = self.of_ward(  # type: ignore[attr-defined]
            wards_models.Neighbourhood.objects.filter(is_active=True)
        )
        self.fields["team"].queryset = self.of_ward(  # type: ignore[attr-defined]
            models.MediationTeam.objects.filter(dissolved_on__isnull=True)
        )


class DisputeStepForm(forms.Form):
    def __init__(self, *args: Any, dispute: models.Dispute, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.dispute = dispute


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Tư cách"), choices=choices.PartyRole.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)


class AssignForm(DisputeStepForm):
    team = forms.ModelChoiceField(
        label=_("Tổ hòa giải"), queryset=models.MediationTeam.objects.none()
    )
    mediators = forms.ModelMultipleChoiceField(
        label=_("Hòa giải viên"), queryset=models.Mediator.objects.none(), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        ward = self.dispute.ward_id
        self.fields["team"].queryset = models.MediationTeam.objects.filter(  # type: ignore[attr-defined]
            ward_id=ward, dissolved_on__isnull=True
        )
        self.fields["mediators"].queryset = models.Mediator.objects.filter(  # type: ignore[attr-defined]
            team__ward_id=ward
        ).serving_on(timezone.localdate())


class SessionForm(DisputeStepForm):
    held_on = _date(_("Ngày hòa giải"))
    mediators = forms.ModelMultipleChoiceField(
        label=_("Hòa giải viên"), queryset=models.Mediator.objects.none(), required=False
    )
    invited = forms.CharField(label=_("Người được mời tham gia"), max_length=255, required=False)
    attendees = forms.CharField(label=_("Các bên có mặt"), max_length=255, required=False)
    agreed = _text(_("Nội dung đã thỏa thuận"))
    demands = _text(_("Yêu cầu còn lại của các bên"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = models.Mediator.objects.filter(  # type: ignore[attr-defined]
            team__ward_id=self.dispute.ward_id
        )


class OutcomeForm(DisputeStepForm):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=choices.DisputeStatus.outcomes())
    closed_on = _date(_("Ngày kết thúc"))
    agreement = _text(_("Nội dung thỏa thuận (khi hòa giải thành)"))
    obligations = _text(_("Nghĩa vụ của mỗi bên"))
    deadline = _date(_("Thời hạn thực hiện"), required=False)
    guidance = _text(_("Đã hướng dẫn các bên (khi không thành)"))
    tip_category = forms.ModelChoiceField(
        label=_("Loại vụ việc của tin báo sẽ lập (khi ngoài phạm vi)"),
        queryset=OffenceCategory.objects.filter(is_active=True),
        required=False,
    )
    note = _text(_("Ghi chú"))


class FollowUpForm(DisputeStepForm):
    compliance = forms.ChoiceField(
        label=_("Kết quả theo dõi"),
        choices=[
            (choices.Compliance.KEPT, choices.Compliance.KEPT.label),
            (choices.Compliance.BROKEN, choices.Compliance.BROKEN.label),
        ],
    )
    checked_on = _date(_("Ngày kiểm tra"))
    note = _text(_("Ghi chú"))


class BookForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Tổ hòa giải"), queryset=models.MediationTeam.objects.none()
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2999)
    number = forms.CharField(label=_("Quyển số"), max_length=20)
    opened_on = _date(_("Ngày mở sổ"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = models.MediationTeam.objects.all()  # type: ignore[attr-defined]


class CloseBookForm(forms.Form):
    closed_on = _date(_("Ngày khóa sổ"))
    summary = _text(_("Phần tổng hợp của tổ trưởng"), required=True)
