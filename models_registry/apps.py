from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READ = [
    "view_modelkind",
    "view_preventionmodel",
    "view_contribution",
    "view_asset",
    "view_fault",
    "view_evaluation",
]
OFFICER = [
    *READ,
    "add_preventionmodel",
    "change_preventionmodel",
    "add_contribution",
    "add_asset",
    "change_asset",
    "add_fault",
    "change_fault",
]
# People under community supervision: the commander's (and whoever the commander gives
# `view_supervision` to); a plain officer neither reads nor exports them.
SUPERVISION = [
    "view_supervision",
    "view_supervisedperson",
    "add_supervisedperson",
    "change_supervisedperson",
    "view_checkin",
    "add_checkin",
]
COMMANDER = [*OFFICER, "evaluate_preventionmodel", *SUPERVISION]


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    # Names of its choice sets in the OpenAPI schema (several apps have a "kind").
    api_enum_names = {
        "AssetKindEnum": "models_registry.choices.AssetKind",
    }
    verbose_name = _("Mô hình phòng, chống tội phạm")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": OFFICER,
        # The yearly evaluation and the supervision records are the commander's.
        "commander": COMMANDER,
        # Province leadership reads the models and their figures, never the supervised people.
        "leader": READ,
    }
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    api_router = "models_registry.api.urls.router"
    demo_loader = "models_registry.demo.load"
    figures_provider = ("models", "models_registry.figures.model_figures")
    today = "models_registry.today.section"
