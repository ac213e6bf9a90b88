"""The models registry in the officers' workplace.

A model's page shows what it is made of and whether it works: its indicators as they stand today
(counted from its assets), its open faults, the money raised, the commander's ratings, and the
evidence of effect — tips and cases in the neighbourhoods it covers, the year before it started
and each year since, next to the ward's other neighbourhoods (a table and a bar chart drawn in
SVG, no script). Every change is a declared step that calls a service. People under community
supervision are listed and opened only with `models_registry.view_supervision`, and every list
or page that shows them is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from models_registry import events, evidence, figures, forms, maps, models, services, today
from models_registry.choices import FaultStatus
from wardsec.admin import CatalogueAdmin, WardScopedAdmin, scoped_staff, single_ward
from wardsec.users import signed_in
from wardsec.workflow import Step, WorkflowAdmin, service_arguments

events.register()

CHART_HEIGHT = 120
# The figures contract's indicator names, as the page shows them.
INDICATOR_LABELS = {
    "bulbs": _("số bóng đèn"),
    "length_m": _("chiều dài (m)"),
    "points": _("số điểm camera"),
    "cameras": _("số camera"),
    "funds_raised_vnd": _("kinh phí xã hội hóa (đồng)"),
    "gates": _("số cổng"),
    "teams": _("số tổ, đội"),
    "members": _("số thành viên"),
    "points_covered": _("số điểm trường được bảo đảm"),
    "points_total": _("tổng số điểm trường"),
    "people": _("số người đang được giám sát, giáo dục"),
    "households": _("số hộ tham gia"),
}


def _ward(request: HttpRequest, data: dict[str, Any]) -> Any:
    return data.pop("ward", None) or single_ward(request)


def _ward_kwargs(request: HttpRequest, obj: Any) -> dict[str, Any]:
    return {"ward": single_ward(request)}


@admin.register(models.ModelKind)
class ModelKindAdmin(CatalogueAdmin):
    """A list that is data: administrators change it; others read."""

    list_display = ["name", "code", "measure", "sort_order"]
    search_fields = ["name", "name_en", "code"]


class OpenFilter(admin.SimpleListFilter):
    title = _("tình trạng xử lý")
    parameter_name = "open"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("yes", _("Chưa khắc phục")),
            ("mine", _("Giao cho tôi, chưa khắc phục")),
            ("no", _("Đã khắc phục")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        fixed = Q(status=FaultStatus.FIXED)
        if self.value() == "yes":
            return queryset.exclude(fixed)
        if self.value() == "mine":
            return queryset.exclude(fixed).filter(assignee=request.user)
        if self.value() == "no":
            return queryset.filter(fixed)
        return queryset


class UnratedFilter(admin.SimpleListFilter):
    title = _("đánh giá hằng năm")
    parameter_name = "unrated"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("last_year", _("Chưa đánh giá năm trước"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "last_year":
            return queryset.filter(today.unrated(timezone.localdate().year - 1))
        return queryset


class CheckInDueFilter(admin.SimpleListFilter):
    title = _("gặp gỡ, kiểm tra")
    parameter_name = "check_in"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        label = _("Chưa gặp trong %(days)d ngày") % {"days": today.CHECK_IN_DAYS}
        return [("due", label)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "due":
            return queryset.filter(today.check_in_due(timezone.localdate()))
        return queryset


# --- Models -----------------------------------------------------------------------------------


def _chart(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bar heights (px) of tips per neighbourhood, covered and other, for the SVG chart."""
    top = max([r["rate_covered"] for r in rows] + [r["rate_other"] for r in rows] + [1])
    bars = []
    for index, row in enumerate(rows):
        covered = round(CHART_HEIGHT * row["rate_covered"] / top)
        other = round(CHART_HEIGHT * row["rate_other"] / top)
        bars.append(
            {
                **row,
                "x": 10 + index * 60,
                "x_other": 34 + index * 60,
                "h_covered": covered,
                "y_covered": CHART_HEIGHT - covered,
                "h_other": other,
                "y_other": CHART_HEIGHT - other,
            }
        )
    return bars


class ContributionInline(admin.TabularInline):
    model = models.Contribution
    extra = 0
    can_delete = False
    readonly_fields = ["received_on", "donor", "amount_vnd"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.PreventionModel)
class PreventionModelAdmin(WorkflowAdmin, WardScopedAdmin):
    change_form_template = "admin/models_registry/preventionmodel/change_form.html"
    timeline = True
    timeline_includes = ("assets", "evaluations", "contributions")
    list_display = ["name", "kind", "started_on", "status", "assets_now", "open_faults"]
    list_filter = ["kind", "status", UnratedFilter]
    search_fields = ["name", "code", "decision"]
    search_help_text = _("Tìm theo tên, mã, quyết định (gõ có dấu hay không dấu đều được).")
    list_select_related = ["kind", "ward"]
    fields = [
        "code",
        "name",
        "kind",
        "decision",
        "started_on",
        "ended_on",
        "status",
        "neighbourhoods",
        "lead_unit",
        "description",
    ]
    readonly_fields = [
        "code",
        "kind",
        "started_on",
        "ended_on",
        "status",
        "neighbourhoods",
        "lead_unit",
    ]
    inlines = [ContributionInline]

    add_step = Step(
        name="add",
        label=_("Triển khai mô hình"),
        form_class=forms.StartModelForm,
        permission="add",
        form_kwargs=_ward_kwargs,
        run=lambda request, obj, data: services.start_model(
            ward=_ward(request, data), actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda model: gettext("Đã ghi mô hình %(m)s.") % {"m": model},
    )
    steps = [
        Step(
            name="evaluate",
            label=_("Đánh giá hằng năm"),
            form_class=forms.EvaluateForm,
            permission=models.EVALUATE_PERMISSION,
            run=lambda request, model, data: services.evaluate_model(
                model=model, actor=signed_in(request), **data
            ),
            message=lambda e: gettext("Đã đánh giá: %(e)s.") % {"e": e},
            lands_on=lambda evaluation: evaluation.model,
        ),
        Step(
            name="contribute",
            label=_("Ghi khoản đóng góp"),
            form_class=forms.ContributionForm,
            permission="models_registry.add_contribution",
            run=lambda request, model, data: services.record_contribution(
                model=model, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda c: gettext("Đã ghi khoản đóng góp: %(c)s.") % {"c": c},
            lands_on=lambda contribution: contribution.model,
        ),
        Step(
            name="end",
            label=_("Kết thúc mô hình"),
            form_class=forms.EndForm,
            permission="change",
            available=lambda model: model.ended_on is None,
            run=lambda request, model, data: services.end_model(
                model=model, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda m: gettext("Đã kết thúc mô hình %(m)s.") % {"m": m},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        today = timezone.localdate()
        assets = (
            models.Asset.objects.filter(model=OuterRef("pk"))
            .in_service_on(today)
            .order_by()
            .values("model")
            .annotate(n=Count("pk"))
            .values("n")
        )
        faults = (
            models.Fault.objects.filter(asset__model=OuterRef("pk"))
            .exclude(status=FaultStatus.FIXED)
            .order_by()
            .values("asset__model")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                assets_now=Coalesce(Subquery(assets, output_field=IntegerField()), 0),
                open_fault_count=Coalesce(Subquery(faults, output_field=IntegerField()), 0),
            )
        )

    @admin.display(description=_("tài sản đang dùng"), ordering="assets_now")
    def assets_now(self, model: models.PreventionModel) -> int:
        return model.assets_now  # type: ignore[attr-defined]

    @admin.display(description=_("sự cố chưa khắc phục"), ordering="open_fault_count")
    def open_faults(self, model: models.PreventionModel) -> int:
        return model.open_fault_count  # type: ignore[attr-defined]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.evidence_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def evidence_context(self, model: models.PreventionModel) -> dict[str, Any]:
        """Today's indicators, the open faults, the ratings and the effect table and chart."""
        today = timezone.localdate()
        record = figures.figures_of(model, on=today)
        rows = evidence.per_neighbourhood(record["effect"])
        return {
            "figures_on": today,
            "record": record,
            "indicators": [
                (INDICATOR_LABELS.get(key, key), value)
                for key, value in record["indicators"].items()
            ],
            "effect_rows": _chart(rows),
            "chart_width": 20 + 60 * len(rows),
            "chart_height": CHART_HEIGHT,
            "faults": list(
                models.Fault.objects.filter(asset__model=model)
                .exclude(status=FaultStatus.FIXED)
                .select_related("asset", "tip", "assignee")
            ),
        }


# --- Assets and faults ------------------------------------------------------------------------


@admin.register(models.Asset)
class AssetAdmin(WorkflowAdmin, WardScopedAdmin):
    ward_field = None
    timeline = True
    timeline_includes = ("faults",)
    list_display = [
        "name",
        "model",
        "kind",
        "neighbourhood",
        "installed_on",
        "removed_on",
        "out_of_order",
    ]
    list_filter = ["kind", "model", "out_of_order", ("removed_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "school", "view", "model__name"]
    list_select_related = ["model", "neighbourhood"]
    readonly_fields = [f.name for f in models.Asset._meta.concrete_fields if f.name != "id"]
    readonly_fields.remove("created_at")
    readonly_fields.remove("updated_at")
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Thêm tài sản của mô hình"),
        form_class=forms.AssetForm,
        permission="add",
        run=lambda request, obj, data: services.add_asset(
            actor=signed_in(request),
            **service_arguments(data, *(() if data.get("covered") else ("covered",))),
        ),
        message=lambda a: gettext("Đã thêm %(a)s.") % {"a": a},
    )
    steps = [
        Step(
            name="report-fault",
            label=_("Báo hư hỏng"),
            form_class=forms.FaultForm,
            permission="models_registry.add_fault",
            form_kwargs=lambda request, asset: {"asset": asset},
            available=lambda asset: asset.removed_on is None and not asset.out_of_order,
            run=lambda request, asset, data: services.report_fault(
                asset=asset, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda f: gettext("Đã ghi %(f)s.") % {"f": f},
            lands_on=lambda fault: fault.asset,
        ),
        Step(
            name="remove",
            label=_("Tháo dỡ, thôi sử dụng"),
            form_class=forms.RemoveForm,
            permission="models_registry.change_asset",
            available=lambda asset: asset.removed_on is None,
            run=lambda request, asset, data: services.remove_asset(
                asset=asset, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda a: gettext("Đã tháo dỡ %(a)s.") % {"a": a},
        ),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # removed, never deleted: past figures stay as they were

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.map_view)
        return [path("map/", view, name="models_registry_asset_map"), *super().get_urls()]

    def map_view(self, request: HttpRequest) -> HttpResponse:
        """The assets in service today on a plain SVG plot (no tiles, no script, nothing
        fetched from elsewhere), recent tip locations for who may read tips, and the same as a
        list by neighbourhood (the fallback, and what a screen reader reads)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        assets = list(
            self.get_queryset(request)
            .in_service_on(timezone.localdate())  # type: ignore[attr-defined]
            .select_related("model", "neighbourhood")
            .order_by("neighbourhood__name", "kind", "name")
        )
        tips = maps.recent_tips(request) if request.user.has_perm("tips.view_tip") else []
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Bản đồ tài sản của các mô hình"),
            "opts": self.opts,
            "plot": maps.plot(assets, tips),
            "assets": assets,
            "tips_shown": len(tips),
        }
        return TemplateResponse(request, "admin/models_registry/asset/map.html", context)


def _fault_staff(request: HttpRequest, fault: models.Fault) -> dict[str, Any]:
    return {"staff": scoped_staff(request)}


@admin.register(models.Fault)
class FaultAdmin(WorkflowAdmin, WardScopedAdmin):
    ward_field = None
    timeline = True
    list_display = ["asset", "reported_on", "status", "assignee", "fixed_on", "tip"]
    list_filter = [OpenFilter, "status", "asset__model"]
    search_fields = ["asset__name", "description", "tip__reference"]
    list_select_related = ["asset", "assignee", "tip"]
    date_hierarchy = "reported_on"
    readonly_fields = [
        "asset",
        "reported_on",
        "reported_by",
        "tip",
        "description",
        "status",
        "assignee",
        "fixed_on",
        "fix_note",
    ]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Báo hư hỏng"),
        form_class=forms.FaultForm,
        permission="add",
        run=lambda request, obj, data: services.report_fault(
            actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda f: gettext("Đã ghi %(f)s.") % {"f": f},
    )
    steps = [
        Step(
            name="assign",
            label=_("Giao khắc phục"),
            form_class=forms.AssignForm,
            permission="models_registry.change_fault",
            form_kwargs=_fault_staff,
            available=lambda fault: fault.is_open,
            run=lambda request, fault, data: services.assign_fault(
                fault=fault, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda f: gettext("Đã giao: %(f)s.") % {"f": f},
        ),
        Step(
            name="fix",
            label=_("Ghi đã khắc phục"),
            form_class=forms.FixForm,
            permission="models_registry.change_fault",
            available=lambda fault: fault.is_open,
            run=lambda request, fault, data: services.fix_fault(
                fault=fault, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda f: gettext("Đã khắc phục: %(f)s.") % {"f": f},
        ),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Evaluation)
class EvaluationAdmin(WardScopedAdmin):
    """The yearly evaluations (entered from the model's page by the commander)."""

    ward_field = None
    list_display = ["model", "year", "rating", "evaluated_by"]
    list_filter = ["rating", "year"]
    search_fields = ["model__name", "reasons"]
    list_select_related = ["model", "evaluated_by"]
    readonly_fields = ["model", "year", "rating", "reasons", "evaluated_by"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Supervision (restricted) -----------------------------------------------------------------


class CheckInInline(admin.TabularInline):
    model = models.CheckIn
    extra = 0
    can_delete = False
    readonly_fields = ["on", "note", "recorded_by"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("recorded_by")


def _restricted(request: HttpRequest) -> bool:
    return bool(request.user.has_perm(models.SUPERVISION_PERMISSION))


@admin.register(models.SupervisedPerson)
class SupervisedPersonAdmin(WorkflowAdmin, WardScopedAdmin):
    """Restricted: nothing of it (not even the menu entry) without `view_supervision`."""

    timeline = True
    timeline_includes = ("check_ins",)
    list_display = ["full_name", "birth_year", "category", "starts_on", "ends_on", "supervisor"]
    list_filter = ["category", ("ends_on", admin.EmptyFieldListFilter), CheckInDueFilter]
    search_fields = ["full_name", "address"]
    search_help_text = _("Tìm theo họ tên (gõ có dấu hay không dấu đều được).")
    list_select_related = ["supervisor", "ward"]
    fields = [
        "full_name",
        "birth_year",
        "address",
        "category",
        "basis",
        "model",
        "supervisor",
        "starts_on",
        "ends_on",
        "note",
    ]
    readonly_fields = ["category", "model", "supervisor", "starts_on", "ends_on"]
    inlines = [CheckInInline]
    add_step = Step(
        name="add",
        label=_("Đưa vào diện giám sát, giáo dục"),
        form_class=forms.SupervisionForm,
        permission="add",
        form_kwargs=_ward_kwargs,
        run=lambda request, obj, data: services.place_under_supervision(
            ward=_ward(request, data), actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda p: gettext("Đã ghi %(p)s.") % {"p": p},
    )
    steps = [
        Step(
            name="check-in",
            label=_("Ghi lần kiểm tra, gặp gỡ"),
            form_class=forms.CheckInForm,
            permission="models_registry.add_checkin",
            available=lambda person: person.ends_on is None,
            run=lambda request, person, data: services.record_check_in(
                person=person, actor=signed_in(request), **data
            ),
            message=lambda c: gettext("Đã ghi lần gặp ngày %(c)s.") % {"c": c},
            lands_on=lambda check_in: check_in.person,
        ),
        Step(
            name="end",
            label=_("Kết thúc giám sát"),
            form_class=forms.EndForm,
            permission="change",
            available=lambda person: person.ends_on is None,
            run=lambda request, person, data: services.end_supervision(
                person=person, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda p: gettext("Đã kết thúc giám sát: %(p)s.") % {"p": p},
        ),
    ]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _restricted(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _restricted(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _restricted(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _restricted(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the delete log would copy personal data; supervision ends instead

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = list(changelist.result_list)
            services.audit_supervision_list(
                actor=signed_in(request),
                ward_ids={person.ward_id for person in shown},
                shown=len(shown),
            )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            if not _restricted(request):
                raise PermissionDenied
            services.read_supervised_person(person=obj, actor=signed_in(request))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not _restricted(request):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
