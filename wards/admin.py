"""Admin of provinces, wards, neighbourhoods and memberships."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from wards import models, services
from wardsec import names
from wardsec.admin import WardScopedAdmin, scoped_provinces
from wardsec.users import signed_in


@admin.register(models.Province)
class ProvinceAdmin(WardScopedAdmin):
    """Provinces are not ward-owned; a user sees the provinces of the wards in their scope."""

    ward_field = None
    list_display = ["name", "code", "kind", "merged_into", "merged_on", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def get_queryset(self, request: HttpRequest):
        return scoped_provinces(request).select_related("merged_into")


class WardFormerNameInline(admin.TabularInline):
    model = models.WardFormerName
    extra = 0


class NeighbourhoodInline(admin.TabularInline):
    model = models.Neighbourhood
    extra = 0
    fields = ["name", "kind", "is_active"]
    show_change_link = True


@admin.register(models.Ward)
class WardAdmin(WardScopedAdmin):
    ward_field = None
    list_display = [
        "name",
        "code",
        "kind",
        "province",
        "district_name",
        "merged_into",
        "is_active",
        "accepts_public_tips",
    ]
    list_filter = ["kind", "province", "is_active", "accepts_public_tips"]
    list_select_related = ["province", "merged_into"]
    search_fields = ["name", "code", "district_name", "former_names__name"]
    inlines = [WardFormerNameInline, NeighbourhoodInline]


@admin.register(models.Neighbourhood)
class NeighbourhoodAdmin(WardScopedAdmin):
    list_display = ["name", "kind", "ward", "is_active"]
    list_filter = ["kind", "is_active", "ward"]
    list_select_related = ["ward"]
    search_fields = ["name", "ward__name"]


class MembershipAdminForm(forms.ModelForm):
    """Checks the rules across rows (one role per person) as form errors.

    No Meta: the admin builds the fields at request time, inside the ward scope (a ModelForm
    with Meta.model would query the scoped managers at import). `request` is set by
    `MembershipAdmin.get_form`: only a superuser widens a membership in time.
    """

    request: HttpRequest | None = None

    def clean(self):
        data = super().clean()
        if not self.errors:
            # Read-only fields (see MembershipAdmin.get_readonly_fields) keep the row's values.
            def value(name: str):
                return data.get(name) if name in self.fields else getattr(self.instance, name, None)

            services.validate_membership(
                user=value("user"),
                role=value("role"),
                ward=value("ward"),
                province=value("province"),
                exclude_pk=self.instance.pk,
            )
            services.validate_membership_dates(
                membership=self.instance,
                starts_on=value("starts_on"),
                ends_on=value("ends_on"),
                actor=signed_in(self.request) if self.request else None,
            )
        return data


@admin.register(models.Membership)
class MembershipAdmin(WardScopedAdmin):
    """Memberships change through the services, which keep the person's groups in step."""

    ward_field = None
    list_display = ["person", "role", "ward", "province", "is_duty_officer", "starts_on", "ends_on"]
    person = names.person_column("user", models.Membership._meta.get_field("user").verbose_name)
    list_filter = ["role", "ward", "is_duty_officer"]
    list_select_related = ["user", "ward", "province"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "ward__name"]
    autocomplete_fields = ["ward"]
    form = MembershipAdminForm
    fields = ["user", "role", "ward", "province", "is_duty_officer", "starts_on", "ends_on"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request
        return form

    def get_readonly_fields(self, request, obj=None):
        # Who works where, in which role, is the superusers' decision: a commander edits the
        # dates and duty flag of their ward's memberships but cannot widen anyone's scope (their
        # own included), e.g. by turning a membership into a province leadership.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["user", "role", "ward", "province"]

    def save_model(self, request, obj, form, change):
        if change:
            services.change_membership(membership=obj, actor=request.user, before=obj._audit_before)
        else:
            saved = services.grant_membership(
                user=obj.user,
                role=obj.role,
                ward=obj.ward,
                province=obj.province,
                starts_on=obj.starts_on,
                is_duty_officer=obj.is_duty_officer,
                actor=request.user,
            )
            # The admin goes on with `obj` (its log entry, its redirect): give it the row's id.
            obj.pk = saved.pk
            obj._state.adding = False
