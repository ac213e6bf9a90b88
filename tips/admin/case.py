"""Cases (opened and clarified through the services) and their subjects, whose identity is
shown only with `tips.view_subject_identity` and every showing of it audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tips import admin_forms, services
from tips.admin.base import FormPageMixin, ReadOnlyInline, bound, tip_code
from tips.choices import CaseStatus
from tips.models import Case, Subject, Tip
from wardsec import audit
from wardsec.admin import WardScopedAdmin
from wardsec.models import AuditAction
from wardsec.users import signed_in


class CaseTipInline(ReadOnlyInline):
    model = Tip
    fk_name = "case"
    fields = readonly_fields = ("code_column", "status", "received_at", "category", "assignee")
    verbose_name_plural = _("tin báo của vụ việc")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("category", "assignee")

    @admin.display(description=_("số tham chiếu"))
    def code_column(self, tip: Tip) -> str:
        return tip_code(tip)


class CaseSubjectInline(ReadOnlyInline):
    model = Subject
    fields = readonly_fields = ("subject_label", "offence", "outcome", "outcome_on")
    verbose_name_plural = _("đối tượng của vụ việc")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("offence")

    @admin.display(description=_("đối tượng"))
    def subject_label(self, subject: Subject) -> str:
        return _subject_label(subject)


def _subject_label(subject: Subject) -> str:
    return gettext("Đối tượng #%(number)s") % {"number": subject.pk}


@admin.register(Case)
class CaseAdmin(FormPageMixin, WardScopedAdmin):
    """Cases: opened and clarified through the services, with their tips and subjects."""

    list_display = [
        "number",
        "title",
        "status",
        "opened_on",
        "clarified_on",
        "officer_in_charge",
        "tip_count_column",
    ]
    list_filter = [
        "status",
        "categories",
        "officer_in_charge",
        ("opened_on", admin.DateFieldListFilter),
        ("clarified_on", admin.DateFieldListFilter),
    ]
    search_fields = ["number", "title", "summary"]
    list_select_related = ["ward", "officer_in_charge"]
    form = admin_forms.CaseChangeForm
    readonly_fields = ["number", "ward", "status", "opened_on", "clarified_on", "created_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "ward",
                    "status",
                    "title",
                    "summary",
                    "categories",
                    "officer_in_charge",
                ]
            },
        ),
        (_("Thời gian"), {"fields": ["opened_on", "clarified_on", "created_at"]}),
    ]
    inlines = [CaseTipInline, CaseSubjectInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(tip_count=Count("tips", distinct=True))

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        columns = list(super().get_list_display(request))
        if self.single_ward(request) is None:
            columns.append("ward")
        return columns

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "categories":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("số tin báo"), ordering="tip_count")
    def tip_count_column(self, case: Case) -> int:
        return case.tip_count  # type: ignore[attr-defined]

    def get_urls(self) -> list[Any]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view(self.clarify_view)
        return [
            path("<path:object_id>/clarify/", view, name=f"{info}_clarify"),
            *super().get_urls(),
        ]

    # --- Audit of the categories (a many-to-many the base class's snapshot does not see) -----
    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None):
        case = super().get_object(request, object_id, from_field)
        if case is not None:
            case._categories_before = _category_codes(case)
        return case

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        case = form.instance
        before = getattr(case, "_categories_before", None)
        after = _category_codes(case)
        if change and before is not None and before != after:
            audit.record(
                action=AuditAction.UPDATE,
                instance=case,
                actor=signed_in(request),
                changes={"categories": [before, after]},
                event="case.categories",
            )

    # --- Pages ---------------------------------------------------------------------------------
    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Case | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context["clarify_url"] = (
                self.url_of("clarify", obj.pk)
                if obj.status != CaseStatus.CLARIFIED and self.has_change_permission(request, obj)
                else None
            )
            context["add_subject_url"] = (
                reverse("admin:tips_subject_add", current_app=self.admin_site.name)
                + f"?case={obj.pk}"
                if request.user.has_perm("tips.add_subject")
                else None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = admin_forms.CaseAddForm(
            *bound(request), request=request, ward=self.single_ward(request)
        )
        opened: list[Case] = []

        def open_case() -> str:
            data = form.cleaned_data
            opened.append(
                services.open_case(
                    ward=form.chosen_ward(),
                    actor=signed_in(request),
                    title=data["title"],
                    categories=list(data["categories"]),
                    summary=data["summary"],
                    opened_on=data["opened_on"],
                    officer_in_charge=data["officer_in_charge"],
                    tips=list(data["tips"]),
                )
            )
            return gettext("Đã mở vụ việc %(number)s.") % {"number": opened[0].number}

        if self.run_form(request, form, open_case):
            return HttpResponseRedirect(self.url_of("change", opened[0].pk))
        return self.form_page(
            request, form=form, title=_("Mở vụ việc"), submit_label=_("Mở vụ việc")
        )

    def clarify_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        case = self.changeable_object(request, object_id)
        form = admin_forms.ClarifyCaseForm(*bound(request))

        def clarify() -> str:
            day = form.cleaned_data["clarified_on"]
            services.clarify_case(case=case, actor=signed_in(request), clarified_on=day)
            return gettext("Vụ việc %(number)s đã làm rõ ngày %(day)s.") % {
                "number": case.number,
                "day": formats.date_format(day, "d/m/Y"),
            }

        if self.run_form(request, form, clarify):
            return HttpResponseRedirect(self.url_of("change", case.pk))
        case.refresh_from_db()
        return self.form_page(
            request, form=form, title=_("Làm rõ vụ việc"), obj=case, submit_label=_("Ghi nhận")
        )


def _category_codes(case: Case) -> list[str]:
    return sorted(case.categories.values_list("code", flat=True))


# --- Subjects ---------------------------------------------------------------------------------


@admin.register(Subject)
class SubjectAdmin(FormPageMixin, WardScopedAdmin):
    """Subjects of cases. Their identity is for holders of `tips.view_subject_identity` only,
    and every page that shows it is recorded (audit VIEW); others see "Đối tượng #N"."""

    ward_field = None
    list_display = ["subject_label", "case", "offence", "outcome", "outcome_on"]
    list_filter = ["outcome", "offence", "case__ward"]
    search_fields = ["case__number"]
    search_help_text = _("Tìm theo số vụ việc.")
    list_select_related = ["case", "case__ward", "offence"]
    readonly_fields = ["subject_label", "case", "outcome", "outcome_on", "outcome_note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("case", "case__ward")

    def may_see_identity(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tips.view_subject_identity")

    def get_fieldsets(self, request: HttpRequest, obj: Subject | None = None) -> list[Any]:
        fieldsets: list[Any] = [(None, {"fields": ["subject_label", "case", "offence"]})]
        if self.may_see_identity(request):
            fieldsets.append((_("Nhân thân"), {"fields": list(Subject.IDENTITY_FIELDS)}))
        fieldsets.append(
            (_("Kết quả xử lý"), {"fields": ["outcome", "outcome_on", "outcome_note"]})
        )
        return fieldsets

    def get_export_fields(self) -> list[str]:
        return [f for f in super().get_export_fields() if f not in Subject.IDENTITY_FIELDS]

    def has_delete_permission(self, request: HttpRequest, obj: Subject | None = None) -> bool:
        return False  # the delete log would copy the identity into the audit log

    @admin.display(description=_("đối tượng"))
    def subject_label(self, subject: Subject) -> str:
        return _subject_label(subject)

    def get_urls(self) -> list[Any]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view(self.outcome_view)
        return [
            path("<path:object_id>/outcome/", view, name=f"{info}_outcome"),
            *super().get_urls(),
        ]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Subject | None = None,
    ) -> HttpResponse:
        if obj is not None:
            if self.may_see_identity(request):
                services.read_subject_identity(subject=obj, actor=signed_in(request))
            context["outcome_url"] = (
                self.url_of("outcome", obj.pk) if self.has_change_permission(request, obj) else None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Subject, form: Any, change: bool) -> None:
        """Saves a correction; the log names the identity fields changed, not their values."""
        before = getattr(obj, "_audit_before", None)
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        changes = audit.diff(before, obj) if before else {}
        for name in Subject.IDENTITY_FIELDS:
            if name in changes:
                changes[name] = ["…", "…"]
        if changes:
            audit.record(
                action=AuditAction.UPDATE,
                instance=obj,
                actor=signed_in(request),
                ward=obj.case.ward,
                changes=changes,
                event="subject.change",
            )

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = admin_forms.SubjectAddForm(*bound(request), request=request)
        added: list[Subject] = []

        def add() -> str:
            data = form.cleaned_data
            added.append(
                services.add_subject(
                    case=data["case"],
                    actor=signed_in(request),
                    full_name=data["full_name"],
                    offence=data["offence"],
                    **form.identity(),
                )
            )
            return gettext("Đã thêm %(subject)s.") % {"subject": str(added[0])}

        if self.run_form(request, form, add):
            case_url = reverse(
                "admin:tips_case_change", args=[added[0].case_id], current_app=self.admin_site.name
            )
            return HttpResponseRedirect(case_url)
        return self.form_page(
            request, form=form, title=_("Thêm đối tượng"), submit_label=_("Thêm đối tượng")
        )

    def outcome_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        subject = self.changeable_object(request, object_id)
        form = admin_forms.SubjectOutcomeForm(*bound(request))

        def record() -> str:
            data = form.cleaned_data
            services.record_subject_outcome(
                subject=subject,
                actor=signed_in(request),
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                note=data["note"],
            )
            return gettext("Đã ghi kết quả xử lý của %(subject)s.") % {"subject": str(subject)}

        if self.run_form(request, form, record):
            return HttpResponseRedirect(self.url_of("change", subject.pk))
        subject.refresh_from_db()
        return self.form_page(
            request,
            form=form,
            title=_("Ghi kết quả xử lý"),
            obj=subject,
            submit_label=_("Ghi nhận"),
            extra={"object_label": str(subject)},
        )
