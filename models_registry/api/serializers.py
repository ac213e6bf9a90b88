"""Shapes of the models registry API. Inputs of the services are plain serializers; related
rows are looked up through the scoped managers (another ward's id: 400). A supervised person's
shape carries personal data: its endpoint needs `view_supervision`, and every read is audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from core_forces import models as forces
from models_registry import choices, models
from tips import models as tips
from wards import models as wards_models
from wardsec.api.fields import TextChoicesField
from wardsec.api.serializers import ModelSerializer, Serializer

WARD_HELP = "Mã phường/xã (khi làm việc ở nhiều)"


def _ward() -> serializers.SlugRelatedField[wards_models.Ward]:
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


def _text(max_length: int, required: bool = False) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=required, allow_blank=not required)


class ModelKindSerializer(ModelSerializer):
    measure = TextChoicesField(choices.Measure, read_only=True)

    class Meta:
        model = models.ModelKind
        fields = ["code", "name", "name_en", "measure"]


# --- Models -----------------------------------------------------------------------------------


class PreventionModelSerializer(ModelSerializer):
    ward = _ward()
    kind: serializers.SlugRelatedField[models.ModelKind] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    status = TextChoicesField(choices.ModelStatus, read_only=True)
    funds_raised_vnd = serializers.IntegerField(read_only=True)
    open_faults = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.PreventionModel
        fields = [
            "id",
            "ward",
            "code",
            "name",
            "kind",
            "decision",
            "started_on",
            "ended_on",
            "status",
            "neighbourhoods",
            "lead_unit",
            "description",
            "funds_raised_vnd",
            "open_faults",
        ]
        read_only_fields = fields


class PreventionModelCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    kind = serializers.SlugRelatedField(slug_field="code", queryset=models.ModelKind.objects)
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=255)
    started_on = serializers.DateField()
    neighbourhoods = serializers.PrimaryKeyRelatedField(
        queryset=wards_models.Neighbourhood.objects, many=True, required=False
    )
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=forces.ForceUnit.objects, required=False, allow_null=True
    )
    decision = _text(255)
    description = _text(5000)


class ModelEndSerializer(Serializer):
    on = serializers.DateField()
    note = _text(5000)


class ModelEvaluateSerializer(Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2999)
    rating = TextChoicesField(choices.Rating)
    reasons = serializers.CharField(max_length=5000)


class ModelContributionSerializer(Serializer):
    amount_vnd = serializers.IntegerField(min_value=1, max_value=10**15)
    received_on = serializers.DateField()
    donor = _text(200)


class EffectYearSerializer(Serializer):
    year = serializers.CharField()
    tips_covered = serializers.IntegerField()
    tips_other = serializers.IntegerField()
    cases_covered = serializers.IntegerField()
    cases_other = serializers.IntegerField()
    rate_covered = serializers.FloatField()
    rate_other = serializers.FloatField()


class ModelFiguresSerializer(Serializer):
    """A model's figures as they stand on a day (`?on=`, today when not given)."""

    on = serializers.DateField()
    indicators = serializers.DictField(child=serializers.IntegerField())
    out_of_order = serializers.IntegerField()
    funds_raised_vnd = serializers.IntegerField()
    ratings = serializers.DictField(child=serializers.CharField())
    covered_neighbourhoods = serializers.IntegerField()
    other_neighbourhoods = serializers.IntegerField()
    effect = EffectYearSerializer(many=True)


class FiguresOnSerializer(Serializer):
    on = serializers.DateField(required=False)


class EvaluationSerializer(ModelSerializer):
    rating = TextChoicesField(choices.Rating, read_only=True)
    evaluated_by: serializers.StringRelatedField = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = models.Evaluation
        fields = ["id", "model", "year", "rating", "reasons", "evaluated_by"]
        read_only_fields = fields


# --- Assets and faults ------------------------------------------------------------------------


class AssetSerializer(ModelSerializer):
    kind = TextChoicesField(choices.AssetKind, read_only=True)

    class Meta:
        model = models.Asset
        fields = [
            "id",
            "model",
            "kind",
            "name",
            "neighbourhood",
            "latitude",
            "longitude",
            "installed_on",
            "removed_on",
            "out_of_order",
            "bulbs",
            "length_m",
            "cameras",
            "view",
            "footage_keeper",
            "school",
            "covered",
            "duty_hours",
            "force_unit",
            "households",
        ]
        read_only_fields = fields


class AssetCreateSerializer(Serializer):
    """An asset; only the columns of its kind may be given (services.ASSET_FIELDS)."""

    model = serializers.PrimaryKeyRelatedField(queryset=models.PreventionModel.objects)
    kind = TextChoicesField(choices.AssetKind)
    name = serializers.CharField(max_length=200)
    neighbourhood = serializers.PrimaryKeyRelatedField(queryset=wards_models.Neighbourhood.objects)
    installed_on = serializers.DateField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    bulbs = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    length_m = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    cameras = serializers.IntegerField(min_value=1, max_value=1_000, required=False)
    view = _text(200)
    footage_keeper = _text(150)
    school = _text(200)
    covered = serializers.BooleanField(required=False)
    duty_hours = _text(100)
    force_unit = serializers.PrimaryKeyRelatedField(
        queryset=forces.ForceUnit.objects, required=False
    )
    households = serializers.IntegerField(min_value=1, max_value=100_000, required=False)


class AssetRemoveSerializer(Serializer):
    on = serializers.DateField()
    note = _text(5000)


class FaultSerializer(ModelSerializer):
    status = TextChoicesField(choices.FaultStatus, read_only=True)
    tip_reference = serializers.CharField(source="tip.reference", read_only=True, default="")
    asset_name = serializers.CharField(source="asset.name", read_only=True)

    class Meta:
        model = models.Fault
        fields = [
            "id",
            "asset",
            "asset_name",
            "reported_on",
            "tip_reference",
            "description",
            "status",
            "assignee",
            "fixed_on",
            "fix_note",
        ]
        read_only_fields = fields


class FaultCreateSerializer(Serializer):
    asset = serializers.PrimaryKeyRelatedField(queryset=models.Asset.objects)
    reported_on = serializers.DateField()
    description = serializers.CharField(max_length=5000)
    tip = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=tips.Tip.objects,
        required=False,
        allow_null=True,
        help_text="Số tham chiếu tin báo (TB-2021-000123)",
    )


class FaultAssignSerializer(Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects)
    note = _text(5000)


class FaultFixSerializer(Serializer):
    fixed_on = serializers.DateField()
    note = _text(5000)


# --- Supervision (restricted) -----------------------------------------------------------------


class SupervisedPersonSerializer(ModelSerializer):
    ward = _ward()
    category = TextChoicesField(choices.SupervisionCategory, read_only=True)

    class Meta:
        model = models.SupervisedPerson
        fields = [
            "id",
            "ward",
            "model",
            "full_name",
            "birth_year",
            "address",
            "category",
            "basis",
            "supervisor",
            "starts_on",
            "ends_on",
            "note",
        ]
        read_only_fields = fields


class SupervisedPersonCreateSerializer(Serializer):
    ward = serializers.CharField(required=False, help_text=WARD_HELP)
    full_name = serializers.CharField(max_length=150)
    category = TextChoicesField(choices.SupervisionCategory)
    starts_on = serializers.DateField()
    model = serializers.PrimaryKeyRelatedField(
        queryset=models.PreventionModel.objects, required=False, allow_null=True
    )
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=forces.ForceMember.objects, required=False, allow_null=True
    )
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    address = _text(255)
    basis = _text(255)
    note = _text(5000)


class CheckInSerializer(ModelSerializer):
    class Meta:
        model = models.CheckIn
        fields = ["id", "person", "on", "note"]
        read_only_fields = fields


class CheckInCreateSerializer(Serializer):
    on = serializers.DateField()
    note = serializers.CharField(max_length=5000)
