"""Filters of the reports API: scope, year, status, language (declared one by one)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reports import choices, models
from wardsec.api.filters import YearFilter


class ReportFilterSet(django_filters.FilterSet):
    ward = django_filters.CharFilter(field_name="ward__code", label=_("Mã phường/xã"))
    province = django_filters.CharFilter(field_name="province__code", label=_("Mã tỉnh"))
    kind = django_filters.ChoiceFilter(choices=choices.ScopeKind.choices, label=_("Phạm vi"))
    status = django_filters.ChoiceFilter(
        choices=choices.ReportStatus.choices, label=_("Trạng thái")
    )
    language = django_filters.ChoiceFilter(
        choices=choices.ReportLanguage.choices, label=_("Ngôn ngữ")
    )
    year = YearFilter(method="filter_year", label=_("Năm"))

    class Meta:
        model = models.Report
        fields: list[str] = []

    def filter_year(self, queryset: QuerySet, name: str, value: int):
        return queryset.for_year(int(value))  # type: ignore[attr-defined]
