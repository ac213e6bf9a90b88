"""Rules live in the services (through wardsec.validators), so every adapter refuses the same
things: the REST API and Open311 here, the admin forms in test_admin_cases.py."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.tips import factories
from tips.choices import SubjectOutcome
from tips.models import Case, Tip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    factories.ensure_catalogue()


def post(client, url: str, data: Any):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def subject_a(ward_a, officer_a):
    case = factories.make_case(ward_a, actor=officer_a)
    return factories.make_subject(case, actor=officer_a)


def test_api_refuses_a_case_opened_30_days_ahead(officer_a_client):
    day = timezone.localdate() + datetime.timedelta(days=30)
    payload = {"title": "Vụ việc", "categories": ["theft"], "opened_on": day.isoformat()}
    response = post(officer_a_client, reverse("case-list"), payload)
    assert response.status_code == 400, response.content
    assert response.json() == {"opened_on": ["Ngày không được ở tương lai."]}
    with scopes_disabled():
        assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("0855-07-12", "Ngày không hợp lệ: trước năm 1900."),
        ("2999-01-01", "Ngày không được ở tương lai."),
    ],
)
def test_api_refuses_implausible_outcome_dates(officer_a_client, subject_a, day, message):
    url = reverse("subject-outcome", args=[subject_a.pk])
    response = post(officer_a_client, url, {"outcome": "educated", "outcome_on": day})
    assert response.status_code == 400, response.content
    assert response.json() == {"outcome_on": [message]}
    assert factories.reload(subject_a).outcome == SubjectOutcome.PENDING


def test_api_refuses_a_birth_year_in_the_future(officer_a_client, subject_a):
    year = timezone.localdate().year + 1
    payload = {"case": subject_a.case_id, "full_name": "Lê Văn Cê", "birth_year": year}
    response = post(officer_a_client, reverse("subject-list"), payload)
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["birth_year"]


def test_the_service_refuses_a_latitude_without_a_longitude(ward_a):
    with pytest.raises(ValidationError) as caught:
        factories.make_receipt(ward_a, latitude=Decimal("10.776889"), longitude=None)
    assert set(caught.value.message_dict) == {"latitude"}
    with scopes_disabled():
        assert not Tip.objects.exists()


def test_the_service_refuses_a_malformed_phone(ward_a):
    from tips import services

    with pytest.raises(ValidationError) as caught:
        factories.make_receipt(ward_a, contact=services.Contact(name="An", phone="gọi tôi"))
    assert set(caught.value.message_dict) == {"contact_phone"}


def test_open311_refuses_a_latitude_without_a_longitude(client, province, ward_a):
    key = factories.make_open311_client(province)[1]
    data = {
        "api_key": key,
        "jurisdiction_id": "WA",
        "service_code": "theft",
        "lat": "10.776889",
        "description": "Có người lạ bẻ khóa xe máy trong hẻm 12 lúc 21 giờ.",
    }
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 400, response.content
    with scopes_disabled():
        assert not Tip.objects.exists()


@pytest.mark.parametrize("typed", ["12/07/0855", "01/01/2999"])
def test_the_admin_outcome_page_refuses_the_same_dates(officer_a_client, subject_a, typed):
    url = reverse("admin:tips_subject_outcome", args=[subject_a.pk])
    response = officer_a_client.post(url, {"outcome": "educated", "outcome_on": typed})
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["outcome_on"]
    assert factories.reload(subject_a).outcome == SubjectOutcome.PENDING
