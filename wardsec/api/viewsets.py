"""Base viewsets: every API view of ward-owned data derives from `WardScopedViewSet`.

The middleware scopes by the session user; token-authenticated requests are only known after
DRF authenticates, so the viewset opens the user's scope itself, before the permission check,
and closes it when the response is finalised.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from wardsec import audit
from wardsec.api.actions import ServiceActionMixin
from wardsec.scoping import ALL_WARDS, scope_for_user
from wardsec.users import signed_in


class ScopedAPIMixin:
    """Runs the view inside the authenticated user's ward scope; lists `model`'s scoped rows."""

    model: type[models.Model]

    def get_queryset(self) -> models.QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation, outside any scope
            return self.model.objects.with_scopes_disabled().none()  # type: ignore[attr-defined]
        return self.model.objects.all()  # type: ignore[attr-defined]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.perform_authentication(request)  # type: ignore[attr-defined]
        self._scope_stack = ExitStack()
        self.ward_ids = self._scope_stack.enter_context(scope_for_user(request.user))
        request._request.ward_ids = self.ward_ids  # type: ignore[attr-defined]
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any):
        stack = getattr(self, "_scope_stack", None)
        if stack is not None:
            # Render now, while the scope is open, so nothing lazy is evaluated outside it.
            response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            stack.close()
            return response
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class WardScopedViewSet(ScopedAPIMixin, viewsets.ModelViewSet):
    """CRUD on a ward-owned model inside the scope. Writes are audited.

    Subclasses set `model`, `serializer_class`, `filterset_class`, and may narrow
    `get_queryset` with select_related/prefetch_related. The client never sets the ward: the view
    takes it from the request (`writable_ward`).
    """

    ward_field: str | None = "ward"

    def writable_ward(self):
        """The ward a new row belongs to: the user's only active ward, or the `ward` code they
        name (which must be in their scope)."""
        from wards.models import Ward

        wards = Ward.objects.active()
        code = self.request.data.get("ward") or self.request.query_params.get("ward")
        if code:
            ward = wards.filter(code=code).first()
            if ward is None:
                raise exceptions.ValidationError({"ward": [_("Không có phường/xã này.")]})
            return ward
        only = wards.only_one() if self.ward_ids is not ALL_WARDS else None
        if only is not None:
            return only
        raise exceptions.ValidationError({"ward": [_("Hãy chọn phường/xã (mã đơn vị).")]})

    def save_checked(self, serializer, **extra: Any) -> models.Model:
        """Save; a database constraint the serializer could not check (one involving the ward,
        which the view sets) answers 400 with the model's own message instead of a 500."""
        try:
            with transaction.atomic():
                return serializer.save(**extra)
        except IntegrityError as exc:
            candidate = serializer.instance
            if candidate is None:
                names = {field.name for field in self.model._meta.concrete_fields}
                data = {**serializer.validated_data, **extra}
                candidate = self.model(**{k: v for k, v in data.items() if k in names})
            raise exceptions.ValidationError(_constraint_messages(candidate)) from exc

    @transaction.atomic
    def perform_create(self, serializer) -> None:
        extra = {self.ward_field: self.writable_ward()} if self.ward_field else {}
        instance = self.save_checked(serializer, **extra)
        audit.saved(instance, actor=signed_in(self.request), before=None)

    @transaction.atomic
    def perform_update(self, serializer) -> None:
        before = audit.snapshot(serializer.instance)
        instance = self.save_checked(serializer)
        audit.saved(instance, actor=signed_in(self.request), before=before)

    @transaction.atomic
    def perform_destroy(self, instance: models.Model) -> None:
        audit.deleted(instance, actor=signed_in(self.request))
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise Conflict from exc


class Conflict(exceptions.APIException):
    """409: other records still refer to the row (a protected foreign key)."""

    status_code = 409
    default_detail = _("Không thể xóa: vẫn còn dữ liệu khác gắn với mục này.")
    default_code = "protected"


def _constraint_messages(instance: models.Model) -> list[str]:
    """The model's messages for the constraints `instance` breaks, or a general one."""
    try:
        instance.validate_constraints()
    except DjangoValidationError as exc:
        return exc.messages
    return [str(_("Trùng với dữ liệu đã có."))]


class WardScopedReadOnlyViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only access to a ward-owned model inside the scope."""


READ_WRITE = ["get", "post", "head", "options"]


class ServiceCreateViewSet(ServiceActionMixin, WardScopedViewSet):
    """Lists, reads and creates through `create_with(data)` (a service call, audited there);
    no PUT, PATCH or DELETE unless a subclass offers them. The input's `ward` is dropped: the
    service takes the ward from what it is given, inside the user's scope."""

    http_method_names = READ_WRITE
    output_serializer: Any

    def create_with(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must say which service creates")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated(request))
        data.pop("ward", None)
        instance = self.call_service(self.create_with, data=data)
        return self.respond(instance, self.output_serializer, 201)
