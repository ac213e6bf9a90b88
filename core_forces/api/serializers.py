"""Shapes of the core forces API. A member's personal data is never in the member's shape: it is
a separate, audited read (`/force-members/{id}/identity/`). Inputs of the services are plain
serializers; related rows are looked up through the scoped managers (another ward's id: 400)."""

from __future__ import annotations

from rest_framework import serializers

from core_forces import choices, models
from wards import models as wards_models
from wardsec.api.fields import TextChoicesField
from wardsec.api.serializers import ModelSerializer, Serializer


def _ward() -> serializers.SlugRelatedField[wards_models.Ward]:
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class UnitKindSerializer(ModelSerializer):
    class Meta:
        model = models.UnitKind
        fields = ["code", "name", "name_en", "legal_basis", "in_use_from", "in_use_until"]


class TrainingTopicSerializer(ModelSerializer):
    class Meta:
        model = models.TrainingTopic
        fields = ["code", "name", "qualifies"]


# --- Units ------------------------------------------------------------------------------------


class ForceUnitSerializer(ModelSerializer):
    ward = _ward()
    kind: serializers.SlugRelatedField[models.UnitKind] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = models.ForceUnit
        fields = [
            "id",
            "ward",
            "kind",
            "name",
            "neighbourhoods",
            "established_on",
            "dissolved_on",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "reorganised_into",
            "note",
        ]
        read_only_fields = fields


class ForceUnitCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text="Mã phường/xã (khi làm việc ở nhiều)")
    kind = serializers.SlugRelatedField(slug_field="code", queryset=models.UnitKind.objects)
    name = serializers.CharField(max_length=150)
    established_on = serializers.DateField()
    neighbourhoods = serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, many=True, required=False
    )
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    decision_issuer = serializers.CharField(max_length=150, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class DissolveSerializer(Serializer):
    on = serializers.DateField()
    reorganised_into = serializers.PrimaryKeyRelatedField(
        queryset=models.ForceUnit.objects, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class AllowanceLineSerializer(Serializer):
    full_name = serializers.CharField()
    role = serializers.CharField()
    held_from = serializers.DateField()
    held_until = serializers.DateField()
    days = serializers.IntegerField()
    rate_vnd = serializers.IntegerField(allow_null=True)
    amount_vnd = serializers.IntegerField()


class AllowanceSheetSerializer(Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    total_vnd = serializers.IntegerField()
    lines = AllowanceLineSerializer(many=True)


class MonthSerializer(Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2999, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)


# --- Members ----------------------------------------------------------------------------------


class ForceMemberSerializer(ModelSerializer):
    ward = _ward()
    sex = TextChoicesField(choices.Sex, read_only=True)

    class Meta:
        model = models.ForceMember
        fields = ["id", "ward", "full_name", "sex", "joined_on", "left_on"]
        read_only_fields = fields


class MemberIdentitySerializer(Serializer):
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    national_id = serializers.CharField(max_length=12, required=False, allow_blank=True)


class ForceMemberCreateSerializer(MemberIdentitySerializer):
    ward = serializers.CharField(required=False, help_text="Mã phường/xã (khi làm việc ở nhiều)")
    full_name = serializers.CharField(max_length=150)
    joined_on = serializers.DateField()
    sex = TextChoicesField(choices.Sex, required=False)


class ForceMemberUpdateSerializer(MemberIdentitySerializer):
    full_name = serializers.CharField(max_length=150, required=False)
    sex = TextChoicesField(choices.Sex, required=False)


class LeaveSerializer(Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


# --- Memberships ------------------------------------------------------------------------------


class UnitMembershipSerializer(ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role = TextChoicesField(choices.UnitRole, read_only=True)

    class Meta:
        model = models.UnitMembership
        fields = [
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "role",
            "starts_on",
            "ends_on",
            "decision_number",
            "decision_date",
            "end_reason",
        ]
        read_only_fields = fields


class AppointSerializer(Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=models.ForceMember.objects)
    unit = serializers.PrimaryKeyRelatedField(queryset=models.ForceUnit.objects)
    role = TextChoicesField(choices.UnitRole)
    starts_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)


class MoveSerializer(Serializer):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=models.ForceUnit.objects)
    on = serializers.DateField()
    role = TextChoicesField(choices.UnitRole, required=False)
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)


class ReleaseSerializer(Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


# --- Training ---------------------------------------------------------------------------------


class TrainingCourseSerializer(ModelSerializer):
    ward = _ward()
    topics: serializers.SlugRelatedField[models.TrainingTopic] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = models.TrainingCourse
        fields = [
            "id",
            "ward",
            "title",
            "topics",
            "starts_on",
            "ends_on",
            "hours",
            "organiser",
            "place",
        ]
        read_only_fields = fields


class TrainingCourseCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text="Mã phường/xã (khi làm việc ở nhiều)")
    title = serializers.CharField(max_length=200)
    topics = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=models.TrainingTopic.objects
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    hours = serializers.IntegerField(min_value=1, max_value=1000)
    organiser = serializers.CharField(max_length=150, required=False, allow_blank=True)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TrainingAttendanceSerializer(ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    result = TextChoicesField(choices.AttendanceResult, read_only=True)

    class Meta:
        model = models.TrainingAttendance
        fields = [
            "id",
            "course",
            "member",
            "member_name",
            "result",
            "certificate_number",
            "certificate_expires_on",
        ]
        read_only_fields = fields


class TrainingAttendanceCreateSerializer(Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=models.TrainingCourse.objects)
    member = serializers.PrimaryKeyRelatedField(queryset=models.ForceMember.objects)
    result = TextChoicesField(choices.AttendanceResult)
    certificate_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    certificate_expires_on = serializers.DateField(required=False, allow_null=True)


# --- Patrols and allowances -------------------------------------------------------------------


class PatrolSerializer(ModelSerializer):
    ward = _ward()
    kind = TextChoicesField(choices.PatrolKind, read_only=True)
    status = TextChoicesField(choices.PatrolStatus, read_only=True)

    class Meta:
        model = models.Patrol
        fields = [
            "id",
            "ward",
            "unit",
            "kind",
            "on",
            "starts_at",
            "ends_at",
            "route",
            "status",
            "participants",
            "report",
            "tip_reference",
        ]
        read_only_fields = fields


class PatrolCountSerializer(Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    patrols = serializers.IntegerField()


class PatrolCreateSerializer(Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=models.ForceUnit.objects)
    on = serializers.DateField()
    kind = TextChoicesField(choices.PatrolKind, required=False)
    starts_at = serializers.TimeField(required=False, allow_null=True)
    ends_at = serializers.TimeField(required=False, allow_null=True)
    route = serializers.CharField(max_length=255, required=False, allow_blank=True)


class PatrolRecordSerializer(Serializer):
    participants = serializers.PrimaryKeyRelatedField(
        queryset=models.ForceMember.objects, many=True, required=False
    )
    report = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    tip_reference = serializers.CharField(max_length=30, required=False, allow_blank=True)
    cancelled = serializers.BooleanField(required=False, default=False)


class AllowanceRateSerializer(ModelSerializer):
    ward = _ward()
    kind: serializers.SlugRelatedField[models.UnitKind] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    role = TextChoicesField(choices.UnitRole, read_only=True)

    class Meta:
        model = models.AllowanceRate
        fields = ["id", "ward", "role", "kind", "amount_vnd", "valid_from", "valid_until", "basis"]
        read_only_fields = fields


class AllowanceRateCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text="Mã phường/xã (khi làm việc ở nhiều)")
    role = TextChoicesField(choices.UnitRole)
    kind = serializers.SlugRelatedField(
        slug_field="code", queryset=models.UnitKind.objects, required=False, allow_null=True
    )
    amount_vnd = serializers.IntegerField(min_value=0, max_value=10**12)
    valid_from = serializers.DateField()
    basis = serializers.CharField(max_length=255, required=False, allow_blank=True)
