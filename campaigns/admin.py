"""The campaigns in the officers' workplace, made for entry at a desk after the event.

Each "add" page is a quick form (today, the officer's ward, the officer in charge filled in)
that calls a service; each list shows its totals above it for the filtered rows (sessions and
attendances, airings, packages and VND) and exports to XLSX/CSV (the platform's base; the
many-to-many choices as names joined by "; "). A session's
page shows its photos (served only to officers, in their scope) and takes more. The residents'
feedback items have their queue: `?due=open` / `?due=overdue` (linked from the event's page),
answered or forwarded by declared steps; an event's open items link to that queue.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse, HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns import events, forms, models, services
from campaigns.choices import FeedbackStatus
from wardsec import attachments, names, today
from wardsec.admin import CatalogueAdmin as PlatformCatalogueAdmin
from wardsec.admin import WardScopedAdmin, scoped_staff, single_ward
from wardsec.users import signed_in
from wardsec.workflow import Step, WorkflowAdmin, service_arguments

events.register()


def _entry_kwargs(request: HttpRequest, obj: Any) -> dict[str, Any]:
    return {"ward": single_ward(request), "staff": scoped_staff(request), "user": request.user}


def _in_ward(request: HttpRequest, data: dict[str, Any]) -> Any:
    return data.pop("ward", None) or single_ward(request)


def add_step(label: Any, form_class: Any, service: Any, message: Any) -> Step:
    """The quick add page of a ward's record: the form, then `service(ward=…, actor=…, …)`."""
    return Step(
        name="add",
        label=label,
        form_class=form_class,
        permission="add",
        form_kwargs=_entry_kwargs,
        run=lambda request, obj, data: service(
            ward=_in_ward(request, data), actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda record: message % {"record": record},
    )


def _vnd(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class CatalogueAdmin(PlatformCatalogueAdmin):
    """Lists that are data (formats, topics, partners, funds, beneficiary groups):
    administrators change them; others read."""

    list_display = ["name", "code", "sort_order", "is_active"]
    search_fields = ["name", "code"]


for _catalogue in forms.CATALOGUES:
    admin.site.register(_catalogue, CatalogueAdmin)


class RecordAdmin(WorkflowAdmin, WardScopedAdmin):
    """A ward's record: added through its service, corrected in the change form through
    `services.correct_record` (the same rules, another ward's neighbourhood or officer refused
    on its field; audited with its many-to-many choices), never deleted."""

    timeline = True
    export_many_to_many = True  # the neighbourhoods a session covered, its partners, …

    def check_change(self, request: HttpRequest, obj: Any, values: dict[str, Any]) -> None:
        services.check_correction(record=obj, **values)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:  # records are added by their add step; kept for the platform's base
            super().save_model(request, obj, form, change)
            return
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.correct_record(record=obj, actor=signed_in(request), **values)
        except ValidationError as exc:  # the form ran the same check: a concurrent change
            raise PermissionDenied(exc.messages) from exc

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not change:
            super().save_related(request, form, formsets, change)
            return
        # The many-to-many choices were saved by the service, with the record and its entry.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the figures counted it; a wrong record is corrected, not removed


# --- Plans ---------------------------------------------------------------------------------------


@admin.register(models.OutreachPlan)
class OutreachPlanAdmin(RecordAdmin):
    list_display = [
        "year",
        "title",
        "reference",
        "sessions_progress",
        "attendances_progress",
        "broadcasts_progress",
    ]
    search_fields = ["title", "reference"]
    list_select_related = ["ward"]
    fields = [
        "year",
        "title",
        "reference",
        "target_sessions",
        "target_attendances",
        "target_broadcasts",
        "note",
    ]
    readonly_fields = ["year"]
    add_step = add_step(
        _("Lập kế hoạch tuyên truyền năm"),
        forms.PlanForm,
        services.set_plan,
        _("Đã lập kế hoạch %(record)s."),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_progress()  # type: ignore[attr-defined]

    @staticmethod
    def _progress(done: int, target: int) -> str:
        if not target:
            return _vnd(done)
        return f"{_vnd(done)} / {_vnd(target)} ({round(100 * done / target)} %)"

    @admin.display(description=_("số buổi (đạt / chỉ tiêu)"), ordering="done_sessions")
    def sessions_progress(self, plan: models.OutreachPlan) -> str:
        return self._progress(plan.done_sessions, plan.target_sessions)  # type: ignore[attr-defined]

    @admin.display(description=_("lượt người (đạt / chỉ tiêu)"), ordering="done_attendances")
    def attendances_progress(self, plan: models.OutreachPlan) -> str:
        return self._progress(plan.done_attendances, plan.target_attendances)  # type: ignore[attr-defined]

    @admin.display(description=_("lượt phát loa (đạt / chỉ tiêu)"), ordering="done_broadcasts")
    def broadcasts_progress(self, plan: models.OutreachPlan) -> str:
        return self._progress(plan.done_broadcasts, plan.target_broadcasts)  # type: ignore[attr-defined]


# --- Sessions ------------------------------------------------------------------------------------


class SessionPhotoInline(admin.TabularInline):
    """The session's photos, each a link to the photo (served by the session's admin)."""

    model = models.SessionPhoto
    extra = 0
    can_delete = False
    fields = ("preview", "width", "height", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("ảnh"))
    def preview(self, photo: models.SessionPhoto) -> str:
        url = reverse("admin:campaigns_outreachsession_photo", args=[photo.pk])
        return format_html(
            '<a href="{}" target="_blank"><img src="{}" alt="{}" style="max-height:80px"></a>',
            url,
            url,
            gettext("Ảnh buổi tuyên truyền"),
        )


@admin.register(models.OutreachSession)
class OutreachSessionAdmin(RecordAdmin):
    list_display = [
        "held_on",
        "session_title",
        "format",
        "topic_list",
        "attendances",
        "leaflets",
        "officer_name",
    ]
    list_filter = ["format", "topics", "neighbourhoods", "partners"]
    date_hierarchy = "held_on"
    search_fields = ["title", "place", "note"]
    search_help_text = _("Tìm theo tiêu đề, địa điểm, ghi chú (gõ có dấu hay không dấu đều được).")
    list_select_related = ["format", "officer", "ward"]
    list_totals = {
        "attendances": (_("lượt người"), Sum("attendances")),
        "leaflets": (_("tờ rơi"), Sum("leaflets")),
    }
    fields = [
        "held_on",
        "format",
        "title",
        "topics",
        "attendances",
        "leaflets",
        "neighbourhoods",
        "partners",
        "officer",
        "place",
        "note",
    ]
    filter_horizontal = ["topics", "neighbourhoods", "partners"]
    inlines = [SessionPhotoInline]
    add_step = add_step(
        _("Ghi buổi tuyên truyền"),
        forms.SessionForm,
        services.record_session,
        _("Đã ghi buổi tuyên truyền %(record)s."),
    )
    steps = [
        Step(
            name="photos",
            label=_("Thêm ảnh"),
            form_class=forms.PhotosForm,
            permission="campaigns.add_sessionphoto",
            run=lambda request, session, data: services.add_session_photos(
                session=session, actor=signed_in(request), photos=data["photos"]
            ),
            message=lambda session: gettext("Đã thêm ảnh vào %(s)s.") % {"s": session},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("topics")

    def get_urls(self) -> list[Any]:
        # Not the admin's never_cache: the photo view sets its own Cache-Control.
        view = self.admin_site.admin_view(photo_view, cacheable=True)
        name = "campaigns_outreachsession_photo"
        return [path("photos/<int:pk>/", view, name=name), *super().get_urls()]

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        if obj is None or not request.user.has_perm("campaigns.view_sessionphoto"):
            return []
        return super().get_inline_instances(request, obj)

    @admin.display(description=_("tiêu đề"), ordering="title")
    def session_title(self, session: models.OutreachSession) -> str:
        return session.title or "—"

    @admin.display(description=_("nội dung"))
    def topic_list(self, session: models.OutreachSession) -> str:
        return ", ".join(topic.name for topic in session.topics.all())

    @admin.display(description=_("cán bộ phụ trách"), ordering="officer__first_name")
    def officer_name(self, session: models.OutreachSession) -> str:
        return names.display_name(session.officer) if session.officer else "—"


def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    """A session's photo, to someone allowed to see it, in their scope; never cached."""
    return attachments.serve(request, models.SessionPhoto, pk)


# --- Broadcasts, festival days, forums -----------------------------------------------------------


@admin.register(models.Broadcast)
class BroadcastAdmin(RecordAdmin):
    list_display = ["aired_on", "programme", "airings", "topic_list"]
    list_filter = ["topics", "neighbourhoods"]
    date_hierarchy = "aired_on"
    search_fields = ["programme", "note"]
    list_select_related = ["ward"]
    list_totals = {"airings": (_("lượt phát"), Sum("airings"))}
    fields = ["aired_on", "programme", "airings", "topics", "neighbourhoods", "note"]
    filter_horizontal = ["topics", "neighbourhoods"]
    add_step = add_step(
        _("Ghi lượt phát tiếng loa ANTT"),
        forms.BroadcastForm,
        services.record_broadcast,
        _("Đã ghi %(record)s."),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("chủ đề"))
    def topic_list(self, broadcast: models.Broadcast) -> str:
        return ", ".join(topic.name for topic in broadcast.topics.all())


@admin.register(models.MovementEvent)
class MovementEventAdmin(RecordAdmin):
    list_display = ["held_on", "kind", "title", "attendances", "feedback", "open_feedback"]
    list_filter = ["kind", "partners"]
    date_hierarchy = "held_on"
    search_fields = ["title", "place", "note"]
    list_select_related = ["ward"]
    list_totals = {"attendances": (_("lượt người"), Sum("attendances"))}
    fields = ["kind", "held_on", "ends_on", "title", "place", "attendances", "partners", "note"]
    filter_horizontal = ["partners"]
    add_step = add_step(
        _("Ghi ngày hội, diễn đàn"),
        forms.EventForm,
        services.record_event,
        _("Đã ghi %(record)s."),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                feedback_count=Count("feedback_items"),
                open_count=Count(
                    "feedback_items", filter=Q(feedback_items__status=FeedbackStatus.OPEN)
                ),
            )
        )

    @admin.display(description=_("số ý kiến"), ordering="feedback_count")
    def feedback(self, event: models.MovementEvent) -> int:
        return event.feedback_count  # type: ignore[attr-defined]

    @admin.display(description=_("chưa trả lời"), ordering="open_count")
    def open_feedback(self, event: models.MovementEvent) -> Any:
        count = event.open_count  # type: ignore[attr-defined]
        if not count:
            return 0
        queue = today.changelist_url(
            "campaigns.feedbackitem", {"event__id__exact": event.pk, "due": "open"}
        )
        return format_html(
            '<a href="{}"><strong style="color:#ba2121">{}</strong></a>', queue, count
        )


# --- Feedback: the officers' queue ---------------------------------------------------------------


class DueFilter(admin.SimpleListFilter):
    """The open items (the officers' queue) and, among them, those past their deadline."""

    title = _("cần xử lý")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("open", _("Chưa trả lời")), ("overdue", _("Quá hạn trả lời"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "open":
            return queryset.open()  # type: ignore[attr-defined]
        if self.value() == "overdue":
            return queryset.overdue()  # type: ignore[attr-defined]
        return queryset


def _is_open(item: models.FeedbackItem) -> bool:
    return item.status == FeedbackStatus.OPEN


@admin.register(models.FeedbackItem)
class FeedbackItemAdmin(RecordAdmin):
    list_display = ["item", "event", "responder", "deadline_mark", "status", "answered_on"]
    list_filter = [DueFilter, "status", "event"]
    search_fields = ["content", "raised_by", "responder", "answer", "forwarded_to"]
    list_select_related = ["event", "ward"]
    readonly_fields = [
        "event",
        "content",
        "raised_by",
        "responder",
        "deadline",
        "status",
        "answer",
        "answered_on",
        "forwarded_to",
    ]
    fields = tuple(readonly_fields)
    add_step = Step(
        name="add",
        label=_("Ghi ý kiến của Nhân dân"),
        form_class=forms.FeedbackForm,
        permission="add",
        run=lambda request, obj, data: services.record_feedback(
            actor=signed_in(request), **service_arguments(data)
        ),
        message=lambda item: gettext("Đã ghi ý kiến: %(i)s.") % {"i": item},
    )
    steps = [
        Step(
            name="answer",
            label=_("Trả lời"),
            form_class=forms.AnswerForm,
            permission="campaigns.change_feedbackitem",
            available=_is_open,
            run=lambda request, item, data: services.answer_feedback(
                item=item, actor=signed_in(request), **data
            ),
            message=lambda item: gettext("Đã trả lời: %(i)s.") % {"i": item},
        ),
        Step(
            name="forward",
            label=_("Chuyển cơ quan khác"),
            form_class=forms.ForwardForm,
            permission="campaigns.change_feedbackitem",
            available=_is_open,
            run=lambda request, item, data: services.forward_feedback(
                item=item, actor=signed_in(request), **data
            ),
            message=lambda item: gettext("Đã chuyển: %(i)s.") % {"i": item},
        ),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Answering and forwarding are steps; the item itself is never rewritten.
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("ý kiến, kiến nghị"), ordering="content")
    def item(self, feedback: models.FeedbackItem) -> str:
        return str(feedback)

    @admin.display(description=_("hạn trả lời"), ordering="deadline")
    def deadline_mark(self, feedback: models.FeedbackItem) -> Any:
        text = feedback.deadline.strftime("%d/%m/%Y")
        if _is_open(feedback) and feedback.deadline < timezone.localdate():
            return format_html(
                '<strong style="color:#ba2121">{} ({})</strong>', text, gettext("quá hạn")
            )
        return text


# --- Welfare -------------------------------------------------------------------------------------


@admin.register(models.Donation)
class DonationAdmin(RecordAdmin):
    list_display = ["received_on", "donor", "cash_vnd", "in_kind", "in_kind_value_vnd", "purpose"]
    list_filter = ["donor_kind"]
    date_hierarchy = "received_on"
    search_fields = ["donor_name", "in_kind", "purpose"]
    list_select_related = ["ward"]
    list_totals = {
        "cash": (_("đồng tiền mặt"), Sum("cash_vnd")),
        "in_kind": (_("đồng giá trị hiện vật"), Sum("in_kind_value_vnd")),
    }
    fields = [
        "received_on",
        "donor_kind",
        "donor_name",
        "cash_vnd",
        "in_kind",
        "in_kind_value_vnd",
        "purpose",
    ]
    add_step = add_step(
        _("Ghi khoản tài trợ"),
        forms.DonationForm,
        services.record_donation,
        _("Đã ghi khoản tài trợ %(record)s."),
    )

    @admin.display(description=_("nhà tài trợ"), ordering="donor_name")
    def donor(self, donation: models.Donation) -> str:
        return donation.donor_name or donation.get_donor_kind_display()


@admin.register(models.GiftDistribution)
class GiftDistributionAdmin(RecordAdmin):
    list_display = ["distributed_on", "occasion", "beneficiary_group", "packages", "value_vnd"]
    list_filter = ["beneficiary_group"]
    date_hierarchy = "distributed_on"
    search_fields = ["occasion", "note"]
    list_select_related = ["beneficiary_group", "ward"]
    list_totals = {
        "packages": (_("phần quà"), Sum("packages")),
        "value": (_("đồng"), Sum("value_vnd")),
    }
    fields = [
        "distributed_on",
        "beneficiary_group",
        "packages",
        "value_vnd",
        "occasion",
        "neighbourhoods",
        "note",
    ]
    filter_horizontal = ["neighbourhoods"]
    add_step = add_step(
        _("Ghi đợt trao quà"),
        forms.DistributionForm,
        services.record_distribution,
        _("Đã ghi đợt trao quà %(record)s."),
    )


@admin.register(models.CharityHouse)
class CharityHouseAdmin(RecordAdmin):
    list_display = ["handed_over_on", "beneficiary", "neighbourhood", "value_vnd"]
    date_hierarchy = "handed_over_on"
    search_fields = ["beneficiary", "funding_sources"]
    list_select_related = ["neighbourhood", "ward"]
    list_totals = {"value": (_("đồng"), Sum("value_vnd"))}
    fields = ["beneficiary", "neighbourhood", "value_vnd", "handed_over_on", "funding_sources"]
    add_step = add_step(
        _("Ghi nhà tình thương"),
        forms.HouseForm,
        services.record_house,
        _("Đã ghi nhà tình thương %(record)s."),
    )


@admin.register(models.FundContribution)
class FundContributionAdmin(RecordAdmin):
    list_display = ["contributed_on", "fund", "amount_vnd", "note"]
    list_filter = ["fund"]
    date_hierarchy = "contributed_on"
    search_fields = ["note", "fund__name"]
    list_select_related = ["fund", "ward"]
    list_totals = {"amount": (_("đồng"), Sum("amount_vnd"))}
    fields = ["fund", "amount_vnd", "contributed_on", "note"]
    add_step = add_step(
        _("Ghi đóng góp quỹ"),
        forms.ContributionForm,
        services.record_contribution,
        _("Đã ghi đóng góp %(record)s."),
    )
