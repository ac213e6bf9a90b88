"""The look-up and the addition (issue 8): a wrong PIN says how many tries remain before the
lock (the same for an unknown code), messages name the field, and a rate-limited or
unavailable look-up or addition keeps what was typed."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tips import views as tip_views
from tips.models import TipMessage
from wardsec import ratelimit

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def look_up(client, code, pin, address="203.0.113.81"):
    return client.post(reverse("tips:lookup"), {"code": code, "pin": pin}, REMOTE_ADDR=address)


def wrong_pin(receipt) -> str:
    return "000000" if receipt.pin != "000000" else "111111"


@pytest.mark.parametrize("known", [True, False], ids=["real code", "unknown code"])
def test_each_wrong_try_says_how_many_remain_before_the_lock(client, receipt_a, settings, known):
    settings.WARDSEC_PIN_MAX_FAILURES = 4
    settings.WARDSEC_PIN_LOCK_MINUTES = 30
    code = receipt_a.display_code if known else "AAAAA-BBBBB-CCCCC"
    answers = [text(look_up(client, code, wrong_pin(receipt_a))) for _ in range(4)]
    for left, answer in zip((3, 2, 1), answers, strict=False):
        assert (
            f"Nếu nhập sai thêm {left} lần nữa, việc tra cứu mã này sẽ tạm khóa 30 phút." in answer
        )
    assert "tạm khóa đến" in answers[3]
    assert "Hãy thử lại sau giờ đó" in answers[3]


def test_a_right_pin_after_a_wrong_one_finds_the_tip(client, receipt_a):
    look_up(client, receipt_a.display_code, wrong_pin(receipt_a))
    response = look_up(client, receipt_a.display_code, receipt_a.pin)
    assert response.status_code == 200 and 'data-testid="status"' in response.content.decode()


def test_an_empty_lookup_names_both_fields(client, db):
    response = client.post(reverse("tips:lookup"), {"code": "", "pin": ""})
    assert response.status_code == 400
    page = text(response)
    assert "Hãy nhập mã tra cứu in trên biên nhận" in page
    assert "Hãy nhập mã PIN gồm 6 chữ số in trên biên nhận." in page
    assert "Trường này là bắt buộc" not in page and "This field is required" not in page


def test_an_empty_addition_says_what_to_write(client, receipt_a):
    response = client.post(
        reverse("tips:add_information"),
        {"code": receipt_a.display_code, "pin": receipt_a.pin, "body": ""},
    )
    assert response.status_code == 400
    assert "Hãy viết thông tin bổ sung trước khi bấm “Gửi bổ sung”." in text(response)


def test_a_rate_limited_lookup_says_why_and_echoes_nothing(client, receipt_a, monkeypatch):
    monkeypatch.setattr(tip_views, "LOOKUP_RATE", "1/h")
    look_up(client, receipt_a.display_code, wrong_pin(receipt_a))
    response = look_up(client, receipt_a.display_code, receipt_a.pin)
    assert response.status_code == 429
    page = text(response)
    assert receipt_a.display_code not in page and receipt_a.pin not in page  # not checked
    assert "từ địa chỉ mạng này đã có nhiều lần tra cứu" in page
    assert "hãy nhập lại mã tra cứu và mã PIN" in page
    assert "mỗi thiết bị" not in page


def test_a_rate_limited_addition_keeps_the_text(client, receipt_a, monkeypatch):
    monkeypatch.setattr(tip_views, "LOOKUP_RATE", "1/h")
    look_up(client, receipt_a.display_code, receipt_a.pin)
    body = "Tối nay nhóm đó lại tụ tập, có thêm hai xe máy không biển số."
    response = client.post(
        reverse("tips:add_information"),
        {"code": receipt_a.display_code, "pin": receipt_a.pin, "body": body},
        REMOTE_ADDR="203.0.113.81",
    )
    assert response.status_code == 429
    page = text(response)
    assert re.search(rf">\s*{re.escape(body)}</textarea>", page)
    assert "hãy chọn lại ảnh" in page
    with scopes_disabled():
        assert not TipMessage.objects.exists()


def test_an_addition_while_the_limit_cannot_be_checked_keeps_the_text(
    client, receipt_a, monkeypatch
):
    def unavailable(*args, **kwargs):
        raise ratelimit.LimitUnavailable("tips.lookup")

    monkeypatch.setattr(ratelimit, "is_limited", unavailable)
    body = "Thêm: người cầm đầu mặc áo khoác đỏ."
    response = client.post(
        reverse("tips:add_information"),
        {"code": receipt_a.display_code, "pin": receipt_a.pin, "body": body},
    )
    assert response.status_code == 503 and response["Retry-After"]
    assert re.search(rf">\s*{re.escape(body)}</textarea>", text(response))
    assert "Tạm thời không tra cứu được." in text(response)
