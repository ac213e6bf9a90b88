"""API of provinces, wards, neighbourhoods and memberships: read inside the scope; write for
superusers (reference data and who works where)."""

from __future__ import annotations

from django.db import transaction
from rest_framework import permissions

from wards import filtersets, models, services
from wards.api import serializers
from wardsec import audit
from wardsec.api.exceptions import service_errors
from wardsec.api.permissions import SuperuserWrites, WardModelPermissions
from wardsec.api.viewsets import WardScopedViewSet

REFERENCE_PERMISSIONS = [permissions.IsAuthenticated, WardModelPermissions, SuperuserWrites]


class ProvinceViewSet(WardScopedViewSet):
    model = models.Province
    serializer_class = serializers.ProvinceSerializer
    permission_classes = REFERENCE_PERMISSIONS
    ward_field = None
    search_fields = ["name", "code"]
    lookup_field = "code"

    def get_queryset(self):
        provinces = models.Province.objects.select_related("merged_into")
        if getattr(self, "swagger_fake_view", False):
            return provinces
        return provinces.covering(self.ward_ids)


class WardViewSet(WardScopedViewSet):
    model = models.Ward
    serializer_class = serializers.WardSerializer
    permission_classes = REFERENCE_PERMISSIONS
    filterset_class = filtersets.WardFilterSet
    ward_field = None
    search_fields = ["name", "code", "district_name"]
    ordering_fields = ["name", "code"]
    lookup_field = "code"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("province", "merged_into")
            .prefetch_related("former_names")
        )


class NeighbourhoodViewSet(WardScopedViewSet):
    model = models.Neighbourhood
    serializer_class = serializers.NeighbourhoodSerializer
    permission_classes = REFERENCE_PERMISSIONS
    filterset_class = filtersets.NeighbourhoodFilterSet
    search_fields = ["name"]
    ordering_fields = ["name"]

    def get_queryset(self):
        return super().get_queryset().select_related("ward")


class MembershipViewSet(WardScopedViewSet):
    """Memberships change through the services, which keep the person's groups in step."""

    model = models.Membership
    serializer_class = serializers.MembershipSerializer
    permission_classes = REFERENCE_PERMISSIONS
    filterset_class = filtersets.MembershipFilterSet
    ward_field = None
    search_fields = ["user__username", "user__last_name"]

    def get_queryset(self):
        return super().get_queryset().select_related("user", "ward", "province")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.grant_membership(
                actor=self.request.user,
                user=data["user"],
                role=data["role"],
                ward=data.get("ward"),
                province=data.get("province"),
                starts_on=data.get("starts_on"),
                is_duty_officer=data.get("is_duty_officer", True),
            )

    @transaction.atomic
    def perform_update(self, serializer):
        before = audit.snapshot(serializer.instance)
        membership = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(membership, name, value)
        with service_errors():
            services.change_membership(
                membership=membership, actor=self.request.user, before=before
            )

    def perform_destroy(self, instance):
        services.end_membership(membership=instance, actor=self.request.user)
