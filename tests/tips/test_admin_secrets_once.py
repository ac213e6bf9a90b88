"""Secrets shown once in the admin (a tipster's PIN, an Open311 key) stay on the server, and a
replayed "add tip" form never shows a tip the officer may not see.

Reproduced before the fix: the PIN and the key travelled in Django's `messages` cookie (signed,
not encrypted: anyone holding the browser's cookies read them back); officer B replaying the
idempotency key of a tip of ward A was shown that tip's code.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from tests.tips.factories import flash
from tests.tips.test_admin import officer_tip_data
from tips.models import Tip

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

ADD_TIP = reverse("admin:tips_tip_add")
ADD_CLIENT = reverse("admin:tips_open311client_add")


def cookie_text(response) -> str:
    return " ".join(f"{name}={morsel.value}" for name, morsel in response.cookies.items())


def test_the_pin_does_not_travel_in_a_cookie(officer_a_client):
    response = officer_a_client.post(ADD_TIP, officer_tip_data(issue_pin="on"))
    assert response.status_code == 302
    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")
    assert "messages" not in response.cookies
    shown = officer_a_client.get(response["Location"]).content.decode()
    pin = re.search(r"Mã PIN: (\d+)", shown)
    assert pin, "the PIN is shown once on the next page"
    assert pin.group(1) not in cookie_text(response)
    # Once shown, it is gone from the session as well.
    again = officer_a_client.get(response["Location"]).content.decode()
    assert not re.search(r"Mã PIN: \d", again)


def test_the_open311_key_does_not_travel_in_a_cookie(superuser_client, province):
    response = superuser_client.post(
        ADD_CLIENT, {"name": "Cổng dịch vụ công", "province": province.pk}
    )
    assert response.status_code == 302
    assert "messages" not in response.cookies
    shown = superuser_client.get(response["Location"]).content.decode()
    assert "Khóa API:" in shown


def test_a_replayed_key_of_another_wards_tip_shows_nothing_of_it(
    officer_a_client, officer_b_client
):
    key = str(uuid.uuid4())
    first = officer_a_client.post(ADD_TIP, officer_tip_data(issue_pin="on", idempotency_key=key))
    assert first.status_code == 302
    tip = Tip.objects.get()
    response = officer_b_client.post(ADD_TIP, officer_tip_data(idempotency_key=key))
    assert response.status_code == 200  # the form again, with the reason
    content = response.content.decode()
    assert "Biểu mẫu này đã được gửi" in content
    assert not flash(response)
    assert reverse("admin:tips_tip_change", args=[tip.pk]) not in content
    for attribute in ("reference", "tracking_code"):
        value = getattr(tip, attribute, None)
        if value:
            assert str(value) not in content
    assert Tip.objects.count() == 1


def test_a_replay_in_the_same_ward_still_finds_the_first_tip(officer_a_client, commander_a_client):
    key = str(uuid.uuid4())
    officer_a_client.post(ADD_TIP, officer_tip_data(idempotency_key=key))
    response = commander_a_client.post(ADD_TIP, officer_tip_data(idempotency_key=key))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:tips_tip_change", args=[Tip.objects.get().pk])
