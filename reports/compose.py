"""A report's figures: composed from every registered figures provider (`wardsec.figures`),
never counted here. A province report is the sum of its wards' figures (`merge`).

Merging follows the contract: counts and money add up, breakdowns add up code by code,
`by_year` adds up year by year, lists of records (the models) are joined, and a share
(`<x>_pct`) is recomputed from the merged counts — `SHARE_BASES` names the count it is a share
of (`trained_pct` = trained / members), so a province's share is not an average of averages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from wardsec import figures

# Share key → (count, base) in the same section: share = 100 * count / base.
SHARE_BASES = {"trained_pct": ("trained", "members")}
META_KEYS = ("schema", "scope", "period")


def figures_for(
    *,
    scope: figures.ScopeSection,
    ward_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
) -> dict[str, Any]:
    """The report object of the contract for `ward_ids` (every registered section)."""
    return figures.report(scope=scope, ward_ids=ward_ids, start=start, end=end)


def _add(a: Any, b: Any, key: str = "") -> Any:
    if isinstance(a, bool) or isinstance(b, bool):
        return a or b
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        merged = {
            k: _add(a[k], b[k], k) if k in a and k in b else a.get(k, b.get(k)) for k in {**a, **b}
        }
        if key.startswith("by_") and key != "by_year" or key == "by_year":
            return dict(sorted(merged.items()))
        return {k: merged[k] for k in [*a, *(k for k in b if k not in a)]}
    if isinstance(a, list) and isinstance(b, list):
        return [*a, *b]
    return a  # strings (names, codes) and shares: recomputed below


def _recompute_shares(section: Any) -> Any:
    if isinstance(section, dict):
        for share, (count, base) in SHARE_BASES.items():
            if share in section and count in section and base in section:
                whole = section[base]
                section[share] = round(100 * section[count] / whole, 1) if whole else 0.0
        for value in section.values():
            _recompute_shares(value)
    return section


def merge(
    parts: Iterable[Mapping[str, Any]],
    *,
    scope: figures.ScopeSection,
    start: datetime.date,
    end: datetime.date,
) -> dict[str, Any]:
    """The sum of several wards' report objects (same period), under `scope`."""
    total: dict[str, Any] = {}
    for part in parts:
        body = {k: v for k, v in part.items() if k not in META_KEYS}
        total = _add(total, body) if total else dict(body)
    merged = {
        "schema": figures.SCHEMA,
        "scope": dict(scope),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        **total,
    }
    merged.setdefault("by_year", {})
    return _recompute_shares(merged)


def sections(report_figures: Mapping[str, Any]) -> list[str]:
    """The names of the sections a report holds (whatever the providers registered); not
    `by_year`, nor `previous` (a yearly report's year before, for the comparison)."""
    return [k for k in report_figures if k not in (*META_KEYS, "by_year", "previous")]
