"""API of the models registry: models (with their figures and evidence as of a day), assets,
faults, yearly evaluations, the catalogue of kinds, and the restricted records of people under
community supervision.

Reads need `view_<model>` inside the user's ward scope (another ward's row is a 404). Every
write goes through a service (rules and audit there). Supervised people need
`models_registry.view_supervision` besides the model permissions, for every request, and every
read (list or one) is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from models_registry import evidence, figures, filtersets, models, services
from models_registry.api import serializers
from models_registry.choices import FaultStatus
from wardsec.api.actions import ServiceActionMixin
from wardsec.api.permissions import WardModelPermissions, require
from wardsec.api.viewsets import ServiceCreateViewSet, WardScopedViewSet
from wardsec.users import signed_in


class ModelKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of model and the indicators each is measured by (reference data)."""

    queryset = models.ModelKind.objects.all()
    serializer_class = serializers.ModelKindSerializer
    lookup_field = "code"
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["sort_order", "code"]


def _sum_of(queryset: QuerySet, field: str) -> Coalesce:
    total = queryset.order_by().values("model").annotate(n=Sum(field)).values("n")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def _count_of(queryset: QuerySet, path: str) -> Coalesce:
    counted = queryset.order_by().values(path).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


MODEL_VIEW = "models_registry.view_preventionmodel"


class PreventionModelViewSet(ServiceCreateViewSet):
    """The crime-prevention models of the user's wards, with the money raised and the open
    faults; a model's figures and evidence of effect as of a day (`figures`)."""

    model = models.PreventionModel
    serializer_class = output_serializer = serializers.PreventionModelSerializer
    filterset_class = filtersets.PreventionModelFilterSet
    search_fields = ["name", "code", "decision"]
    ordering_fields = ["started_on", "name", "code"]
    input_serializers = {
        "create": serializers.PreventionModelCreateSerializer,
        "end": serializers.ModelEndSerializer,
        "evaluate": serializers.ModelEvaluateSerializer,
        "contribute": serializers.ModelContributionSerializer,
    }

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation, outside any scope
            return super().get_queryset()
        funds = models.Contribution.objects.filter(model=OuterRef("pk"))
        faults = models.Fault.objects.filter(asset__model=OuterRef("pk")).exclude(
            status=FaultStatus.FIXED
        )
        return (
            super()
            .get_queryset()
            .select_related("ward", "kind")
            .prefetch_related("neighbourhoods")
            .annotate(
                funds_raised_vnd=_sum_of(funds, "amount_vnd"),
                open_faults=_count_of(faults, "asset__model"),
            )
        )

    def create_with(self, data: dict[str, Any]) -> models.PreventionModel:
        model = services.start_model(
            ward=self.writable_ward(), actor=signed_in(self.request), **data
        )
        return self.get_queryset().get(pk=model.pk)

    @extend_schema(responses=serializers.PreventionModelSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require(MODEL_VIEW, "models_registry.change_preventionmodel")],
    )
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End the model on a day (its assets stay recorded)."""
        data = self.validated(request)
        self.call_service(
            services.end_model, model=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(self.get_queryset().get(pk=pk), self.output_serializer)

    @extend_schema(responses={201: serializers.EvaluationSerializer})
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require(MODEL_VIEW, "models_registry.evaluate_preventionmodel")],
    )
    def evaluate(self, request: Request, pk: str | None = None) -> Response:
        """The commander's rating of the model for a year (once a year)."""
        data = self.validated(request)
        evaluation = self.call_service(
            services.evaluate_model, model=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(evaluation, serializers.EvaluationSerializer, status.HTTP_201_CREATED)

    @extend_schema(responses={201: serializers.PreventionModelSerializer})
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require(MODEL_VIEW, "models_registry.add_contribution")],
    )
    def contribute(self, request: Request, pk: str | None = None) -> Response:
        """Money raised from the community for the model (whole VND; the donor when known)."""
        data = self.validated(request)
        self.call_service(
            services.record_contribution, model=self.get_object(), actor=signed_in(request), **data
        )
        model = self.get_queryset().get(pk=pk)
        return self.respond(model, self.output_serializer, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[serializers.FiguresOnSerializer], responses=serializers.ModelFiguresSerializer
    )
    @action(detail=True, methods=["get"], permission_classes=[require(MODEL_VIEW)])
    def figures(self, request: Request, pk: str | None = None) -> Response:
        """The model's indicators (from its assets), open faults, money raised, ratings and the
        evidence of effect, as they stand on `on` (today when not given)."""
        model = self.get_object()
        day = serializers.FiguresOnSerializer(data=request.query_params)
        day.is_valid(raise_exception=True)
        on = day.validated_data.get("on") or timezone.localdate()
        record = figures.figures_of(model, on=on)
        data = {
            "on": on,
            **{k: record[k] for k in ("indicators", "out_of_order", "funds_raised_vnd")},  # type: ignore[literal-required]
            "ratings": record["ratings"],
            "covered_neighbourhoods": record["effect"]["covered_neighbourhoods"],
            "other_neighbourhoods": record["effect"]["other_neighbourhoods"],
            "effect": evidence.per_neighbourhood(record["effect"]),
        }
        return Response(serializers.ModelFiguresSerializer(data).data)


class AssetViewSet(ServiceCreateViewSet):
    """The assets of the models of the user's wards; `remove` takes one out of service."""

    model = models.Asset
    serializer_class = output_serializer = serializers.AssetSerializer
    filterset_class = filtersets.AssetFilterSet
    search_fields = ["name", "school", "view"]
    ordering_fields = ["installed_on", "name"]
    ward_field = None
    input_serializers = {
        "create": serializers.AssetCreateSerializer,
        "remove": serializers.AssetRemoveSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("model")

    def create_with(self, data: dict[str, Any]) -> models.Asset:
        return services.add_asset(actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.AssetSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("models_registry.view_asset", "models_registry.change_asset")],
    )
    def remove(self, request: Request, pk: str | None = None) -> Response:
        """Take the asset out of service on a day (it stays in past figures)."""
        data = self.validated(request)
        asset = self.call_service(
            services.remove_asset, asset=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(asset, serializers.AssetSerializer)


FAULT_CHANGE = require("models_registry.view_fault", "models_registry.change_fault")


class FaultViewSet(ServiceCreateViewSet):
    """The maintenance log: faults reported (by an officer, or from a citizen's tip named by
    its reference), assigned, fixed. `?status=reported&status=assigned`: the open ones."""

    model = models.Fault
    serializer_class = output_serializer = serializers.FaultSerializer
    filterset_class = filtersets.FaultFilterSet
    search_fields = ["asset__name", "description"]
    ordering_fields = ["reported_on", "fixed_on"]
    ward_field = None
    input_serializers = {
        "create": serializers.FaultCreateSerializer,
        "assign": serializers.FaultAssignSerializer,
        "fix": serializers.FaultFixSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("asset", "tip")

    def create_with(self, data: dict[str, Any]) -> models.Fault:
        return services.report_fault(actor=signed_in(self.request), **data)

    @extend_schema(responses=serializers.FaultSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FAULT_CHANGE])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the fault to someone who works in the asset's ward."""
        data = self.validated(request)
        fault = self.call_service(
            services.assign_fault, fault=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(fault, serializers.FaultSerializer)

    @extend_schema(responses=serializers.FaultSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FAULT_CHANGE])
    def fix(self, request: Request, pk: str | None = None) -> Response:
        """The fault is fixed on a day (the asset works again from that day)."""
        data = self.validated(request)
        fault = self.call_service(
            services.fix_fault, fault=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(fault, serializers.FaultSerializer)


class EvaluationViewSet(ServiceActionMixin, WardScopedViewSet):
    """The commanders' yearly evaluations (made with `prevention-models/{id}/evaluate/`)."""

    model = models.Evaluation
    serializer_class = serializers.EvaluationSerializer
    filterset_class = filtersets.EvaluationFilterSet
    search_fields = ["reasons", "model__name"]
    ordering_fields = ["year"]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("evaluated_by")


SUPERVISION = require("models_registry.view_supervision")


class SupervisedPersonViewSet(ServiceCreateViewSet):
    """People under community supervision (restricted: `view_supervision` for every request;
    each list or record read is audited)."""

    model = models.SupervisedPerson
    permission_classes = [WardModelPermissions, SUPERVISION]
    serializer_class = output_serializer = serializers.SupervisedPersonSerializer
    filterset_class = filtersets.SupervisedPersonFilterSet
    search_fields = ["full_name", "address"]
    ordering_fields = ["starts_on"]
    input_serializers = {
        "create": serializers.SupervisedPersonCreateSerializer,
        "end": serializers.ModelEndSerializer,
        "check_in": serializers.CheckInCreateSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")

    def create_with(self, data: dict[str, Any]) -> models.SupervisedPerson:
        return services.place_under_supervision(
            ward=self.writable_ward(), actor=signed_in(self.request), **data
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        wards = {row["ward"] for row in rows}
        from wards.models import Ward

        services.audit_supervision_list(
            actor=signed_in(request),
            ward_ids=Ward.objects.filter(code__in=wards).values_list("pk", flat=True),
            shown=len(rows),
        )
        response["Cache-Control"] = "no-store"
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = services.read_supervised_person(person=self.get_object(), actor=signed_in(request))
        response = self.respond(person, self.output_serializer)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(responses=serializers.SupervisedPersonSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            require("models_registry.change_supervisedperson", "models_registry.view_supervision")
        ],
    )
    def end(self, request: Request, pk: str | None = None) -> Response:
        """Supervision ends on a day."""
        data = self.validated(request)
        person = self.call_service(
            services.end_supervision, person=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(person, self.output_serializer)

    @extend_schema(responses={201: serializers.CheckInSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="check-in",
        permission_classes=[
            require("models_registry.add_checkin", "models_registry.view_supervision")
        ],
    )
    def check_in(self, request: Request, pk: str | None = None) -> Response:
        """A check-in with the person on a day of the supervision."""
        data = self.validated(request)
        check_in = self.call_service(
            services.record_check_in, person=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(check_in, serializers.CheckInSerializer, status.HTTP_201_CREATED)
