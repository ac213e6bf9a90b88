"""API of tips, cases, subjects, messages and the offence catalogue.

Reads need `view_<model>` inside the user's ward scope (another ward's row is a 404). Writes go
through the services, which check the rules and write the audit log; the views only declare who
may call which service and with what input. Workflow actions need their own permission
(`tips.triage_tip`, `tips.change_case`, …); a tipster's contact and a subject's identity are
separate, audited reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tips import codes, filtersets, models, services
from tips.api import serializers
from wardsec.api import filters as api_filters
from wardsec.api.actions import ServiceActionMixin
from wardsec.api.exceptions import service_errors
from wardsec.api.permissions import require
from wardsec.api.viewsets import WardScopedReadOnlyViewSet, WardScopedViewSet
from wardsec.users import signed_in

T = TypeVar("T")


# --- Reference data and messages --------------------------------------------------------------


class OffenceCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The offence catalogue (reference data, not ward-owned); changed in the admin only."""

    queryset = models.OffenceCategory.objects.all()
    serializer_class = serializers.OffenceCategorySerializer
    filterset_class = filtersets.OffenceCategoryFilterSet
    lookup_field = "code"
    search_fields = ["code", "name", "name_en", "penal_code_article"]
    ordering_fields = ["sort_order", "name", "code"]


class TipMessageViewSet(WardScopedReadOnlyViewSet):
    """Replies, tipsters' additions and internal notes; written through the tip actions."""

    model = models.TipMessage
    serializer_class = serializers.TipMessageSerializer
    filterset_class = filtersets.TipMessageFilterSet
    search_fields = ["body"]
    ordering_fields = ["created_at"]

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("author")


# --- Tips -------------------------------------------------------------------------------------


class TipSearchFilter(api_filters.SearchFilter):
    """A reference number is found however it was typed (TB-2021-000123 or tb 2021 123)."""

    def get_search_terms(self, request: Request) -> list[str]:
        reference = codes.normalise_reference(str(request.query_params.get(self.search_param, "")))
        return [reference] if reference else super().get_search_terms(request)


TRIAGE = require("tips.view_tip", "tips.triage_tip")


class TipViewSet(ServiceActionMixin, WardScopedViewSet):
    """Tips of the user's wards. Created on a citizen's behalf; changed only by the actions."""

    model = models.Tip
    serializer_class = serializers.TipSerializer
    filterset_class = filtersets.TipFilterSet
    filter_backends = [api_filters.FilterBackend, TipSearchFilter, api_filters.OrderingFilter]
    search_fields = ["reference", "description", "location_text"]
    ordering_fields = ["received_at", "updated_at", "closed_at", "status"]
    http_method_names = ["get", "post", "head", "options"]
    input_serializers = {
        "create": serializers.TipCreateSerializer,
        "triage": serializers.TriageSerializer,
        "assign": serializers.AssignSerializer,
        "reply": serializers.MessageBodySerializer,
        "note": serializers.MessageBodySerializer,
        "link_case": serializers.LinkCaseSerializer,
        "close": serializers.CloseTipSerializer,
        "refer_mediation": serializers.NoteSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related(
                "ward", "neighbourhood", "category", "entered_by", "assignee", "transferred_from"
            )
        )

    def _tip_response(self, tip: models.Tip) -> Response:
        return self.respond(tip, serializers.TipSerializer)

    def _message_response(self, message: models.TipMessage) -> Response:
        return self.respond(message, serializers.TipMessageSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.TipCreateSerializer,
        responses={201: serializers.TipReceiptSerializer, 200: serializers.TipReceiptSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a tip taken by phone, in person or by letter; answers with its tracking code
        and, when `issue_pin` is set, its PIN (shown this once)."""
        data = self.validated(request)
        draft = services.TipDraft.of(
            data,
            ward=self.writable_ward(),
            contact=services.Contact.of(data),
            entered_by=signed_in(request),
        )
        with service_errors():
            receipt = services.submit_tip(draft=draft)
        return self._receipt_response(receipt)

    def _receipt_response(self, receipt: services.Receipt) -> Response:
        tip = receipt.tip
        if not receipt.created and tip.entered_by_id != self.request.user.pk:
            # The key belongs to someone else's tip: say nothing about it.
            raise exceptions.ValidationError(
                {"idempotency_key": [_("Khóa chống gửi trùng này đã được dùng.")]}
            )
        body = {
            "id": tip.pk,
            "reference": tip.reference,
            "tracking_code": receipt.code,
            "display_code": receipt.display_code or None,
            "pin": receipt.pin,
            "created": receipt.created,
            "ward": tip.ward.code,
        }
        code = status.HTTP_201_CREATED if receipt.created else status.HTTP_200_OK
        response = Response(serializers.TipReceiptSerializer(body).data, status=code)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(responses=serializers.TipContactSerializer)
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[require("tips.view_tip", "tips.view_tipster_contact")],
    )
    def contact(self, request: Request, pk: str | None = None) -> Response:
        """The tipster's contact, if they left one. Every read is written to the audit log."""
        tip = self.get_object()
        contact = services.read_tipster_contact(tip=tip, actor=signed_in(request))
        body = {"is_anonymous": tip.is_anonymous, **vars(contact)}
        response = Response(serializers.TipContactSerializer(body).data)
        response["Cache-Control"] = "no-store"
        return response

    def _act(self, service: Callable[..., T], **kwargs: Any) -> T:
        """Run a workflow service on this tip, as this user."""
        return self.call_service(
            service, tip=self.get_object(), actor=signed_in(self.request), **kwargs
        )

    @extend_schema(responses=serializers.TipSerializer)
    @action(detail=True, methods=["post"], permission_classes=[TRIAGE])
    def triage(self, request: Request, pk: str | None = None) -> Response:
        """Accept the new tip, or mark it duplicate, spam, not about security, or transfer it."""
        data = self.validated(request)
        tip = self._act(
            services.triage_tip,
            decision=data["decision"],
            duplicate_of=data.get("duplicate_of"),
            transfer_to=data.get("transfer_to"),
            note=data.get("note", ""),
        )
        return self._tip_response(tip)

    @extend_schema(responses=serializers.TipSerializer)
    @action(detail=True, methods=["post"], permission_classes=[TRIAGE])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """Give the tip to an officer of its ward."""
        data = self.validated(request)
        return self._tip_response(self._act(services.assign_tip, assignee=data["assignee"]))

    @extend_schema(responses={201: serializers.TipMessageSerializer})
    @action(detail=True, methods=["post"], permission_classes=[TRIAGE])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        """A public reply, which the tipster reads with their code and PIN."""
        data = self.validated(request)
        return self._message_response(self._act(services.reply_to_tipster, body=data["body"]))

    @extend_schema(responses={201: serializers.TipMessageSerializer})
    @action(detail=True, methods=["post"], permission_classes=[TRIAGE])
    def note(self, request: Request, pk: str | None = None) -> Response:
        """An internal note, for officers only."""
        data = self.validated(request)
        return self._message_response(self._act(services.add_internal_note, body=data["body"]))

    @extend_schema(responses=serializers.TipSerializer)
    @action(detail=True, methods=["post"], url_path="link-case", permission_classes=[TRIAGE])
    def link_case(self, request: Request, pk: str | None = None) -> Response:
        """Gather the tip into a case of its ward."""
        data = self.validated(request)
        return self._tip_response(self._act(services.link_tip_to_case, case=data["case"]))

    @extend_schema(responses=serializers.TipSerializer)
    @action(detail=True, methods=["post"], permission_classes=[TRIAGE])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """End the work on the tip with its outcome."""
        data = self.validated(request)
        tip = self._act(services.close_tip, outcome=data["outcome"], note=data.get("note", ""))
        return self._tip_response(tip)

    @extend_schema(responses=serializers.TipSerializer)
    @action(detail=True, methods=["post"], url_path="refer-mediation", permission_classes=[TRIAGE])
    def refer_mediation(self, request: Request, pk: str | None = None) -> Response:
        """A dispute among residents: hand it to grassroots mediation."""
        data = self.validated(request)
        tip = self._act(services.refer_tip_to_mediation, note=data.get("note", ""))
        return self._tip_response(tip)


# --- Cases and subjects -----------------------------------------------------------------------


class CaseViewSet(ServiceActionMixin, WardScopedViewSet):
    """Cases of the user's wards: opened and clarified through the services."""

    model = models.Case
    serializer_class = serializers.CaseSerializer
    filterset_class = filtersets.CaseFilterSet
    search_fields = ["number", "title", "summary"]
    ordering_fields = ["opened_on", "clarified_on", "number"]
    http_method_names = ["get", "post", "head", "options"]
    input_serializers = {
        "create": serializers.CaseCreateSerializer,
        "clarify": serializers.ClarifyCaseSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("ward", "officer_in_charge")
            .prefetch_related("categories")
            .annotate(
                tip_count=Count("tips", distinct=True),
                subject_count=Count("subjects", distinct=True),
            )
            .order_by("-opened_on", "-id")  # Case.Meta.ordering, which GROUP BY drops
        )

    def _case_response(self, case: models.Case, code: int = status.HTTP_200_OK) -> Response:
        case = self.get_queryset().get(pk=case.pk)  # with its counts
        return Response(serializers.CaseSerializer(case).data, status=code)

    @extend_schema(
        request=serializers.CaseCreateSerializer, responses={201: serializers.CaseSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open a case (numbered VV-<year>-<n>) in the ward, gathering the given tips."""
        data = self.validated(request)
        ward = self.writable_ward()
        with service_errors():
            case = services.open_case(
                ward=ward,
                actor=signed_in(request),
                title=data["title"],
                categories=data["categories"],
                summary=data.get("summary", ""),
                opened_on=data.get("opened_on"),
                officer_in_charge=data.get("officer_in_charge"),
                tips=data.get("tips", []),
            )
        return self._case_response(case, status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.CaseSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("tips.view_case", "tips.change_case")],
    )
    def clarify(self, request: Request, pk: str | None = None) -> Response:
        """The case is clarified on a date: it and its subjects count in that period."""
        data = self.validated(request)
        case = self.get_object()
        with service_errors():
            services.clarify_case(
                case=case, actor=signed_in(request), clarified_on=data["clarified_on"]
            )
        return self._case_response(case)


class SubjectViewSet(ServiceActionMixin, WardScopedViewSet):
    """Subjects of the cases of the user's wards, without identity (a separate, audited read)."""

    model = models.Subject
    serializer_class = serializers.SubjectSerializer
    filterset_class = filtersets.SubjectFilterSet
    ordering_fields = ["created_at", "outcome_on"]
    http_method_names = ["get", "post", "head", "options"]
    ward_field = None
    input_serializers = {
        "create": serializers.SubjectCreateSerializer,
        "outcome": serializers.SubjectOutcomeSerializer,
    }

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("case", "offence")

    @extend_schema(
        request=serializers.SubjectCreateSerializer, responses={201: serializers.SubjectSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a subject of a case of the user's wards."""
        data = dict(self.validated(request))
        case, offence = data.pop("case"), data.pop("offence", None)
        with service_errors():
            subject = services.add_subject(
                case=case, actor=signed_in(request), offence=offence, **data
            )
        return Response(serializers.SubjectSerializer(subject).data, status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.SubjectIdentitySerializer)
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[require("tips.view_subject", "tips.view_subject_identity")],
    )
    def identity(self, request: Request, pk: str | None = None) -> Response:
        """The subject's identity. Every read is written to the audit log."""
        subject = self.get_object()
        identity = services.read_subject_identity(subject=subject, actor=signed_in(request))
        response = Response(serializers.SubjectIdentitySerializer(identity).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(responses=serializers.SubjectSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[require("tips.view_subject", "tips.change_subject")],
    )
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """How the subject was handled, and when."""
        data = self.validated(request)
        subject = self.get_object()
        with service_errors():
            subject = services.record_subject_outcome(
                subject=subject,
                actor=signed_in(request),
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                note=data.get("note", ""),
            )
        return Response(serializers.SubjectSerializer(subject).data)
