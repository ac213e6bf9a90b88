"""API of reports: list and read the reports the user may see, request one, build a failed or
finished one again, download its files.

Reads need `reports.view_report`; a ward report is seen inside the ward's scope, a province
report by those who lead the province (`querysets.visible_reports`). Requesting and rebuilding
need `reports.request_report`; downloads are audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reports import downloads, filtersets, models, services
from reports.api import serializers
from reports.querysets import visible_reports
from wardsec.api.actions import ServiceActionMixin
from wardsec.api.permissions import WardModelPermissions, require
from wardsec.api.viewsets import ScopedAPIMixin
from wardsec.users import signed_in

REQUEST = "reports.request_report"


class ReportPermissions(WardModelPermissions):
    perms_map = {**WardModelPermissions.perms_map, "POST": [REQUEST]}


class ReportViewSet(
    ServiceActionMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = models.Report
    serializer_class = serializers.ReportSerializer
    filterset_class = filtersets.ReportFilterSet
    permission_classes = [ReportPermissions]
    input_serializers = {
        "create": serializers.ReportRequestSerializer,
        "download": serializers.DownloadSerializer,
    }
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return models.Report.objects.with_scopes_disabled().none()
        return visible_reports(self.request.user).select_related("ward", "province")

    @extend_schema(
        request=serializers.ReportRequestSerializer, responses=serializers.ReportSerializer
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated(request))
        report = self.call_service(services.request_report, actor=signed_in(request), **data)
        return self.respond(report, serializers.ReportSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.ReportSerializer)
    @action(
        detail=True, methods=["post"], permission_classes=[require("reports.view_report", REQUEST)]
    )
    def rebuild(self, request: Request, pk: str | None = None) -> Response:
        report = self.call_service(
            services.rebuild_report, actor=signed_in(request), report=self.get_object()
        )
        return self.respond(report, serializers.ReportSerializer)

    @extend_schema(
        parameters=[
            OpenApiParameter("file", OpenApiTypes.STR, enum=[f.value for f in services.FORMATS])
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], permission_classes=[require("reports.view_report")])
    def download(self, request: Request, pk: str | None = None):
        report = self.get_object()
        form = serializers.DownloadSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        return downloads.file_response(request, report, form.validated_data["file"])
