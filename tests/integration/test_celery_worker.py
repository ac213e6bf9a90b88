"""A real Celery worker on Redis and PostgreSQL: a tip's outbox message, written in the tip's
transaction, is published after commit, delivered by the worker (one email), and delivered only
once when published twice; a ping task makes the round trip; /healthz/ready sees the worker.

Needs DATABASE_URL (PostgreSQL: the worker must share the test database with this process)
and REDIS_URL. Without them the test is skipped — in CI (CI=true) it fails instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django_scopes import scopes_disabled

from tests import factories
from tests.conftest import require_service
from tips import services as tips_services
from tips.choices import TipChannel
from tips.models import OffenceCategory
from wardsec import outbox, tasks
from wardsec.celery import app
from wardsec.models import OutboxMessage
from wardsec.scoping import ward_scope

pytestmark = [
    pytest.mark.integration,
    # The worker is another process: it sees only committed rows. (The data a transactional test
    # needs is made by the test: an earlier one may have flushed the migrations' rows.)
    pytest.mark.django_db(transaction=True),
]

CELERY = Path(sys.executable).with_name("celery")
START_TIMEOUT = 30
DELIVERY_TIMEOUT = 20
# Not passed on to a worker: its broker is the REDIS_URL it is given, already this test
# process's own Redis database (wardsec.env), which PYTEST_XDIST_WORKER would shift again.
WORKER_ENV_DROPPED = {"CELERY_BROKER_URL", "PYTEST_XDIST_WORKER"}


def _redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def wait_for(condition: Callable[[], object], timeout: float, what: str, log: Path) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}; worker log:\n{log.read_text()}")


class Worker:
    def __init__(self, process: subprocess.Popen, name: str, log: Path, mail_dir: Path):
        self.process = process
        self.name = name
        self.log = log
        self.mail_dir = mail_dir

    def emails(self) -> list[Path]:
        return sorted(self.mail_dir.iterdir())

    def answers_ping(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(
                f"the worker exited with {self.process.returncode}:\n{self.log.read_text()}"
            )
        replies = app.control.ping(destination=[self.name], timeout=1.0)
        return any(self.name in reply for reply in replies)

    def logged(self, text: str) -> bool:
        return text in self.log.read_text()


@pytest.fixture
def services_up():
    require_service(connection.vendor == "postgresql", "DATABASE_URL is not a PostgreSQL database")
    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    require_service(_redis_reachable(settings.REDIS_URL), f"Redis at {settings.REDIS_URL} is down")


@pytest.fixture
def worker(services_up, tmp_path, settings) -> Iterator[Worker]:
    queue = f"wardsec-test-{uuid.uuid4().hex[:10]}"
    name = f"{queue}@{os.uname().nodename}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    env = {k: v for k, v in os.environ.items() if k not in WORKER_ENV_DROPPED}
    env.update(
        REDIS_URL=settings.REDIS_URL,
        DATABASE_URL=_test_database_url(),
        CELERY_QUEUE=queue,
        DEBUG="1",
        WARDSEC_TESTING="1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        PYTHONUNBUFFERED="1",
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
                "--pool=solo",
                "--concurrency=1",
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
    running = Worker(process, name, log, mail_dir)
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


def _forget_queue(url: str, queue: str) -> None:
    """Remove the throwaway queue's keys (kombu keeps a binding per queue) from Redis."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)


def test_ping_task_round_trip(worker):
    result = tasks.ping.apply_async()
    wait_for(
        lambda: worker.logged(f"Task wardsec.tasks.ping[{result.id}] succeeded"),
        DELIVERY_TIMEOUT,
        "the ping task",
        worker.log,
    )
    assert f"[{result.id}] succeeded" in worker.log.read_text()
    assert "'pong'" in worker.log.read_text()


def test_a_tips_outbox_message_is_delivered_once_by_the_worker(worker, monkeypatch):
    ward = factories.make_ward(name="Phường Tích Hợp", code="WI")
    duty = factories.make_officer(ward, username="duty_officer", email="duty@example.vn")
    category = OffenceCategory.objects.create(code="integration-theft", name="Trộm cắp tài sản")

    enqueued: list[OutboxMessage] = []
    real_enqueue = outbox.enqueue

    def spy(**kwargs):
        message = real_enqueue(**kwargs)
        enqueued.append(message)
        return message

    monkeypatch.setattr(outbox, "enqueue", spy)
    secret_text = "Xe máy bị lấy trộm trước cổng chợ lúc 9 giờ sáng"
    with ward_scope(ward), transaction.atomic():
        draft = tips_services.TipDraft(
            ward=ward, category=category, description=secret_text, channel=TipChannel.WEB
        )
        receipt = tips_services.submit_tip(draft=draft)
        [message] = enqueued
        assert message.kind == "tips.new_tip"
        assert message.payload == {"tip_id": receipt.tip.pk}
        time.sleep(0.5)  # not committed yet: nothing may have been handed to the worker
        assert worker.emails() == []

    def sent():
        with scopes_disabled():
            return OutboxMessage.objects.get(pk=message.pk).sent_at

    wait_for(sent, DELIVERY_TIMEOUT, "the outbox message to be sent", worker.log)
    wait_for(worker.emails, DELIVERY_TIMEOUT, "the email file", worker.log)
    [email] = worker.emails()
    text = email.read_text()
    assert duty.email in text
    assert secret_text not in text  # an email never carries the tip's text

    with scopes_disabled():
        delivered = OutboxMessage.objects.get(pk=message.pk)
    assert delivered.attempts == 1
    assert delivered.last_error == ""

    # Published again (a re-scan racing the first publish): the worker finds it claimed.
    assert outbox.publish(message.pk, ward.pk) is True
    barrier = tasks.ping.apply_async()  # the solo worker runs tasks in order
    wait_for(
        lambda: worker.logged(f"Task wardsec.tasks.ping[{barrier.id}] succeeded"),
        DELIVERY_TIMEOUT,
        "the second delivery to be processed",
        worker.log,
    )
    assert len(worker.emails()) == 1
    with scopes_disabled():
        assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


def test_readiness_is_healthy_with_a_worker(worker):
    from wardsec import views

    views.forget_readiness()  # no result cached by an earlier test
    response = Client().get("/healthz/ready")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["workers"]["ok"] is True
