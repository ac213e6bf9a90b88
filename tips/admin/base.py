"""What the tips admin pages share: the form page (a workflow step or an add page that goes
through a service), read-only inlines and small helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tips import admin_forms
from tips.models import Tip


def bound(request: HttpRequest) -> tuple[Any, Any]:
    """(data, files) for a form: the POST, or nothing on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def tip_code(tip: Tip) -> str:
    """How the admin names a tip: its public reference number (the tracking code is the
    citizen's secret; the database has only its digest)."""
    return str(tip)


class FormPageMixin:
    """A page of the admin holding one form: a workflow step or an add page that goes through
    a service. It looks like the admin's own change form (fieldsets, widgets, messages)."""

    form_page_template = "admin/tips/form_page.html"
    admin_site: admin.AdminSite
    opts: Any
    media: forms.Media

    def changeable_object(self, request: HttpRequest, object_id: str) -> Any:
        """The object a page works on: missing or another ward's is a 404 (the scoped
        queryset does not find it), one the user may not change a 403."""
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404(_("Không tìm thấy."))
        if not self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            raise PermissionDenied
        return obj

    def url_of(self, name: str, *args: Any) -> str:
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def form_page(
        self,
        request: HttpRequest,
        *,
        form: forms.Form,
        title: Any,
        obj: Model | None = None,
        submit_label: Any = None,
        extra: dict[str, Any] | None = None,
    ) -> TemplateResponse:
        fieldsets = [(None, {"fields": list(form.fields)})]
        adminform = helpers.AdminForm(cast(Any, form), fieldsets, {})
        cancel_url = self.url_of("change", obj.pk) if obj is not None else self.url_of("changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "original": obj,
            "adminform": adminform,
            "form": form,
            "media": self.media + adminform.media,
            "has_file_field": form.is_multipart(),
            "submit_label": submit_label or _("Lưu"),
            "cancel_url": cancel_url,
            **(extra or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.form_page_template, context)

    def run_form(self, request: HttpRequest, form: forms.Form, perform: Callable[[], str]) -> bool:
        """Validate `form` and run `perform` (a service call returning the success message).
        True when done; otherwise the errors are on the form."""
        if request.method != "POST" or not form.is_valid():
            return False
        try:
            message = perform()
        except ValidationError as exc:
            admin_forms.add_service_errors(form, exc)
            return False
        self.message_user(request, message, messages.SUCCESS)  # type: ignore[attr-defined]
        return True


def exc_text(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on a parent's page, changed only through their own pages and services."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_superuser)
