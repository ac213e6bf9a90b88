"""Serializer bases of every app's API: they answer in the platform's one Vietnamese dialect
(translatable; English with `Accept-Language: en`) and describe nullable output truthfully.

An app's serializers derive from `Serializer` or `ModelSerializer` here, never from DRF's
directly (`tests/wardsec/test_api_platform.py` checks every routed view).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar

from django.core import validators
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

from wardsec import fieldpaths

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# DRF's own Vietnamese catalogue covers few of its messages; these are ours, per error key.
# Placeholders are only those every field of that kind passes.
MESSAGES: dict[str, Any] = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "invalid": _("Giá trị không hợp lệ."),
    "max_length": _("Không được quá {max_length} ký tự."),
    "min_length": _("Cần ít nhất {min_length} ký tự."),
    "max_value": _("Không được lớn hơn {max_value}."),
    "min_value": _("Không được nhỏ hơn {min_value}."),
    "max_digits": _("Không được quá {max_digits} chữ số."),
    "max_decimal_places": _("Không được quá {max_decimal_places} chữ số sau dấu phẩy."),
    "max_whole_digits": _("Không được quá {max_whole_digits} chữ số trước dấu phẩy."),
    "max_string_length": _("Giá trị quá dài."),
    "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ."),
    "not_a_list": _("Hãy gửi một danh sách."),
    "empty": _("Hãy chọn ít nhất một mục."),
    "incorrect_type": _("Hãy gửi mã số (số nguyên)."),
    "does_not_exist": _("Không tìm thấy mục này."),
    "datetime": _("Hãy gửi một ngày (YYYY-MM-DD), không phải thời điểm."),
}
_MESSAGES_BY_CLASS: dict[type, dict[str, Any]] = {
    serializers.DateField: {"invalid": _("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD.")},
    serializers.TimeField: {"invalid": _("Giờ không hợp lệ; hãy dùng dạng HH:MM.")},
    serializers.EmailField: {"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    serializers.IntegerField: {"invalid": _("Hãy nhập một số nguyên.")},
    serializers.DecimalField: {"invalid": _("Hãy nhập một số.")},
    serializers.BooleanField: {"invalid": _("Hãy gửi true hoặc false.")},
    serializers.UUIDField: {"invalid": _("Mã không hợp lệ (cần dạng UUID).")},
    serializers.SlugRelatedField: {"does_not_exist": _("Không tìm thấy mã “{value}”.")},
    serializers.PrimaryKeyRelatedField: {
        "does_not_exist": _("Không tìm thấy mục có mã số {pk_value}.")
    },
}


# Limits DRF checks with Django validators, whose message it formats when the field is made.
_VALIDATOR_KEYS: dict[type, str] = {
    validators.MaxLengthValidator: "max_length",
    validators.MinLengthValidator: "min_length",
    validators.MaxValueValidator: "max_value",
    validators.MinValueValidator: "min_value",
    validators.EmailValidator: "invalid",
}
_VALIDATOR_MESSAGES: dict[type, Any] = {
    validators.ProhibitNullCharactersValidator: _("Không được chứa ký tự NUL."),
}


def _translated_validator(validator: Any, field: serializers.Field) -> Any:
    """A copy of `validator` speaking Vietnamese (the original may be a model field's)."""
    key = _VALIDATOR_KEYS.get(type(validator))
    message = _VALIDATOR_MESSAGES.get(type(validator))
    if key is not None:
        limit = getattr(validator, "limit_value", None)
        message = field.error_messages[key]
        if limit is not None:
            # A lazy message formats lazily too (DRF's stubs say `str`); it must stay lazy.
            message = lazy_format(message, **{key: limit})  # type: ignore[arg-type]
    if message is None:
        return validator
    validator = copy.copy(validator)
    validator.message = message
    return validator


def _vietnamese_errors(field: serializers.Field) -> None:
    """Replace DRF's English error messages of `field` (and its children) with ours; messages
    given to the field itself are kept."""
    defaults: dict[str, Any] = {}
    messages = dict(MESSAGES)
    for cls in reversed(type(field).__mro__):
        defaults |= getattr(cls, "default_error_messages", {})
        messages |= _MESSAGES_BY_CLASS.get(cls, {})
    for key, text in messages.items():
        if key in field.error_messages and field.error_messages[key] == defaults.get(key):
            field.error_messages[key] = text
    field.validators = [_translated_validator(v, field) for v in field.validators]
    for child in (getattr(field, "child", None), getattr(field, "child_relation", None)):
        if child is not None:
            _vietnamese_errors(child)


class VietnameseErrorsMixin:
    """Every field of the serializer answers in Vietnamese (translatable)."""

    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "invalid": _("Dữ liệu không hợp lệ: cần một đối tượng JSON.")
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()  # type: ignore[misc]
        for field in fields.values():
            _vietnamese_errors(field)
        return fields


class Serializer(VietnameseErrorsMixin, serializers.Serializer):
    """Input and output shapes that are not a model's."""


def _model_field(model: type[models.Model], source: str) -> models.Field | None:
    """The model field at the end of a dotted `source` (`case.number`), if there is one."""
    field = fieldpaths.field_at(model, source, sep=".")
    return field if isinstance(field, models.Field) else None


def _may_be_empty(model: type[models.Model], source: str) -> bool:
    """Whether the value at `source` can be missing: a nullable field, or any step before it
    through a nullable relation (`neighbourhood.name` when there is no neighbourhood)."""
    parts = source.split(".")
    for end in range(1, len(parts) + 1):
        field = _model_field(model, ".".join(parts[:end]))
        if field is not None and field.null:
            return True
    return False


class ModelSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    """A model's serializer. A declared read-only field over a nullable model field (or a blank
    one, for a choice that answers null when unset) is marked `allow_null`, so the schema says
    what the API sends."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            source = field.source or name  # set when the field is bound, later
            if not field.read_only or field.allow_null or source == "*":
                continue
            target = _model_field(model, source)
            blank = bool(target and target.blank and getattr(field, "null_when_blank", False))
            if blank or _may_be_empty(model, source):
                field.allow_null = True
        return fields
