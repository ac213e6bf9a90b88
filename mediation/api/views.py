"""API of grassroots mediation: teams (dissolve), mediators, disputes (assign, outcome,
follow-up), parties (personal data a separate, audited read), sessions, record books (close;
the book as XLSX or PDF, an audited export), and the kinds of dispute.

Reads need `view_<model>` inside the user's ward scope (another ward's row is a 404). Every
write goes through a service (rules and audit there).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mediation import filtersets, models, record_book, services
from mediation.api import serializers
from wardsec.api.permissions import require
from wardsec.api.viewsets import ServiceCreateViewSet
from wardsec.users import signed_in


class DisputeKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of dispute (reference data; changed in the admin)."""

    queryset = models.DisputeKind.objects.all()
    serializer_class = serializers.DisputeKindSerializer
    lookup_field = "code"
    search_fields = ["code", "name"]
    ordering_fields = ["sort_order", "code"]


class MediationTeamViewSet(ServiceCreateViewSet):
    """The mediation teams of the user's wards' neighbourhoods; founded and dissolved by the
    commander."""

    model = models.MediationTeam
    serializer_class = output_serializer = serializers.MediationTeamSerializer
    filterset_class = filtersets.MediationTeamFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "established_on"]
    input_serializers = {
        "create": serializers.MediationTeamCreateSerializer,
        "dissolve": serializers.MediationTeamDissolveSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")

    def create_with(self, data: dict[str, Any]) -> models.MediationTeam:
        return services.found_team(ward=self.writable_ward(), actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.MediationTeamSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            require("mediation.view_mediationteam", "mediation.change_mediationteam")
        ],
    )
    def dissolve(self, request: Request, pk: str | None = None) -> Response:
        """Dissolve the team on a day (its mediators stop serving that day); refused while it
        still has open disputes (named in the answer)."""
        data = self.validated(request)
        team = self.call_service(
            services.dissolve_team, team=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(team, serializers.MediationTeamSerializer)


class MediatorViewSet(ServiceCreateViewSet):
    """Mediators of the teams over time (linked to the core forces' member they are)."""

    model = models.Mediator
    ward_field = None
    serializer_class = output_serializer = serializers.MediatorSerializer
    filterset_class = filtersets.MediatorFilterSet
    search_fields = ["full_name"]
    ordering_fields = ["full_name", "starts_on"]
    input_serializers = {
        "create": serializers.MediatorCreateSerializer,
        "leave": serializers.MediatorLeaveSerializer,
    }

    def create_with(self, data: dict[str, Any]) -> models.Mediator:
        return services.add_mediator(actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.MediatorSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("mediation.view_mediator", "mediation.change_mediator")],
    )
    def leave(self, request: Request, pk: str | None = None) -> Response:
        """The mediator stops serving on a day."""
        data = self.validated(request)
        mediator = self.call_service(
            services.mediator_leaves, mediator=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(mediator, serializers.MediatorSerializer)


DISPUTE_CHANGE = require("mediation.view_dispute", "mediation.change_dispute")


class DisputeViewSet(ServiceCreateViewSet):
    """Disputes of the user's wards: received (with parties), corrected, assigned, closed with
    their outcome, and the follow-up of a successful agreement."""

    model = models.Dispute
    serializer_class = output_serializer = serializers.DisputeSerializer
    filterset_class = filtersets.DisputeFilterSet
    search_fields = ["summary"]
    ordering_fields = ["received_on", "closed_on"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    input_serializers = {
        "create": serializers.DisputeCreateSerializer,
        "partial_update": serializers.DisputeUpdateSerializer,
        "assign": serializers.DisputeAssignSerializer,
        "outcome": serializers.DisputeOutcomeSerializer,
        "follow_up": serializers.DisputeFollowUpSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("ward", "kind", "tip", "referred_tip")
            .prefetch_related("mediators")
        )

    def create_with(self, data: dict[str, Any]) -> models.Dispute:
        return services.open_dispute(
            ward=self.writable_ward(), actor=signed_in(self.request), **data
        )

    @extend_schema(
        request=serializers.DisputeUpdateSerializer, responses=serializers.DisputeSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct the kind, the content, the day received or the neighbourhood."""
        data = self.validated(request)
        dispute = self.call_service(
            services.correct_dispute, dispute=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(dispute, serializers.DisputeSerializer)

    def _step(self, request: Request, service: Any) -> Response:
        data = self.validated(request)
        dispute = self.call_service(
            service, dispute=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(dispute, serializers.DisputeSerializer)

    @extend_schema(responses=serializers.DisputeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[DISPUTE_CHANGE])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the dispute to a team and its mediators."""
        return self._step(request, services.assign_dispute)

    @extend_schema(responses=serializers.DisputeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[DISPUTE_CHANGE])
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Close the dispute: successful (agreement), unsuccessful (guidance), withdrawn, or
        outside the scope of mediation (a tip of `tip_category` is entered)."""
        return self._step(request, services.record_outcome)

    @extend_schema(responses=serializers.DisputeSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="follow-up",
        permission_classes=[DISPUTE_CHANGE],
    )
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        """Whether the parties kept the agreement."""
        return self._step(request, services.record_follow_up)


class PartyViewSet(ServiceCreateViewSet):
    """Parties of the disputes, without personal data (a separate, audited read: `identity`)."""

    model = models.Party
    ward_field = None
    serializer_class = output_serializer = serializers.PartySerializer
    filterset_class = filtersets.PartyFilterSet
    search_fields = ["full_name"]
    ordering_fields = ["full_name"]
    input_serializers = {"create": serializers.PartyCreateSerializer}

    def create_with(self, data: dict[str, Any]) -> models.Party:
        return services.add_party(actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.PartyIdentitySerializer)
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[require("mediation.view_party", "mediation.view_party_identity")],
    )
    def identity(self, request: Request, pk: str | None = None) -> Response:
        """The party's year of birth, address and phone. Every read is audited."""
        identity = services.read_party_identity(party=self.get_object(), actor=signed_in(request))
        response = Response(serializers.PartyIdentitySerializer(identity).data)
        response["Cache-Control"] = "no-store"
        return response


class MediationSessionViewSet(ServiceCreateViewSet):
    """Sessions of the disputes: the day, mediators, who attended, what was agreed or demanded."""

    model = models.MediationSession
    ward_field = None
    serializer_class = output_serializer = serializers.MediationSessionSerializer
    filterset_class = filtersets.MediationSessionFilterSet
    search_fields = ["attendees", "invited"]
    ordering_fields = ["held_on"]
    input_serializers = {"create": serializers.MediationSessionCreateSerializer}

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related("mediators")

    def create_with(self, data: dict[str, Any]) -> models.MediationSession:
        return services.record_session(actor=signed_in(self.request), **data)


class RecordBookViewSet(ServiceCreateViewSet):
    """The record books of the teams, one per year: opened, then closed with the leader's
    summary; the book itself as XLSX or PDF (`download`)."""

    model = models.RecordBook
    serializer_class = output_serializer = serializers.RecordBookSerializer
    filterset_class = filtersets.RecordBookFilterSet
    search_fields = ["number", "team__name"]
    ordering_fields = ["year"]
    input_serializers = {
        "create": serializers.RecordBookCreateSerializer,
        "close": serializers.CloseBookSerializer,
        "download": serializers.RecordBookDownloadSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")

    def create_with(self, data: dict[str, Any]) -> models.RecordBook:
        return services.open_record_book(actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.RecordBookSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("mediation.view_recordbook", "mediation.change_recordbook")],
    )
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the book with the team leader's summary."""
        data = self.validated(request)
        book = self.call_service(
            services.close_record_book, book=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(book, serializers.RecordBookSerializer)

    @extend_schema(
        parameters=[
            OpenApiParameter("file", OpenApiTypes.STR, enum=list(services.RECORD_BOOK_FORMATS))
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[require(*services.RECORD_BOOK_PERMISSIONS)],
    )
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The book as `?file=xlsx` (default) or `?file=pdf`: the Ministry of Justice's ten
        columns with the cover. It shows the parties' ages and addresses, so it needs
        `mediation.view_party_identity`; each download is audited as an export. (`file`, not
        `format`: DRF reads `?format=` to choose its own renderer.)"""
        book = self.get_object()
        form = serializers.RecordBookDownloadSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        exported = services.export_record_book(
            book=book, actor=signed_in(request), fmt=form.validated_data["file"]
        )
        return record_book.attachment(exported)
