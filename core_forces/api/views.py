"""API of the core forces: units, members, memberships, training, patrols, allowance rates, and
the catalogues of unit kinds and training topics.

Reads need `view_<model>` inside the user's ward scope (another ward's row is a 404). Every
write goes through a service (rules and audit there): creates take the service's input, and
appointing, moving, releasing, dissolving, leaving and recording a patrol are actions with their
own permission. A member's personal data is a separate read that needs
`core_forces.view_member_identity` and is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core_forces import allowances, filtersets, models, services
from core_forces.api import serializers
from wardsec.api.permissions import require
from wardsec.api.viewsets import ServiceCreateViewSet
from wardsec.users import signed_in


class UnitKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of unit and the years each is in law (reference data; changed in the admin)."""

    queryset = models.UnitKind.objects.all()
    serializer_class = serializers.UnitKindSerializer
    lookup_field = "code"
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["sort_order", "code"]


class TrainingTopicViewSet(viewsets.ReadOnlyModelViewSet):
    """Training topics; `qualifies`: a passed course on it makes a member "trained"."""

    queryset = models.TrainingTopic.objects.all()
    serializer_class = serializers.TrainingTopicSerializer
    lookup_field = "code"
    search_fields = ["code", "name"]
    ordering_fields = ["sort_order", "code"]


class ForceUnitViewSet(ServiceCreateViewSet):
    """Units of the user's wards. Founded and dissolved by the commander; the allowance sheet
    of a month (`?year=&month=`, this month when not given)."""

    model = models.ForceUnit
    serializer_class = output_serializer = serializers.ForceUnitSerializer
    filterset_class = filtersets.ForceUnitFilterSet
    search_fields = ["name", "decision_number"]
    ordering_fields = ["name", "established_on"]
    input_serializers = {
        "create": serializers.ForceUnitCreateSerializer,
        "dissolve": serializers.DissolveSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return (
            super().get_queryset().select_related("ward", "kind").prefetch_related("neighbourhoods")
        )

    def create_with(self, data: dict[str, Any]) -> models.ForceUnit:
        return services.found_unit(ward=self.writable_ward(), actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.ForceUnitSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("core_forces.view_forceunit", "core_forces.change_forceunit")],
    )
    def dissolve(self, request: Request, pk: str | None = None) -> Response:
        """Dissolve the unit on a day (its memberships end that day), naming its successor."""
        data = self.validated(request)
        unit = self.call_service(
            services.dissolve_unit, unit=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(unit, serializers.ForceUnitSerializer)

    @extend_schema(
        parameters=[serializers.MonthSerializer], responses=serializers.AllowanceSheetSerializer
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[
            require("core_forces.view_forceunit", "core_forces.view_allowancerate")
        ],
    )
    def allowances(self, request: Request, pk: str | None = None) -> Response:
        """Who in the unit is paid what for a month (pro rata to the days held)."""
        unit = self.get_object()
        month = serializers.MonthSerializer(data=request.query_params)
        month.is_valid(raise_exception=True)
        today = timezone.localdate()
        sheet = allowances.allowance_sheet(
            unit=unit,
            year=month.validated_data.get("year", today.year),
            month=month.validated_data.get("month", today.month),
        )
        data = {
            "year": sheet.year,
            "month": sheet.month,
            "total_vnd": sheet.total_vnd,
            "lines": [line.__dict__ for line in sheet.lines],
        }
        return Response(serializers.AllowanceSheetSerializer(data).data)


class ForceMemberViewSet(ServiceCreateViewSet):
    """People of the forces of the user's wards, without personal data (a separate, audited
    read: `identity`)."""

    model = models.ForceMember
    serializer_class = output_serializer = serializers.ForceMemberSerializer
    filterset_class = filtersets.ForceMemberFilterSet
    search_fields = ["full_name"]
    ordering_fields = ["full_name", "joined_on"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    input_serializers = {
        "create": serializers.ForceMemberCreateSerializer,
        "partial_update": serializers.ForceMemberUpdateSerializer,
        "leave": serializers.LeaveSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")

    def create_with(self, data: dict[str, Any]) -> models.ForceMember:
        return services.enrol_member(
            ward=self.writable_ward(), actor=signed_in(self.request), **data
        )

    @extend_schema(
        request=serializers.ForceMemberUpdateSerializer, responses=serializers.ForceMemberSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct the name or personal data (the log names the fields, never their values)."""
        data = self.validated(request)
        member = self.call_service(
            services.correct_member, member=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(member, serializers.ForceMemberSerializer)

    @extend_schema(responses=serializers.MemberIdentitySerializer)
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[
            require("core_forces.view_forcemember", "core_forces.view_member_identity")
        ],
    )
    def identity(self, request: Request, pk: str | None = None) -> Response:
        """The member's personal data. Every read is written to the audit log."""
        identity = services.read_member_identity(member=self.get_object(), actor=signed_in(request))
        response = Response(serializers.MemberIdentitySerializer(identity).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(responses=serializers.ForceMemberSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            require("core_forces.view_forcemember", "core_forces.change_unitmembership")
        ],
    )
    def leave(self, request: Request, pk: str | None = None) -> Response:
        """The person leaves the force on a day; every membership still held ends that day."""
        data = self.validated(request)
        member = self.call_service(
            services.member_leaves, member=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(member, serializers.ForceMemberSerializer)


MEMBERSHIP_CHANGE = require("core_forces.view_unitmembership", "core_forces.change_unitmembership")


class UnitMembershipViewSet(ServiceCreateViewSet):
    """Who held which role in which unit, when. Created by appointing; never rewritten: `move`
    and `release` end a membership (and `move` starts the next)."""

    model = models.UnitMembership
    serializer_class = output_serializer = serializers.UnitMembershipSerializer
    filterset_class = filtersets.UnitMembershipFilterSet
    search_fields = ["member__full_name", "unit__name", "decision_number"]
    ordering_fields = ["starts_on", "ends_on"]
    ward_field = None
    input_serializers = {
        "create": serializers.AppointSerializer,
        "move": serializers.MoveSerializer,
        "release": serializers.ReleaseSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("member", "unit")

    def create_with(self, data: dict[str, Any]) -> models.UnitMembership:
        return services.appoint(actor=signed_in(self.request), **data)

    @extend_schema(responses={201: serializers.UnitMembershipSerializer})
    @action(detail=True, methods=["post"], permission_classes=[MEMBERSHIP_CHANGE])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move the member to another unit on a day; answers the new membership."""
        data = self.validated(request)
        new = self.call_service(
            services.move, membership=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(new, serializers.UnitMembershipSerializer, status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.UnitMembershipSerializer)
    @action(detail=True, methods=["post"], permission_classes=[MEMBERSHIP_CHANGE])
    def release(self, request: Request, pk: str | None = None) -> Response:
        """End the membership on a day (the first day it is no longer held)."""
        data = self.validated(request)
        membership = self.call_service(
            services.release, membership=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(membership, serializers.UnitMembershipSerializer)


class TrainingCourseViewSet(ServiceCreateViewSet):
    """Training courses held for the forces of the user's wards."""

    model = models.TrainingCourse
    serializer_class = output_serializer = serializers.TrainingCourseSerializer
    filterset_class = filtersets.TrainingCourseFilterSet
    search_fields = ["title", "organiser"]
    ordering_fields = ["starts_on"]
    input_serializers = {"create": serializers.TrainingCourseCreateSerializer}

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward").prefetch_related("topics")

    def create_with(self, data: dict[str, Any]) -> models.TrainingCourse:
        return services.record_course(
            ward=self.writable_ward(), actor=signed_in(self.request), **data
        )


class TrainingAttendanceViewSet(ServiceCreateViewSet):
    """Members' results at courses, with certificates and their expiry."""

    model = models.TrainingAttendance
    serializer_class = output_serializer = serializers.TrainingAttendanceSerializer
    filterset_class = filtersets.TrainingAttendanceFilterSet
    search_fields = ["member__full_name", "certificate_number"]
    ordering_fields = ["certificate_expires_on"]
    ward_field = None
    input_serializers = {"create": serializers.TrainingAttendanceCreateSerializer}

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("member")

    def create_with(self, data: dict[str, Any]) -> models.TrainingAttendance:
        return services.record_attendance(actor=signed_in(self.request), **data)


class PatrolViewSet(ServiceCreateViewSet):
    """Patrols and duty shifts: scheduled, then recorded (who went, what happened, and the
    public reference of a tip an incident became)."""

    model = models.Patrol
    serializer_class = output_serializer = serializers.PatrolSerializer
    filterset_class = filtersets.PatrolFilterSet
    search_fields = ["route", "report", "tip_reference"]
    ordering_fields = ["on"]
    input_serializers = {
        "create": serializers.PatrolCreateSerializer,
        "record": serializers.PatrolRecordSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward").prefetch_related("participants")

    def create_with(self, data: dict[str, Any]) -> models.Patrol:
        return services.schedule_patrol(actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.PatrolCountSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request: Request) -> Response:
        """Patrols done per unit and month, of the list's filters (`unit`, `on_after`, …)."""
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        rows = queryset.counts_by_unit_and_month()  # type: ignore[attr-defined]
        return Response(serializers.PatrolCountSerializer(rows, many=True).data)

    @extend_schema(responses=serializers.PatrolSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("core_forces.view_patrol", "core_forces.change_patrol")],
    )
    def record(self, request: Request, pk: str | None = None) -> Response:
        """Record who went and what happened (or that the patrol was cancelled)."""
        data = dict(self.validated(request))
        patrol = self.call_service(
            services.record_patrol,
            patrol=self.get_object(),
            actor=signed_in(request),
            participants=data.pop("participants", []),
            **data,
        )
        return self.respond(patrol, serializers.PatrolSerializer)


class AllowanceRateViewSet(ServiceCreateViewSet):
    """Monthly allowance rates per role (and unit kind) over periods; a new rate ends the one it
    replaces."""

    model = models.AllowanceRate
    serializer_class = output_serializer = serializers.AllowanceRateSerializer
    filterset_class = filtersets.AllowanceRateFilterSet
    search_fields = ["basis"]
    ordering_fields = ["valid_from", "amount_vnd"]
    input_serializers = {"create": serializers.AllowanceRateCreateSerializer}

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward", "kind")

    def create_with(self, data: dict[str, Any]) -> models.AllowanceRate:
        return services.set_allowance_rate(
            ward=self.writable_ward(), actor=signed_in(self.request), **data
        )
