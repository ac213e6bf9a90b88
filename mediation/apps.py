from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READ = [
    "view_disputekind",
    "view_mediationteam",
    "view_mediator",
    "view_dispute",
    "view_party",
    "view_mediationsession",
    "view_recordbook",
]
OFFICER = [
    *READ,
    "add_dispute",
    "change_dispute",
    "add_party",
    "view_party_identity",
    "add_mediationsession",
    "add_recordbook",
    "change_recordbook",
]
COMMANDER = [
    *OFFICER,
    "add_mediationteam",
    "change_mediationteam",
    "add_mediator",
    "change_mediator",
]


class MediationConfig(AppConfig):
    """Grassroots mediation (`mediation/__init__.py` holds the rules this app decided)."""

    name = "mediation"
    verbose_name = _("Hòa giải ở cơ sở")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        # Officers receive disputes, record sessions, outcomes and follow-up, keep the books.
        "officer": OFFICER,
        # Founding teams and appointing mediators are the commander's decisions.
        "commander": COMMANDER,
        # Province leadership reads the work and the figures, not the parties' personal data.
        "leader": READ,
    }
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    api_router = "mediation.api.urls.router"
    beat_schedule = {
        "remind-due-agreements": {
            "task": "mediation.tasks.remind_due_agreements",
            "schedule": timedelta(days=1),
        },
    }
    demo_loader = "mediation.demo.load"
    figures_provider = ("mediation", "mediation.figures.mediation_figures")
    today = "mediation.today.section"

    def ready(self) -> None:
        from mediation import (
            notifications,  # noqa: F401  (registers the outbox handler)
            signals,
        )

        signals.connect()
