"""Filters of the mediation API (django-filter), matching the admin's list filters. Every filter
is declared one by one and `Meta.fields` stays empty (automatic filters would query the scoped
managers at import)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mediation import choices, models
from wardsec.api.filters import SANE_DATES, IdFilter, YearFilter


def _ward(path: str = "ward__code") -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name=path, label=_("Mã phường/xã"))


class MediationTeamFilterSet(django_filters.FilterSet):
    ward = _ward()
    neighbourhood = IdFilter(field_name="neighbourhood_id", label=_("Mã số khu phố/ấp"))
    active = django_filters.BooleanFilter(
        field_name="dissolved_on", lookup_expr="isnull", label=_("Đang hoạt động")
    )

    class Meta:
        model = models.MediationTeam
        fields: list[str] = []


class MediatorFilterSet(django_filters.FilterSet):
    ward = _ward("team__ward__code")
    team = IdFilter(field_name="team_id", label=_("Mã số tổ hòa giải"))
    role = django_filters.MultipleChoiceFilter(
        choices=choices.MediatorRole.choices, label=_("Chức danh")
    )
    serving = django_filters.BooleanFilter(
        field_name="ends_on", lookup_expr="isnull", label=_("Đang tham gia")
    )

    class Meta:
        model = models.Mediator
        fields: list[str] = []


class DisputeFilterSet(django_filters.FilterSet):
    ward = _ward()
    team = IdFilter(field_name="team_id", label=_("Mã số tổ hòa giải"))
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Mã loại tranh chấp"))
    status = django_filters.MultipleChoiceFilter(
        choices=choices.DisputeStatus.choices, label=_("Kết quả")
    )
    source = django_filters.MultipleChoiceFilter(
        choices=choices.DisputeSource.choices, label=_("Nguồn")
    )
    compliance = django_filters.MultipleChoiceFilter(
        choices=choices.Compliance.choices, label=_("Theo dõi thực hiện")
    )
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Nhận từ ngày"), validators=SANE_DATES
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Nhận đến ngày"), validators=SANE_DATES
    )

    class Meta:
        model = models.Dispute
        fields: list[str] = []


class PartyFilterSet(django_filters.FilterSet):
    ward = _ward("dispute__ward__code")
    dispute = IdFilter(field_name="dispute_id", label=_("Mã số vụ việc"))

    class Meta:
        model = models.Party
        fields: list[str] = []


class MediationSessionFilterSet(django_filters.FilterSet):
    ward = _ward("dispute__ward__code")
    dispute = IdFilter(field_name="dispute_id", label=_("Mã số vụ việc"))

    class Meta:
        model = models.MediationSession
        fields: list[str] = []


class RecordBookFilterSet(django_filters.FilterSet):
    ward = _ward()
    team = IdFilter(field_name="team_id", label=_("Mã số tổ hòa giải"))
    year = YearFilter(field_name="year", label=_("Năm"))

    class Meta:
        model = models.RecordBook
        fields: list[str] = []
