"""A submission asks the database only what it must: the unique constraints answer the
idempotency and tracking-code checks, and the reference is written by the INSERT itself
(PostgreSQL). bench/README.md (issue 6) measures what this saves."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from tips import codes, services
from tips.models import Tip

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (the reference in the INSERT)"
)


def submit(ward, category, **given) -> tuple[list[str], services.Receipt]:
    draft = services.TipDraft(
        ward=ward, category=category, description="Có người lạ bẻ khóa xe.", channel="web", **given
    )
    with CaptureQueriesContext(connection) as captured:
        receipt = services.submit_tip(draft=draft)
    return [q["sql"] for q in captured.captured_queries], receipt


def stored_reference(tip: Tip) -> str:
    with scopes_disabled():
        return Tip.objects.values_list("reference", flat=True).get(pk=tip.pk)


@postgresql_only
def test_a_submission_is_three_inserts_and_nothing_else(ward_a, theft):
    ContentType.objects.get_for_model(Tip)  # the audit's per-process cache, as in a server
    sqls, receipt = submit(ward_a, theft, idempotency_key=uuid.uuid4())
    verbs = [sql.split(None, 2)[:2] for sql in sqls if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    assert verbs == [["INSERT", "INTO"]] * 3, sqls  # the tip, its audit entry, its outbox message
    year = timezone.localtime(receipt.tip.received_at).year
    assert receipt.tip.reference == codes.reference(year, receipt.tip.pk)
    assert stored_reference(receipt.tip) == receipt.tip.reference


@postgresql_only
def test_a_reference_past_six_digits_is_not_cut(ward_a, theft):
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('tips_tip', 'id'), 1234566)")
    _sqls, receipt = submit(ward_a, theft)
    assert receipt.tip.pk == 1234567
    assert stored_reference(receipt.tip).endswith("-1234567")


def test_the_same_key_twice_gives_the_first_tip(ward_a, theft):
    key = uuid.uuid4()
    _sqls, first = submit(ward_a, theft, idempotency_key=key)
    _sqls, again = submit(ward_a, theft, idempotency_key=key)
    assert first.created and not again.created
    assert again.tip.pk == first.tip.pk and again.pin is None
    with scopes_disabled():
        assert Tip.objects.count() == 1


def test_a_tracking_code_already_taken_is_replaced(ward_a, theft, monkeypatch):
    _sqls, first = submit(ward_a, theft)
    fresh = iter([first.code, codes.new_tracking_code()])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(fresh))
    _sqls, second = submit(ward_a, theft)
    assert second.created and second.code != first.code
    with scopes_disabled():
        assert Tip.objects.count() == 2
