"""One typed input, one set of rules: every adapter builds a `TipDraft` and `submit_tip` checks
it, so a latitude without a longitude and an incident dated tomorrow are refused through the
public form, the REST API, the officer's admin page and Open311 alike — with the same words
(`wardsec.validators`), and nothing stored. (The admin page has no coordinates to give and
Open311 no incident date: each adapter is tried with what it can send.)"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.tips import factories
from tests.tips.test_public import CLIENT_IP, USER_AGENT
from tips import forms as tip_forms
from tips import services
from tips.choices import TipChannel
from tips.models import Tip
from wardsec import validators

pytestmark = pytest.mark.django_db

HALF = str(validators.HALF_COORDINATES_MESSAGE)
FUTURE = str(validators.FUTURE_MESSAGE)
PHONE = str(validators.PHONE_MESSAGE)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _catalogue(db, settings):
    factories.ensure_catalogue()
    settings.WARDSEC_TIP_MIN_SECONDS = 0  # the form is posted at once


def nothing_stored() -> bool:
    with scopes_disabled():
        return not Tip.objects.exists()


# --- The service --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"latitude": Decimal("10.776889")}, "latitude", HALF),
        ({"longitude": Decimal("106.700806")}, "latitude", HALF),
        ({"occurred_on": "tomorrow"}, "occurred_on", FUTURE),
        ({"contact": services.Contact(phone="gọi tôi")}, "contact_phone", None),
    ],
)
def test_submit_tip_refuses_the_draft(ward_a, overrides, field, message):
    if overrides.get("occurred_on") == "tomorrow":
        overrides = {"occurred_on": tomorrow()}
    draft = services.TipDraft(
        ward=ward_a,
        category=factories.category(),
        description="Có người lạ bẻ khóa xe máy trong hẻm 12.",
        channel=TipChannel.HOTLINE,
        **overrides,
    )
    with pytest.raises(ValidationError) as caught, scopes_disabled():
        services.submit_tip(draft=draft)
    assert list(caught.value.message_dict) == [field]
    if message:
        assert caught.value.message_dict[field] == [message]
    assert nothing_stored()


def test_a_draft_is_one_frozen_value(ward_a):
    draft = services.TipDraft(
        ward=ward_a, category=factories.category(), description="x", channel="web"
    )
    with pytest.raises(AttributeError):
        draft.latitude = Decimal(1)  # type: ignore[misc]
    assert draft.photos == [] and draft.contact is None and draft.issue_pin


# --- The adapters -------------------------------------------------------------------------


def public_form(client, ward, **overrides: Any) -> dict[str, list[str]]:
    data = {
        "ward": ward.pk,
        "category": factories.category().pk,
        "description": "Có nhóm người tụ tập đánh bạc ở cuối hẻm 5.",
        "leave_contact": "0",
        "form_token": tip_forms.new_form_token(),
    } | overrides
    response = client.post(
        reverse("tips:submit"), data, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT
    )
    assert response.status_code == 400
    return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


def api(client, **overrides: Any) -> dict[str, list[str]]:
    payload = {
        "category": "theft",
        "channel": "hotline",
        "description": "Người dân gọi báo có trộm xe ở hẻm 12.",
    } | overrides
    response = client.post(reverse("tip-list"), payload, content_type="application/json")
    assert response.status_code == 400, response.content
    return response.json()


def open311(client, province, **overrides: Any) -> list[str]:
    key = factories.make_open311_client(province)[1]
    data = {
        "api_key": key,
        "jurisdiction_id": "WA",
        "service_code": "theft",
        "description": "Có người lạ bẻ khóa xe máy trong hẻm 12 lúc 21 giờ.",
    } | overrides
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 400, response.content
    return [error["description"] for error in response.json()]


def admin_add(client, **overrides: Any) -> dict[str, list[str]]:
    now = timezone.localtime() - datetime.timedelta(minutes=20)
    data = {
        "channel": TipChannel.HOTLINE,
        "received_at_0": now.strftime("%d/%m/%Y"),
        "received_at_1": now.strftime("%H:%M:%S"),
        "category": factories.category("gambling").pk,
        "description": "Người gọi báo có nhóm đánh bạc ở nhà số 5.",
        "idempotency_key": str(uuid.uuid4()),
    } | overrides
    response = client.post(reverse("admin:tips_tip_add"), data)
    assert response.status_code == 200  # the form again, with its error
    return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


class TestHalfCoordinates:
    def test_public_form(self, client, ward_a):
        assert public_form(client, ward_a, latitude="10.776889") == {"latitude": [HALF]}
        assert nothing_stored()

    def test_api(self, officer_a_client):
        assert api(officer_a_client, latitude="10.776889") == {"latitude": [HALF]}
        assert nothing_stored()

    def test_open311(self, client, province, ward_a):
        assert open311(client, province, lat="10.776889") == [f"lat: {HALF}"]
        assert nothing_stored()


class TestIncidentInTheFuture:
    def test_public_form(self, client, ward_a):
        errors = public_form(client, ward_a, occurred_on=tomorrow().isoformat())
        assert errors == {"occurred_on": [FUTURE]}
        assert nothing_stored()

    def test_api(self, officer_a_client):
        errors = api(officer_a_client, occurred_on=tomorrow().isoformat())
        assert errors == {"occurred_on": [FUTURE]}
        assert nothing_stored()

    def test_admin_add_tip(self, officer_a_client):
        errors = admin_add(officer_a_client, occurred_on=tomorrow().strftime("%d/%m/%Y"))
        assert errors == {"occurred_on": [FUTURE]}
        assert nothing_stored()


# --- A subject's correction (the admin's change page calls services.correct_subject) --------


def test_the_admin_refuses_a_birth_year_to_come_when_correcting(officer_a_client, ward_a):
    subject = factories.make_subject(factories.make_case(ward_a))
    data = {
        "offence": "",
        "full_name": "Nguyễn Văn Bé",
        "alias": "",
        "birth_year": str(timezone.localdate().year + 1),
        "gender": "male",
        "id_number": "079123456789",
        "address": "12 đường Lê Lợi",
    }
    url = reverse("admin:tips_subject_change", args=[subject.pk])
    response = officer_a_client.post(url, data)
    assert response.status_code == 200, response.get("Location")
    assert list(response.context["adminform"].form.errors) == ["birth_year"]
    assert factories.reload(subject).birth_year == 1990
    data["birth_year"] = "1991"
    assert officer_a_client.post(url, data).status_code == 302  # the same page, through
    assert factories.reload(subject).full_name == "Nguyễn Văn Bé"


class TestPhoneRule:
    """Written once, in the service: the forms and the serializer only take the text."""

    def test_public_form(self, client, ward_a):
        errors = public_form(client, ward_a, leave_contact="1", contact_phone="gọi tôi")
        assert errors == {"contact_phone": [PHONE]}
        assert nothing_stored()

    def test_api(self, officer_a_client):
        assert api(officer_a_client, contact_phone="gọi tôi") == {"contact_phone": [PHONE]}
        assert nothing_stored()

    def test_admin_add_tip(self, officer_a_client):
        assert admin_add(officer_a_client, contact_phone="gọi tôi") == {"contact_phone": [PHONE]}
        assert nothing_stored()

    def test_open311(self, client, province, ward_a):
        errors = open311(client, province, lat="10.77", long="106.7", phone="gọi tôi")
        assert errors == [f"phone: {PHONE}"]
        assert nothing_stored()
