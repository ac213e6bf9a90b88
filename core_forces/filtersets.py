"""Filters of the core forces API (django-filter), matching the admin's list filters.

Every filter is declared one by one and `Meta.fields` stays empty (automatic filters would query
the scoped managers at import). Related rows are named by code (kind, ward) or id.
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core_forces import choices, models
from wardsec.api.filters import SANE_DATES, IdFilter


def _ward() -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name="ward__code", label=_("Mã phường/xã"))


class ForceUnitFilterSet(django_filters.FilterSet):
    ward = _ward()
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Mã loại đơn vị"))
    neighbourhood = IdFilter(field_name="neighbourhoods", label=_("Mã số khu phố/ấp"))
    existing_on = django_filters.DateFilter(
        method="filter_existing_on", label=_("Còn hoạt động vào ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.ForceUnit
        fields: list[str] = []

    def filter_existing_on(self, queryset: QuerySet, name: str, value: datetime.date):
        return queryset.existing_on(value)  # type: ignore[attr-defined]


class ForceMemberFilterSet(django_filters.FilterSet):
    ward = _ward()
    unit = IdFilter(field_name="memberships__unit", distinct=True, label=_("Mã số đơn vị"))
    in_force_on = django_filters.DateFilter(
        method="filter_in_force_on", label=_("Thuộc lực lượng vào ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.ForceMember
        fields: list[str] = []

    def filter_in_force_on(self, queryset: QuerySet, name: str, value: datetime.date):
        return queryset.in_force_on(value)  # type: ignore[attr-defined]


class UnitMembershipFilterSet(django_filters.FilterSet):
    ward = django_filters.CharFilter(field_name="unit__ward__code", label=_("Mã phường/xã"))
    unit = IdFilter(field_name="unit_id", label=_("Mã số đơn vị"))
    member = IdFilter(field_name="member_id", label=_("Mã số thành viên"))
    role = django_filters.MultipleChoiceFilter(
        choices=choices.UnitRole.choices, label=_("Chức danh")
    )
    current = django_filters.BooleanFilter(
        field_name="ends_on", lookup_expr="isnull", label=_("Đang giữ")
    )
    held_on = django_filters.DateFilter(
        method="filter_held_on", label=_("Đang giữ vào ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.UnitMembership
        fields: list[str] = []

    def filter_held_on(self, queryset: QuerySet, name: str, value: datetime.date):
        return queryset.held_on(value)  # type: ignore[attr-defined]


class TrainingCourseFilterSet(django_filters.FilterSet):
    ward = _ward()
    topic = django_filters.CharFilter(
        field_name="topics__code", distinct=True, label=_("Mã nội dung")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("Bắt đầu từ ngày"), validators=SANE_DATES
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_on",
        lookup_expr="lte",
        label=_("Bắt đầu đến ngày"),
        validators=SANE_DATES,
    )

    class Meta:
        model = models.TrainingCourse
        fields: list[str] = []


class TrainingAttendanceFilterSet(django_filters.FilterSet):
    ward = django_filters.CharFilter(field_name="course__ward__code", label=_("Mã phường/xã"))
    course = IdFilter(field_name="course_id", label=_("Mã số lớp"))
    member = IdFilter(field_name="member_id", label=_("Mã số thành viên"))
    result = django_filters.MultipleChoiceFilter(
        choices=choices.AttendanceResult.choices, label=_("Kết quả")
    )

    class Meta:
        model = models.TrainingAttendance
        fields: list[str] = []


class PatrolFilterSet(django_filters.FilterSet):
    ward = _ward()
    unit = IdFilter(field_name="unit_id", label=_("Mã số đơn vị"))
    kind = django_filters.MultipleChoiceFilter(choices=choices.PatrolKind.choices, label=_("Loại"))
    status = django_filters.MultipleChoiceFilter(
        choices=choices.PatrolStatus.choices, label=_("Tình trạng")
    )
    on_after = django_filters.DateFilter(
        field_name="on", lookup_expr="gte", label=_("Từ ngày"), validators=SANE_DATES
    )
    on_before = django_filters.DateFilter(
        field_name="on", lookup_expr="lte", label=_("Đến ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.Patrol
        fields: list[str] = []


class AllowanceRateFilterSet(django_filters.FilterSet):
    ward = _ward()
    role = django_filters.MultipleChoiceFilter(
        choices=choices.UnitRole.choices, label=_("Chức danh")
    )
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Mã loại đơn vị"))

    class Meta:
        model = models.AllowanceRate
        fields: list[str] = []
