"""Shapes of the campaigns API. Lists that are data (formats, topics, partners, funds,
beneficiary groups) are named by code; neighbourhoods and events by id, looked up through the
scoped managers (another ward's id: 400); people by username. Money is whole VND (integers)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from campaigns import choices, models
from wards import models as wards_models
from wardsec.api.fields import StaffField, TextChoicesField, username_field
from wardsec.api.serializers import ModelSerializer, Serializer

WARD_HELP = "Mã phường/xã (khi làm việc ở nhiều)"


def _ward() -> serializers.SlugRelatedField[wards_models.Ward]:
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


def _codes(model: Any, *, many: bool = False, read_only: bool = False, **kwargs: Any) -> Any:
    """Rows of a list that is data, by code (only rows in use are accepted)."""
    if read_only:
        return serializers.SlugRelatedField(slug_field="code", read_only=True, many=many)
    queryset = model.objects.filter(is_active=True)
    return serializers.SlugRelatedField(slug_field="code", queryset=queryset, many=many, **kwargs)


def _areas(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, many=True, required=False, **kwargs
    )


def _count(**kwargs: Any) -> serializers.IntegerField:
    """A whole number; the limits (not negative, not absurd) are the service's."""
    return serializers.IntegerField(**kwargs)


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


class CatalogueSerializer(ModelSerializer):
    class Meta:
        fields = ["code", "name", "is_active"]


def catalogue_serializer(model: Any) -> type[CatalogueSerializer]:
    meta = type("Meta", (CatalogueSerializer.Meta,), {"model": model})
    return type(f"{model.__name__}Serializer", (CatalogueSerializer,), {"Meta": meta})


# --- Plans ---------------------------------------------------------------------------------------


class OutreachPlanSerializer(ModelSerializer):
    ward = _ward()
    done_sessions = serializers.IntegerField(read_only=True)
    done_attendances = serializers.IntegerField(read_only=True)
    done_broadcasts = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.OutreachPlan
        fields = [
            "id",
            "ward",
            "year",
            "title",
            "reference",
            "target_sessions",
            "target_attendances",
            "target_broadcasts",
            "done_sessions",
            "done_attendances",
            "done_broadcasts",
            "note",
        ]
        read_only_fields = fields


class OutreachPlanCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    year = serializers.IntegerField(min_value=1900, max_value=2999)
    title = serializers.CharField(max_length=255)
    reference = _text(80)
    target_sessions = _count(required=False)
    target_attendances = _count(required=False)
    target_broadcasts = _count(required=False)
    note = _text(5000)


# --- Sessions and broadcasts ---------------------------------------------------------------------


class OutreachSessionSerializer(ModelSerializer):
    ward = _ward()
    format = _codes(models.OutreachFormat, read_only=True)
    topics = _codes(models.OutreachTopic, many=True, read_only=True)
    partners = _codes(models.Partner, many=True, read_only=True)
    officer = username_field()
    photos = serializers.IntegerField(source="photo_count", read_only=True)

    class Meta:
        model = models.OutreachSession
        fields = [
            "id",
            "ward",
            "held_on",
            "format",
            "title",
            "topics",
            "neighbourhoods",
            "partners",
            "attendances",
            "leaflets",
            "officer",
            "place",
            "note",
            "photos",
        ]
        read_only_fields = fields


class OutreachSessionCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    held_on = serializers.DateField()
    format = _codes(models.OutreachFormat)
    topics = _codes(models.OutreachTopic, many=True)
    attendances = _count()
    leaflets = _count(required=False)
    title = _text(255)
    neighbourhoods = _areas()
    partners = _codes(models.Partner, many=True, required=False)
    officer = StaffField(required=False, allow_null=True)
    place = _text(255)
    note = _text(5000)


class BroadcastSerializer(ModelSerializer):
    ward = _ward()
    topics = _codes(models.OutreachTopic, many=True, read_only=True)

    class Meta:
        model = models.Broadcast
        fields = ["id", "ward", "aired_on", "programme", "airings", "topics", "neighbourhoods"]
        fields += ["note"]
        read_only_fields = fields


class BroadcastCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    aired_on = serializers.DateField()
    programme = serializers.CharField(max_length=255)
    airings = _count(required=False)
    topics = _codes(models.OutreachTopic, many=True, required=False)
    neighbourhoods = _areas()
    note = _text(5000)


# --- Festival days, forums, feedback -------------------------------------------------------------


class MovementEventSerializer(ModelSerializer):
    ward = _ward()
    kind = TextChoicesField(choices.EventKind, read_only=True)
    partners = _codes(models.Partner, many=True, read_only=True)
    feedback_items = serializers.IntegerField(source="feedback_count", read_only=True)
    feedback_open = serializers.IntegerField(source="open_count", read_only=True)

    class Meta:
        model = models.MovementEvent
        fields = [
            "id",
            "ward",
            "kind",
            "held_on",
            "ends_on",
            "title",
            "place",
            "attendances",
            "partners",
            "note",
            "feedback_items",
            "feedback_open",
        ]
        read_only_fields = fields


class MovementEventCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    kind = TextChoicesField(choices.EventKind)
    held_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    place = _text(255)
    attendances = _count()
    partners = _codes(models.Partner, many=True, required=False)
    note = _text(5000)


class FeedbackItemSerializer(ModelSerializer):
    ward = _ward()
    status = TextChoicesField(choices.FeedbackStatus, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = models.FeedbackItem
        fields = [
            "id",
            "ward",
            "event",
            "content",
            "raised_by",
            "responder",
            "deadline",
            "status",
            "overdue",
            "answer",
            "answered_on",
            "forwarded_to",
        ]
        read_only_fields = fields


class FeedbackItemCreateSerializer(Serializer):
    event = serializers.PrimaryKeyRelatedField(queryset=models.MovementEvent.objects)
    content = serializers.CharField(max_length=5000)
    raised_by = _text(150)
    responder = serializers.CharField(max_length=150)
    deadline = serializers.DateField()


class AnswerSerializer(Serializer):
    answer = serializers.CharField(max_length=5000)
    on = serializers.DateField()


class ForwardSerializer(Serializer):
    forwarded_to = serializers.CharField(max_length=150)
    on = serializers.DateField()
    note = _text(5000)


# --- Welfare -------------------------------------------------------------------------------------


class DonationSerializer(ModelSerializer):
    ward = _ward()
    donor_kind = TextChoicesField(choices.DonorKind, read_only=True)

    class Meta:
        model = models.Donation
        fields = [
            "id",
            "ward",
            "received_on",
            "donor_kind",
            "donor_name",
            "cash_vnd",
            "in_kind",
            "in_kind_value_vnd",
            "purpose",
        ]
        read_only_fields = fields


class DonationCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    received_on = serializers.DateField()
    donor_kind = TextChoicesField(choices.DonorKind)
    donor_name = _text(200)
    cash_vnd = _count(required=False)
    in_kind = _text(255)
    in_kind_value_vnd = _count(required=False)
    purpose = _text(255)


class GiftDistributionSerializer(ModelSerializer):
    ward = _ward()
    beneficiary_group = _codes(models.BeneficiaryGroup, read_only=True)

    class Meta:
        model = models.GiftDistribution
        fields = [
            "id",
            "ward",
            "distributed_on",
            "packages",
            "value_vnd",
            "beneficiary_group",
            "occasion",
            "neighbourhoods",
            "note",
        ]
        read_only_fields = fields


class GiftDistributionCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    distributed_on = serializers.DateField()
    packages = _count()
    value_vnd = _count()
    beneficiary_group = _codes(models.BeneficiaryGroup)
    occasion = _text(255)
    neighbourhoods = _areas()
    note = _text(5000)


class CharityHouseSerializer(ModelSerializer):
    ward = _ward()

    class Meta:
        model = models.CharityHouse
        fields = [
            "id",
            "ward",
            "beneficiary",
            "neighbourhood",
            "value_vnd",
            "handed_over_on",
            "funding_sources",
        ]
        read_only_fields = fields


class CharityHouseCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    beneficiary = serializers.CharField(max_length=200)
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, required=False, allow_null=True
    )
    value_vnd = _count()
    handed_over_on = serializers.DateField()
    funding_sources = _text(5000)


class FundContributionSerializer(ModelSerializer):
    ward = _ward()
    fund = _codes(models.Fund, read_only=True)

    class Meta:
        model = models.FundContribution
        fields = ["id", "ward", "fund", "amount_vnd", "contributed_on", "note"]
        read_only_fields = fields


class FundContributionCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    fund = _codes(models.Fund)
    amount_vnd = _count()
    contributed_on = serializers.DateField()
    note = _text(255)
