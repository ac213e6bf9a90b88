from celery.schedules import crontab
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

VIEW = [
    "view_province",
    "view_ward",
    "view_wardformername",
    "view_neighbourhood",
    "view_membership",
]


def _sync_roles(sender, **kwargs):
    from wards.roles import sync_role_groups

    sync_role_groups()


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = _("Đơn vị hành chính và phân công")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": VIEW,
        "commander": [
            *VIEW,
            "add_neighbourhood",
            "change_neighbourhood",
            "change_membership",
        ],
        "leader": VIEW,
    }
    # Contributions to the platform (see wardsec.registry). `wards` is tenancy, part of the
    # platform layer: it may import `wardsec`, never a domain app.
    api_router = "wards.api.urls.router"
    beat_schedule = {
        "sync-memberships": {
            "task": "wards.tasks.sync_memberships",
            "schedule": crontab(hour=0, minute=5),
        },
    }

    def ready(self) -> None:
        # post_migrate is sent once per app, after that app's permissions were created; the
        # last send therefore sees every permission. Syncing is idempotent and cheap.
        post_migrate.connect(_sync_roles, dispatch_uid="wards.sync_roles")
