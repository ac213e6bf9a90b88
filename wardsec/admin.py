"""The officers' workplace: the admin site and the base class every ward-owned admin uses.

`WardScopedAdmin` keeps everything inside the ward scope that the middleware opened: the change
list (the default manager is scoped), list filters (related filters list only values present in
the scoped rows), foreign-key choices (scoped managers; users limited to the scope's staff),
autocomplete and search (they go through `get_queryset`), CSV export, and object pages (another
ward's object is a 404, not a redirect). Saves and deletes are audited in their transaction; a
change form runs the admin's `check_change` (its service's rules: the rows chosen belong to the
record's ward) as it validates, and shows a refusal on its field.
Change lists accept only their declared filters, search and sortable columns, and never a
sensitive field the user may not read (`wardsec.changelist`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wardsec import audit, fieldpaths, names, sensitive, timeline
from wardsec.changelist import DeclaredLookupsOnly
from wardsec.exports import ExportMixin
from wardsec.models import AuditAction, AuditEntry, OutboxMessage
from wardsec.scoping import ALL_WARDS
from wardsec.search import FoldedSearchMixin

# The site lives in its own module: resolving the default site must not import this one, whose
# registrations below would otherwise land on a second, discarded site instance.
from wardsec.sites import WardSecAdminSite, request_ward_ids, workplace  # noqa: F401
from wardsec.users import signed_in
from wardsec.workflow import add_service_errors


class ScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """Lists only the related values present in the (scoped) change list rows.

    Django's RelatedFieldListFilter would list every row of the related table, other wards'
    included (FACTS.md). People are listed by name in Vietnamese order (wardsec.names).
    """

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[Any]:
        choices = super().field_choices(field, request, model_admin)
        if field.related_model is not get_user_model():
            return choices
        users = get_user_model()._default_manager.in_bulk([pk for pk, _label in choices])
        return [
            (pk, names.person_label(users[pk]) if pk in users else label) for pk, label in choices
        ]


def _filter_name(entry: Any) -> str | None:
    """The field path a list_filter entry filters on (None for a SimpleListFilter class)."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, tuple | list) and entry and isinstance(entry[0], str):
        return entry[0]
    return None


def _is_relation(model: type[models.Model], path: str) -> bool:
    field = fieldpaths.field_at(model, path)
    return bool(field is not None and field.is_relation)


class WardScopedAdmin(DeclaredLookupsOnly, FoldedSearchMixin, ExportMixin, admin.ModelAdmin):
    """Base admin of every ward-owned model. Subclasses declare as usual.

    `ward_field` names the model's own ward field (None for models that reach their ward
    through a parent: their forms never choose a ward).
    """

    ward_field: str | None = "ward"
    actions = ["export_csv", "export_xlsx"]  # wardsec.exports; also …/export.xlsx/ and .csv/
    list_per_page = 50

    # Sums of the filtered list shown above it, in one query: {alias: (label, aggregate)}.
    list_totals: dict[str, tuple[Any, Any]] = {}
    # An object's story from the audit log under its form (wardsec.timeline), and the reverse
    # relations whose records' entries belong to it (a tip's "messages").
    timeline: bool = False
    timeline_includes: tuple[str, ...] = ()
    # Exports add the many-to-many fields, after the others: each a column of names joined by
    # "; " (wardsec.exports; one query per field).
    export_many_to_many: bool = False

    # --- Scope ------------------------------------------------------------------------------
    def ward_path(self) -> str | None:
        """The path of the ward column and filter (`ward`, `case__ward`), None when the rows
        are no ward's (or are wards)."""
        path = self.export_ward_path()
        return None if path == "pk" else path

    def sees_several_wards(self, request: HttpRequest) -> bool:
        """More than one ward in the user's scope (a merged ward's predecessors count: their
        rows are listed too, and the column tells them apart)."""
        ward_ids = request_ward_ids(request)
        return ward_ids is ALL_WARDS or len(ward_ids) > 1

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        """The declared columns; the ward's last, and only for a user who sees several wards
        (the column is not declared: the base adds it)."""
        path = self.ward_path()
        columns = [c for c in super().get_list_display(request) if path is None or c != path]
        if path and self.sees_several_wards(request):
            columns.append(path)
        return columns

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        path = self.ward_path()
        declared = [e for e in super().get_list_filter(request) if _filter_name(e) != path]
        if path and self.sees_several_wards(request):
            declared = [path, *declared]
        filters = []
        for entry in declared:
            if isinstance(entry, str) and _is_relation(self.model, entry):
                entry = (entry, ScopedRelatedFilter)
            filters.append(entry)
        return filters

    # --- Pages -------------------------------------------------------------------------------
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and context.get("cl") is not None:
            context["list_totals"] = self.totals(context["cl"])
        return response

    def totals(self, changelist: Any) -> list[tuple[Any, Any]]:
        """(label, value) for the filtered list: its count, then the declared sums (one
        aggregate query over the filtered queryset; none when nothing is declared)."""
        count = changelist.result_count
        name = self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural
        rows: list[tuple[Any, Any]] = [(name, count)]
        if self.list_totals and count:
            sums = changelist.queryset.aggregate(
                **{alias: expr for alias, (_label, expr) in self.list_totals.items()}
            )
            rows += [(label, sums[alias] or 0) for alias, (label, _e) in self.list_totals.items()]
        return rows

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.timeline:
            context["timeline"] = timeline.timeline_of(obj, self.timeline_includes)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The admin's "history" link: the object's story from the audit log (the timeline),
        not Django's LogEntry, which WardSec does not write ("no history" after a day's work)."""
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        obj = context.get("object") if context else None
        if obj is not None and self.timeline:
            context["timeline"] = timeline.timeline_of(obj, self.timeline_includes)
        return response

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_("Không tìm thấy."))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = scoped_staff(request)
        elif db_field.related_model._meta.label == "wards.Province":
            kwargs["queryset"] = scoped_provinces(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = scoped_staff(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- Change form -------------------------------------------------------------------------
    def check_change(self, request: HttpRequest, obj: models.Model, values: dict[str, Any]) -> None:
        """The service's rules on changing `obj` to `values` (the fields the form changed, by
        name), run while the change form validates: a ValidationError is shown on the fields it
        names and nothing is saved. Override to call the service's check (e.g. that the rows
        chosen belong to the record's ward: `wardsec.validators.check_ward_relations`); the
        service checks again when it saves."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or type(self).check_change is WardScopedAdmin.check_change:
            return form
        return _checked_form(
            form, lambda instance, values: self.check_change(request, instance, values)
        )

    def single_ward(self, request: HttpRequest):
        """The one active ward the user works in, or None when they have several (or all)."""
        return single_ward(request)

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self.ward_field and self.single_ward(request) is not None:
            exclude.append(self.ward_field)
        return exclude

    # --- Audit -------------------------------------------------------------------------------
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._audit_before = audit.snapshot(obj)
        return obj

    def save_model(self, request, obj, form, change):
        if self.ward_field and not change and not getattr(obj, f"{self.ward_field}_id", None):
            ward = self.single_ward(request)
            if ward is not None:
                setattr(obj, self.ward_field, ward)
        before = getattr(obj, "_audit_before", None) if change else None
        super().save_model(request, obj, form, change)
        audit.saved(obj, actor=signed_in(request), before=before)

    def delete_model(self, request, obj):
        audit.deleted(obj, actor=signed_in(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                audit.deleted(obj, actor=signed_in(request))
            super().delete_queryset(request, queryset)

    # --- Export ------------------------------------------------------------------------------
    def get_export_fields(self) -> list[str]:
        names = [f.name for f in self.model._meta.concrete_fields]
        if self.export_many_to_many:
            names += [f.name for f in self.model._meta.many_to_many]
        excluded = audit.ALWAYS_EXCLUDED | set(getattr(self.model, "audit_exclude", ()))
        # Secrets (sensitive fields nobody may read) are never exported.
        excluded |= {name for name, perm in sensitive.declared(self.model).items() if perm is None}
        return [name for name in names if name not in excluded]

    def audit_export(self, request: HttpRequest, objects: list[models.Model]) -> None:
        """Called by wardsec.exports after the rows of an export (XLSX or CSV) were written."""
        ward_path = self.export_ward_path()
        counts: Counter[int | None] = Counter(_ward_id_of(obj, ward_path) for obj in objects)
        self._audit_export(request, counts or Counter({None: 0}))

    def export_ward_path(self) -> str | None:
        """The path from a row to its ward (`ward`, `case__ward`, `pk` for a ward itself), or
        None for rows that belong to no ward (provinces, catalogues)."""
        if self.model._meta.label == "wards.Ward":
            return "pk"
        for path in (self.ward_field, "ward", *_parent_ward_paths(self.model)):
            if path and _is_relation(self.model, path):
                return path
        return None

    def _audit_export(self, request: HttpRequest, counts: Counter[int | None]) -> None:
        """One EXPORT entry per ward whose rows left, so each ward's commander sees it in the
        ward's log (a province leader's export of ten wards: ten entries). Rows of no ward go
        to one entry without a ward, as before (superusers see it)."""
        from wards.models import Ward

        wards = Ward.objects.with_scopes_disabled().in_bulk([pk for pk in counts if pk])
        label = self.model._meta.label
        for ward_id, count in sorted(counts.items(), key=lambda item: item[0] or 0):
            audit.record(
                action=AuditAction.EXPORT,
                actor=signed_in(request),
                ward=wards.get(ward_id) if ward_id else self.single_ward(request),
                note=f"{label}: {count}",
            )


class CatalogueAdmin(WardScopedAdmin):
    """A list that is data, shared by every ward (kinds, topics, formats, …): administrators
    add and change its rows, everyone else reads; nothing is deleted (past records name them)."""

    ward_field = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _checked_form(form_class: type, check: Any) -> type:
    """`form_class` whose validation ends with `check(instance, changed values)`; its
    ValidationError becomes the form's errors, on the fields it names."""

    class CheckedForm(form_class):  # type: ignore[misc, valid-type]
        def clean(self) -> dict[str, Any]:
            cleaned = super().clean()
            values = {name: cleaned[name] for name in self.changed_data if name in cleaned}
            try:
                check(self.instance, values)
            except ValidationError as refusal:
                add_service_errors(self, refusal)
            return cleaned

    CheckedForm.__name__ = CheckedForm.__qualname__ = form_class.__name__
    return CheckedForm


def _parent_ward_paths(model: type[models.Model]) -> list[str]:
    """`<fk>__ward` for each foreign key to a model that has its own ward (Subject: case)."""
    return [
        f"{field.name}__ward"
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.related_model is not None
        and any(f.name == "ward" for f in field.related_model._meta.fields)
    ]


def _ward_id_of(obj: models.Model, path: str | None) -> int | None:
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    value: Any = obj
    for part in path.split("__")[:-1]:
        value = getattr(value, part, None)
    return getattr(value, f"{path.split('__')[-1]}_id", None) if value is not None else None


def single_ward(request: HttpRequest):
    """The one active ward the user works in, or None when they have several (or all).
    Memoised on the request (the list, its columns and its filters all ask)."""
    from wards.models import Ward

    if not hasattr(request, "_wardsec_single_ward"):
        ward_ids = request_ward_ids(request)
        one = None
        if ward_ids is not ALL_WARDS and ward_ids:
            one = Ward.objects.active().filter(pk__in=ward_ids).only_one()
        request._wardsec_single_ward = one  # type: ignore[attr-defined]
    return request._wardsec_single_ward  # type: ignore[attr-defined]


def scoped_staff(request: HttpRequest) -> models.QuerySet:
    """People who work in the request's wards (for assignee and similar choices)."""
    user_model = get_user_model()
    ward_ids = request_ward_ids(request)
    if ward_ids is ALL_WARDS:
        return user_model.objects.filter(is_active=True)
    from wards.models import Membership

    staff = Membership.objects.with_scopes_disabled().staff(ward_ids).people()
    return staff.order_by(*names.ORDERING)  # by given name, as Vietnamese lists of people are


def scoped_provinces(request: HttpRequest) -> models.QuerySet:
    from wards.models import Province

    return Province.objects.covering(request_ward_ids(request))


class ReadOnlyAdmin(WardScopedAdmin):
    """For records nobody may change through the admin (the audit log, the outbox)."""

    actions = []

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoleFilter(admin.SimpleListFilter):
    """The log's roles by their names (the column stores the role's code)."""

    title = _("vai trò")
    parameter_name = "actor_role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        from wards.choices import Role

        return [*Role.choices, ("superuser", timeline.role_label("superuser"))]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.filter(actor_role=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The log as a commander reads it (wardsec.timeline): events and roles by their names,
    local times, changes by field labels and display values, a link to the record for those
    who may open it; search by a record's code as printed (apps register the lookup)."""

    list_display = ["time_column", "actor_column", "event_column", "object_column"]
    list_display += ["changes_column"]
    list_filter = ["action", RoleFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "actor_label", "event", "request_id", "object_id"]
    search_help_text = _("Tìm theo số tham chiếu (TB-2021-000123), bản ghi, người thực hiện.")
    date_hierarchy = "created_at"
    list_select_related = ["ward", "actor"]
    readonly_fields = [
        "time_column",
        "actor_column",
        "event_column",
        "object_column",
        "ward",
        "changes_table",
        "note",
        "request_id",
    ]
    fields = readonly_fields  # type: ignore[assignment]  # the same names, read-only

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        """Reads the page's entries once, with their related records (one query per model)."""
        changelist = super().get_changelist_instance(request)
        _make_readable(request, self, list(changelist.result_list))
        return changelist

    def get_object(self, request, object_id, from_field=None):
        entry = super().get_object(request, object_id, from_field)
        if entry is not None:
            _make_readable(request, self, [entry])
        return entry

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        by_code = timeline.audit_search(search_term.strip()) if search_term.strip() else None
        if by_code is not None:
            results = results | queryset.filter(by_code)
        return results, may_have_duplicates

    @admin.display(description=_("thời điểm"), ordering="created_at")
    def time_column(self, entry: AuditEntry) -> str:
        return formats.date_format(timezone.localtime(entry.created_at), "H:i:s d/m/Y")

    @admin.display(description=_("người thực hiện"), ordering="actor_label")
    def actor_column(self, entry: AuditEntry) -> str:
        readable = _readable_of(entry)
        if not readable.role:
            return readable.actor
        return format_html('{}<br><span class="help">{}</span>', readable.actor, readable.role)

    @admin.display(description=_("việc"), ordering="event")
    def event_column(self, entry: AuditEntry) -> str:
        return _readable_of(entry).label

    @admin.display(description=_("bản ghi"), ordering="object_repr")
    def object_column(self, entry: AuditEntry) -> str:
        url = getattr(entry, "_record_url", None)
        return (
            format_html('<a href="{}">{}</a>', url, entry.object_repr) if url else entry.object_repr
        )

    @admin.display(description=_("thay đổi"))
    def changes_column(self, entry: AuditEntry) -> str:
        changes = _readable_of(entry).changes
        return format_html_join(
            mark_safe("<br>"), "{}: {} → {}", ((c.label, c.old, c.new) for c in changes)
        )

    @admin.display(description=_("thay đổi"))
    def changes_table(self, entry: AuditEntry) -> str:
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            ((c.label, c.old, c.new) for c in _readable_of(entry).changes),
        )
        if not rows:
            return "—"
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("Trường"),
            gettext("Trước"),
            gettext("Sau"),
        )
        return format_html('<table class="wardsec-audit-changes">{}{}</table>', head, rows)


def _make_readable(request: HttpRequest, model_admin: admin.ModelAdmin, entries: list) -> None:
    """Attach to each entry its readable form and, when the user may open the record in the
    admin, the record's URL."""
    for entry, readable in zip(entries, timeline.readable(entries), strict=True):
        entry._readable = readable
        entry._record_url = _record_url(request, model_admin.admin_site, entry)


def _readable_of(entry: AuditEntry) -> timeline.ReadableEntry:
    readable = getattr(entry, "_readable", None)
    return readable if readable is not None else timeline.readable([entry])[0]


def _record_url(request: HttpRequest, site: admin.AdminSite, entry: AuditEntry) -> str | None:
    if not entry.content_type_id or not entry.object_id:
        return None
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    model_admin = site._registry.get(model) if model is not None else None
    if model_admin is None or not model_admin.has_view_permission(request):
        return None
    opts = model._meta  # type: ignore[union-attr]  # model_admin exists, so model does
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[entry.object_id],
        current_app=site.name,
    )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["kind", "ward", "created_at", "attempts", "sent_at", "failed_at"]
    list_filter = ["kind", "ward"]
    list_select_related = ["ward"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Gửi lại"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        from wardsec import outbox

        ids = list(queryset.filter(sent_at__isnull=True).values_list("pk", "ward_id"))
        queryset.filter(sent_at__isnull=True).update(failed_at=None, claimed_at=None)
        sent = sum(outbox.publish(pk, ward_id) for pk, ward_id in ids)
        self.message_user(
            request,
            ngettext("Đã gửi lại %(count)d việc.", "Đã gửi lại %(count)d việc.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )
