"""Serializers of the tips API. They check the shape of the input; the services hold the rules.

What a serializer never carries: a tip's PIN hash, PIN counters or idempotency key; a tipster's
contact (read through `services.read_tipster_contact`, audited); a subject's identity (read
through `services.read_subject_identity`, audited). Related querysets are managers, evaluated
inside the request's ward scope, never at import.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.contrib.auth import get_user_model
from django.core import validators
from django.db import models as db_models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

from tips import choices, codes, models
from wards import models as wards_models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

User = get_user_model()

# DRF's own Vietnamese catalogue covers few of its messages; these are ours, per error key.
# Placeholders are only those every field of that kind passes.
_MESSAGES: dict[str, Any] = {
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
    messages = dict(_MESSAGES)
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
    pass


class ModelSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    pass


class TextChoicesField(serializers.ChoiceField):
    """A choice field bound to a `TextChoices` class; its OpenAPI enum is named after the class.

    Output: the stored value, or null when the value is blank (an outcome not yet given).
    """

    def __init__(
        self,
        choices_class: type[db_models.TextChoices],
        *,
        only: list[str] | None = None,
        enum_name: str = "",
        **kwargs: Any,
    ):
        self.choices_class = choices_class
        self.enum_name = enum_name or f"{choices_class.__name__}Enum"
        pairs = choices_class.choices
        if only is not None:
            pairs = [(value, label) for value, label in pairs if value in only]
        super().__init__(choices=pairs, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return str(value) if value not in ("", None) else None


class TextChoicesFieldExtension(OpenApiSerializerFieldExtension):
    """One schema component per TextChoices class (TipStatusEnum, TipOutcomeEnum, …), shared by
    every field that uses it: no enum-name collisions between tips, cases and subjects."""

    target_class = TextChoicesField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction) -> dict[str, Any]:
        choices = self.target.choices
        return {
            "type": "string",
            "enum": list(choices),
            "description": build_choice_description_list(choices.items()),
        }


def _username_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)


class StaffField(serializers.SlugRelatedField):
    """An active person working in one of the wards of the request's scope, by username:
    nobody outside it is offered, or even confirmed to exist."""

    def __init__(self, **kwargs: Any):
        super().__init__(slug_field="username", queryset=User.objects, **kwargs)

    def get_queryset(self) -> db_models.QuerySet:
        # Membership is ward-scoped: only memberships in the scope's wards are seen.
        staff = wards_models.Membership.objects.current().values("user_id")
        # Never None: __init__ gives the field its queryset.
        queryset = cast("db_models.QuerySet", super().get_queryset())
        return queryset.filter(is_active=True, pk__in=staff)


class ActiveWardField(serializers.SlugRelatedField):
    """Any active ward, by code: where a tip that is not ours is sent (transfer)."""

    def __init__(self, **kwargs: Any):
        # Ward names and codes are public reference data (the public form lists them); a
        # transfer must name a ward outside the officer's own scope.
        queryset = wards_models.Ward.objects.with_scopes_disabled()
        super().__init__(slug_field="code", queryset=queryset, **kwargs)

    def get_queryset(self) -> db_models.QuerySet:
        queryset = cast("db_models.QuerySet", super().get_queryset())  # given in __init__
        return queryset.filter(is_active=True)


# --- Reference and messages -------------------------------------------------------------------


class OffenceCategorySerializer(ModelSerializer):
    class Meta:
        model = models.OffenceCategory
        fields = [
            "code",
            "name",
            "name_en",
            "penal_code_article",
            "description",
            "is_active",
            "sort_order",
        ]


class TipMessageSerializer(ModelSerializer):
    kind = TextChoicesField(choices.MessageKind, read_only=True)
    author = _username_field()

    class Meta:
        model = models.TipMessage
        fields = ["id", "tip", "kind", "body", "author", "created_at"]
        read_only_fields = fields


# --- Tips -------------------------------------------------------------------------------------


class TipSerializer(ModelSerializer):
    """A tip as officers see it: no contact, no PIN, no idempotency key."""

    ward: serializers.SlugRelatedField[wards_models.Ward] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    category: serializers.SlugRelatedField[models.OffenceCategory] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    category_name = serializers.CharField(source="category.name", read_only=True)
    neighbourhood_name = serializers.CharField(
        source="neighbourhood.name", read_only=True, allow_null=True, default=None
    )
    channel = TextChoicesField(choices.TipChannel, read_only=True)
    status = TextChoicesField(choices.TipStatus, read_only=True)
    outcome = TextChoicesField(choices.TipOutcome, read_only=True, allow_null=True)
    display_code = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    entered_by = _username_field()
    assignee = _username_field()
    transferred_from: serializers.SlugRelatedField[wards_models.Ward] = (
        serializers.SlugRelatedField(slug_field="code", read_only=True)
    )

    class Meta:
        model = models.Tip
        fields = [
            "id",
            "tracking_code",
            "display_code",
            "ward",
            "neighbourhood",
            "neighbourhood_name",
            "category",
            "category_name",
            "channel",
            "status",
            "description",
            "occurred_on",
            "occurred_time",
            "occurred_note",
            "location_text",
            "latitude",
            "longitude",
            "is_anonymous",
            "received_at",
            "entered_by",
            "assignee",
            "triaged_at",
            "duplicate_of",
            "transferred_from",
            "case",
            "outcome",
            "closed_at",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_display_code(self, tip: models.Tip) -> str:
        return codes.format_code(tip.tracking_code)

    def get_is_overdue(self, tip: models.Tip) -> bool:
        return tip.is_overdue()


class TipCreateSerializer(Serializer):
    """A tip entered on a citizen's behalf (hotline desk, walk-in, letter…)."""

    ward = serializers.CharField(
        required=False,
        write_only=True,
        help_text=_("Mã phường/xã; bỏ trống khi người nhập chỉ công tác ở một phường/xã."),
    )
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=models.OffenceCategory.objects
    )
    channel = TextChoicesField(
        choices.TipChannel,
        only=choices.TipChannel.officer_entered(),
        enum_name="OfficerChannelEnum",
    )
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, required=False, allow_null=True
    )
    description = serializers.CharField(max_length=5000)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    occurred_time = serializers.TimeField(required=False, allow_null=True)
    occurred_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    location_text = serializers.CharField(max_length=255, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        required=False,
        allow_null=True,
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        required=False,
        allow_null=True,
    )
    contact_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    contact_phone = serializers.RegexField(
        r"^\+?[0-9 .\-]{8,20}$",
        max_length=32,
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, 8 đến 20 ký tự.")},
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    issue_pin = serializers.BooleanField(
        default=False,
        help_text=_("Cấp mã PIN để người báo tự tra cứu; PIN chỉ hiện một lần trong phản hồi."),
    )
    idempotency_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("Gửi lại cùng khóa khi thử lại: tin báo không bị ghi hai lần."),
    )

    def validate_occurred_on(self, day):
        if day and day > timezone.localdate():
            raise serializers.ValidationError(_("Ngày xảy ra không được ở tương lai."))
        return day

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            raise serializers.ValidationError(
                {"latitude": [_("Hãy nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai.")]}
            )
        return attrs


class TipReceiptSerializer(Serializer):
    """What the desk reads back to the citizen: the tracking code and, once, the PIN."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    display_code = serializers.CharField()
    pin = serializers.CharField(allow_null=True)
    created = serializers.BooleanField(
        help_text=_("false khi cùng khóa chống gửi trùng đã được gửi trước đó.")
    )
    ward = serializers.CharField()


class TipContactSerializer(Serializer):
    is_anonymous = serializers.BooleanField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class TriageSerializer(Serializer):
    decision = TextChoicesField(choices.TriageDecision)
    duplicate_of = serializers.PrimaryKeyRelatedField(
        queryset=models.Tip.objects, required=False, allow_null=True
    )
    transfer_to = ActiveWardField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AssignSerializer(Serializer):
    assignee = StaffField()


class MessageBodySerializer(Serializer):
    body = serializers.CharField(max_length=5000)


class LinkCaseSerializer(Serializer):
    case = serializers.PrimaryKeyRelatedField(queryset=models.Case.objects)


class CloseTipSerializer(Serializer):
    outcome = TextChoicesField(choices.TipOutcome)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class NoteSerializer(Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


# --- Cases and subjects -----------------------------------------------------------------------


class CaseSerializer(ModelSerializer):
    ward: serializers.SlugRelatedField[wards_models.Ward] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    # `many=True` makes a ManyRelatedField at run time; the stubs type the call as written.
    categories: serializers.SlugRelatedField[models.OffenceCategory] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    status = TextChoicesField(choices.CaseStatus, read_only=True)
    officer_in_charge = _username_field()
    tip_count = serializers.IntegerField(read_only=True)
    subject_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Case
        fields = [
            "id",
            "ward",
            "number",
            "title",
            "summary",
            "categories",
            "status",
            "opened_on",
            "clarified_on",
            "officer_in_charge",
            "tip_count",
            "subject_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CaseCreateSerializer(Serializer):
    ward = serializers.CharField(
        required=False,
        write_only=True,
        help_text=_("Mã phường/xã; bỏ trống khi người nhập chỉ công tác ở một phường/xã."),
    )
    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=models.OffenceCategory.objects
    )
    opened_on = serializers.DateField(required=False, allow_null=True)
    officer_in_charge = StaffField(required=False, allow_null=True)
    tips = serializers.PrimaryKeyRelatedField(
        queryset=models.Tip.objects, many=True, required=False
    )


class ClarifyCaseSerializer(Serializer):
    clarified_on = serializers.DateField()


class SubjectSerializer(ModelSerializer):
    """A subject without identity: reading it is a separate, audited action."""

    case_number = serializers.CharField(source="case.number", read_only=True)
    offence: serializers.SlugRelatedField[models.OffenceCategory] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    outcome = TextChoicesField(choices.SubjectOutcome, read_only=True)

    class Meta:
        model = models.Subject
        fields = [
            "id",
            "case",
            "case_number",
            "offence",
            "outcome",
            "outcome_on",
            "outcome_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SubjectIdentitySerializer(Serializer):
    full_name = serializers.CharField(max_length=120)
    alias = serializers.CharField(max_length=120, required=False, allow_blank=True)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )
    gender = TextChoicesField(choices.Gender, required=False)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)


class SubjectCreateSerializer(SubjectIdentitySerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=models.Case.objects)
    offence = serializers.SlugRelatedField(
        slug_field="code", queryset=models.OffenceCategory.objects, required=False, allow_null=True
    )


class SubjectOutcomeSerializer(Serializer):
    outcome = TextChoicesField(choices.SubjectOutcome)
    outcome_on = serializers.DateField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
