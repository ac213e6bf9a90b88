from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from wards import models
from wardsec.api.serializers import ModelSerializer


class ProvinceSerializer(ModelSerializer):
    merged_into: serializers.SlugRelatedField[models.Province] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = models.Province
        fields = ["id", "code", "name", "kind", "merged_into", "merged_on", "is_active"]


class WardFormerNameSerializer(ModelSerializer):
    class Meta:
        model = models.WardFormerName
        fields = ["name", "valid_from", "valid_to"]


class WardSerializer(ModelSerializer):
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=models.Province.objects.all()
    )
    merged_into: serializers.SlugRelatedField[models.Ward] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    former_names = WardFormerNameSerializer(many=True, read_only=True)

    class Meta:
        model = models.Ward
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "province",
            "district_name",
            "merged_into",
            "merged_on",
            "is_active",
            "accepts_public_tips",
            "address",
            "hotline",
            "former_names",
        ]


class NeighbourhoodSerializer(ModelSerializer):
    ward: serializers.SlugRelatedField[models.Ward] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = models.Neighbourhood
        fields = ["id", "ward", "name", "kind", "is_active"]


class MembershipSerializer(ModelSerializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True)
    )
    ward = serializers.SlugRelatedField(
        slug_field="code", queryset=models.Ward.objects, required=False, allow_null=True
    )
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=models.Province.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = models.Membership
        fields = [
            "id",
            "user",
            "role",
            "ward",
            "province",
            "is_duty_officer",
            "starts_on",
            "ends_on",
        ]
