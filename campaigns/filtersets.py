"""Filters of the campaigns API (django-filter), matching the admin's list filters: a date range
(`<date>_after` / `<date>_before`, both included), format, topic, neighbourhood, partner, and
the kinds and statuses of each record. Every filter is declared one by one and `Meta.fields`
stays empty (automatic filters would query the scoped managers at import)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns import choices, models
from wardsec.api.filters import SANE_DATES, IdFilter, YearFilter


def _ward() -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name="ward__code", label=_("Mã phường/xã"))


def _range(field: str) -> dict[str, django_filters.DateFilter]:
    """`<field>_after` and `<field>_before`: the days from and up to (both included)."""
    return {
        f"{field}_after": django_filters.DateFilter(
            field_name=field, lookup_expr="gte", label=_("Từ ngày"), validators=SANE_DATES
        ),
        f"{field}_before": django_filters.DateFilter(
            field_name=field, lookup_expr="lte", label=_("Đến ngày"), validators=SANE_DATES
        ),
    }


def _code(path: str, label, distinct: bool = False) -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name=path, label=label, distinct=distinct)


def _filterset(model, **filters) -> type[django_filters.FilterSet]:
    meta = type("Meta", (), {"model": model, "fields": []})
    attrs = {"ward": _ward(), **filters, "Meta": meta}
    return type(f"{model.__name__}FilterSet", (django_filters.FilterSet,), attrs)


OutreachPlanFilterSet = _filterset(
    models.OutreachPlan, year=YearFilter(field_name="year", label=_("Năm"))
)

OutreachSessionFilterSet = _filterset(
    models.OutreachSession,
    **_range("held_on"),
    # Not `format`: DRF reads `?format=` as the answer's format (json, api).
    session_format=_code("format__code", _("Mã hình thức")),
    topic=_code("topics__code", _("Mã nội dung"), distinct=True),
    neighbourhood=IdFilter(field_name="neighbourhoods", distinct=True, label=_("Mã số khu phố/ấp")),
    partner=_code("partners__code", _("Mã đơn vị phối hợp"), distinct=True),
)

BroadcastFilterSet = _filterset(
    models.Broadcast,
    **_range("aired_on"),
    topic=_code("topics__code", _("Mã chủ đề"), distinct=True),
    neighbourhood=IdFilter(field_name="neighbourhoods", distinct=True, label=_("Mã số khu phố/ấp")),
)

MovementEventFilterSet = _filterset(
    models.MovementEvent,
    **_range("held_on"),
    kind=django_filters.MultipleChoiceFilter(choices=choices.EventKind.choices, label=_("Loại")),
    partner=_code("partners__code", _("Mã đơn vị phối hợp"), distinct=True),
)


class FeedbackItemFilterSet(
    _filterset(  # type: ignore[misc]
        models.FeedbackItem,
        **_range("deadline"),
        event=IdFilter(field_name="event_id", label=_("Mã số sự kiện")),
        status=django_filters.MultipleChoiceFilter(
            choices=choices.FeedbackStatus.choices, label=_("Tình trạng")
        ),
    )
):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Quá hạn trả lời"))

    class Meta:
        model = models.FeedbackItem
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = queryset.overdue()  # type: ignore[attr-defined]
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


DonationFilterSet = _filterset(
    models.Donation,
    **_range("received_on"),
    donor_kind=django_filters.MultipleChoiceFilter(
        choices=choices.DonorKind.choices, label=_("Nhà tài trợ là")
    ),
)

GiftDistributionFilterSet = _filterset(
    models.GiftDistribution,
    **_range("distributed_on"),
    beneficiary_group=_code("beneficiary_group__code", _("Mã đối tượng nhận")),
    neighbourhood=IdFilter(field_name="neighbourhoods", distinct=True, label=_("Mã số khu phố/ấp")),
)

CharityHouseFilterSet = _filterset(
    models.CharityHouse,
    **_range("handed_over_on"),
    neighbourhood=IdFilter(field_name="neighbourhood_id", label=_("Mã số khu phố/ấp")),
)

FundContributionFilterSet = _filterset(
    models.FundContribution,
    **_range("contributed_on"),
    fund=_code("fund__code", _("Mã quỹ")),
)
