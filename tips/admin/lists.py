"""The offence list (data that administrators extend) and the Open311 clients."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tips import admin_forms, services
from tips.admin.base import is_superuser
from tips.models import OffenceCategory, Open311Client
from wardsec.admin import WardScopedAdmin, scoped_provinces
from wardsec.users import signed_in
from wardsec.workflow import Step, WorkflowAdmin


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(WardScopedAdmin):
    """The offence list is data: administrators extend it; everyone else reads it."""

    ward_field = None
    list_display = ["name", "code", "penal_code_article", "is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "code", "penal_code_article"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)


@admin.register(Open311Client)
class Open311ClientAdmin(WorkflowAdmin, WardScopedAdmin):
    """Outside systems that submit tips by Open311. The key is shown once, when issued."""

    ward_field = None
    list_display = ["name", "province", "key_prefix", "is_active", "last_used_at", "created_at"]
    list_filter = ["is_active", "province"]
    search_fields = ["name", "key_prefix"]
    list_select_related = ["province"]
    fields = ["name", "province", "key_prefix", "is_active", "last_used_at", "created_at"]
    readonly_fields = ["province", "key_prefix", "last_used_at", "created_at"]
    add_step = Step(
        name="add",
        label=_("Cấp khóa Open311"),
        form_class=admin_forms.Open311ClientAddForm,
        run=lambda request, obj, data: services.issue_open311_client(
            name=data["name"], province=data["province"], actor=signed_in(request)
        ),
        message=lambda issued: (
            gettext(
                "Đã cấp khóa cho %(name)s. Khóa API: %(key)s — hãy sao chép ngay và chuyển an "
                "toàn cho đơn vị quản lý hệ thống; khóa chỉ hiện một lần này."
            )
            % {"name": issued[0].name, "key": issued[1]}
        ),
        permission="add",
        submit_label=_("Cấp khóa"),
        form_kwargs=lambda request, obj: {"request": request},
        lands_on=lambda issued: issued[0],
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if is_superuser(request):
            return queryset
        return queryset.filter(province__in=scoped_provinces(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)
