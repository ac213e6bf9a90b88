"""The core forces in the officers' workplace, for a busy commander.

A unit's page is its roster: the current members and their roles, members missing training
highlighted, and the buttons that call the services — appoint a member, move or release one,
dissolve the unit — plus the month's allowance sheet as XLSX. Lists show the counts an officer
acts on (current members, untrained) in a constant number of queries. A member's personal data
(date of birth, phone, address, national ID) shows only to holders of
`core_forces.view_member_identity`; every page that shows it is written to the audit log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core_forces import allowances, events, forms, models, services
from core_forces.querysets import (
    EXPIRY_NOTICE_DAYS,
    UPCOMING_DAYS,
    certificates_expiring,
    trained_on,
)
from wardsec import audit
from wardsec.admin import CatalogueAdmin, WardScopedAdmin
from wardsec.scoping import ALL_WARDS
from wardsec.sites import request_ward_ids
from wardsec.users import signed_in
from wardsec.workflow import Step, WorkflowAdmin, service_arguments

events.register()


def _today() -> datetime.date:
    return timezone.localdate()


def _untrained_mark(trained: bool) -> str:
    if trained:
        return format_html('<span class="wardsec-trained">{}</span>', gettext("Đã tập huấn"))
    return format_html(
        '<strong class="wardsec-untrained" style="color:#ba2121">{}</strong>',
        gettext("Chưa tập huấn"),
    )


@admin.register(models.UnitKind)
class UnitKindAdmin(CatalogueAdmin):
    list_display = ["name", "code", "in_use_from", "in_use_until", "legal_basis"]
    search_fields = ["name", "name_en", "code"]


@admin.register(models.TrainingTopic)
class TrainingTopicAdmin(CatalogueAdmin):
    list_display = ["name", "code", "qualifies"]
    search_fields = ["name", "code"]


# --- Units: the roster ------------------------------------------------------------------------


def _unit_ward(request: HttpRequest, unit: Any) -> dict[str, Any]:
    return {"unit": unit}


def _membership_url(step: str, pk: int) -> str:
    return reverse(f"admin:core_forces_unitmembership_{step}", args=[pk])


@admin.register(models.ForceUnit)
class ForceUnitAdmin(WorkflowAdmin, WardScopedAdmin):
    change_form_template = "admin/core_forces/forceunit/change_form.html"
    timeline = True
    timeline_includes = ("memberships",)
    list_display = [
        "name",
        "kind",
        "established_on",
        "dissolved_on",
        "members_now",
        "untrained_now",
    ]
    list_filter = ["kind", ("dissolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "decision_number"]
    list_select_related = ["kind", "ward"]
    fields = [
        "kind",
        "name",
        "neighbourhoods",
        "established_on",
        "dissolved_on",
        "reorganised_into",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "note",
    ]
    readonly_fields = ["kind", "established_on", "dissolved_on", "reorganised_into"]
    filter_horizontal = ["neighbourhoods"]

    add_step = Step(
        name="add",
        label=_("Thành lập đơn vị"),
        form_class=forms.FoundUnitForm,
        permission="add",
        form_kwargs=lambda request, obj: {"ward": ForceUnitAdmin.ward_for(request)},
        run=lambda request, obj, data: services.found_unit(
            ward=data.pop("ward", None) or ForceUnitAdmin.ward_for(request),
            actor=signed_in(request),
            **service_arguments(data),
        ),
        message=lambda unit: gettext("Đã thành lập %(unit)s.") % {"unit": unit},
    )
    steps = [
        Step(
            name="appoint",
            label=_("Bổ nhiệm thành viên"),
            form_class=forms.AppointForm,
            permission="core_forces.add_unitmembership",
            form_kwargs=_unit_ward,
            available=lambda unit: unit.dissolved_on is None,
            run=lambda request, unit, data: services.appoint(
                unit=unit, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda m: gettext("Đã bổ nhiệm %(m)s.") % {"m": m},
            lands_on=lambda membership: membership.unit,
        ),
        Step(
            name="dissolve",
            label=_("Giải thể / tổ chức lại"),
            form_class=forms.DissolveForm,
            permission="change",
            form_kwargs=_unit_ward,
            available=lambda unit: unit.dissolved_on is None,
            run=lambda request, unit, data: services.dissolve_unit(
                unit=unit, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda unit: gettext("Đã giải thể %(unit)s.") % {"unit": unit},
        ),
    ]

    @staticmethod
    def ward_for(request: HttpRequest) -> Any:
        """The one active ward the user works in, or None (then the form asks)."""
        from wards.models import Ward

        ward_ids = request_ward_ids(request)
        if ward_ids is ALL_WARDS or not ward_ids:
            return None
        return Ward.objects.active().filter(pk__in=ward_ids).only_one()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        today = _today()
        current = models.UnitMembership.objects.filter(
            unit=OuterRef("pk"), ends_on__isnull=True
        ).order_by()
        untrained = (
            current.annotate(trained=trained_on(today, "member_id"))
            .filter(trained=False)
            .values("unit")
            .annotate(n=Count("pk"))
            .values("n")
        )
        counted = current.values("unit").annotate(n=Count("pk")).values("n")
        return (
            super()
            .get_queryset(request)
            .annotate(
                members_now=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
                untrained_now=Coalesce(Subquery(untrained, output_field=IntegerField()), 0),
            )
        )

    @admin.display(description=_("thành viên hiện nay"), ordering="members_now")
    def members_now(self, unit: models.ForceUnit) -> int:
        return unit.members_now  # type: ignore[attr-defined]

    @admin.display(description=_("chưa tập huấn"), ordering="untrained_now")
    def untrained_now(self, unit: models.ForceUnit) -> Any:
        count = unit.untrained_now  # type: ignore[attr-defined]
        if not count:
            return 0
        return format_html('<strong style="color:#ba2121">{}</strong>', count)

    def roster(self, unit: models.ForceUnit) -> list[models.UnitMembership]:
        """The current members of `unit` with their roles, each annotated `trained` (today)."""
        return list(
            unit.memberships.filter(ends_on__isnull=True)
            .select_related("member")
            .annotate(trained=trained_on(_today(), "member_id"))
            .order_by("role", "member__full_name")
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.roster_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def roster_context(self, request: HttpRequest, unit: models.ForceUnit) -> dict[str, Any]:
        """The roster (with move / release links for who may), the patrols of the last twelve
        months, and this month's allowance sheet link (for who may read the rates)."""
        may_change = request.user.has_perm("core_forces.change_unitmembership")
        today = _today()
        return {
            "roster": [
                {
                    "membership": m,
                    "trained": _untrained_mark(m.trained),  # type: ignore[attr-defined]
                    "untrained": not m.trained,  # type: ignore[attr-defined]
                    "move_url": _membership_url("move", m.pk) if may_change else "",
                    "release_url": _membership_url("release", m.pk) if may_change else "",
                    "member_url": reverse(
                        "admin:core_forces_forcemember_change", args=[m.member_id]
                    ),
                }
                for m in self.roster(unit)
            ],
            "patrol_counts": unit.patrols.filter(  # type: ignore[attr-defined]
                on__gt=today - datetime.timedelta(days=365)
            ).counts_by_unit_and_month(),
            "allowance_url": (
                self.url_of("allowances", unit.pk) + f"?year={today.year}&month={today.month}"
                if request.user.has_perm("core_forces.view_allowancerate")
                else ""
            ),
        }

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.allowances_view)
        return [
            path("<path:object_id>/allowances/", view, name="core_forces_forceunit_allowances"),
            *super().get_urls(),
        ]

    def allowances_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The month's allowance sheet of the unit as XLSX (audited as an export)."""
        if not request.user.has_perm("core_forces.view_allowancerate"):
            raise PermissionDenied
        unit = self.get_object(request, object_id)
        if unit is None:
            raise Http404(_("Không tìm thấy."))
        month = forms.MonthForm(request.GET)
        if not month.is_valid():
            raise Http404(_("Tháng không hợp lệ."))
        sheet = allowances.allowance_sheet(unit=unit, **month.cleaned_data)
        response = HttpResponse(
            allowances.sheet_xlsx(sheet),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"ho-tro-{unit.pk}-{sheet.year}-{sheet.month:02d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        audit.record(
            action="export",
            instance=unit,
            actor=signed_in(request),
            event="force_unit.allowance_sheet",
            note=f"{sheet.year}-{sheet.month:02d}: {len(sheet.lines)}",
        )
        return response


# --- Memberships ------------------------------------------------------------------------------


@admin.register(models.UnitMembership)
class UnitMembershipAdmin(WorkflowAdmin, WardScopedAdmin):
    ward_field = None
    timeline = True
    list_display = ["member", "unit", "role", "starts_on", "ends_on", "decision_number"]
    list_filter = ["role", "unit__kind", ("ends_on", admin.EmptyFieldListFilter)]
    search_fields = ["member__full_name", "unit__name", "decision_number"]
    list_select_related = ["member", "unit"]
    readonly_fields = [
        "member",
        "unit",
        "role",
        "starts_on",
        "ends_on",
        "decision_number",
        "decision_date",
        "end_reason",
    ]
    fields = tuple(readonly_fields)
    steps = [
        Step(
            name="move",
            label=_("Chuyển đơn vị"),
            form_class=forms.MoveForm,
            permission="core_forces.change_unitmembership",
            form_kwargs=lambda request, membership: {"membership": membership},
            available=lambda membership: membership.ends_on is None,
            run=lambda request, membership, data: services.move(
                membership=membership, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda m: gettext("Đã chuyển: %(m)s.") % {"m": m},
        ),
        Step(
            name="release",
            label=_("Cho thôi"),
            form_class=forms.EndForm,
            permission="core_forces.change_unitmembership",
            available=lambda membership: membership.ends_on is None,
            run=lambda request, membership, data: services.release(
                membership=membership, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda m: gettext("Đã cho thôi: %(m)s.") % {"m": m},
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # appointed from the unit's page (a service)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is never rewritten; move and release are steps

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Members ----------------------------------------------------------------------------------


class TrainedFilter(admin.SimpleListFilter):
    title = _("tập huấn")
    parameter_name = "trained"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Đã tập huấn")), ("no", _("Chưa tập huấn"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(trained=self.value() == "yes")
        return queryset


@admin.register(models.ForceMember)
class ForceMemberAdmin(WorkflowAdmin, WardScopedAdmin):
    timeline = True
    timeline_includes = ("memberships",)
    list_display = ["full_name", "units_now", "joined_on", "left_on", "training"]
    list_filter = [TrainedFilter, ("left_on", admin.EmptyFieldListFilter)]
    search_fields = ["full_name"]
    search_help_text = _("Tìm theo họ tên (gõ có dấu hay không dấu đều được).")
    list_select_related = ["ward"]
    readonly_fields = ["joined_on", "left_on"]

    add_step = Step(
        name="add",
        label=_("Thêm thành viên lực lượng"),
        form_class=forms.EnrolForm,
        permission="add",
        form_kwargs=lambda request, obj: {
            "ward": ForceUnitAdmin.ward_for(request),
            "may_read_identity": request.user.has_perm(models.IDENTITY_PERMISSION),
        },
        run=lambda request, obj, data: services.enrol_member(
            ward=data.pop("ward", None) or ForceUnitAdmin.ward_for(request),
            actor=signed_in(request),
            **service_arguments(data),
        ),
        message=lambda member: gettext("Đã thêm %(member)s.") % {"member": member},
    )
    steps = [
        Step(
            name="leave",
            label=_("Thôi tham gia lực lượng"),
            form_class=forms.EndForm,
            permission="core_forces.change_unitmembership",
            available=lambda member: member.left_on is None,
            run=lambda request, member, data: services.member_leaves(
                member=member, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda m: gettext("%(m)s đã thôi tham gia lực lượng.") % {"m": m},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        current = models.UnitMembership.objects.filter(ends_on__isnull=True).select_related("unit")
        return (
            super()
            .get_queryset(request)
            .annotate(trained=trained_on(_today()))
            .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current"))
        )

    def may_read_identity(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(models.IDENTITY_PERMISSION))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["full_name", "sex", "joined_on", "left_on"]
        if self.may_read_identity(request):
            fields += list(models.ForceMember.IDENTITY_FIELDS)
        return fields

    @admin.display(description=_("đơn vị hiện nay"))
    def units_now(self, member: models.ForceMember) -> str:
        return "; ".join(
            f"{m.unit} ({m.get_role_display()})"
            for m in member.current  # type: ignore[attr-defined]
        )

    @admin.display(description=_("tập huấn"), ordering="trained")
    def training(self, member: models.ForceMember) -> str:
        return _untrained_mark(member.trained)  # type: ignore[attr-defined]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.may_read_identity(request):
            services.read_member_identity(member=obj, actor=signed_in(request))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A correction through the service (audited; personal values never logged)."""
        try:
            services.correct_member(
                member=obj,
                actor=signed_in(request),
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as exc:  # the form's own validation ran the same rules
            raise PermissionDenied(exc.messages) from exc

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the delete log would copy personal data; a person leaves instead


# --- Training, patrols, allowances ------------------------------------------------------------


class AttendanceInline(admin.TabularInline):
    model = models.TrainingAttendance
    extra = 0
    can_delete = False
    readonly_fields = ["member", "result", "certificate_number", "certificate_expires_on"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member")


@admin.register(models.TrainingCourse)
class TrainingCourseAdmin(WorkflowAdmin, WardScopedAdmin):
    list_display = ["title", "starts_on", "ends_on", "hours", "organiser", "passed"]
    list_filter = ["topics"]
    search_fields = ["title", "organiser", "place"]
    list_select_related = ["ward"]
    fields = ["title", "topics", "starts_on", "ends_on", "hours", "organiser", "place"]
    readonly_fields = ["topics", "starts_on", "ends_on"]
    inlines = [AttendanceInline]
    add_step = Step(
        name="add",
        label=_("Ghi lớp tập huấn"),
        form_class=forms.CourseForm,
        permission="add",
        form_kwargs=lambda request, obj: {"ward": ForceUnitAdmin.ward_for(request)},
        run=lambda request, obj, data: services.record_course(
            ward=data.pop("ward", None) or ForceUnitAdmin.ward_for(request),
            actor=signed_in(request),
            **service_arguments(data),
        ),
        message=lambda course: gettext("Đã ghi lớp %(c)s.") % {"c": course},
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(passed=Count("attendances", filter=Q(attendances__result="passed")))
        )

    @admin.display(description=_("số người đạt"), ordering="passed")
    def passed(self, course: models.TrainingCourse) -> int:
        return course.passed  # type: ignore[attr-defined]


class ExpiryFilter(admin.SimpleListFilter):
    """Certificates about to expire ("Việc hôm nay" links here)."""

    title = _("chứng nhận")
    parameter_name = "expires"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("soon", _("Sắp hết hạn (%(days)d ngày tới)") % {"days": EXPIRY_NOTICE_DAYS})]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "soon":
            return queryset.filter(certificates_expiring(_today()))
        return queryset


@admin.register(models.TrainingAttendance)
class TrainingAttendanceAdmin(WorkflowAdmin, WardScopedAdmin):
    ward_field = None
    list_display = ["member", "course", "result", "certificate_number", "certificate_expires_on"]
    list_filter = [ExpiryFilter, "result", "course"]
    search_fields = ["member__full_name", "certificate_number"]
    list_select_related = ["member", "course"]
    readonly_fields = [
        "course",
        "member",
        "result",
        "certificate_number",
        "certificate_expires_on",
    ]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Ghi kết quả tập huấn"),
        form_class=forms.AttendanceForm,
        permission="add",
        run=lambda request, obj, data: services.record_attendance(
            actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda a: gettext("Đã ghi kết quả: %(a)s.") % {"a": a},
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DueFilter(admin.SimpleListFilter):
    """Shifts still to record and shifts coming up ("Việc hôm nay" links here)."""

    title = _("cần làm")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("unrecorded", _("Đã qua, chưa ghi kết quả")),
            ("upcoming", _("Sắp tới (%(days)d ngày)") % {"days": UPCOMING_DAYS}),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "unrecorded":
            return queryset.unrecorded(_today())  # type: ignore[attr-defined]
        if self.value() == "upcoming":
            return queryset.upcoming(_today(), UPCOMING_DAYS)  # type: ignore[attr-defined]
        return queryset


@admin.register(models.Patrol)
class PatrolAdmin(WorkflowAdmin, WardScopedAdmin):
    timeline = True
    list_display = ["on", "unit", "kind", "status", "starts_at", "route", "tip_reference"]
    list_filter = [DueFilter, "status", "kind", "unit"]
    search_fields = ["route", "report", "tip_reference", "unit__name"]
    list_select_related = ["unit", "ward"]
    date_hierarchy = "on"
    readonly_fields = [
        "unit",
        "kind",
        "on",
        "starts_at",
        "ends_at",
        "route",
        "status",
        "participants",
        "report",
        "tip_reference",
    ]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Lên lịch tuần tra, trực"),
        form_class=forms.SchedulePatrolForm,
        permission="add",
        run=lambda request, obj, data: services.schedule_patrol(
            actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda p: gettext("Đã lên lịch %(p)s.") % {"p": p},
    )
    steps = [
        Step(
            name="record",
            label=_("Ghi kết quả ca"),
            form_class=forms.RecordPatrolForm,
            permission="core_forces.change_patrol",
            form_kwargs=lambda request, patrol: {"patrol": patrol},
            run=lambda request, patrol, data: services.record_patrol(
                patrol=patrol, actor=signed_in(request), **data
            ),
            message=lambda p: gettext("Đã ghi kết quả %(p)s.") % {"p": p},
        ),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.AllowanceRate)
class AllowanceRateAdmin(WorkflowAdmin, WardScopedAdmin):
    list_display = ["role", "kind", "amount_vnd", "valid_from", "valid_until", "basis"]
    list_filter = ["role", "kind"]
    search_fields = ["basis"]
    list_select_related = ["kind", "ward"]
    readonly_fields = ["role", "kind", "amount_vnd", "valid_from", "valid_until", "basis"]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Đặt mức hỗ trợ"),
        form_class=forms.RateForm,
        permission="add",
        form_kwargs=lambda request, obj: {"ward": ForceUnitAdmin.ward_for(request)},
        run=lambda request, obj, data: services.set_allowance_rate(
            ward=data.pop("ward", None) or ForceUnitAdmin.ward_for(request),
            actor=signed_in(request),
            **service_arguments(data),
        ),
        message=lambda r: gettext("Đã đặt mức %(r)s.") % {"r": r},
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
