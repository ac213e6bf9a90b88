"""The admin site of WardSec: its header names the user's ward, its index their workplace.

Kept apart from `wardsec.admin` on purpose: Django resolves `default_site` by importing this
module while the first `admin.site.register` call is being made, so this module must not
register anything itself (a registration made while the lazy default site is being set up goes
to a second instance that is then discarded).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog


def request_ward_ids(request: HttpRequest) -> Any:
    return getattr(request, "ward_ids", [])


class WardSecAdminSite(admin.AdminSite):
    site_title = _("WardSec")
    site_header = _("WardSec — Hệ thống nghiệp vụ Công an phường/xã")
    # The front page is the officer's day: what is new, overdue, theirs (wardsec.today).
    index_title = _("Việc hôm nay")
    index_template = "admin/wardsec_index.html"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every admin on this site, Django's and third parties' included, accepts only its
        declared lookups (wardsec.changelist)."""
        from wardsec.changelist import with_declared_lookups_only

        admin_class = with_declared_lookups_only(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    def i18n_javascript(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The admin's JavaScript catalogue, completed in Vietnamese by locale/vi/djangojs.po (day
        names, the two-list selector), which Django's own catalogue leaves in English."""
        view = JavaScriptCatalog.as_view(packages=["django.contrib.admin", "wardsec"])
        return cast(HttpResponse, view(request))  # the catalogue view answers an HttpResponse

    def index(self, request: HttpRequest, extra_context: Any = None) -> TemplateResponse:
        """ "Việc hôm nay": each app's open work for this user, counted and linked to the
        filtered lists (wardsec.today), above the usual list of the user's models."""
        from wardsec import today

        context = {"today_sections": today.sections(request), **(extra_context or {})}
        return super().index(request, context)

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        context.update(workplace(request))
        if context.get("wardsec_wards"):
            names = ", ".join(str(w) for w in context["wardsec_wards"][:3])
            context["site_header"] = _("WardSec — %(wards)s") % {"wards": names}
        return context


def workplace(request: HttpRequest) -> dict[str, Any]:
    """The wards and roles of the signed-in user, for the header and the index page."""
    from wards.models import Membership, Ward

    user = request.user
    if not user.is_authenticated:
        return {}
    if user.is_superuser:
        return {"wardsec_wards": [], "wardsec_roles": [_("Quản trị hệ thống")]}
    memberships = list(
        Membership.objects.with_scopes_disabled()
        .current()
        .filter(user=user)
        .select_related("ward", "province")
    )
    ward_ids = request_ward_ids(request)
    wards = (
        list(Ward.objects.with_scope(ward=ward_ids).active().select_related("province"))
        if ward_ids
        else []
    )
    return {
        "wardsec_wards": wards,
        "wardsec_roles": sorted({m.get_role_display() for m in memberships}),
        "wardsec_memberships": memberships,
    }
