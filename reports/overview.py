"""The year so far against the same days a year earlier, for the dashboard: each section's
counts (the flows of `by_year`), from the registered providers, in a constant number of
queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from reports import compose, labels
from wards.figures import ReportScope


@dataclass
class Line:
    section: str
    key: str
    label: str
    now: int
    before: int

    @property
    def bar_now(self) -> int:
        """Bar widths out of 100 for the small chart."""
        peak = max(self.now, self.before) or 1
        return round(100 * self.now / peak)

    @property
    def bar_before(self) -> int:
        peak = max(self.now, self.before) or 1
        return round(100 * self.before / peak)


def _same_day_a_year_earlier(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_so_far(scope: ReportScope, today: datetime.date, language: str) -> list[Line]:
    start = today.replace(month=1, day=1)
    before_end = _same_day_a_year_earlier(today)
    now = compose.figures_for(
        scope=scope.as_dict(), ward_ids=scope.ward_ids, start=start, end=today
    )
    before = compose.figures_for(
        scope=scope.as_dict(),
        ward_ids=scope.ward_ids,
        start=start.replace(year=start.year - 1),
        end=before_end,
    )
    flows = {
        (section, key)
        for year in (*now["by_year"].values(), *before["by_year"].values())
        for section, counts in year.items()
        for key in counts
    }
    lines = []
    for section in compose.sections(now):
        current: Any = now[section]
        if not isinstance(current, dict):
            continue
        for key, value in current.items():
            if (section, key) in flows and not key.endswith("_vnd"):
                lines.append(
                    Line(
                        section=labels.word(labels.SECTIONS, section, language),
                        key=key,
                        label=labels.word(labels.KEYS, key, language),
                        now=int(value),
                        before=int(before.get(section, {}).get(key, 0)),
                    )
                )
    return lines
