"""The tip queue, the tip's page, its workflow pages, officer-entered tips and the photo view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tips import admin_forms, codes, services
from tips.admin.base import FormPageMixin, bound, exc_text, tip_code
from tips.choices import TipStatus, TriageDecision
from tips.models import Tip, TipAttachment
from wardsec import names
from wardsec.admin import ScopedRelatedFilter, WardScopedAdmin
from wardsec.users import signed_in

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


# --- The workflow steps ---------------------------------------------------------------


@dataclass(frozen=True)
class TipStep:
    """One workflow step: its page, its form and the service it calls.

    `offered` decides only whether the tip's page shows the button; the service decides
    whether the step is allowed.
    """

    slug: str
    label: Any
    form_class: type[admin_forms.TipStepForm]
    perform: Callable[[HttpRequest, Tip, dict[str, Any]], str]
    offered: Callable[[Tip], bool]
    submit_label: Any

    @property
    def url_name(self) -> str:
        return self.slug.replace("-", "_")


def _triage(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.triage_tip(
        tip=tip,
        actor=signed_in(request),
        decision=data["decision"],
        duplicate_of=data["duplicate_of"],
        transfer_to=data["transfer_to"],
        note=data["note"],
    )
    if data["decision"] == TriageDecision.TRANSFER:
        return gettext("Đã chuyển tin báo %(code)s sang %(ward)s.") % {
            "code": tip_code(tip),
            "ward": tip.ward.name,
        }
    return gettext("Đã phân loại tin báo %(code)s: %(decision)s.") % {
        "code": tip_code(tip),
        "decision": TriageDecision(data["decision"]).label,
    }


def _assign(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.assign_tip(tip=tip, assignee=data["assignee"], actor=signed_in(request))
    return gettext("Đã giao tin báo %(code)s cho %(person)s.") % {
        "code": tip_code(tip),
        "person": admin_forms.person_label(data["assignee"]),
    }


def _reply(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.reply_to_tipster(tip=tip, actor=signed_in(request), body=data["body"])
    return gettext("Đã gửi trả lời; người báo tin đọc được khi tra cứu mã %(code)s.") % {
        "code": tip_code(tip)
    }


def _note(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.add_internal_note(tip=tip, actor=signed_in(request), body=data["body"])
    return gettext("Đã thêm ghi chú nội bộ vào tin báo %(code)s.") % {"code": tip_code(tip)}


def _link_case(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.link_tip_to_case(tip=tip, case=data["case"], actor=signed_in(request))
    return gettext("Đã gắn tin báo %(code)s vào vụ việc %(case)s.") % {
        "code": tip_code(tip),
        "case": data["case"].number,
    }


def _close(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.close_tip(
        tip=tip, actor=signed_in(request), outcome=data["outcome"], note=data["note"]
    )
    return gettext("Đã kết thúc tin báo %(code)s: %(outcome)s.") % {
        "code": tip_code(tip),
        "outcome": tip.get_outcome_display(),
    }


def _mediation(request: HttpRequest, tip: Tip, data: dict[str, Any]) -> str:
    services.refer_tip_to_mediation(tip=tip, actor=signed_in(request), note=data["note"])
    return gettext("Đã chuyển tin báo %(code)s sang hòa giải ở cơ sở.") % {"code": tip_code(tip)}


def _is_new(tip: Tip) -> bool:
    return tip.status == TipStatus.NEW


def _is_open(tip: Tip) -> bool:
    return tip.status in TipStatus.open_values()


def _may_join_case(tip: Tip) -> bool:
    return tip.status in [*TipStatus.open_values(), TipStatus.CLOSED]


def _always(tip: Tip) -> bool:
    return True


TIP_STEPS = {
    step.slug: step
    for step in (
        TipStep("triage", _("Phân loại"), admin_forms.TriageForm, _triage, _is_new, _("Phân loại")),
        TipStep("assign", _("Giao cán bộ"), admin_forms.AssignForm, _assign, _is_open, _("Giao")),
        TipStep("reply", _("Trả lời người báo"), admin_forms.ReplyForm, _reply, _always, _("Gửi")),
        TipStep(
            "note",
            _("Ghi chú nội bộ"),
            admin_forms.InternalNoteForm,
            _note,
            _always,
            _("Lưu ghi chú"),
        ),
        TipStep(
            "link-case",
            _("Gắn vụ việc"),
            admin_forms.LinkCaseForm,
            _link_case,
            _may_join_case,
            _("Gắn"),
        ),
        TipStep("close", _("Kết thúc"), admin_forms.CloseForm, _close, _is_open, _("Kết thúc")),
        TipStep(
            "mediation",
            _("Chuyển hòa giải"),
            admin_forms.MediationForm,
            _mediation,
            _is_open,
            _("Chuyển hòa giải"),
        ),
    )
}


class OverdueFilter(admin.SimpleListFilter):
    title = _("hạn phân loại")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("Quá hạn phân loại"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.overdue() if self.value() == "1" else queryset  # type: ignore[attr-defined]


# --- The admin --------------------------------------------------------------------------


@admin.register(Tip)
class TipAdmin(FormPageMixin, WardScopedAdmin):
    """The tip queue, the tip's page and its workflow, officer-entered tips, photos."""

    list_display = [
        "code_column",
        "received_at",
        "category",
        "channel",
        "status_column",
        "neighbourhood",
        "assignee_name",
    ]
    assignee_name = names.person_column("assignee", Tip._meta.get_field("assignee").verbose_name)
    list_filter = [
        "status",
        "category",
        "channel",
        "neighbourhood",
        "assignee",
        ("received_at", admin.DateFieldListFilter),
        OverdueFilter,
    ]
    search_fields = ["reference", "description", "location_text"]
    search_help_text = _("Tìm theo số tham chiếu, nội dung hoặc địa điểm.")
    list_select_related = ["ward", "category", "neighbourhood", "assignee"]
    actions = ["export_csv", "accept_tips", "mark_spam", "assign_to_me"]
    form = admin_forms.TipChangeForm
    readonly_fields = [
        "code_column",
        "status_column",
        "ward",
        "channel",
        "received_at",
        "description",
        "assignee",
        "triaged_at",
        "duplicate_of",
        "transferred_from",
        "case",
        "outcome",
        "closed_at",
        "is_anonymous",
        "entered_by",
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
                    "assignee",
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
            {"fields": ["is_anonymous", "entered_by", "open311_client", "pin_status"]},
        ),
    ]

    # --- The queue ---------------------------------------------------------------------------
    # One count per page: a filtered list says "N results (show all)", not "N of M".
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return Tip.objects.queue_order()

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # The queue's order, as TipQuerySet.queue_order defines it (no query is run here).
        return list(self.get_queryset(request).query.order_by)

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        columns = list(super().get_list_display(request))
        if self.single_ward(request) is None:
            columns.append("ward")
        return columns

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        filters = super().get_list_filter(request)
        if self.single_ward(request) is None:
            filters = [("ward", ScopedRelatedFilter), *filters]
        return filters

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

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_column(self, tip: Tip) -> str:
        if tip.is_overdue():
            return format_html(
                '<strong class="wardsec-overdue" style="color:#ba2121">{} — {}</strong>',
                tip.get_status_display(),
                gettext("quá hạn phân loại"),
            )
        return tip.get_status_display()

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
    def has_triage_permission(self, request: HttpRequest, obj: Tip | None = None) -> bool:
        return request.user.has_perm("tips.triage_tip")

    def has_delete_permission(self, request: HttpRequest, obj: Tip | None = None) -> bool:
        return False  # a tip is evidence: it is closed, never deleted

    def get_export_fields(self) -> list[str]:
        return [name for name in super().get_export_fields() if name not in CONTACT_FIELDS]

    # --- Bulk actions --------------------------------------------------------------------------
    @admin.action(description=_("Tiếp nhận, xác minh các tin báo đã chọn"), permissions=["triage"])
    def accept_tips(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(
            request,
            queryset,
            lambda tip: services.triage_tip(
                tip=tip, actor=signed_in(request), decision=TriageDecision.ACCEPT
            ),
        )

    @admin.action(description=_("Đánh dấu tin rác, báo sai sự thật"), permissions=["triage"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk(
            request,
            queryset,
            lambda tip: services.triage_tip(
                tip=tip, actor=signed_in(request), decision=TriageDecision.SPAM
            ),
        )

    @admin.action(description=_("Giao các tin báo đã chọn cho tôi"), permissions=["triage"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet) -> None:
        me = signed_in(request)
        self._bulk(
            request, queryset, lambda tip: services.assign_tip(tip=tip, assignee=me, actor=me)
        )

    def _bulk(self, request: HttpRequest, queryset: QuerySet, run: Callable[[Tip], Any]) -> None:
        """Run a service on each tip; report the successes and each failure with its reason."""
        done, failed = 0, []
        for tip in queryset.select_related("ward"):
            try:
                run(tip)
            except ValidationError as exc:
                failed.append((tip, exc))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("Đã xử lý %(count)d tin báo.", "Đã xử lý %(count)d tin báo.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        for tip, error in failed:
            self.message_user(
                request,
                gettext("Tin báo %(code)s: %(error)s")
                % {"code": tip_code(tip), "error": exc_text(error)},
                messages.ERROR,
            )

    # --- URLs --------------------------------------------------------------------------------
    def get_urls(self) -> list[Any]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        urls = [
            path(
                "attachments/<int:pk>/",
                # Not the admin's never_cache: the view sets its own Cache-Control.
                wrap(self.attachment_view, cacheable=True),
                name=f"{info}_attachment",
            )
        ]
        urls += [
            path(
                f"<path:object_id>/{step.slug}/",
                wrap(self.step_view),
                {"slug": step.slug},
                name=f"{info}_{step.url_name}",
            )
            for step in TIP_STEPS.values()
        ]
        return urls + super().get_urls()

    # --- The tip's page ------------------------------------------------------------------------
    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Tip | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(self._tip_panels(request, obj))
            context["subtitle"] = tip_code(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _tip_panels(self, request: HttpRequest, tip: Tip) -> dict[str, Any]:
        user = request.user
        thread = None
        if user.has_perm("tips.view_tipmessage"):
            thread = list(tip.messages.select_related("author").order_by("created_at", "id"))
        photos = None
        if user.has_perm("tips.view_tipattachment"):
            photos = [
                (attachment, self.url_of("attachment", attachment.pk))
                for attachment in tip.attachments.order_by("created_at", "id")
            ]
        return {
            "tipster": self._tipster(request, tip),
            "thread": thread,
            "photos": photos,
            "tip_steps": self._offered_steps(request, tip),
            "open_case_url": self._open_case_url(request, tip),
            "is_overdue": tip.is_overdue(),
        }

    def _tipster(self, request: HttpRequest, tip: Tip) -> dict[str, Any]:
        """What the page says about who told: never more than the tipster gave."""
        if tip.is_anonymous:
            return {"anonymous": True}
        if not request.user.has_perm("tips.view_tipster_contact"):
            return {"hidden": True}
        return {"contact": services.read_tipster_contact(tip=tip, actor=signed_in(request))}

    def _offered_steps(self, request: HttpRequest, tip: Tip) -> list[dict[str, Any]]:
        if not self.has_triage_permission(request):
            return []
        return [
            {"label": step.label, "url": self.url_of(step.url_name, tip.pk), "slug": step.slug}
            for step in TIP_STEPS.values()
            if step.offered(tip)
        ]

    def _open_case_url(self, request: HttpRequest, tip: Tip) -> str | None:
        if tip.case_id or not _is_open(tip) or not request.user.has_perm("tips.add_case"):
            return None
        return reverse("admin:tips_case_add", current_app=self.admin_site.name) + f"?tip={tip.pk}"

    # --- Workflow pages ------------------------------------------------------------------------
    def step_view(self, request: HttpRequest, object_id: str, slug: str) -> HttpResponse:
        step = TIP_STEPS[slug]
        if not self.has_triage_permission(request):
            raise PermissionDenied
        tip = self.get_object(request, unquote(object_id))
        if tip is None:
            raise Http404(_("Không tìm thấy tin báo."))
        form = step.form_class(*bound(request), tip=tip, request=request)
        if self.run_form(request, form, lambda: step.perform(request, tip, form.cleaned_data)):
            return HttpResponseRedirect(self._after_step_url(request, tip))
        tip.refresh_from_db()
        return self.form_page(
            request,
            form=form,
            title=step.label,
            obj=tip,
            submit_label=step.submit_label,
            extra={"tip": tip, "tip_code": tip_code(tip), "step": step.slug},
        )

    def _in_scope(self, request: HttpRequest, tip: Tip) -> bool:
        return self.get_queryset(request).filter(pk=tip.pk).exists()

    def _after_step_url(self, request: HttpRequest, tip: Tip) -> str:
        """Back to the tip, unless it has left the user's scope (transferred)."""
        if self._in_scope(request, tip):
            return self.url_of("change", tip.pk)
        return self.url_of("changelist")

    # --- Officer-entered tips ------------------------------------------------------------------
    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = admin_forms.OfficerTipForm(
            *bound(request), request=request, ward=self.single_ward(request)
        )
        receipts: list[services.Receipt] = []

        def submit() -> str:
            receipt = self._submit_officer_tip(request, form)
            if not receipt.created and not self._in_scope(request, receipt.tip):
                # A replayed key of a tip the officer may not see: nothing about that tip.
                raise ValidationError(
                    gettext("Biểu mẫu này đã được gửi. Hãy mở lại trang để nhập tin báo mới.")
                )
            receipts.append(receipt)
            return self._receipt_message(receipt)

        if self.run_form(request, form, submit):
            return HttpResponseRedirect(self.url_of("change", receipts[0].tip.pk))
        return self.form_page(
            request,
            form=form,
            title=_("Nhập tin báo do cán bộ tiếp nhận"),
            submit_label=_("Lưu tin báo"),
        )

    def _submit_officer_tip(
        self, request: HttpRequest, form: admin_forms.OfficerTipForm
    ) -> services.Receipt:
        data = form.cleaned_data
        return services.submit_tip(
            ward=form.chosen_ward(),
            category=data["category"],
            description=data["description"],
            channel=data["channel"],
            neighbourhood=data["neighbourhood"],
            occurred_on=data["occurred_on"],
            occurred_time=data["occurred_time"],
            occurred_note=data["occurred_note"],
            location_text=data["location_text"],
            contact=services.Contact(
                name=data["contact_name"], phone=data["contact_phone"], email=data["contact_email"]
            ),
            photos=data["photos"],
            idempotency_key=data["idempotency_key"],
            received_at=data["received_at"],
            entered_by=signed_in(request),
            issue_pin=data["issue_pin"],
        )

    def _receipt_message(self, receipt: services.Receipt) -> str:
        code = receipt.display_code
        if not receipt.created:  # the code is not stored: name the tip by its reference
            return gettext("Tin báo này đã được lưu trước đó (số %(reference)s).") % {
                "reference": receipt.tip.reference
            }
        if receipt.pin:
            return gettext(
                "Đã lưu tin báo. Mã tra cứu: %(code)s. Mã PIN: %(pin)s — đọc hoặc trao cho "
                "người báo ngay; mã PIN chỉ hiện một lần này."
            ) % {"code": code, "pin": receipt.pin}
        return gettext("Đã lưu tin báo. Mã tra cứu: %(code)s.") % {"code": code}

    # --- Photos ------------------------------------------------------------------------------
    def attachment_view(self, request: HttpRequest, pk: int) -> FileResponse:
        """A tip's photo, to someone allowed to see it, in their scope; never cached."""
        if not request.user.has_perm("tips.view_tipattachment"):
            raise PermissionDenied
        attachment = TipAttachment.objects.filter(pk=pk).first()
        if attachment is None:
            raise Http404(_("Không tìm thấy ảnh."))
        try:
            handle = attachment.file.open("rb")
        except OSError as exc:
            raise Http404(_("Không tìm thấy tệp ảnh.")) from exc
        response = FileResponse(
            handle, content_type=attachment.content_type, filename=attachment.stored_name
        )
        response["Content-Disposition"] = f'inline; filename="{attachment.stored_name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
