"""The campaigns' two sections of a report (the contract in `wardsec.figures`): `outreach` and
`welfare`, counted by the database — five and four queries, whatever the number of records.

Every figure is a flow, counted on its record's own date between `start` and `end` (both
included) and also per year (`by_year`), except `feedback_open` (a stock: items of the period's
events still open today):

- `outreach`: `sessions`, their `attendances` (person-visits) and `leaflets`; `broadcasts`
  (airings: an entry standing for several airings counts each); `festivals` and `forums` held
  and their `event_attendances`; `feedback_items` raised at them (on the event's date);
  `by_format` (sessions per format code) and `by_topic` (sessions per topic code — a session on
  two topics counts in both);
- `welfare`: `gift_packages` and `gift_value_vnd` handed out, `houses` and `house_value_vnd`
  handed over, `fund_contributions_vnd`, `donations_vnd` received (cash and in-kind value).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict, cast

from django.db.models import Count, F, Q, QuerySet, Sum

from campaigns.choices import EventKind, FeedbackStatus
from campaigns.models import (
    Broadcast,
    CharityHouse,
    Donation,
    FeedbackItem,
    FundContribution,
    GiftDistribution,
    MovementEvent,
    OutreachSession,
)
from wardsec import figures


class OutreachYear(TypedDict):
    sessions: int
    attendances: int
    leaflets: int
    broadcasts: int
    festivals: int
    forums: int
    event_attendances: int
    feedback_items: int


class OutreachSection(OutreachYear):
    feedback_open: int
    by_format: dict[str, int]
    by_topic: dict[str, int]
    by_year: dict[str, OutreachYear]


class WelfareYear(TypedDict):
    gift_packages: int
    gift_value_vnd: int
    houses: int
    house_value_vnd: int
    fund_contributions_vnd: int
    donations_vnd: int


class WelfareSection(WelfareYear):
    by_year: dict[str, WelfareYear]


def _total(per_year: dict[str, int]) -> int:
    return sum(per_year.values())


def outreach_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> OutreachSection:
    """Outreach of the wards `ward_ids` between `start` and `end` (both included). Runs inside
    a ward scope covering `ward_ids` (or with scoping disabled, for commands)."""
    ids = list(ward_ids)
    sessions = OutreachSession.objects.filter(ward_id__in=ids).between(start, end)
    done = figures.per_year_sums(
        sessions,
        "held_on",
        sessions=Count("pk"),
        attendances=Sum("attendances"),
        leaflets=Sum("leaflets"),
    )
    broadcasts = figures.per_year_sums(
        Broadcast.objects.filter(ward_id__in=ids, aired_on__gte=start, aired_on__lte=end),
        "aired_on",
        broadcasts=Sum("airings"),
    )
    events = figures.per_year_sums(
        MovementEvent.objects.filter(ward_id__in=ids, held_on__gte=start, held_on__lte=end),
        "held_on",
        festivals=Count("pk", filter=Q(kind=EventKind.FESTIVAL)),
        forums=Count("pk", filter=Q(kind=EventKind.FORUM)),
        event_attendances=Sum("attendances"),
    )
    feedback = figures.per_year_sums(
        FeedbackItem.objects.filter(
            ward_id__in=ids, event__held_on__gte=start, event__held_on__lte=end
        ),
        "event__held_on",
        feedback_items=Count("pk"),
        feedback_open=Count("pk", filter=Q(status=FeedbackStatus.OPEN)),
    )
    kinds = figures.grouped_counts(sessions, {"by_format": "format__code"})
    topics = figures.grouped_counts(
        _session_topics(ids, start, end), {"by_topic": "outreachtopic__code"}
    )
    flows = {**done, **broadcasts, **events, "feedback_items": feedback["feedback_items"]}
    section = {name: _total(years) for name, years in flows.items()}
    return cast(
        OutreachSection,
        {
            **section,
            "feedback_open": _total(feedback["feedback_open"]),
            "by_format": kinds["by_format"],
            "by_topic": topics["by_topic"],
            "by_year": figures.by_year(**flows),
        },
    )


def _session_topics(ward_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet:
    """The (session, topic) pairs of the period's sessions — the many-to-many table, so that
    `by_topic` is one GROUP BY (a session on two topics counts in both)."""
    pairs = OutreachSession.topics.through.objects
    return pairs.filter(
        outreachsession__ward_id__in=ward_ids,
        outreachsession__held_on__gte=start,
        outreachsession__held_on__lte=end,
    )


def welfare_figures(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> WelfareSection:
    """Welfare work of the wards `ward_ids` between `start` and `end` (both included)."""
    ids = list(ward_ids)

    def dated(model, field: str):
        return model.objects.filter(
            ward_id__in=ids, **{f"{field}__gte": start, f"{field}__lte": end}
        )

    flows = {
        **figures.per_year_sums(
            dated(GiftDistribution, "distributed_on"),
            "distributed_on",
            gift_packages=Sum("packages"),
            gift_value_vnd=Sum("value_vnd"),
        ),
        **figures.per_year_sums(
            dated(CharityHouse, "handed_over_on"),
            "handed_over_on",
            houses=Count("pk"),
            house_value_vnd=Sum("value_vnd"),
        ),
        **figures.per_year_sums(
            dated(FundContribution, "contributed_on"),
            "contributed_on",
            fund_contributions_vnd=Sum("amount_vnd"),
        ),
        **figures.per_year_sums(
            dated(Donation, "received_on"),
            "received_on",
            donations_vnd=Sum(F("cash_vnd") + F("in_kind_value_vnd")),
        ),
    }
    section = {name: _total(years) for name, years in flows.items()}
    return cast(WelfareSection, {**section, "by_year": figures.by_year(**flows)})
