"""Shapes of the mediation API. A party's personal data is never in the party's shape: it is a
separate, audited read (`/mediation-parties/{id}/identity/`). Inputs of the services are plain
serializers; related rows are looked up through the scoped managers (another ward's id: 400)."""

from __future__ import annotations

from rest_framework import serializers

from core_forces import models as forces
from mediation import choices, models
from tips.models import OffenceCategory
from wards import models as wards_models
from wardsec.api.fields import TextChoicesField
from wardsec.api.serializers import ModelSerializer, Serializer

WARD_HELP = "Mã phường/xã (khi làm việc ở nhiều)"


def _ward() -> serializers.SlugRelatedField[wards_models.Ward]:
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class DisputeKindSerializer(ModelSerializer):
    class Meta:
        model = models.DisputeKind
        fields = ["code", "name", "is_active"]


# --- Teams and mediators ----------------------------------------------------------------------


class MediationTeamSerializer(ModelSerializer):
    ward = _ward()

    class Meta:
        model = models.MediationTeam
        fields = [
            "id",
            "ward",
            "name",
            "neighbourhood",
            "force_unit",
            "established_on",
            "dissolved_on",
        ]
        read_only_fields = fields


class MediationTeamCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    name = serializers.CharField(max_length=150)
    neighbourhood = serializers.PrimaryKeyRelatedField(queryset=wards_models.Neighbourhood.objects)
    established_on = serializers.DateField()
    force_unit = serializers.PrimaryKeyRelatedField(
        queryset=forces.ForceUnit.objects, required=False, allow_null=True
    )


class MediationTeamDissolveSerializer(Serializer):
    dissolved_on = serializers.DateField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class MediatorSerializer(ModelSerializer):
    role = TextChoicesField(choices.MediatorRole, read_only=True)

    class Meta:
        model = models.Mediator
        fields = ["id", "team", "full_name", "role", "force_member", "starts_on", "ends_on"]
        read_only_fields = fields


class MediatorCreateSerializer(Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=models.MediationTeam.objects)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = TextChoicesField(choices.MediatorRole, required=False)
    force_member = serializers.PrimaryKeyRelatedField(
        queryset=forces.ForceMember.objects, required=False, allow_null=True
    )
    starts_on = serializers.DateField()


class MediatorLeaveSerializer(Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


# --- Disputes ---------------------------------------------------------------------------------


class DisputeSerializer(ModelSerializer):
    ward = _ward()
    reference = serializers.CharField(read_only=True)
    kind: serializers.SlugRelatedField[models.DisputeKind] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    source = TextChoicesField(choices.DisputeSource, read_only=True)  # type: ignore[assignment]
    status = TextChoicesField(choices.DisputeStatus, read_only=True)
    compliance = TextChoicesField(choices.Compliance, read_only=True)
    tip = serializers.CharField(
        source="tip.reference", read_only=True, allow_null=True, default=None
    )
    referred_tip = serializers.CharField(
        source="referred_tip.reference", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = models.Dispute
        fields = [
            "id",
            "reference",
            "ward",
            "neighbourhood",
            "team",
            "mediators",
            "received_on",
            "source",
            "tip",
            "kind",
            "summary",
            "status",
            "closed_on",
            "agreement",
            "obligations",
            "deadline",
            "guidance",
            "outcome_note",
            "referred_tip",
            "compliance",
            "compliance_checked_on",
        ]
        read_only_fields = fields


class PartyInputSerializer(Serializer):
    role = TextChoicesField(choices.PartyRole, required=False)
    full_name = serializers.CharField(max_length=150)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class DisputeCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    received_on = serializers.DateField()
    source = TextChoicesField(  # type: ignore[assignment]
        choices.DisputeSource,
        only=[
            choices.DisputeSource.PARTY_REQUEST,
            choices.DisputeSource.WARD_REFERRAL,
            choices.DisputeSource.OWN_INITIATIVE,
        ],
        enum_name="DisputeEntrySourceEnum",
    )
    kind = serializers.SlugRelatedField(slug_field="code", queryset=models.DisputeKind.objects)
    summary = serializers.CharField(max_length=5000)
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=models.MediationTeam.objects, required=False, allow_null=True
    )
    parties = PartyInputSerializer(many=True, required=False)


class DisputeUpdateSerializer(Serializer):
    kind = serializers.SlugRelatedField(
        slug_field="code", queryset=models.DisputeKind.objects, required=False
    )
    summary = serializers.CharField(max_length=5000, required=False)
    received_on = serializers.DateField(required=False)
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, required=False
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class DisputeAssignSerializer(Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=models.MediationTeam.objects)
    mediators = serializers.PrimaryKeyRelatedField(
        queryset=models.Mediator.objects, many=True, required=False
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class DisputeOutcomeSerializer(Serializer):
    outcome = TextChoicesField(
        choices.DisputeStatus,
        only=[value for value, _label in choices.DisputeStatus.outcomes()],
        enum_name="DisputeOutcomeEnum",
    )
    closed_on = serializers.DateField()
    agreement = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    obligations = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    guidance = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    tip_category = serializers.SlugRelatedField(
        slug_field="code", queryset=OffenceCategory.objects, required=False, allow_null=True
    )


class DisputeFollowUpSerializer(Serializer):
    compliance = TextChoicesField(
        choices.Compliance,
        only=[choices.Compliance.KEPT, choices.Compliance.BROKEN],
        enum_name="ComplianceCheckEnum",
    )
    checked_on = serializers.DateField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


# --- Parties and sessions ---------------------------------------------------------------------


class PartySerializer(ModelSerializer):
    role = TextChoicesField(choices.PartyRole, read_only=True)

    class Meta:
        model = models.Party
        fields = ["id", "dispute", "role", "full_name"]
        read_only_fields = fields


class PartyCreateSerializer(PartyInputSerializer):
    dispute = serializers.PrimaryKeyRelatedField(queryset=models.Dispute.objects)


class PartyIdentitySerializer(Serializer):
    birth_year = serializers.IntegerField(allow_null=True)
    address = serializers.CharField()
    phone = serializers.CharField()


class MediationSessionSerializer(ModelSerializer):
    class Meta:
        model = models.MediationSession
        fields = [
            "id",
            "dispute",
            "held_on",
            "mediators",
            "invited",
            "attendees",
            "agreed",
            "demands",
        ]
        read_only_fields = fields


class MediationSessionCreateSerializer(Serializer):
    dispute = serializers.PrimaryKeyRelatedField(queryset=models.Dispute.objects)
    held_on = serializers.DateField()
    mediators = serializers.PrimaryKeyRelatedField(
        queryset=models.Mediator.objects, many=True, required=False
    )
    invited = serializers.CharField(max_length=255, required=False, allow_blank=True)
    attendees = serializers.CharField(max_length=255, required=False, allow_blank=True)
    agreed = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    demands = serializers.CharField(max_length=5000, required=False, allow_blank=True)


# --- Record books -----------------------------------------------------------------------------


class RecordBookSerializer(ModelSerializer):
    ward = _ward()

    class Meta:
        model = models.RecordBook
        fields = ["id", "ward", "team", "year", "number", "opened_on", "closed_on", "summary"]
        read_only_fields = fields


class RecordBookCreateSerializer(Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=models.MediationTeam.objects)
    year = serializers.IntegerField(min_value=1990, max_value=2999)
    number = serializers.CharField(max_length=20)
    opened_on = serializers.DateField()


class CloseBookSerializer(Serializer):
    closed_on = serializers.DateField()
    summary = serializers.CharField(max_length=5000)


class RecordBookDownloadSerializer(Serializer):
    file = serializers.ChoiceField(
        choices=[("xlsx", "XLSX"), ("pdf", "PDF")], default="xlsx", help_text="xlsx | pdf"
    )
