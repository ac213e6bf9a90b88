"""The tip queue, the tip's page (its workflow steps are declared in `tips.admin.steps`),
officer-entered tips and the photo view."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tips import admin_forms, codes, services
from tips.admin.base import tip_code
from tips.admin.steps import TIP_ADD, TIP_BULK_STEPS, TIP_STEPS
from tips.choices import TipStatus
from tips.models import Tip, TipAttachment
from wardsec import attachments, names
from wardsec.admin import WardScopedAdmin
from wardsec.users import signed_in
from wardsec.workflow import Step, WorkflowAdmin

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


class OverdueFilter(admin.SimpleListFilter):
    title = _("quá hạn")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("Quá hạn phân loại")), ("2", _("Quá hạn xác minh"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "1":
            return queryset.overdue()  # type: ignore[attr-defined]
        if self.value() == "2":
            return queryset.overdue_verification()  # type: ignore[attr-defined]
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """Which part of the queue: the open tips (where the queue opens, unless the officer
    searches or picks a status), mine, those with new information from the tipster, or all."""

    title = _("hàng đợi")
    parameter_name = "queue"
    # With one of these, the officer asked for something precise: no default narrowing.
    EXPLICIT = ("q", "status__exact", "overdue")

    def __init__(self, request: HttpRequest, params: Any, model: Any, model_admin: Any):
        # An action posted to the list acts on the rows the officer ticked, whatever the list.
        self.explicit = request.method == "POST" or any(n in request.GET for n in self.EXPLICIT)
        super().__init__(request, params, model, model_admin)
        self.user = request.user

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("open", _("Đang mở (mới, đang xác minh)")),
            ("mine", _("Của tôi, đang mở")),
            ("news", _("Người báo vừa bổ sung thông tin")),
            ("unassigned", _("Đang mở, chưa giao cán bộ")),
            ("all", _("Tất cả tin báo")),
        ]

    def effective(self) -> str:
        return self.value() or ("all" if self.explicit else "open")

    def choices(self, changelist: Any) -> Any:
        chosen = self.effective()
        for value, label in self.lookup_choices:
            yield {
                "selected": chosen == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        chosen = self.effective()
        if chosen == "open":
            return queryset.open()  # type: ignore[attr-defined]
        if chosen == "mine":
            return queryset.open().filter(assignee=self.user)  # type: ignore[attr-defined]
        if chosen == "news":
            return queryset.news()  # type: ignore[attr-defined]
        if chosen == "unassigned":
            return queryset.open().filter(assignee__isnull=True)  # type: ignore[attr-defined]
        return queryset


class PlaceFilter(admin.RelatedOnlyFieldListFilter):
    """The neighbourhoods present in the (scoped) queue, each with its ward's name: a merged
    ward's predecessor and successor may both have a "Khu phố 2". One query."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[Any]:
        from wards.models import Neighbourhood

        present = model_admin.get_queryset(request).order_by().values("neighbourhood_id")
        places = (
            Neighbourhood.objects.with_scopes_disabled()
            .filter(pk__in=present)
            .select_related("ward")
            .order_by("name", "ward__name", "pk")
        )
        return [(place.pk, f"{place.name} — {place.ward.name}") for place in places]


# --- The admin --------------------------------------------------------------------------


@admin.register(Tip)
class TipAdmin(WorkflowAdmin, WardScopedAdmin):
    """The tip queue, the tip's page and its workflow, officer-entered tips, photos."""

    # What the officer acts on first (status, deadline, assignee), so that a 1366-px desk shows
    # it without scrolling (tests/e2e/test_admin_fit.py); the ward's column comes from the base.
    list_display = [
        "code_column",
        "status_column",
        "deadline_column",
        "assignee_name",
        "category",
        "neighbourhood",
        "received_at",
        "channel",
    ]
    assignee_name = names.person_column("assignee", Tip._meta.get_field("assignee").verbose_name)
    # People by name, not as links to the user admin (which officers may not open).
    entered_by_name = names.person_column(
        "entered_by", Tip._meta.get_field("entered_by").verbose_name
    )
    list_filter = [
        QueueFilter,
        "status",
        OverdueFilter,
        "category",
        "channel",
        ("neighbourhood", PlaceFilter),
        "assignee",
        ("received_at", admin.DateFieldListFilter),
    ]
    list_totals = {
        "new": (_("mới tiếp nhận"), Count("pk", filter=Q(status=TipStatus.NEW))),
        "unassigned": (
            _("đang mở chưa giao cán bộ"),
            Count("pk", filter=Q(status__in=TipStatus.open_values(), assignee__isnull=True)),
        ),
    }
    search_fields = ["reference", "description", "location_text"]
    search_help_text = _("Tìm theo số tham chiếu, nội dung hoặc địa điểm.")
    list_select_related = ["ward", "category", "neighbourhood", "assignee"]
    actions = ["export_csv"]
    steps = list(TIP_STEPS.values())
    bulk_steps = TIP_BULK_STEPS
    add_step = TIP_ADD
    timeline = True
    timeline_includes = ("messages",)
    form = admin_forms.TipChangeForm
    readonly_fields = [
        "code_column",
        "status_column",
        "ward",
        "channel",
        "received_at",
        "description",
        "assignee_name",
        "triaged_at",
        "duplicate_of",
        "transferred_from",
        "case",
        "outcome",
        "closed_at",
        "is_anonymous",
        "entered_by_name",
        "open311_client",
        "pin_status",
    ]
    fieldsets = [
        (
            _("Tin báo"),
            {
                "fields": [
                    "code_column",
                    "status_column",
                    "ward",
                    "channel",
                    "received_at",
                    "category",
                    "description",
                ]
            },
        ),
        (
            _("Thời gian, địa điểm"),
            {
                "fields": [
                    ("occurred_on", "occurred_time"),
                    "occurred_note",
                    "neighbourhood",
                    "location_text",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Xử lý"),
            {
                "fields": [
                    "assignee_name",
                    "triaged_at",
                    "duplicate_of",
                    "transferred_from",
                    "case",
                    "outcome",
                    "closed_at",
                ]
            },
        ),
        (
            _("Nguồn tin"),
            {"fields": ["is_anonymous", "entered_by_name", "open311_client", "pin_status"]},
        ),
    ]

    # --- The queue ---------------------------------------------------------------------------
    # One count per page: a filtered list says "N results (show all)", not "N of M".
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return Tip.objects.queue_order().with_news()

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # The queue's order, as TipQuerySet.queue_order defines it (no query is run here).
        return list(self.get_queryset(request).query.order_by)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        reference = codes.normalise_reference(search_term)
        if reference:  # a reference, however typed (tb 2021 123): that tip only
            return queryset.filter(reference=reference), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("số tham chiếu"), ordering="reference")
    def code_column(self, tip: Tip) -> str:
        return tip_code(tip)

    # Rendered by module functions (the queue's and the tests' one definition).
    status_column = admin.display(description=_("trạng thái"), ordering="status")(
        lambda self, tip: status_html(tip)
    )
    deadline_column = admin.display(description=_("hạn xử lý"), ordering="received_at")(
        lambda self, tip: deadline_html(tip)
    )

    @admin.display(description=_("mã PIN"))
    def pin_status(self, tip: Tip) -> str:
        if not tip.pin_hash:
            return gettext("Không cấp mã PIN: người báo không tự tra cứu được.")
        if tip.pin_locked_until and tip.pin_locked_until > timezone.now():
            until = formats.date_format(timezone.localtime(tip.pin_locked_until), "H:i d/m/Y")
            return gettext("Đã cấp; tra cứu tạm khóa đến %(time)s vì nhập sai PIN nhiều lần.") % {
                "time": until
            }
        return gettext("Đã cấp mã PIN cho người báo.")

    # --- Permissions ---------------------------------------------------------------------------
    def has_delete_permission(self, request: HttpRequest, obj: Tip | None = None) -> bool:
        return False  # a tip is evidence: it is closed, never deleted

    def has_change_permission(self, request: HttpRequest, obj: Tip | None = None) -> bool:
        """A finished tip counts in past figures: its page is read-only; a commander reopens
        it (the audited "reopen" step) to change it."""
        if obj is not None and obj.status in TipStatus.final_values():
            return False
        return super().has_change_permission(request, obj)

    def get_export_fields(self) -> list[str]:
        return [name for name in super().get_export_fields() if name not in CONTACT_FIELDS]

    # --- The tip's page and its steps' pages ---------------------------------------------------
    def get_urls(self) -> list[Any]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        # Not the admin's never_cache: the photo view sets its own Cache-Control.
        view = self.admin_site.admin_view(attachment_view, cacheable=True)
        return [path("attachments/<int:pk>/", view, name=f"{info}_attachment"), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            photo_url = lambda pk: self.url_of("attachment", pk)  # noqa: E731
            context.update(tip_panels(request, obj, photo_url), subtitle=tip_code(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request: HttpRequest, step: Step, obj: Any) -> dict[str, Any]:
        return {"tip": obj, "summary_template": "admin/tips/tip/_summary.html"} if obj else {}


def status_html(tip: Tip) -> str:
    """The status; late ones say which step is late; the tipster's unanswered addition is a
    badge (`has_news`, annotated by the queue's queryset)."""
    status = tip.get_status_display()
    if tip.is_late():
        late = gettext("quá hạn phân loại") if tip.is_overdue() else gettext("quá hạn xác minh")
        status = format_html(
            '<strong class="wardsec-overdue" style="color:#ba2121">{} — {}</strong>', status, late
        )
    if getattr(tip, "has_news", False) and tip.status in TipStatus.open_values():
        badge = gettext("Người báo vừa bổ sung")
        return format_html('{} <span class="wardsec-badge">{}</span>', status, badge)
    return status


def deadline_html(tip: Tip) -> str:
    """The current step's deadline (triage, verification) and the tip's age, for every open
    status; "—" once finished."""
    deadline = tip.deadline()
    if deadline is None:
        return "—"
    text = formats.date_format(timezone.localtime(deadline), "H:i d/m")
    age = gettext("nhận %(age)s trước") % {"age": age_text(tip.received_at)}
    if tip.is_late():
        return format_html(
            '<strong class="wardsec-late">{}</strong><span class="wardsec-age">{}</span>', text, age
        )
    return format_html(
        '<span class="wardsec-deadline">{}</span><span class="wardsec-age">{}</span>', text, age
    )


def age_text(since: datetime.datetime) -> str:
    """How long ago, in the largest whole unit ("3 ngày", "5 giờ", "12 phút")."""
    minutes = max(0, int((timezone.now() - since).total_seconds() // 60))
    if minutes >= 24 * 60:
        days = minutes // (24 * 60)
        return ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days}
    if minutes >= 60:
        return ngettext("%(n)d giờ", "%(n)d giờ", minutes // 60) % {"n": minutes // 60}
    return ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes}


def tip_panels(request: HttpRequest, tip: Tip, photo_url: Any) -> dict[str, Any]:
    """What the tip's page shows besides its fields: the tipster (as far as the user may see),
    the exchange with the tipster and the notes, the photos, whether triage is overdue."""
    user = request.user
    thread = None
    if user.has_perm("tips.view_tipmessage"):
        thread = list(tip.messages.select_related("author").order_by("created_at", "id"))
    photos = None
    if user.has_perm("tips.view_tipattachment"):
        photos = [(each, photo_url(each.pk)) for each in tip.attachments.order_by("created_at")]
    return {
        "tipster": _tipster(request, tip),
        "thread": thread,
        "photos": photos,
        "is_overdue": tip.is_overdue(),
        "is_finished": tip.status in TipStatus.final_values(),
    }


def _tipster(request: HttpRequest, tip: Tip) -> dict[str, Any]:
    """What the page says about who told: never more than the tipster gave."""
    if tip.is_anonymous:
        return {"anonymous": True}
    if not request.user.has_perm("tips.view_tipster_contact"):
        return {"hidden": True}
    return {"contact": services.read_tipster_contact(tip=tip, actor=signed_in(request))}


# --- Photos --------------------------------------------------------------------------------------


def attachment_view(request: HttpRequest, pk: int) -> FileResponse:
    """A tip's photo, to someone allowed to see it, in their scope; never cached."""
    return attachments.serve(request, TipAttachment, pk)
