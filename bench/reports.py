"""Reports on generated data (bench/generate.py), side by side in one run:

1. a ward's 2016–2021 figures (every registered provider, `reports.services.scope_figures`)
   against the same SQL timed inside PostgreSQL (each query the ORM sent, run again with
   EXPLAIN ANALYZE: planning + execution), and the query count, which must not change with
   the amount of data (the province's smallest and largest ward are compared);
2. a province report's figures built by a Celery worker with 1 and with 2 processes (request →
   every ward's part counted);
3. a ward's PDF + DOCX + XLSX (in a fresh process: time and peak RSS).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wardsec_bench_h6 \\
        .venv/bin/python bench/generate.py --provinces 1 --wards 200 --tips 5000   # 1M tips
    DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
import time
import uuid

import _setup  # noqa: F401
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from reports import services
from reports.choices import ReportStatus, ScopeKind
from reports.models import Report, ReportPart
from tips.models import Tip
from wards.figures import province_report_scope, ward_report_scope
from wards.models import Province, Ward
from wardsec.celery import app

START, END = datetime.date(2016, 1, 1), datetime.date(2021, 12, 31)
RUNS = 5


def ward_figures(code: str) -> dict:
    """Median time, query count and PostgreSQL's own time for the same queries."""
    scope = ward_report_scope(code)
    durations = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            figures = services.scope_figures(scope, START, END)
            durations.append(time.perf_counter() - started)
    database_ms = 0.0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0][0]
            database_ms += plan["Planning Time"] + plan["Execution Time"]
    return {
        "ward": code,
        "tips": figures["tips"]["received"],
        "ms": round(statistics.median(durations) * 1000, 1),
        "queries": len(captured.captured_queries),
        "sql_in_postgresql_ms": round(database_ms, 1),
    }


def province_build(code: str, processes: int) -> float:
    """Seconds from the request to every ward's part counted, on a worker of `processes`."""
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "CELERY_QUEUE": queue, "DEBUG": "1"}
    worker = subprocess.Popen(  # noqa: S603 - our own worker
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wardsec",
            "worker",
            "--pool=prefork",
            f"--concurrency={processes}",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "-n",
            f"{queue}@bench",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(destination=[f"{queue}@bench"], timeout=1.0):
            if time.monotonic() > deadline:
                raise RuntimeError("the worker did not start")
        province = Province.objects.get(code=code)
        started = time.perf_counter()
        report = services.request_report(
            actor=None, kind=ScopeKind.PROVINCE, province=province, start=START, end=END
        )
        wards = len(province_report_scope(code).ward_ids)
        counted = ReportPart.objects.filter(report_id=report.pk, figures__isnull=False)
        while counted.count() < wards:
            state = Report.province_reports.values("status", "error").get(pk=report.pk)
            if state["status"] == ReportStatus.FAILED:
                raise RuntimeError(state["error"])
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)


RENDER = """
import json, resource, sys, time
sys.path.insert(0, "bench")
import _setup  # noqa
from django_scopes import scopes_disabled
from reports import services
from wards.figures import ward_report_scope
import datetime
period = datetime.date(2016, 1, 1), datetime.date(2021, 12, 31)
with scopes_disabled():
    figures = services.scope_figures(ward_report_scope(sys.argv[1]), *period)
started = time.perf_counter()
sizes = {fmt: len(services.render_file(figures, language="vi", fmt=fmt))
         for fmt in ("pdf", "docx", "xlsx")}
print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "sizes": sizes,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def render(code: str) -> dict:
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RENDER, code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with scopes_disabled():
        total = Tip.objects.count()
        wards = list(Ward.objects.filter(code__startswith="B0-").values_list("code", flat=True))
        by_size = sorted(wards, key=lambda code: Tip.objects.filter(ward__code=code).count())
        print(f"{total:,} tips in the database; province B0 of {len(wards)} wards")
        small, large = ward_figures(by_size[0]), ward_figures(by_size[-1])
        print("ward figures 2016-2021:", json.dumps(large))
        print("  smallest ward (query count must match):", json.dumps(small))
        assert small["queries"] == large["queries"], "query count grows with the data"
        print(f"  province scope: {len(province_report_scope('B0').ward_ids)} wards")
        one = province_build("B0", 1)
        two = province_build("B0", 2)
        print(
            f"province figures by a worker: 1 process {one:.2f} s, 2 processes {two:.2f} s, "
            f"speed-up {one / two:.2f}x"
        )
        print("PDF + DOCX + XLSX of a ward:", json.dumps(render(by_size[-1])))


if __name__ == "__main__":
    main()
