from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

RECORDS = [
    "outreachplan",
    "outreachsession",
    "broadcast",
    "movementevent",
    "feedbackitem",
    "donation",
    "giftdistribution",
    "charityhouse",
    "fundcontribution",
]
CATALOGUES = ["outreachformat", "outreachtopic", "partner", "fund", "beneficiarygroup"]
READ = [f"view_{name}" for name in [*RECORDS, *CATALOGUES, "sessionphoto"]]
# Officers record what happened and correct it; nobody deletes (the audit log would be all
# that is left of a session the figures counted).
OFFICER = [
    *READ,
    *(f"add_{name}" for name in RECORDS if name != "outreachplan"),
    *(f"change_{name}" for name in RECORDS if name != "outreachplan"),
    "add_sessionphoto",
]
COMMANDER = [*OFFICER, "add_outreachplan", "change_outreachplan"]


class CampaignsConfig(AppConfig):
    name = "campaigns"
    # Names of its choice sets in the OpenAPI schema (several apps have a "kind").
    api_enum_names = {
        "EventKindEnum": "campaigns.choices.EventKind",
        "DonorKindEnum": "campaigns.choices.DonorKind",
    }
    verbose_name = _("Tuyên truyền, vận động")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": OFFICER,
        # The yearly plan and its targets are the commander's.
        "commander": COMMANDER,
        # Province leadership reads the records and the figures.
        "leader": READ,
    }
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    api_router = "campaigns.api.urls.router"
    demo_loader = "campaigns.demo.load"
    figures_provider = [
        ("outreach", "campaigns.figures.outreach_figures"),
        ("welfare", "campaigns.figures.welfare_figures"),
    ]
    # The residents' feedback items still open, on the officer's "Việc hôm nay".
    today = "campaigns.today.section"
