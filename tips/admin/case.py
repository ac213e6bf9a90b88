"""Cases (opened and clarified through the services) and their subjects, whose identity is
shown only with `tips.view_subject_identity` and every showing of it audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tips import admin_forms, services
from tips.admin.base import ReadOnlyInline, tip_code
from tips.admin.steps import CASE_ADD, CASE_STEPS, SUBJECT_ADD, SUBJECT_STEPS
from tips.choices import CaseStatus
from tips.models import Case, Subject, Tip
from wardsec import audit, names
from wardsec.admin import WardScopedAdmin
from wardsec.models import AuditAction
from wardsec.users import signed_in
from wardsec.workflow import WorkflowAdmin


class CaseTipInline(ReadOnlyInline):
    model = Tip
    fk_name = "case"
    fields = readonly_fields = (
        "code_column",
        "status",
        "received_at",
        "category",
        "assignee_name",
    )
    verbose_name_plural = _("tin báo của vụ việc")
    # By name, not as a link to the user admin (which officers may not open).
    assignee_name = names.person_column("assignee", Tip._meta.get_field("assignee").verbose_name)

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
class CaseAdmin(WorkflowAdmin, WardScopedAdmin):
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
    list_totals = {
        "clarified": (_("đã làm rõ"), Count("pk", filter=Q(status=CaseStatus.CLARIFIED))),
    }
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
    steps = CASE_STEPS
    add_step = CASE_ADD
    timeline = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(tip_count=Count("tips", distinct=True))

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        """A clarified case counts in the period it was clarified: its page is read-only; a
        commander reopens it (the audited "reopen" step) to change it."""
        if obj is not None and obj.status == CaseStatus.CLARIFIED:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "categories":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("số tin báo"), ordering="tip_count")
    def tip_count_column(self, case: Case) -> int:
        return case.tip_count  # type: ignore[attr-defined]

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
            context["add_subject_url"] = (
                reverse("admin:tips_subject_add", current_app=self.admin_site.name)
                + f"?case={obj.pk}"
                if request.user.has_perm("tips.add_subject") and obj.status != CaseStatus.CLARIFIED
                else None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


def _category_codes(case: Case) -> list[str]:
    return sorted(case.categories.values_list("code", flat=True))


# --- Subjects ---------------------------------------------------------------------------------


@admin.register(Subject)
class SubjectAdmin(WorkflowAdmin, WardScopedAdmin):
    """Subjects of cases. Their identity is for holders of `tips.view_subject_identity` only,
    and every page that shows it is recorded (audit VIEW); others see "Đối tượng #N"."""

    ward_field = None
    list_display = ["subject_label", "case", "offence", "outcome", "outcome_on"]
    list_filter = ["outcome", "offence", "case__ward"]
    search_fields = ["case__number"]
    search_help_text = _("Tìm theo số vụ việc.")
    list_select_related = ["case", "case__ward", "offence"]
    readonly_fields = ["subject_label", "case", "outcome", "outcome_on", "outcome_note"]
    steps = SUBJECT_STEPS
    add_step = SUBJECT_ADD
    timeline = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # list_select_related is ignored once get_queryset selects: name every column here.
        return super().get_queryset(request).select_related("case", "case__ward", "offence")

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

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Subject | None = None,
    ) -> HttpResponse:
        if obj is not None and self.may_see_identity(request):
            services.read_subject_identity(subject=obj, actor=signed_in(request))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Subject, form: Any, change: bool) -> None:
        """A correction, through `services.correct_subject` (its rules, its audit entry that
        names the identity fields changed, not their values)."""
        subject = Subject.objects.select_related("case__ward").get(pk=obj.pk)
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.correct_subject(subject=subject, actor=signed_in(request), **fields)
