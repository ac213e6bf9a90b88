from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READ = [
    "view_tip",
    "view_tipmessage",
    "view_tipattachment",
    "view_case",
    "view_subject",
    "view_offencecategory",
]
WORK = [
    *READ,
    "add_tip",
    "change_tip",
    "triage_tip",
    "add_tipmessage",
    "view_tipster_contact",
    "add_case",
    "change_case",
    "add_subject",
    "change_subject",
    "view_subject_identity",
]


class TipsConfig(AppConfig):
    name = "tips"
    # Names of its choice sets in the OpenAPI schema (several apps have a "kind").
    api_enum_names = {
        "MessageKindEnum": "tips.choices.MessageKind",
    }
    verbose_name = _("Tin báo, vụ việc")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": WORK,
        # Reopening what counts in past figures is the commander's decision.
        "commander": [*WORK, "view_open311client", "reopen_tip", "reopen_case"],
        # Province leadership reads the work and the figures, not identities or contacts.
        "leader": READ,
    }
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    urls = [("open311/v2/", "tips.open311_urls"), ("", "tips.urls")]
    api_router = "tips.api.urls.router"
    machine_paths = ("/open311/",)
    beat_schedule = {
        "remind-overdue-tips": {
            "task": "tips.tasks.remind_overdue_tips",
            "schedule": timedelta(hours=1),
        },
    }
    demo_loader = "tips.demo.load"
    figures_provider = ("tips", "tips.figures.tip_figures")
    today = "tips.today.section"

    def ready(self) -> None:
        from tips import notifications  # noqa: F401  (registers the outbox handlers)
