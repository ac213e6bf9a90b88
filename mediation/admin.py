"""Grassroots mediation in the officers' workplace.

A dispute's page is its file: the parties (personal data only for holders of
`mediation.view_party_identity`, each showing audited), the sessions, and the buttons that call
the services — add a party, assign, record a session, record the outcome, the follow-up of an
agreement. A team's page has the *dissolve* step. A team's record book of a year downloads as
XLSX or PDF from the book's page (the same file and audit entry as the API's).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mediation import events, forms, models, record_book, services, today
from mediation.choices import Compliance, DisputeStatus
from wards.models import Ward
from wardsec.admin import CatalogueAdmin, WardScopedAdmin
from wardsec.scoping import ALL_WARDS
from wardsec.sites import request_ward_ids
from wardsec.users import signed_in
from wardsec.workflow import Step, WorkflowAdmin, service_arguments

events.register()


def ward_for(request: HttpRequest) -> Any:
    """The one active ward the user works in, or None (then the form asks)."""
    ward_ids = request_ward_ids(request)
    if ward_ids is ALL_WARDS or not ward_ids:
        return None
    return Ward.objects.active().filter(pk__in=ward_ids).only_one()


def _with_ward(request: HttpRequest, obj: Any) -> dict[str, Any]:
    return {"ward": ward_for(request)}


def _dispute(request: HttpRequest, dispute: Any) -> dict[str, Any]:
    return {"dispute": dispute}


class ReadOnlyRecords:
    """Rows written only by services (steps): no change or delete page saves anything."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.DisputeKind)
class DisputeKindAdmin(CatalogueAdmin):
    """Kinds of dispute are data: administrators change them; others read."""

    list_display = ["name", "code", "is_active", "sort_order"]
    search_fields = ["name", "code"]


# --- Teams and mediators ----------------------------------------------------------------------


@admin.register(models.MediationTeam)
class MediationTeamAdmin(ReadOnlyRecords, WorkflowAdmin, WardScopedAdmin):
    timeline = True
    list_display = ["name", "neighbourhood", "established_on", "dissolved_on", "mediators_now"]
    search_fields = ["name"]
    list_select_related = ["neighbourhood", "ward"]
    readonly_fields = ["name", "neighbourhood", "force_unit", "established_on", "dissolved_on"]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Thành lập tổ hòa giải"),
        form_class=forms.TeamForm,
        permission="add",
        form_kwargs=_with_ward,
        run=lambda request, obj, data: services.found_team(
            ward=data.pop("ward", None) or ward_for(request),
            actor=signed_in(request),
            **service_arguments(data),
        ),
        message=lambda team: gettext("Đã thành lập %(t)s.") % {"t": team},
    )
    steps = [
        Step(
            name="dissolve",
            label=_("Giải thể tổ hòa giải"),
            form_class=forms.DissolveTeamForm,
            permission="mediation.change_mediationteam",
            available=lambda team: team.dissolved_on is None,
            run=lambda request, team, data: services.dissolve_team(
                team=team, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda team: gettext("Đã giải thể %(unit)s.") % {"unit": team},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(mediators_now=Count("mediators", filter=_serving_now()))
        )

    @admin.display(description=_("hòa giải viên hiện nay"), ordering="mediators_now")
    def mediators_now(self, team: models.MediationTeam) -> int:
        return team.mediators_now  # type: ignore[attr-defined]


def _serving_now() -> Q:
    day = timezone.localdate()
    return Q(mediators__starts_on__lte=day) & (
        Q(mediators__ends_on__isnull=True) | Q(mediators__ends_on__gt=day)
    )


@admin.register(models.Mediator)
class MediatorAdmin(ReadOnlyRecords, WorkflowAdmin, WardScopedAdmin):
    ward_field = None
    timeline = True
    list_display = ["full_name", "team", "role", "starts_on", "ends_on", "force_member"]
    list_filter = ["role", ("ends_on", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "team__name"]
    search_help_text = _("Tìm theo họ tên (gõ có dấu hay không dấu đều được).")
    list_select_related = ["team", "force_member"]
    readonly_fields = ["team", "full_name", "role", "force_member", "starts_on", "ends_on"]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Thêm hòa giải viên"),
        form_class=forms.MediatorForm,
        permission="add",
        run=lambda request, obj, data: services.add_mediator(
            actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda m: gettext("Đã thêm hòa giải viên %(m)s.") % {"m": m},
    )
    steps = [
        Step(
            name="leave",
            label=_("Thôi tham gia"),
            form_class=forms.LeaveForm,
            permission="mediation.change_mediator",
            available=lambda mediator: mediator.ends_on is None,
            run=lambda request, mediator, data: services.mediator_leaves(
                mediator=mediator, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda m: gettext("%(m)s đã thôi tham gia tổ hòa giải.") % {"m": m},
        ),
    ]


# --- Disputes ---------------------------------------------------------------------------------


class PartyInline(admin.TabularInline):
    model = models.Party
    extra = 0
    can_delete = False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["role", "full_name"]
        if request.user.has_perm(models.IDENTITY_PERMISSION):
            fields += list(models.Party.IDENTITY_FIELDS)
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SessionInline(admin.TabularInline):
    model = models.MediationSession
    extra = 0
    can_delete = False
    readonly_fields = ["held_on", "invited", "attendees", "agreed", "demands"]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


DISPUTE_FIELDS = [
    "received_on",
    "source",
    "tip",
    "kind",
    "neighbourhood",
    "summary",
    "team",
    "mediators",
    "status",
    "closed_on",
    "agreement",
    "obligations",
    "deadline",
    "guidance",
    "outcome_note",
    "referred_tip",
    "compliance",
    "compliance_checked_on",
]


class DueFilter(admin.SimpleListFilter):
    """Successful agreements due within the reminder's days (or overdue), not yet checked."""

    title = _("hạn thực hiện thỏa thuận")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("soon", _("Sắp đến hạn hoặc quá hạn, chưa kiểm tra"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "soon":
            return queryset.filter(today.due_soon(timezone.localdate()))
        return queryset


def _to_dispute(result: Any) -> Any:
    return result.dispute


@admin.register(models.Dispute)
class DisputeAdmin(WorkflowAdmin, WardScopedAdmin):
    timeline = True
    timeline_includes = ("parties", "sessions")
    list_display = [
        "reference",
        "received_on",
        "kind",
        "neighbourhood",
        "team",
        "status",
        "closed_on",
        "follow_up",
    ]
    list_filter = [
        "status",
        "kind",
        "source",
        "compliance",
        DueFilter,
        ("team", admin.EmptyFieldListFilter),
    ]
    search_fields = ["summary", "parties__full_name", "team__name"]
    search_help_text = _(
        "Tìm theo nội dung, họ tên các bên hoặc số HG-2021-00012 (có dấu hay không dấu đều được)."
    )
    list_select_related = ["kind", "neighbourhood", "team", "ward"]
    date_hierarchy = "received_on"
    inlines = [PartyInline, SessionInline]
    fields = tuple(DISPUTE_FIELDS)
    readonly_fields = [
        name
        for name in DISPUTE_FIELDS
        if name not in ("received_on", "kind", "neighbourhood", "summary")
    ]

    add_step = Step(
        name="add",
        label=_("Tiếp nhận vụ việc hòa giải"),
        form_class=forms.DisputeForm,
        permission="add",
        form_kwargs=_with_ward,
        run=lambda request, obj, data: services.open_dispute(
            ward=data.pop("ward", None) or ward_for(request),
            actor=signed_in(request),
            **service_arguments(data),
        ),
        message=lambda d: gettext("Đã tiếp nhận vụ việc %(d)s.") % {"d": d},
    )
    steps = [
        Step(
            name="party",
            label=_("Thêm bên trong vụ việc"),
            form_class=forms.PartyForm,
            permission="mediation.add_party",
            available=lambda d: d.is_open,
            run=lambda request, d, data: services.add_party(
                dispute=d, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda p: gettext("Đã thêm %(p)s.") % {"p": p},
            lands_on=_to_dispute,
        ),
        Step(
            name="assign",
            label=_("Phân công hòa giải"),
            form_class=forms.AssignForm,
            form_kwargs=_dispute,
            available=lambda d: d.is_open,
            run=lambda request, d, data: services.assign_dispute(
                dispute=d, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda d: gettext("Đã phân công %(d)s.") % {"d": d},
        ),
        Step(
            name="session",
            label=_("Ghi buổi hòa giải"),
            form_class=forms.SessionForm,
            permission="mediation.add_mediationsession",
            form_kwargs=_dispute,
            available=lambda d: d.is_open,
            run=lambda request, d, data: services.record_session(
                dispute=d, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda s: gettext("Đã ghi buổi hòa giải %(s)s.") % {"s": s},
            lands_on=_to_dispute,
        ),
        Step(
            name="outcome",
            label=_("Ghi kết quả hòa giải"),
            form_class=forms.OutcomeForm,
            form_kwargs=_dispute,
            available=lambda d: d.is_open,
            run=lambda request, d, data: services.record_outcome(
                dispute=d, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda d: (
                gettext("Đã ghi kết quả hòa giải %(d)s: %(s)s.")
                % {"d": d, "s": d.get_status_display()}
            ),
        ),
        Step(
            name="follow-up",
            label=_("Theo dõi thực hiện thỏa thuận"),
            form_class=forms.FollowUpForm,
            form_kwargs=_dispute,
            available=lambda d: d.status == DisputeStatus.SUCCESSFUL,
            run=lambda request, d, data: services.record_follow_up(
                dispute=d, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda d: (
                gettext("Đã ghi việc thực hiện thỏa thuận %(d)s: %(c)s.")
                % {"d": d, "c": d.get_compliance_display()}
            ),
        ),
    ]

    @admin.display(description=_("số"), ordering="pk")
    def reference(self, dispute: models.Dispute) -> str:
        return dispute.reference

    @admin.display(description=_("theo dõi thực hiện"), ordering="compliance")
    def follow_up(self, dispute: models.Dispute) -> Any:
        if dispute.compliance == Compliance.BROKEN:
            return format_html(
                '<strong style="color:#ba2121">{}</strong>', dispute.get_compliance_display()
            )
        return dispute.get_compliance_display()

    def get_search_results(self, request, queryset, search_term):
        number = _reference_number(search_term)
        if number is not None:  # HG-2021-00012, however typed: that dispute only
            return queryset.filter(pk=number), False
        return super().get_search_results(request, queryset, search_term)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perm(models.IDENTITY_PERMISSION):
            for party in obj.parties.all():
                services.read_party_identity(party=party, actor=signed_in(request))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A correction through the service (audited)."""
        try:
            services.correct_dispute(
                dispute=obj,
                actor=signed_in(request),
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as exc:
            raise PermissionDenied(exc.messages) from exc

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _reference_number(term: str) -> int | None:
    """The number of a dispute reference typed as HG-2021-00012, hg 2021 12 or HG-00012."""
    import re

    match = re.fullmatch(r"\s*hg[\s\-]*(?:\d{4}[\s\-]+)?0*(\d{1,9})\s*", term or "", re.IGNORECASE)
    return int(match.group(1)) if match else None


@admin.register(models.Party)
class PartyAdmin(ReadOnlyRecords, WardScopedAdmin):
    ward_field = None
    list_display = ["full_name", "role", "dispute"]
    list_filter = ["role"]
    search_fields = ["full_name"]
    list_select_related = ["dispute"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["dispute", "role", "full_name"]
        if request.user.has_perm(models.IDENTITY_PERMISSION):
            fields += list(models.Party.IDENTITY_FIELDS)
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added from the dispute's page (a service)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perm(models.IDENTITY_PERMISSION):
            services.read_party_identity(party=obj, actor=signed_in(request))
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(models.MediationSession)
class MediationSessionAdmin(ReadOnlyRecords, WardScopedAdmin):
    ward_field = None
    list_display = ["dispute", "held_on", "attendees"]
    search_fields = ["attendees", "invited"]
    list_select_related = ["dispute"]
    date_hierarchy = "held_on"
    readonly_fields = [
        "dispute",
        "held_on",
        "mediators",
        "invited",
        "attendees",
        "agreed",
        "demands",
    ]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recorded from the dispute's page (a service)


# --- Record books -----------------------------------------------------------------------------


@admin.register(models.RecordBook)
class RecordBookAdmin(ReadOnlyRecords, WorkflowAdmin, WardScopedAdmin):
    change_form_template = "admin/mediation/recordbook/change_form.html"
    timeline = True
    list_display = ["team", "year", "number", "opened_on", "closed_on"]
    list_filter = ["year"]
    search_fields = ["team__name", "number"]
    list_select_related = ["team", "ward"]
    readonly_fields = ["team", "year", "number", "opened_on", "closed_on", "summary"]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Mở sổ theo dõi hòa giải"),
        form_class=forms.BookForm,
        permission="add",
        run=lambda request, obj, data: services.open_record_book(
            actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda b: gettext("Đã mở sổ %(b)s.") % {"b": b},
    )
    steps = [
        Step(
            name="close",
            label=_("Khóa sổ"),
            form_class=forms.CloseBookForm,
            permission="mediation.change_recordbook",
            available=lambda book: book.closed_on is None,
            run=lambda request, book, data: services.close_record_book(
                book=book, actor=signed_in(request), **service_arguments(data)
            ),
            message=lambda b: gettext("Đã khóa sổ %(b)s.") % {"b": b},
        ),
    ]

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.download_view)
        return [
            path(
                "<path:object_id>/download.<str:fmt>",
                view,
                name="mediation_recordbook_download",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and may_download(request):
            context["downloads"] = [
                (fmt.upper(), reverse("admin:mediation_recordbook_download", args=[obj.pk, fmt]))
                for fmt in ("xlsx", "pdf")
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def download_view(self, request: HttpRequest, object_id: str, fmt: str) -> FileResponse:
        """The book as XLSX or PDF (`services.export_record_book`: it shows the parties' ages
        and addresses, needs `mediation.view_party_identity`, and each download is audited)."""
        if not may_download(request):
            raise PermissionDenied
        if fmt not in services.RECORD_BOOK_FORMATS:
            raise Http404(_("Không tìm thấy."))
        book = self.get_object(request, object_id)
        if book is None:
            raise Http404(_("Không tìm thấy."))
        exported = services.export_record_book(book=book, actor=signed_in(request), fmt=fmt)
        return record_book.attachment(exported)


def may_download(request: HttpRequest) -> bool:
    return services.may_export_record_book(request.user)
