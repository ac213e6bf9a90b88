from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class WardSecConfig(AppConfig):
    default = True
    name = "wardsec"
    verbose_name = _("Hệ thống")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "commander": ["view_auditentry"],
        "leader": ["view_auditentry"],
    }


class WardSecAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with WardSec's site (header naming the user's ward, scoped index)."""

    default = False
    default_site = "wardsec.sites.WardSecAdminSite"
