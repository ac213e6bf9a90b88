"""Reports built by real Celery workers on Redis and PostgreSQL:

- the demo ward's 2016–2021 report reproduces the seed figures (JSON and PDF text);
- a province report fans out one task per ward over both processes of a 2-process worker,
  the last part publishes the merge, the figures are the sum of the wards';
- a worker killed in the middle of a build leaves the report "building"; the sweeper queues it
  again and another worker finishes it.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; skipped without them, a failure in CI."""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import signal
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from reports import services
from reports.choices import ReportStatus, ScopeKind
from reports.models import Report, ReportPart
from tests import factories
from tests.integration.test_celery_worker import (
    CELERY,
    START_TIMEOUT,
    WORKER_ENV_DROPPED,
    Worker,
    _forget_queue,
    _test_database_url,
    services_up,  # noqa: F401 - a fixture
    wait_for,
)
from tests.reports.factories import restore_catalogues
from tests.tips.factories import ensure_catalogue, make_tip
from wards.models import Ward
from wardsec.celery import app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
BUILD_TIMEOUT = 180


@contextlib.contextmanager
def running_worker(settings, tmp_path, queue: str, concurrency: int) -> Iterator[Worker]:
    name = f"{queue}-{uuid.uuid4().hex[:4]}@{os.uname().nodename}"
    log = tmp_path / f"{name}.log"
    env = {k: v for k, v in os.environ.items() if k not in WORKER_ENV_DROPPED}
    env.update(
        REDIS_URL=settings.REDIS_URL,
        DATABASE_URL=_test_database_url(),
        CELERY_QUEUE=queue,
        DEBUG="1",
        WARDSEC_TESTING="1",
        PYTHONUNBUFFERED="1",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    pool = ["--pool=prefork", f"--concurrency={concurrency}"]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [
                str(CELERY),
                "-A",
                "wardsec",
                "worker",
                *pool,
                "--loglevel=INFO",
                "-Q",
                queue,
                "-n",
                name,
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Worker(process, name, log, tmp_path)
    try:
        wait_for(running.answers_ping, START_TIMEOUT, "the worker to answer a ping", log)
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@pytest.fixture
def queue(services_up, settings):  # noqa: F811
    name = f"wardsec-test-{uuid.uuid4().hex[:10]}"
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=name)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield name
    app.conf.update(saved)
    _forget_queue(settings.REDIS_URL, name)


def report_state(report_id: int, kind: str):
    with scopes_disabled():
        manager = Report.province_reports if kind == ScopeKind.PROVINCE else Report.objects
        return manager.get(pk=report_id)


def finished(report_id: int, kind: str):
    report = report_state(report_id, kind)
    return report if report.status in (ReportStatus.DONE, ReportStatus.FAILED) else None


def request_demo_report() -> Report:
    restore_catalogues()
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        ward = Ward.objects.get(code="DEMO-P3")
        return services.request_report(
            actor=None,
            kind=ScopeKind.WARD,
            ward=ward,
            start=datetime.date(2016, 1, 1),
            end=datetime.date(2021, 12, 31),
        )


def test_the_demo_report_through_a_worker_reproduces_the_seed(queue, settings, tmp_path):
    from tests.reports.test_acceptance import check_seed_figures, pdf_text

    report = request_demo_report()
    with running_worker(settings, tmp_path, queue, concurrency=1) as worker:
        done = wait_for(
            lambda: finished(report.pk, ScopeKind.WARD), BUILD_TIMEOUT, "the report", worker.log
        )
    assert done.status == ReportStatus.DONE, done.error
    check_seed_figures(done.figures)
    text = pdf_text(done.pdf.path)
    assert "707 cuộc" in text or "outreach" not in done.figures
    assert "278 tin" in text and "làm rõ 23 vụ, 29 đối tượng" in text


def test_a_province_report_fans_out_over_both_processes(queue, settings, tmp_path):
    with scopes_disabled():
        ensure_catalogue()
        province = factories.make_province(name="Tỉnh Tích Hợp")
        wards = [
            factories.make_ward(province=province, name=f"Phường T{i}", code=f"WT{i}")
            for i in range(6)
        ]
        moment = timezone.make_aware(datetime.datetime(2021, 5, 1, 9))
        for i, ward in enumerate(wards):
            for _ in range(i + 1):
                make_tip(ward, received_at=moment)
        report = services.request_report(
            actor=None,
            kind=ScopeKind.PROVINCE,
            province=province,
            start=datetime.date(2016, 1, 1),
            end=datetime.date(2021, 12, 31),
        )
    with running_worker(settings, tmp_path, queue, concurrency=2) as worker:
        done = wait_for(
            lambda: finished(report.pk, ScopeKind.PROVINCE), BUILD_TIMEOUT, "the report", worker.log
        )
        log = worker.log.read_text()
    assert done.status == ReportStatus.DONE, done.error
    assert done.figures["tips"]["received"] == 21  # 1 + 2 + … + 6
    assert all(done.file_of(fmt) for fmt in ("pdf", "docx", "xlsx", "json"))
    with scopes_disabled():
        assert ReportPart.objects.filter(report=done, figures__isnull=False).count() == 6
    # Each part ran in a pool process; both processes took parts.
    processes = set(
        re.findall(r"(ForkPoolWorker-\d+)\] Task reports\.tasks\.build_report_part", log)
    )
    assert len(processes) == 2, log
    assert "reports.tasks.finish_province_report" in log


def test_a_build_whose_worker_was_killed_is_finished_by_another(queue, settings, tmp_path):
    report = request_demo_report()
    with running_worker(settings, tmp_path, queue, concurrency=1) as worker:
        wait_for(
            lambda: report_state(report.pk, ScopeKind.WARD).status == ReportStatus.BUILDING,
            BUILD_TIMEOUT,
            "the build to start",
            worker.log,
        )
        os.killpg(worker.process.pid, signal.SIGKILL)  # the whole worker, mid-build
        worker.process.wait(timeout=10)
    stuck = report_state(report.pk, ScopeKind.WARD)
    assert stuck.status == ReportStatus.BUILDING and not stuck.pdf
    # Five minutes without a heartbeat later, the sweeper (beat) queues it again.
    with scopes_disabled():
        Report.objects.filter(pk=report.pk).update(
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=6)
        )
        assert services.sweep_stale_builds() == [report.pk]
    with running_worker(settings, tmp_path, queue, concurrency=1) as worker:
        done = wait_for(
            lambda: finished(report.pk, ScopeKind.WARD), BUILD_TIMEOUT, "the rebuild", worker.log
        )
    assert done.status == ReportStatus.DONE, done.error
    assert done.attempts == 2
    assert done.figures["tips"]["received"] == 278
