"""Serializers of the tips API. They check the shape of the input; the services hold the rules.

What a serializer never carries: a tip's PIN hash, PIN counters or idempotency key; a tipster's
contact (read through `services.read_tipster_contact`, audited); a subject's identity (read
through `services.read_subject_identity`, audited). Related querysets are managers, evaluated
inside the request's ward scope, never at import.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tips import choices, models
from wards import models as wards_models
from wardsec.api.fields import ActiveWardField, StaffField, TextChoicesField, username_field
from wardsec.api.serializers import ModelSerializer, Serializer

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
    author = username_field()

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
    is_overdue = serializers.SerializerMethodField()
    entered_by = username_field()
    assignee = username_field()
    transferred_from: serializers.SlugRelatedField[wards_models.Ward] = (
        serializers.SlugRelatedField(slug_field="code", read_only=True)
    )

    class Meta:
        model = models.Tip
        fields = [
            "id",
            "reference",
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
    # The phone rule is the service's (wardsec.validators.check_phone), keyed by this field.
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
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


class TipReceiptSerializer(Serializer):
    """What the desk reads back to the citizen: the tracking code and the PIN, once (neither is
    stored, so a repeated request gives only the tip's reference number)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    tracking_code = serializers.CharField(allow_null=True)
    display_code = serializers.CharField(allow_null=True)
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
    officer_in_charge = username_field()
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
    # The service refuses a case without a category; saying so here puts it in the schema.
    categories = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=models.OffenceCategory.objects,
        allow_empty=False,
        error_messages={"empty": _("Hãy chọn ít nhất một loại vụ việc.")},
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
