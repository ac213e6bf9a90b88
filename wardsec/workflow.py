"""Workflow pages: one way for any admin to declare a page that runs a service.

An admin declares its steps; the base generates the URLs, the buttons on the object's page,
the form page, the bulk actions, and the way back::

    class DisputeAdmin(WorkflowAdmin, WardScopedAdmin):
        steps = [
            Step(
                name="close",
                label=_("Kết thúc"),
                form_class=CloseForm,
                run=lambda request, dispute, data: services.close_dispute(
                    dispute=dispute, actor=signed_in(request), note=data["note"]
                ),
                message=lambda dispute: gettext("Đã kết thúc %(d)s.") % {"d": dispute},
                available=lambda dispute: dispute.is_open,
            ),
        ]

Rules:

- A step's page is `<object>/<name>/` (URL name `<app>_<model>_<name with _>`); `add_step` replaces
  the add page; `bulk_steps` become changelist actions.
- `permission` is "change" / "add" (the admin's own `has_*_permission`, with the object) or a
  permission name ("tips.triage_tip"). Another ward's object is a 404 (the scoped queryset does
  not find it); a missing permission a 403.
- `available(obj)` decides only whether the button shows; the service decides whether the step
  is allowed, and its ValidationError becomes a form error (on the field it names), never a 500.
- `run(request, obj, cleaned_data)` calls the service and returns its result; `message(result)`
  is the success message. After the step the user lands on the object's page (the added
  object's page, for `add_step`), or on the change list when the object left the user's scope
  (a tip transferred to another ward), with the message at the top and the change list's
  filters (`_changelist_filters`) kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

__all__ = ["BulkStep", "Step", "WorkflowAdmin", "add_service_errors", "bound", "service_arguments"]

FILTERS = "_changelist_filters"


def _always(obj: Any) -> bool:
    return True


def _no_kwargs(request: HttpRequest, obj: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Step:
    """A page that runs one service on one object (or, as an `add_step`, creates one)."""

    name: str
    label: Any
    form_class: type[forms.Form]
    run: Callable[[HttpRequest, Any, dict[str, Any]], Any]
    message: Callable[[Any], str]
    permission: str = "change"
    available: Callable[[Any], bool] = _always
    submit_label: Any = None
    # Keyword arguments of the form besides data and files (e.g. the object, the request).
    form_kwargs: Callable[[HttpRequest, Any], dict[str, Any]] = _no_kwargs
    # The object whose page the user lands on, from the result (default: the step's object,
    # or the result itself for an add step).
    lands_on: Callable[[Any], Model] | None = None
    # The step's form shown on the object's page itself (a short form: a reply, a date), so the
    # officer does the step from there without opening its page (one page load fewer).
    inline: bool = False

    @property
    def url_name(self) -> str:
        return self.name.replace("-", "_")


@dataclass(frozen=True)
class BulkStep:
    """A change list action that runs one service on each chosen object. Failures are reported
    one by one with their reason; the successes counted (`message(results)`)."""

    name: str
    label: Any
    run: Callable[[HttpRequest, Any], Any]
    permission: str = "change"
    message: Callable[[list[Any]], str] | None = None
    select_related: Sequence[str] = field(default_factory=tuple)


def service_arguments(cleaned: dict[str, Any], *drop: str) -> dict[str, Any]:
    """A step form's cleaned data as a service's keyword arguments: the fields in `drop` and the
    blanks of optional fields left out (the service's own defaults apply)."""
    return {k: v for k, v in cleaned.items() if k not in drop and v not in ("", None)}


def bound(request: HttpRequest) -> tuple[Any, Any]:
    """(data, files) for a form: the POST, or nothing on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class WorkflowAdmin:
    """Mixin for a ModelAdmin (before `WardScopedAdmin`): declared steps become pages,
    buttons and actions."""

    steps: Sequence[Step] = ()
    add_step: Step | None = None
    bulk_steps: Sequence[BulkStep] = ()
    workflow_template = "admin/workflow_page.html"

    admin_site: admin.AdminSite
    opts: Any
    model: type[Model]
    media: forms.Media

    # --- URLs and permissions ----------------------------------------------------------------
    def get_urls(self) -> list[Any]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        urls = [
            path(
                f"<path:object_id>/{step.name}/",
                wrap(self.step_view),
                {"name": step.name},
                name=f"{info}_{step.url_name}",
            )
            for step in self.steps
        ]
        return urls + super().get_urls()  # type: ignore[misc]

    def url_of(self, name: str, *args: Any) -> str:
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def step_permitted(self, request: HttpRequest, permission: str, obj: Any = None) -> bool:
        if "." in permission:
            return bool(request.user.has_perm(permission))
        check = getattr(self, f"has_{permission}_permission")
        return bool(check(request) if permission == "add" else check(request, obj))

    def offered_steps(self, request: HttpRequest, obj: Model) -> list[dict[str, Any]]:
        """The buttons of the object's page: steps available in its state, to this user; each
        URL keeps the change list's filters. An `inline` step brings its (unbound) form, which
        the page shows and posts to the step's URL."""
        offered = []
        for step in self.steps:
            if not (step.available(obj) and self.step_permitted(request, step.permission, obj)):
                continue
            form = None
            if step.inline:
                form = step.form_class(**step.form_kwargs(request, obj))
            offered.append(
                {
                    "name": step.name,
                    "label": step.label,
                    "url": self._keeping_filters(request, self.url_of(step.url_name, obj.pk)),
                    "form": form,
                    "submit_label": step.submit_label or step.label,
                }
            )
        return offered

    def _keeping_filters(self, request: HttpRequest, url: str) -> str:
        preserved = self._preserved(request)
        return f"{url}?{urlencode({FILTERS: preserved})}" if preserved else url

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.steps:
            context["workflow_steps"] = self.offered_steps(request, obj)
        return super().render_change_form(  # type: ignore[misc]
            request, context, add, change, form_url, obj
        )

    # --- Pages -------------------------------------------------------------------------------
    def step_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        step = next(step for step in self.steps if step.name == name)
        needs_object = "." not in step.permission
        if not needs_object and not self.step_permitted(request, step.permission):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404(_("Không tìm thấy."))
        if needs_object and not self.step_permitted(request, step.permission, obj):
            raise PermissionDenied
        return self._run_step(request, step, obj)

    def add_view(self, request, form_url="", extra_context=None):
        if self.add_step is None:
            return super().add_view(request, form_url, extra_context)  # type: ignore[misc]
        if not self.step_permitted(request, self.add_step.permission):
            raise PermissionDenied
        return self._run_step(request, self.add_step, None)

    def _run_step(self, request: HttpRequest, step: Step, obj: Model | None) -> HttpResponse:
        form = step.form_class(*bound(request), **step.form_kwargs(request, obj))
        if request.method == "POST" and form.is_valid():
            try:
                result = step.run(request, obj, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.message_user(request, step.message(result), messages.SUCCESS)  # type: ignore[attr-defined]
                landing = step.lands_on(result) if step.lands_on else (obj or result)
                return HttpResponseRedirect(self.landing_url(request, landing))
        if obj is not None:
            obj.refresh_from_db()  # the page shows the object as stored, not half-changed
        return self.workflow_page(request, step, form, obj)

    def landing_url(self, request: HttpRequest, obj: Model) -> str:
        """The object's page (in its own admin: a subject's step may land on its case), unless
        the object left the user's scope: then the change list. Either keeps the change list's
        filters."""
        owner: Any = self.admin_site._registry.get(type(obj), self)  # type: ignore[attr-defined]
        preserved = self._preserved(request)
        if owner.get_queryset(request).filter(pk=obj.pk).exists():
            opts = obj._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
            # This list's filters mean nothing to another model's page (a case opened from a
            # tip): they are kept only on the way back to this admin's own objects.
            return self._keeping_filters(request, url) if owner is self else url
        url = self.url_of("changelist")
        return f"{url}?{preserved}" if preserved else url

    def _preserved(self, request: HttpRequest) -> str:
        """The change list's query string this page carries (from `?_changelist_filters=`)."""
        value = request.GET.get(FILTERS, "")
        return urlencode(parse_qsl(value)) if value else ""

    def workflow_page(
        self, request: HttpRequest, step: Step, form: forms.Form, obj: Model | None
    ) -> TemplateResponse:
        fieldsets = [(None, {"fields": list(form.fields)})]
        adminform = helpers.AdminForm(cast(Any, form), fieldsets, {})
        back = self.landing_url(request, obj) if obj is not None else self.url_of("changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": step.label,
            "original": obj,
            "object_label": str(obj) if obj is not None else "",
            "adminform": adminform,
            "form": form,
            "media": self.media + adminform.media,
            "has_file_field": form.is_multipart(),
            "submit_label": step.submit_label or step.label,
            "cancel_url": back,
            "step": step.name,
            **self.workflow_context(request, step, obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.workflow_template, context)

    def workflow_context(self, request: HttpRequest, step: Step, obj: Model | None) -> dict:
        """Extra context of a step's page (e.g. a summary of the object). Override."""
        return {}

    # --- Bulk steps --------------------------------------------------------------------------
    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)  # type: ignore[misc]
        if IS_POPUP_VAR in request.GET:
            return actions
        for step in self.bulk_steps:
            if self.step_permitted(request, step.permission):
                actions[step.name] = (self._bulk_action(step), step.name, step.label)
        return actions

    def _bulk_action(self, step: BulkStep) -> Callable[..., None]:
        def action(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
            self.run_bulk(request, step, queryset)

        return action

    def run_bulk(self, request: HttpRequest, step: BulkStep, queryset: QuerySet) -> None:
        """Run the step on each object; report the successes and each failure with its reason."""
        results, failed = [], []
        for obj in queryset.select_related(*step.select_related):
            try:
                results.append(step.run(request, obj))
            except ValidationError as refusal:
                failed.append((obj, refusal))
        if results:
            text = step.message(results) if step.message else self._done(len(results))
            self.message_user(request, text, messages.SUCCESS)  # type: ignore[attr-defined]
        for obj, refused in failed:
            error = " ".join(str(message) for message in refused.messages)
            text = f"{capfirst(self.opts.verbose_name)} {obj}: {error}"
            self.message_user(request, text, messages.ERROR)  # type: ignore[attr-defined]

    def _done(self, count: int) -> str:
        return ngettext("Đã xử lý %(count)d %(name)s.", "Đã xử lý %(count)d %(name)s.", count) % {
            "count": count,
            "name": self.opts.verbose_name,
        }
