"""Views whose writes are services: an action checks its input with a serializer, calls one
service, and answers with the output serializer of what the service returned.

    class TipViewSet(ServiceActionMixin, WardScopedViewSet):
        input_serializers = {"assign": AssignSerializer}

        @extend_schema(responses=TipSerializer)
        @action(detail=True, methods=["post"], permission_classes=[require("tips.triage_tip")])
        def assign(self, request, pk=None):
            data = self.validated(request)
            tip = self.call_service(services.assign_tip, tip=self.get_object(),
                                    actor=signed_in(request), assignee=data["assignee"])
            return self.respond(tip, TipSerializer)

The service holds the rules; its refusal (a Django ValidationError) answers 400 with its field
keys. On a detail action the object is looked up before the input is read, so another ward's
object is a 404 whatever the body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from wardsec.api.exceptions import service_errors

T = TypeVar("T")


class ServiceActionMixin:
    """For viewsets: `input_serializers` per action (also what the schema and the browsable API
    show), `validated`, `call_service` and `respond`."""

    input_serializers: dict[str, type[BaseSerializer]] = {}

    def get_serializer_class(self) -> type:
        """The action's input serializer, else the serializer of the model."""
        return self.input_serializers.get(self.action, self.serializer_class)  # type: ignore[attr-defined,return-value]

    def get_object(self) -> Any:
        """The object of a detail action, looked up once per request."""
        if not hasattr(self, "_object"):
            self._object = super().get_object()  # type: ignore[misc]
        return self._object

    def validated(self, request: Request) -> dict[str, Any]:
        """The request body checked by the action's input serializer (400 when it is not valid).
        On a detail action the object is looked up first."""
        if getattr(self, "detail", False):
            self.get_object()
        serializer_class = self.input_serializers[self.action]  # type: ignore[attr-defined]
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def call_service(self, service: Callable[..., T], /, **kwargs: Any) -> T:
        """`service(**kwargs)`; its refusal is a 400 with the service's field keys."""
        with service_errors():
            return service(**kwargs)

    def respond(
        self,
        instance: Any,
        serializer_class: type[BaseSerializer],
        code: int = status.HTTP_200_OK,
    ) -> Response:
        """`instance` through the output serializer, with the request in its context."""
        serializer = serializer_class(instance, context={"request": self.request})  # type: ignore[attr-defined]
        return Response(serializer.data, status=code)
