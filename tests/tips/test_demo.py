"""The demo prints a tip's tracking code and PIN once: they open its status page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_printed_code_and_pin_open_the_status_page(client, settings):
    settings.DEBUG = True  # load_demo refuses to run in production unless forced
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    found = re.search(r"mã ([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}), PIN (\d{6})", out.getvalue())
    assert found, out.getvalue()
    code, pin = found.groups()
    response = client.post(reverse("tips:lookup"), {"code": code, "pin": pin})
    assert response.status_code == 200
    assert code in response.content.decode()
    assert "Công an phường đã ghi nhận" in response.content.decode()
