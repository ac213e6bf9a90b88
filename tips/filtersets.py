"""Filters of the tips API (django-filter), matching the admin's list filters.

Every filter is declared one by one and `Meta.fields` stays empty: django-filter's automatic
filters query the model's default manager at import, which the ward scope refuses. Related rows
are named by code (category, ward) or id, never by a queryset built at import.
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tips import choices, models
from wardsec.api.filters import SANE_DATES, IdFilter


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class TipFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=choices.TipStatus.choices, label=_("Trạng thái")
    )
    category = django_filters.CharFilter(field_name="category__code", label=_("Mã loại vụ việc"))
    channel = django_filters.MultipleChoiceFilter(
        choices=choices.TipChannel.choices, label=_("Kênh tiếp nhận")
    )
    ward = django_filters.CharFilter(field_name="ward__code", label=_("Mã phường/xã"))
    neighbourhood = IdFilter(field_name="neighbourhood_id", label=_("Mã số khu phố/ấp"))
    assignee = django_filters.CharFilter(
        field_name="assignee__username", label=_("Tên đăng nhập cán bộ được giao")
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assignee", lookup_expr="isnull", label=_("Chưa giao cho ai")
    )
    case = IdFilter(field_name="case_id", label=_("Mã số vụ việc"))
    received_after = django_filters.DateFilter(
        method="filter_received_after", label=_("Tiếp nhận từ ngày"), validators=SANE_DATES
    )
    received_before = django_filters.DateFilter(
        method="filter_received_before", label=_("Tiếp nhận đến ngày"), validators=SANE_DATES
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Quá hạn phân loại"))

    class Meta:
        model = models.Tip
        fields: list[str] = []

    def filter_received_after(self, queryset: QuerySet, name: str, value: datetime.date):
        return queryset.filter(received_at__gte=_day_start(value))

    def filter_received_before(self, queryset: QuerySet, name: str, value: datetime.date):
        """Up to the end of that day (inclusive), in the site's time zone."""
        return queryset.filter(received_at__lt=_day_start(value + datetime.timedelta(days=1)))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool):
        overdue = queryset.overdue()  # type: ignore[attr-defined]
        if value:
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))


class CaseFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=choices.CaseStatus.choices, label=_("Trạng thái")
    )
    category = django_filters.CharFilter(
        field_name="categories__code", distinct=True, label=_("Mã loại vụ việc")
    )
    ward = django_filters.CharFilter(field_name="ward__code", label=_("Mã phường/xã"))
    officer_in_charge = django_filters.CharFilter(
        field_name="officer_in_charge__username", label=_("Tên đăng nhập cán bộ thụ lý")
    )
    opened_after = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="gte", label=_("Thụ lý từ ngày")
    )
    opened_before = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="lte", label=_("Thụ lý đến ngày")
    )
    clarified_after = django_filters.DateFilter(
        field_name="clarified_on", lookup_expr="gte", label=_("Làm rõ từ ngày")
    )
    clarified_before = django_filters.DateFilter(
        field_name="clarified_on", lookup_expr="lte", label=_("Làm rõ đến ngày")
    )

    class Meta:
        model = models.Case
        fields: list[str] = []


class SubjectFilterSet(django_filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Mã số vụ việc"))
    offence = django_filters.CharFilter(field_name="offence__code", label=_("Mã hành vi"))
    outcome = django_filters.MultipleChoiceFilter(
        choices=choices.SubjectOutcome.choices, label=_("Kết quả xử lý")
    )
    ward = django_filters.CharFilter(field_name="case__ward__code", label=_("Mã phường/xã"))

    class Meta:
        model = models.Subject
        fields: list[str] = []


class TipMessageFilterSet(django_filters.FilterSet):
    tip = IdFilter(field_name="tip_id", label=_("Mã số tin báo"))
    kind = django_filters.MultipleChoiceFilter(
        choices=choices.MessageKind.choices, label=_("Loại trao đổi")
    )

    class Meta:
        model = models.TipMessage
        fields: list[str] = []


class OffenceCategoryFilterSet(django_filters.FilterSet):
    is_active = django_filters.BooleanFilter(label=_("Đang dùng"))

    class Meta:
        model = models.OffenceCategory
        fields: list[str] = []
