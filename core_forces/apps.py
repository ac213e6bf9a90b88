from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READ = [
    "view_unitkind",
    "view_forceunit",
    "view_forcemember",
    "view_unitmembership",
    "view_trainingtopic",
    "view_trainingcourse",
    "view_trainingattendance",
    "view_patrol",
    "view_allowancerate",
]
OFFICER = [
    *READ,
    "add_forcemember",
    "change_forcemember",
    "view_member_identity",
    "add_trainingcourse",
    "change_trainingcourse",
    "add_trainingattendance",
    "change_trainingattendance",
    "add_patrol",
    "change_patrol",
]
COMMANDER = [
    *OFFICER,
    "add_forceunit",
    "change_forceunit",
    "add_unitmembership",
    "change_unitmembership",
    "add_allowancerate",
    "change_allowancerate",
]


class CoreForcesConfig(AppConfig):
    name = "core_forces"
    # Names of its choice sets in the OpenAPI schema (several apps have a "kind").
    api_enum_names = {
        "PatrolKindEnum": "core_forces.choices.PatrolKind",
    }
    verbose_name = _("Lực lượng nòng cốt")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": OFFICER,
        # Appointing, moving and releasing members, founding units and setting allowances are
        # the commander's decisions.
        "commander": COMMANDER,
        # Province leadership reads the forces and the figures, not personal data.
        "leader": READ,
    }
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    api_router = "core_forces.api.urls.router"
    demo_loader = "core_forces.demo.load"
    figures_provider = ("core_forces", "core_forces.figures.core_force_figures")
    today = "core_forces.today.section"
