"""Rules every adapter must refuse alike, written once.

Each rule comes in two shapes: a Django validator (`validate_*`, for a model field's or a form
field's `validators=[...]`; raises a plain `ValidationError`) and a service check (`check_*`,
raises a `ValidationError` keyed by the service's argument name, which the admin, the API and
Open311 show next to their own field). Services call the `check_*` functions, so a rule holds
whichever adapter — form, admin page, REST API, Open311, management command — called them.

- **Dates of events** (a case opened, a subject's outcome, a tip's incident): not in the
  future (Vietnamese local day) and not before 1900 (a typed 0855-07-12 is a typo, not history).
- **Phone numbers**: digits with an optional leading `+`, spaces, dots or dashes; 8–20 characters.
- **Coordinates**: latitude and longitude both given or both left out, within their ranges.
- **Birth years**: 1900 up to this year.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(1900, 1, 1)
EARLIEST_BIRTH_YEAR = 1900

PHONE_PATTERN = r"^\+?[0-9 .\-]{8,20}$"
PHONE_MESSAGE = _("Số điện thoại chỉ gồm chữ số, 8 đến 20 ký tự.")
FUTURE_MESSAGE = _("Ngày không được ở tương lai.")
TOO_EARLY_MESSAGE = _("Ngày không hợp lệ: trước năm 1900.")
HALF_COORDINATES_MESSAGE = _("Hãy nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai.")

validate_phone = RegexValidator(PHONE_PATTERN, message=PHONE_MESSAGE, code="invalid")


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def validate_not_future(value: datetime.date | datetime.datetime | None) -> None:
    """Refuse a day after today (Vietnamese local time)."""
    if value is not None and _day(value) > timezone.localdate():
        raise ValidationError(FUTURE_MESSAGE, code="future")


def validate_plausible_date(value: datetime.date | datetime.datetime | None) -> None:
    """Refuse a day before 1900."""
    if value is not None and _day(value) < EARLIEST_DATE:
        raise ValidationError(TOO_EARLY_MESSAGE, code="too_early")


#: For a model or form field holding the day something happened.
EVENT_DATE_VALIDATORS = [validate_plausible_date, validate_not_future]


def validate_birth_year(value: int | None) -> None:
    """Refuse a birth year before 1900 or after this year."""
    if value is None:
        return
    if not EARLIEST_BIRTH_YEAR <= value <= timezone.localdate().year:
        raise ValidationError(
            _("Năm sinh phải từ %(first)s đến %(last)s."),
            code="birth_year",
            params={"first": EARLIEST_BIRTH_YEAR, "last": timezone.localdate().year},
        )


def _keyed(field: str, exc: ValidationError) -> ValidationError:
    return ValidationError({field: exc.error_list})


def check_event_date(field: str, value: datetime.date | datetime.datetime | None) -> None:
    """Service check: the day `value` (argument `field`) is neither in the future nor before
    1900. Raises ValidationError({field: [...]})."""
    for validator in EVENT_DATE_VALIDATORS:
        try:
            validator(value)
        except ValidationError as exc:
            raise _keyed(field, exc) from None


def check_phone(field: str, value: str) -> None:
    """Service check: an empty phone is allowed; a given one follows the one phone rule."""
    if value:
        try:
            validate_phone(value)
        except ValidationError as exc:
            raise _keyed(field, exc) from None


def check_birth_year(field: str, value: int | None) -> None:
    """Service check for `validate_birth_year`."""
    try:
        validate_birth_year(value)
    except ValidationError as exc:
        raise _keyed(field, exc) from None


def check_coordinates(latitude: Decimal | float | None, longitude: Decimal | float | None) -> None:
    """Service check: both coordinates or neither, each within range. Raises
    ValidationError({"latitude"|"longitude": [...]})."""
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": [HALF_COORDINATES_MESSAGE]}, code="half_coordinates")
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValidationError({"latitude": [_("Vĩ độ phải từ -90 đến 90.")]}, code="range")
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValidationError({"longitude": [_("Kinh độ phải từ -180 đến 180.")]}, code="range")
