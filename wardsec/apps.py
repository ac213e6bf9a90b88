from typing import Any

from django.apps import AppConfig
from django.conf import settings
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
    # What apps contribute is declared on their AppConfig and read by `wardsec.registry`.
    machine_paths = ("/api/",)

    def ready(self) -> None:
        from wardsec import checks, registry  # noqa: F401 - checks registers itself
        from wardsec.celery import app

        # Beat entries come from every app (settings hold only the platform's own).
        app.conf.beat_schedule = registry.beat_schedule()
        # The apps' choice-set names join drf-spectacular's overrides (the settings name no app).
        spectacular: dict[str, Any] = settings.SPECTACULAR_SETTINGS
        spectacular.setdefault("ENUM_NAME_OVERRIDES", {}).update(registry.api_enum_names())


class WardSecAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with WardSec's site (header naming the user's ward, scoped index)."""

    default = False
    default_site = "wardsec.sites.WardSecAdminSite"
