"""Filters of the wards API (django-filter).

Filters of ward-owned models are declared one by one: django-filter's automatic filters (from
Meta.fields) query the model's default manager at import, which the ward scope refuses.
"""

import django_filters

from wards import choices, models


class WardFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=choices.WardKind.choices)
    province = django_filters.CharFilter(field_name="province__code", label="Mã tỉnh")
    is_active = django_filters.BooleanFilter()
    accepts_public_tips = django_filters.BooleanFilter()

    class Meta:
        model = models.Ward
        fields: list[str] = []


class NeighbourhoodFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=choices.NeighbourhoodKind.choices)
    ward = django_filters.CharFilter(field_name="ward__code", label="Mã phường/xã")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = models.Neighbourhood
        fields: list[str] = []


class MembershipFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=choices.Role.choices)
    ward = django_filters.CharFilter(field_name="ward__code", label="Mã phường/xã")
    is_duty_officer = django_filters.BooleanFilter()

    class Meta:
        model = models.Membership
        fields: list[str] = []
