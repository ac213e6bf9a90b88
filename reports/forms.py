"""Forms of the report pages: the list's filters and a request (scope, period, language).
They check shape only; `services.request_report` holds the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.choices import ReportLanguage, ReportStatus, ScopeKind
from reports.querysets import led_province_ids


def scope_choices(user: Any) -> list[tuple[str, str]]:
    """The wards of the user's scope (those merged away too: their history is reported) and
    the provinces they lead."""
    from wards.models import Province, Ward

    merged = _("đã sáp nhập")
    wards = Ward.objects.select_related("province").order_by("-is_active", "province__name", "name")
    choices = [
        (f"ward:{ward.pk}", ward.full_name if ward.is_active else f"{ward.full_name} ({merged})")
        for ward in wards
    ]
    led = led_province_ids(user)
    provinces = Province.objects.active() if led is None else Province.objects.filter(pk__in=led)
    choices += [(f"province:{p.pk}", f"{p.name} — {_('cả tỉnh')}") for p in provinces]
    return choices


class ReportFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Phạm vi"), required=False, choices=[("", _("Tất cả")), *ScopeKind.choices]
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *ReportStatus.choices]
    )

    def filter(self, queryset: Any) -> Any:
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.for_year(data["year"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


class ReportRequestForm(forms.Form):
    scope = forms.ChoiceField(label=_("Đơn vị"))
    start = forms.DateField(label=_("Từ ngày"), help_text=_("Ngày/tháng/năm, ví dụ 01/01/2016."))
    end = forms.DateField(label=_("Đến ngày"), help_text=_("Ngày/tháng/năm, ví dụ 31/12/2021."))
    language = forms.ChoiceField(
        label=_("Ngôn ngữ"), choices=ReportLanguage.choices, initial=ReportLanguage.VI
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)  # noqa: S101 - declared above
        scope.choices = scope_choices(user)
        year = timezone.localdate().year - 1
        self.fields["start"].initial = datetime.date(year, 1, 1)
        self.fields["end"].initial = datetime.date(year, 12, 31)

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of `services.request_report` (the ward or province loaded)."""
        from wards.models import Province, Ward

        kind, _sep, pk = self.cleaned_data["scope"].partition(":")
        arguments: dict[str, Any] = {
            "kind": kind,
            "start": self.cleaned_data["start"],
            "end": self.cleaned_data["end"],
            "language": self.cleaned_data["language"],
        }
        if kind == ScopeKind.WARD:
            arguments["ward"] = Ward.objects.select_related("province").get(pk=pk)
        else:
            arguments["province"] = Province.objects.get(pk=pk)
        return arguments
