from datetime import timedelta

from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READ = ["view_report"]


class ReportsConfig(AppConfig):
    name = "reports"
    # Names of its choice sets in the OpenAPI schema (several apps have a "kind").
    api_enum_names = {
        "ReportScopeKindEnum": "reports.choices.ScopeKind",
    }
    verbose_name = _("Báo cáo")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": READ,
        "commander": [*READ, "request_report"],
        # Requesting a report reads figures; it changes no ward's data.
        "leader": [*READ, "request_report"],
    }
    # Contributions to the platform (wardsec.registry; tests/wardsec/test_registry.py).
    api_router = "reports.api.urls.router"
    today = "reports.today.section"
    urls = [("reports/", "reports.urls")]
    beat_schedule = {
        # Daily; the editable ReportSchedule row decides whether today is a report day
        # (2 January: the yearly reports; the 1st: the monthly ones).
        "request-scheduled-reports": {
            "task": "reports.tasks.run_schedule",
            "schedule": crontab(hour=0, minute=30),
        },
        "sweep-stale-report-builds": {
            "task": "reports.tasks.sweep_stale_builds",
            "schedule": timedelta(minutes=5),
        },
    }
