"""Time the tips figures (the report's aggregation) for one ward and for a whole province.

.venv/bin/python bench/figures.py            # after bench/generate.py
"""

from __future__ import annotations

import datetime
import statistics
import time

import _setup  # noqa: F401
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tips.figures import tip_figures
from tips.models import Tip
from wards.figures import province_report_scope, ward_report_scope

PERIOD = {"start": datetime.date(2016, 1, 1), "end": datetime.date(2021, 12, 31)}
RUNS = 7


def timed(ward_ids) -> tuple[float, int, int]:
    durations = []
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = tip_figures(ward_ids=ward_ids, **PERIOD)
            durations.append(time.perf_counter() - started)
    return statistics.median(durations) * 1000, len(queries), result["received"]


def main() -> None:
    with scopes_disabled():
        total = Tip.objects.count()
        ward = ward_report_scope("B0-0")
        province = province_report_scope("B0")
        for label, scope in (
            ("one ward", ward),
            (f"province ({len(province.ward_ids)} wards)", province),
        ):
            ms, queries, received = timed(scope.ward_ids)
            print(
                f"{label:<24} {ms:8.1f} ms median of {RUNS}, {queries} queries, "
                f"{received} tips counted, {total} tips in the table"
            )


if __name__ == "__main__":
    main()
