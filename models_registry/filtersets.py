"""Filters of the models registry API (django-filter), matching the admin's list filters.

Every filter is declared one by one and `Meta.fields` stays empty (automatic filters would query
the scoped managers at import). Related rows are named by code (kind, ward) or id.
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from models_registry import choices, models
from wardsec.api.filters import SANE_DATES, IdFilter


def _ward(path: str = "ward__code") -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name=path, label=_("Mã phường/xã"))


class PreventionModelFilterSet(django_filters.FilterSet):
    ward = _ward()
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Mã loại mô hình"))
    status = django_filters.MultipleChoiceFilter(
        choices=choices.ModelStatus.choices, label=_("Tình trạng")
    )
    neighbourhood = IdFilter(field_name="neighbourhoods", label=_("Mã số khu phố/ấp"))

    class Meta:
        model = models.PreventionModel
        fields: list[str] = []


class AssetFilterSet(django_filters.FilterSet):
    ward = _ward("model__ward__code")
    model = IdFilter(field_name="model_id", label=_("Mã số mô hình"))
    kind = django_filters.MultipleChoiceFilter(
        choices=choices.AssetKind.choices, label=_("Loại tài sản")
    )
    neighbourhood = IdFilter(field_name="neighbourhood_id", label=_("Mã số khu phố/ấp"))
    out_of_order = django_filters.BooleanFilter(label=_("Đang hỏng, mất tín hiệu"))
    in_service_on = django_filters.DateFilter(
        method="filter_in_service_on", label=_("Đang sử dụng vào ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.Asset
        fields: list[str] = []

    def filter_in_service_on(self, queryset: QuerySet, name: str, value: datetime.date):
        return queryset.in_service_on(value)  # type: ignore[attr-defined]


class FaultFilterSet(django_filters.FilterSet):
    ward = _ward("asset__model__ward__code")
    asset = IdFilter(field_name="asset_id", label=_("Mã số tài sản"))
    model = IdFilter(field_name="asset__model_id", label=_("Mã số mô hình"))
    status = django_filters.MultipleChoiceFilter(
        choices=choices.FaultStatus.choices, label=_("Trạng thái")
    )

    class Meta:
        model = models.Fault
        fields: list[str] = []


class EvaluationFilterSet(django_filters.FilterSet):
    ward = _ward("model__ward__code")
    model = IdFilter(field_name="model_id", label=_("Mã số mô hình"))
    rating = django_filters.MultipleChoiceFilter(
        choices=choices.Rating.choices, label=_("Đánh giá")
    )

    class Meta:
        model = models.Evaluation
        fields: list[str] = []


class SupervisedPersonFilterSet(django_filters.FilterSet):
    ward = _ward()
    category = django_filters.MultipleChoiceFilter(
        choices=choices.SupervisionCategory.choices, label=_("Diện giám sát")
    )
    supervised_on = django_filters.DateFilter(
        method="filter_supervised_on", label=_("Đang giám sát vào ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.SupervisedPerson
        fields: list[str] = []

    def filter_supervised_on(self, queryset: QuerySet, name: str, value: datetime.date):
        return queryset.supervised_on(value)  # type: ignore[attr-defined]
