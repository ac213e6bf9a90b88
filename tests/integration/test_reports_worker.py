"""A province report built by a real Celery worker (2 processes) on Redis and PostgreSQL: the
build fans out one task per ward, the last part publishes the merge, and the report is done
with the sum of the wards' figures and its four files.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; skipped without them, a failure in CI."""

from __future__ import annotations

import datetime
import os
import subprocess
import uuid

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from reports import services
from reports.choices import ReportStatus, ScopeKind
from reports.models import Report, ReportPart
from tests import factories
from tests.integration.test_celery_worker import (
    CELERY,
    START_TIMEOUT,
    Worker,
    _forget_queue,
    _test_database_url,
    services_up,  # noqa: F401 - a fixture
    wait_for,
)
from tests.tips.factories import ensure_catalogue, make_tip
from wardsec.celery import app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_process_worker(services_up, tmp_path, settings):  # noqa: F811
    queue = f"wardsec-test-{uuid.uuid4().hex[:10]}"
    name = f"{queue}@{os.uname().nodename}"
    log = tmp_path / "worker.log"
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(
        REDIS_URL=settings.REDIS_URL,
        DATABASE_URL=_test_database_url(),
        CELERY_QUEUE=queue,
        DEBUG="1",
        WARDSEC_TESTING="1",
        PYTHONUNBUFFERED="1",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [
                str(CELERY),
                "-A",
                "wardsec",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
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
        )
    running = Worker(process, name, log, tmp_path)
    try:
        wait_for(running.answers_ping, START_TIMEOUT, "the worker to answer a ping", log)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        app.conf.update(saved)
        _forget_queue(settings.REDIS_URL, queue)


def test_a_province_report_fans_out_on_the_worker(two_process_worker):
    with scopes_disabled():
        ensure_catalogue()
        province = factories.make_province(name="Tỉnh Tích Hợp")
        wards = [
            factories.make_ward(province=province, name=f"Phường T{i}", code=f"WT{i}")
            for i in range(3)
        ]
        moment = timezone.make_aware(datetime.datetime(2021, 5, 1, 9))
        for i, ward in enumerate(wards):
            for _ in range(i + 1):
                make_tip(ward, received_at=moment)
        report = services.request_report(
            actor=None,
            kind=ScopeKind.PROVINCE,
            province=province,
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 12, 31),
        )

    def finished():
        with scopes_disabled():
            fresh = Report.province_reports.get(pk=report.pk)
        return fresh if fresh.status in (ReportStatus.DONE, ReportStatus.FAILED) else None

    done = wait_for(finished, 90, "the province report", two_process_worker.log)
    assert done.status == ReportStatus.DONE, done.error
    assert done.figures["tips"]["received"] == 6
    assert all(done.file_of(fmt) for fmt in ("pdf", "docx", "xlsx", "json"))
    with scopes_disabled():
        assert ReportPart.objects.filter(report=done, figures__isnull=False).count() == 3
    log = two_process_worker.log.read_text()
    assert log.count("reports.tasks.build_report_part") >= 3
    assert "reports.tasks.finish_province_report" in log
