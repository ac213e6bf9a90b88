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
- **Ward isolation of related rows**: the neighbourhoods, units, events… a record names belong to
  the record's own ward, and the people it names work in it (`check_same_ward`,
  `check_works_in`; `check_ward_relations` finds every such field of a model), when the record
  is changed as when it is added: a user of two wards must not tie ward A's record to ward B's
  rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import Model

    from wards.models import Ward

EARLIEST_DATE = datetime.date(1900, 1, 1)
EARLIEST_BIRTH_YEAR = 1900

PHONE_PATTERN = r"^\+?[0-9 .\-]{8,20}$"
PHONE_MESSAGE = _("Số điện thoại chỉ gồm chữ số, 8 đến 20 ký tự.")
FUTURE_MESSAGE = _("Ngày không được ở tương lai.")
TOO_EARLY_MESSAGE = _("Ngày không hợp lệ: trước năm 1900.")
HALF_COORDINATES_MESSAGE = _("Hãy nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai.")
OTHER_WARD_MESSAGE = _("Chỉ được chọn mục thuộc phường/xã của bản ghi.")
NOT_STAFF_MESSAGE = _("Chỉ được chọn người đang công tác tại phường/xã của bản ghi.")

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


def check_same_ward(
    field: str, ward: Ward, rows: Model | Iterable[Model] | None, message: Any = None
) -> None:
    """Service check: every row of `rows` (one ward-owned row, several, or None) belongs to
    `ward` (its own `ward_id`, read without a query). Raises ValidationError({field: [...]}),
    with `message` or the general one."""
    if rows is None:
        return
    chosen: list[Any] = [rows] if hasattr(rows, "_meta") else list(rows)  # type: ignore[arg-type]
    if any(row.ward_id != ward.pk for row in chosen):
        raise ValidationError({field: [message or OTHER_WARD_MESSAGE]}, code="other_ward")


def check_works_in(field: str, ward: Ward, user: Any, message: Any = None) -> None:
    """Service check: `user` (None passes) holds a current membership in `ward`, or in the ward
    it was merged into (whose officers carry on its work). Raises ValidationError({field: [...]}),
    with `message` or the general one."""
    from wards.models import Membership

    if user is None:
        return
    if not Membership.objects.with_scopes_disabled().works_in(user, ward):
        raise ValidationError({field: [message or NOT_STAFF_MESSAGE]}, code="not_staff")


def check_ward_relations(
    model: type[Model],
    ward: Ward,
    values: Mapping[str, Any],
    messages: Mapping[str, Any] | None = None,
) -> None:
    """Service check of a record of `ward` given `values` (field values by name, as a service
    receives them to add or change a `model` row): every row of a ward-owned model (one with
    its own `ward` field: neighbourhoods, units, events…) belongs to `ward`, every person (the
    user model) works in it. Other values are not looked at. Raises one ValidationError naming
    each field refused, with its message in `messages` or the general one."""
    from django.contrib.auth import get_user_model

    messages = messages or {}
    errors: dict[str, Any] = {}
    for name, value in values.items():
        field = _relation(model, name)
        if field is None or value is None:
            continue
        try:
            if field.related_model is get_user_model():
                people = [value] if not field.many_to_many else list(value)
                for person in people:
                    check_works_in(name, ward, person, messages.get(name))
            elif _has_own_ward(field.related_model):
                check_same_ward(name, ward, value, messages.get(name))
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)


def _relation(model: type[Model], name: str) -> Any:
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Forward relations only (a foreign key, a many-to-many), not another model's reverse ones.
    return field if isinstance(field, models.Field) and field.is_relation else None


def _has_own_ward(model: Any) -> bool:
    return any(field.name == "ward" and field.is_relation for field in model._meta.fields)
