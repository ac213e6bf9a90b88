"""The shared validators: one rule each, as a field validator and as a keyed service check."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wardsec import validators

TODAY = timezone.localdate


@pytest.mark.parametrize(
    "day",
    [
        lambda: TODAY() + datetime.timedelta(days=1),
        lambda: TODAY() + datetime.timedelta(days=30),
        lambda: datetime.date(2999, 1, 1),
        lambda: datetime.date(855, 7, 12),
        lambda: datetime.date(1899, 12, 31),
    ],
)
def test_event_dates_in_the_future_or_before_1900_are_refused(day):
    with pytest.raises(ValidationError) as caught:
        validators.check_event_date("outcome_on", day())
    assert set(caught.value.message_dict) == {"outcome_on"}


@pytest.mark.parametrize(
    "day", [lambda: TODAY(), lambda: datetime.date(1900, 1, 1), lambda: datetime.date(2016, 5, 1)]
)
def test_event_dates_today_and_in_the_past_are_kept(day):
    validators.check_event_date("outcome_on", day())
    validators.check_event_date("outcome_on", None)


def test_not_future_uses_the_vietnamese_day_for_datetimes():
    now = timezone.now()
    validators.validate_not_future(now)
    with pytest.raises(ValidationError):
        validators.validate_not_future(now + datetime.timedelta(days=1, hours=1))


@pytest.mark.parametrize("phone", ["0901234567", "+84 90 123 4567", "028.3829.1234"])
def test_phones_that_pass(phone):
    validators.validate_phone(phone)
    validators.check_phone("contact_phone", phone)


@pytest.mark.parametrize("phone", ["1234567", "090123456789012345678", "09O1234567", "gọi tôi"])
def test_phones_that_fail(phone):
    with pytest.raises(ValidationError) as caught:
        validators.check_phone("contact_phone", phone)
    assert caught.value.message_dict == {
        "contact_phone": ["Số điện thoại chỉ gồm chữ số, 8 đến 20 ký tự."]
    }


def test_the_phone_rule_works_as_a_form_field_validator():
    class PhoneForm(forms.Form):
        phone = forms.CharField(validators=[validators.validate_phone], required=False)

    assert PhoneForm({"phone": "0901234567"}).is_valid()
    assert PhoneForm({"phone": ""}).is_valid()
    assert not PhoneForm({"phone": "abc"}).is_valid()


@pytest.mark.parametrize(
    ("latitude", "longitude", "key"),
    [
        (Decimal("10.7"), None, "latitude"),
        (None, Decimal("106.7"), "latitude"),
        (Decimal("91"), Decimal("106.7"), "latitude"),
        (Decimal("10.7"), Decimal("-181"), "longitude"),
    ],
)
def test_half_or_out_of_range_coordinates_are_refused(latitude, longitude, key):
    with pytest.raises(ValidationError) as caught:
        validators.check_coordinates(latitude, longitude)
    assert set(caught.value.message_dict) == {key}


def test_both_or_neither_coordinates_pass():
    validators.check_coordinates(None, None)
    validators.check_coordinates(Decimal("10.776889"), Decimal("106.700806"))


@pytest.mark.parametrize("year", [1899, 855, 2999, lambda: TODAY().year + 1])
def test_implausible_birth_years_are_refused(year):
    year = year() if callable(year) else year
    with pytest.raises(ValidationError) as caught:
        validators.check_birth_year("birth_year", year)
    assert set(caught.value.message_dict) == {"birth_year"}


@pytest.mark.parametrize("year", [None, 1900, 1985, lambda: TODAY().year])
def test_plausible_birth_years_pass(year):
    validators.check_birth_year("birth_year", year() if callable(year) else year)
