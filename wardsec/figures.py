"""Figures for reports: the contract every app's section keeps, the provider protocol, the
registry of providers, and the counting helpers each provider is built from.

The figures contract (the repository's copy of ../shared/DESIGN.md, "The figures contract")
================================================================================

A report is one JSON object::

    {"schema": "wardsec.report/1",
     "scope": {"kind": "ward" | "province", "code": "...", "name": "...", "province": "..."},
     "period": {"start": "2016-01-01", "end": "2021-12-31"},
     "<section>": {...},            # one per app: "tips", "outreach", "mediation", "welfare",
     ...                            # "core_forces"; "models" is a list of records (one per model)
     "by_year": {"2016": {"<section>": {...}}}}

Each app contributes its section through a provider, declared on its AppConfig as
`figures_provider = ("<section>", "<app>.figures.<function>")` (or a list of such pairs, one
per section the app writes) and called as
`provider(ward_ids=..., start=..., end=...)`. A section keeps these rules (`check_section`
enforces them; tests/wardsec/test_figures_contract.py runs it over every registered provider):

1. Keys are stable: new keys may be added, none renamed or removed.
2. Counts are `int` (0 when nothing happened, never `None`, never `float`, never `bool`).
3. Money is integer VND, in keys ending `_vnd`. Shares end `_pct` and are the only floats.
4. A breakdown `by_<dimension>` maps a code (`str`) to an `int`, sorted by code.
5. `by_year` maps a four-digit year (`"2016"`) to that year's counts of the section. A count
   that appears in `by_year` is a flow counted on its record's own date (a tip on the day it was
   received, a case and its subjects on the day the case was clarified, a dispute on the day it
   closed, a session, gift or contribution on the day it happened), so its years sum to the
   section's total of the same key. Stocks (figures as they stand on the period's last day,
   such as core-force members) stay out of `by_year`.
6. Years and days are Vietnamese local time (`TIME_ZONE`); `start` and `end` are both included.
7. A provider runs inside a ward scope covering `ward_ids` (or with scoping disabled, for
   commands), and costs a constant number of queries whatever the number of records.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypedDict

from django.db.models import Aggregate, Count, Expression, F, QuerySet
from django.db.models.functions import ExtractYear

from wardsec import registry

SCHEMA = "wardsec.report/1"
YEAR = re.compile(r"^[12][0-9]{3}$")

Breakdown = dict[str, int]
"""`by_<dimension>`: code → count."""


class ScopeSection(TypedDict):
    kind: str  # "ward" or "province"
    code: str
    name: str
    province: str


class PeriodSection(TypedDict):
    start: str  # ISO date, included
    end: str  # ISO date, included


class FiguresProvider(Protocol):
    """An app's figures: its section of the report for records of `ward_ids` dated between
    `start` and `end` (both included)."""

    def __call__(
        self, *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
    ) -> Mapping[str, Any] | Sequence[Mapping[str, Any]]: ...


def providers() -> dict[str, FiguresProvider]:
    """{section name: provider} of every installed app (AppConfig.figures_provider)."""
    return registry.figures_providers()


Section = Mapping[str, Any] | Sequence[Mapping[str, Any]]
"""A provider's answer: a mapping of counts, or a list of records (the models: one each)."""


def collect(
    *, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[str, Section]:
    """Every app's section for the same wards and period, keyed by section name."""
    ids = list(ward_ids)
    return {
        section: provider(ward_ids=ids, start=start, end=end)
        for section, provider in providers().items()
    }


def report(
    *, scope: ScopeSection, ward_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """The whole report object of the contract: schema, scope, period, every app's section
    (without its `by_year`) and one `by_year` holding each section's years."""
    collected = collect(ward_ids=ward_ids, start=start, end=end)
    # A list section (the models) is a list of records, stocks: it has no `by_year`.
    sections = {name: s for name, s in collected.items() if isinstance(s, Mapping)}
    years = sorted({year for section in sections.values() for year in section.get("by_year", {})})
    return {
        "schema": SCHEMA,
        "scope": scope,
        "period": PeriodSection(start=start.isoformat(), end=end.isoformat()),
        **{
            name: (
                {key: value for key, value in section.items() if key != "by_year"}
                if isinstance(section, Mapping)
                else list(section)
            )
            for name, section in collected.items()
        },
        "by_year": {
            year: {
                name: section["by_year"].get(year, {})
                for name, section in sections.items()
                if "by_year" in section
            }
            for year in years
        },
    }


# --- Counting helpers ---------------------------------------------------------------------------


def per_year(queryset: QuerySet, date_field: str) -> Breakdown:
    """Rows of `queryset` counted by the year of `date_field` (local time), in one query:
    {"2016": n, ...}, sorted."""
    rows = (
        queryset.order_by()
        .annotate(year=ExtractYear(date_field))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    return {str(year): n for year, n in sorted(rows)}


def per_year_sums(
    queryset: QuerySet, date_field: str, **aggregates: Aggregate
) -> dict[str, dict[str, int]]:
    """Several aggregates of `queryset` per year of `date_field` (local time), in one query:
    ``per_year_sums(sessions, "held_on", sessions=Count("pk"), attendances=Sum("attendances"))``
    → ``{"sessions": {"2016": 3}, "attendances": {"2016": 120}}`` (a sum over no rows: 0)."""
    rows = (
        queryset.order_by()
        .annotate(_year=ExtractYear(date_field))
        .values("_year")
        .annotate(**aggregates)
    )
    result: dict[str, dict[str, int]] = {name: {} for name in aggregates}
    for row in sorted(rows, key=lambda row: row["_year"]):
        for name in aggregates:
            result[name][str(row["_year"])] = int(row[name] or 0)
    return result


def grouped_counts(
    queryset: QuerySet, dimensions: Mapping[str, str | Expression]
) -> dict[str, Breakdown]:
    """Rows of `queryset` counted along several dimensions in one GROUP BY over all of them
    together (its groups are few: codes × years), summed here per dimension.

    `dimensions` maps a breakdown name to a field path or an expression, e.g.
    ``{"by_category": "category__code", "by_year": ExtractYear("received_at")}``. Keys come back
    as strings, each breakdown sorted by key.
    """
    aliases = {f"_dim{i}": name for i, name in enumerate(dimensions)}
    expressions = {
        alias: F(value) if isinstance(value, str) else value
        for alias, value in zip(aliases, dimensions.values(), strict=True)
    }
    rows = queryset.order_by().annotate(**expressions).values(*aliases).annotate(_n=Count("pk"))
    result: dict[str, Counter[str]] = {name: Counter() for name in dimensions}
    for row in rows:
        for alias, name in aliases.items():
            result[name][str(row[alias])] += row["_n"]
    return {name: dict(sorted(counter.items())) for name, counter in result.items()}


def by_year(**counts_per_year: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Pivot per-year counts into the contract's `by_year`: every year any of them has, each
    with every key (0 where nothing happened). `by_year(received={"2016": 3}, closed={})`
    → ``{"2016": {"received": 3, "closed": 0}}``."""
    years = sorted({year for per in counts_per_year.values() for year in per})
    return {year: {key: per.get(year, 0) for key, per in counts_per_year.items()} for year in years}


# --- The contract, checked ----------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_value(path: str, key: str, value: Any) -> list[str]:
    if key.endswith("_pct"):
        return [] if isinstance(value, float | int) and not isinstance(value, bool) else [path]
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in _check_value(f"{path}.{k}", str(k), v)]
    if isinstance(value, list):  # a list of records (e.g. models): only their counts are checked
        return [p for i, item in enumerate(value) for p in _check_value(f"{path}[{i}]", "", item)]
    if isinstance(value, str) or _is_int(value):
        return []
    return [path]


def _check_breakdowns(section: Mapping[str, Any]) -> list[str]:
    problems = []
    for key, value in section.items():
        if key.startswith("by_") and key != "by_year":
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and _is_int(v) for k, v in value.items()
            ):
                problems.append(f"{key}: not a mapping of codes to integer counts")
            elif list(value) != sorted(value):
                problems.append(f"{key}: not sorted by code")
    return problems


def _check_by_year(section: Mapping[str, Any]) -> list[str]:
    years = section.get("by_year", {})
    problems = [f"by_year.{year}: not a four-digit year" for year in years if not YEAR.match(year)]
    keys = {key for counts in years.values() for key in counts}
    for key in sorted(keys):
        if key in section and _is_int(section[key]):
            total = sum(counts.get(key, 0) for counts in years.values())
            if total != section[key]:
                problems.append(f"by_year: {key} sums to {total}, the total is {section[key]}")
    return problems


def check_section(section: Section) -> list[str]:
    """The ways `section` breaks the contract (rules 2–5 above); empty when it keeps it. A
    list section's records are checked one by one (`[0].indicators.bulbs: ...`)."""
    if not isinstance(section, Mapping):
        return [
            f"[{index}].{problem}" if isinstance(record, Mapping) else f"[{index}]: not a record"
            for index, record in enumerate(section)
            for problem in (check_section(record) if isinstance(record, Mapping) else [""])
        ]
    problems = [
        f"{path}: not an integer count"
        for key, value in section.items()
        for path in _check_value(key, key, value)
    ]
    return problems + _check_breakdowns(section) + _check_by_year(section)
