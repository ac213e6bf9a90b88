"""The outbox keeps its broker connection between publishes (one per thread), and still never
holds a request when Redis is gone: a real redis-server of the test's own (tests/redis_server.py).
"""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from wardsec import breaker, outbox

pytestmark = pytest.mark.django_db

KIND = "test.kept"


def connections_received(client) -> int:
    """Connections the server has accepted so far (`client` is one kept connection)."""
    return int(client.info("stats")["total_connections_received"])


def queued(server) -> int:
    from wardsec.celery import app

    return server.client().llen(app.conf.task_default_queue)


def publish_one(ward) -> bool:
    with transaction.atomic():
        message = outbox.enqueue(kind=KIND, ward=ward, payload={})
    return outbox.publish(message.pk, ward.pk)


def test_publishes_reuse_one_connection(private_redis, ward_a):
    assert publish_one(ward_a)
    counter = private_redis.client()
    before = connections_received(counter)
    for _ in range(5):
        assert publish_one(ward_a)
    # Before: a connect (and a queue declaration) per message, 10 new connections here.
    assert connections_received(counter) - before == 0
    assert queued(private_redis) == 6


def test_a_connection_the_server_closed_is_reopened_not_an_outage(private_redis, ward_a):
    assert publish_one(ward_a)
    private_redis.client().client_kill_filter(_type="normal", skipme=True)  # an idle timeout
    assert publish_one(ward_a)
    assert breaker.for_url(private_redis.url).failures == 0


@pytest.mark.parametrize("outage", ["stopped", "paused", "frozen"])
def test_a_kept_connection_to_a_hung_server_costs_one_short_timeout(outage, private_redis, ward_a):
    assert publish_one(ward_a)
    if outage == "stopped":
        private_redis.stop()
    elif outage == "paused":
        private_redis.pause(10_000)
    else:
        private_redis.freeze()
    started = time.monotonic()
    assert publish_one(ward_a) is False
    assert publish_one(ward_a) is False  # the breaker refuses at once
    assert time.monotonic() - started < 2.0
    assert breaker.for_url(private_redis.url).failures == 1
    # Redis is back: after the cool-down a new connection is opened and used.
    if outage == "stopped":
        private_redis.start()
    else:
        private_redis.resume()
    breaker.reset_all()
    assert publish_one(ward_a)
