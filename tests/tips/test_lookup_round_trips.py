"""A right code and PIN is answered from one unlocked read (the tip, its ward, its photo and
message counts), and the messages when there are any: no transaction and no row lock on the
success path. Wrong guesses are
still counted on the locked row (the parallel-guess tests in test_services.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.tips import factories as tip_factories
from tips import services

pytestmark = pytest.mark.django_db


def lookup(client, receipt, pin: str | None = None):
    data = {"code": receipt.display_code, "pin": pin or receipt.pin}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("tips:lookup"), data)
    return [q["sql"] for q in captured.captured_queries], response


def test_a_right_pin_is_one_read_and_the_messages(client, ward_a, theft, settings):
    receipt = tip_factories.make_receipt(
        ward_a, category=theft, photos=[tip_factories.make_photo(), tip_factories.make_photo()]
    )
    lookup(client, receipt)  # the per-worker memos (the public scope) filled, as in a server
    sqls, response = lookup(client, receipt)
    assert response.status_code == 200
    html = response.content.decode()
    assert receipt.display_code in html and ward_a.name in html
    assert "Có 2 ảnh đã gửi kèm." in html
    statements = [sql for sql in sqls if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    assert not [sql for sql in statements if "FOR UPDATE" in sql], statements
    assert len(statements) == 1, statements  # the tip, its ward and counts; no message to read


def test_the_messages_are_read_when_there_are_some(client, ward_a, theft, officer_a):
    receipt = tip_factories.make_receipt(ward_a, category=theft)
    with scopes_disabled():
        services.reply_to_tipster(tip=receipt.tip, actor=officer_a, body="Đã tiếp nhận, cảm ơn.")
        services.add_citizen_information(tip=receipt.tip, body="Xe máy màu đỏ.")
        services.add_internal_note(tip=receipt.tip, actor=officer_a, body="Ghi chú nội bộ XYZ.")
    lookup(client, receipt)
    sqls, response = lookup(client, receipt)
    html = response.content.decode()
    assert "Đã tiếp nhận, cảm ơn." in html and "Xe máy màu đỏ." in html
    assert "XYZ" not in html
    assert len([sql for sql in sqls if not sql.startswith(("SAVEPOINT", "RELEASE"))]) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (SQLite has no FOR UPDATE)"
)
def test_after_a_wrong_pin_the_right_one_clears_the_count_under_the_lock(client, ward_a, theft):
    receipt = tip_factories.make_receipt(ward_a, category=theft)
    wrong = "0" * len(receipt.pin) if receipt.pin != "0" * len(receipt.pin) else "1" * 6
    _sqls, response = lookup(client, receipt, pin=wrong)
    assert response.status_code == 400
    receipt.tip.refresh_from_db()
    assert receipt.tip.pin_failed_attempts == 1
    sqls, response = lookup(client, receipt)
    assert response.status_code == 200
    assert [sql for sql in sqls if "FOR UPDATE" in sql]
    receipt.tip.refresh_from_db()
    assert receipt.tip.pin_failed_attempts == 0
    assert "Có 1 ảnh" not in response.content.decode()


def test_the_status_read_counts_photos_of_the_tip_only(ward_a, theft):
    with_photo = tip_factories.make_receipt(
        ward_a, category=theft, photos=[tip_factories.make_photo()]
    )
    without = tip_factories.make_receipt(ward_a, category=theft)
    assert services.find_tip_for_citizen(code=with_photo.code, pin=with_photo.pin).photo_count == 1
    assert services.find_tip_for_citizen(code=without.code, pin=without.pin).photo_count == 0
