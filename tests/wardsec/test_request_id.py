"""The request id stored in the audit log is ours unless a proxy we trust set it.

Reproduced before the fix: any client chose the `X-Request-ID` stored with an anonymous tip's
audit entry (and could link its own requests to the tip that way).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.tips.test_public import form_data, post_tip
from tips.models import OffenceCategory
from wardsec.models import AuditEntry

pytestmark = pytest.mark.django_db

CHOSEN = "attacker-chosen-id-0001"


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.WARDSEC_TIP_MIN_SECONDS = 0


def test_a_client_cannot_choose_the_id_by_default(client, settings):
    assert settings.WARDSEC_NUM_PROXIES == 0
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID=CHOSEN)
    assert response["X-Request-ID"] != CHOSEN
    assert len(response["X-Request-ID"]) == 32


def test_an_anonymous_tips_audit_entry_gets_a_generated_id(client, ward_a):
    theft = OffenceCategory.objects.get(code="theft")
    response = post_tip(client, form_data(ward_a, theft), HTTP_X_REQUEST_ID=CHOSEN)
    assert response.status_code == 200
    with scopes_disabled():
        entry = AuditEntry.objects.filter(event="tip.submit").get()
    assert entry.request_id != CHOSEN
    assert entry.request_id == response["X-Request-ID"]


def test_behind_a_trusted_proxy_its_id_is_kept(client, settings):
    settings.WARDSEC_TRUST_REQUEST_ID = True
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID=CHOSEN)
    assert response["X-Request-ID"] == CHOSEN
    # Still only a well-formed one.
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID="bad id; <script>")
    assert response["X-Request-ID"] != "bad id; <script>"
