"""API of the campaigns: plans, sessions, broadcasts, festival days and forums, feedback items,
donations, gift distributions, charity houses, fund contributions, and the lists that are data.

Reads need `view_<model>` inside the user's ward scope (another ward's row is a 404). Every
write goes through a service (rules and audit there): creates take the service's input, and
answering or forwarding a feedback item are actions with their own permission. Records are not
deleted (the figures counted them); corrections are made in the admin.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from campaigns import filtersets, models, services
from campaigns.api import serializers
from campaigns.choices import FeedbackStatus
from wardsec.api.actions import ServiceActionMixin
from wardsec.api.permissions import require
from wardsec.api.viewsets import WardScopedViewSet
from wardsec.users import signed_in


def catalogue_viewset(model: Any, doc: str) -> type[viewsets.ReadOnlyModelViewSet]:
    """A read-only list that is data, looked up by code (changed in the admin)."""
    attrs = {
        "__doc__": doc,
        "queryset": model.objects.all(),
        "serializer_class": serializers.catalogue_serializer(model),
        "lookup_field": "code",
        "search_fields": ["code", "name"],
        "ordering_fields": ["sort_order", "code"],
    }
    return type(f"{model.__name__}ViewSet", (viewsets.ReadOnlyModelViewSet,), attrs)


OutreachFormatViewSet = catalogue_viewset(models.OutreachFormat, "Hình thức tuyên truyền.")
OutreachTopicViewSet = catalogue_viewset(models.OutreachTopic, "Nội dung tuyên truyền.")
PartnerViewSet = catalogue_viewset(models.Partner, "Đơn vị phối hợp.")
FundViewSet = catalogue_viewset(models.Fund, "Các quỹ.")
BeneficiaryGroupViewSet = catalogue_viewset(models.BeneficiaryGroup, "Đối tượng nhận quà.")


class _ServiceCreate(ServiceActionMixin, WardScopedViewSet):
    """Lists, reads and creates through `service(ward=…, actor=…, **input)`; no PUT, PATCH or
    DELETE (corrections are made in the admin, audited)."""

    http_method_names = ["get", "post", "head", "options"]
    service: Any
    takes_ward = True

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated(request))
        data.pop("ward", None)
        if self.takes_ward:
            data["ward"] = self.writable_ward()
        instance = self.call_service(type(self).service, actor=signed_in(request), **data)
        # Read back as the list shows it (with its counts and related codes).
        created = self.get_queryset().get(pk=instance.pk)
        output = cast("type[BaseSerializer]", self.serializer_class)
        return self.respond(created, output, status.HTTP_201_CREATED)


class OutreachPlanViewSet(_ServiceCreate):
    """Yearly outreach plans with their targets and what was done (`done_*`: the year's
    sessions, attendances and broadcast airings). Set by the commander."""

    model = models.OutreachPlan
    serializer_class = serializers.OutreachPlanSerializer
    filterset_class = filtersets.OutreachPlanFilterSet
    search_fields = ["title", "reference"]
    ordering_fields = ["year"]
    input_serializers = {"create": serializers.OutreachPlanCreateSerializer}
    service = services.set_plan

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward").with_progress()  # type: ignore[attr-defined]


class OutreachSessionViewSet(_ServiceCreate):
    """Outreach sessions: date, format, topics, neighbourhoods, partners, attendances
    (person-visits), leaflets, the officer in charge; `photos` is their number (the photos
    themselves are shown to officers in the admin)."""

    model = models.OutreachSession
    serializer_class = serializers.OutreachSessionSerializer
    filterset_class = filtersets.OutreachSessionFilterSet
    search_fields = ["title", "place", "note"]
    ordering_fields = ["held_on", "attendances"]
    input_serializers = {"create": serializers.OutreachSessionCreateSerializer}
    service = services.record_session

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("ward", "format", "officer")
            .prefetch_related("topics", "partners", "neighbourhoods")
            .annotate(photo_count=Count("photos"))
            # A GROUP BY drops the model's default ordering: say it again, for stable pages.
            .order_by("-held_on", "-pk")
        )


class BroadcastViewSet(_ServiceCreate):
    """ "ANTT loudspeaker" broadcasts; `airings` when one entry stands for several."""

    model = models.Broadcast
    serializer_class = serializers.BroadcastSerializer
    filterset_class = filtersets.BroadcastFilterSet
    search_fields = ["programme", "note"]
    ordering_fields = ["aired_on", "airings"]
    input_serializers = {"create": serializers.BroadcastCreateSerializer}
    service = services.record_broadcast

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("ward")
            .prefetch_related("topics", "neighbourhoods")
        )


class MovementEventViewSet(_ServiceCreate):
    """National Security Festival Days and forums "Commune police listen to the people's
    opinions", with the number of feedback items raised and still open."""

    model = models.MovementEvent
    serializer_class = serializers.MovementEventSerializer
    filterset_class = filtersets.MovementEventFilterSet
    search_fields = ["title", "place", "note"]
    ordering_fields = ["held_on", "attendances"]
    input_serializers = {"create": serializers.MovementEventCreateSerializer}
    service = services.record_event

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("ward")
            .prefetch_related("partners")
            .annotate(
                feedback_count=Count("feedback_items", distinct=True),
                open_count=Count(
                    "feedback_items",
                    filter=Q(feedback_items__status=FeedbackStatus.OPEN),
                    distinct=True,
                ),
            )
            .order_by("-held_on", "kind", "-pk")
        )


FEEDBACK_CHANGE = require("campaigns.view_feedbackitem", "campaigns.change_feedbackitem")


class FeedbackItemViewSet(_ServiceCreate):
    """Residents' opinions and requests raised at festival days and forums. Open items are the
    officers' queue (`?status=open`, `?overdue=true`); `answer` and `forward` close them."""

    model = models.FeedbackItem
    serializer_class = serializers.FeedbackItemSerializer
    filterset_class = filtersets.FeedbackItemFilterSet
    search_fields = ["content", "raised_by", "responder", "answer", "forwarded_to"]
    ordering_fields = ["deadline", "answered_on"]
    input_serializers = {
        "create": serializers.FeedbackItemCreateSerializer,
        "answer": serializers.AnswerSerializer,
        "forward": serializers.ForwardSerializer,
    }
    service = services.record_feedback
    takes_ward = False  # the item takes its event's ward

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")

    @extend_schema(responses=serializers.FeedbackItemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FEEDBACK_CHANGE])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Answer the item on a day (it leaves the open queue)."""
        data = self.validated(request)
        item = self.call_service(
            services.answer_feedback, item=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(item, serializers.FeedbackItemSerializer)

    @extend_schema(responses=serializers.FeedbackItemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[FEEDBACK_CHANGE])
    def forward(self, request: Request, pk: str | None = None) -> Response:
        """Forward the item on a day to the body that decides it (it leaves the open queue)."""
        data = self.validated(request)
        item = self.call_service(
            services.forward_feedback, item=self.get_object(), actor=signed_in(request), **data
        )
        return self.respond(item, serializers.FeedbackItemSerializer)


class DonationViewSet(_ServiceCreate):
    """Donations received: cash, or goods at an estimated value (whole VND)."""

    model = models.Donation
    serializer_class = serializers.DonationSerializer
    filterset_class = filtersets.DonationFilterSet
    search_fields = ["donor_name", "in_kind", "purpose"]
    ordering_fields = ["received_on", "cash_vnd"]
    input_serializers = {"create": serializers.DonationCreateSerializer}
    service = services.record_donation

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")


class GiftDistributionViewSet(_ServiceCreate):
    """Gift packages handed out: packages, value (whole VND), beneficiary group."""

    model = models.GiftDistribution
    serializer_class = serializers.GiftDistributionSerializer
    filterset_class = filtersets.GiftDistributionFilterSet
    search_fields = ["occasion", "note"]
    ordering_fields = ["distributed_on", "packages", "value_vnd"]
    input_serializers = {"create": serializers.GiftDistributionCreateSerializer}
    service = services.record_distribution

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("ward", "beneficiary_group")
            .prefetch_related("neighbourhoods")
        )


class CharityHouseViewSet(_ServiceCreate):
    """Charity houses handed over: the household, the value (whole VND), the funding."""

    model = models.CharityHouse
    serializer_class = serializers.CharityHouseSerializer
    filterset_class = filtersets.CharityHouseFilterSet
    search_fields = ["beneficiary", "funding_sources"]
    ordering_fields = ["handed_over_on", "value_vnd"]
    input_serializers = {"create": serializers.CharityHouseCreateSerializer}
    service = services.record_house

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward")


class FundContributionViewSet(_ServiceCreate):
    """Contributions to funds (whole VND)."""

    model = models.FundContribution
    serializer_class = serializers.FundContributionSerializer
    filterset_class = filtersets.FundContributionFilterSet
    search_fields = ["note", "fund__name"]
    ordering_fields = ["contributed_on", "amount_vnd"]
    input_serializers = {"create": serializers.FundContributionCreateSerializer}
    service = services.record_contribution

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("ward", "fund")
