"""What the apps contribute to the platform, declared on their `AppConfig` and discovered here.

The platform never names a domain app: it walks `django.apps.apps.get_app_configs()` and reads
these attributes (each optional; dotted paths are imported only when used):

==================== ===============================================================================
attribute            meaning
==================== ===============================================================================
`urls`               `[(prefix, "app.urls_module"), ...]` public URL includes, after the platform's
`api_router`         `"app.api.urls.router"`: a DRF router whose registrations join `/api/v1/`
`beat_schedule`      `{name: {"task": "app.tasks.x", "schedule": ...}}` Celery beat entries
`demo_loader`        `"app.demo.load"`: `load(context) -> str | None`, run by `manage.py load_demo`
`figures_provider`   `(section, "app.figures.func")`: the app's section of a report
                     (see `wardsec.figures`); a list of such pairs for an app that writes
                     several sections (campaigns: "outreach" and "welfare")
`machine_paths`      URL prefixes answered in the client's `Accept-Language` (no switcher)
`role_permissions`   `{role: [codename, ...]}` (read by `wards.roles`)
`today`              `"app.today.section"`: `section(request) -> Section | None`, the app's open
                     work on the officer's front page "Việc hôm nay" (see `wardsec.today`)
`api_enum_names`     `{"EventKindEnum": "app.choices.EventKind"}`: names of the app's choice sets
                     in the OpenAPI schema (drf-spectacular's `ENUM_NAME_OVERRIDES`), where two
                     apps' fields share a name such as "kind"
==================== ===============================================================================

Layers (checked by `tests/test_layers.py`): the platform is `wardsec/` (machinery) together with
`wards/` (tenancy: provinces, wards, mergers, who works where). Ward isolation *is* the platform's
job and cannot be written without the tenant model, so the two form one layer and may import each
other; neither imports a domain app (`tips`, `campaigns`, `models_registry`, `core_forces`,
`mediation`, `reports`). Domain apps import the platform, never the other way round: that is the
one-way dependency. Apps reach the platform only through the declarations above.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_string
from rest_framework.routers import DefaultRouter

DECLARATIONS = (
    "urls",
    "api_router",
    "beat_schedule",
    "demo_loader",
    "figures_provider",
    "machine_paths",
    "role_permissions",
    "today",
    "api_enum_names",
)


def declarations(attribute: str) -> Iterator[tuple[AppConfig, Any]]:
    """(app config, value) for every installed app that declares `attribute`, in the order of
    INSTALLED_APPS (the platform first)."""
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if value:
            yield config, value


def url_includes() -> list[URLPattern | URLResolver]:
    """Every app's public URL includes, in INSTALLED_APPS order."""
    return [
        path(prefix, include(module))
        for _config, includes in declarations("urls")
        for prefix, module in includes
    ]


def api_router() -> DefaultRouter:
    """One router for `/api/v1/` holding every app's registrations (one API root lists them
    all). Two apps claiming the same prefix or basename is a configuration error."""
    router = DefaultRouter()
    prefixes: dict[str, str] = {}
    basenames: dict[str, str] = {}
    for config, dotted in declarations("api_router"):
        for prefix, viewset, basename in import_string(dotted).registry:
            for seen, key in ((prefixes, prefix), (basenames, basename)):
                if key in seen:
                    raise ImproperlyConfigured(
                        f"{config.label} registers {key!r}, already registered by {seen[key]}"
                    )
                seen[key] = config.label
            router.register(prefix, viewset, basename=basename)
    return router


def beat_schedule() -> dict[str, dict[str, Any]]:
    """The platform's own beat entries (settings.CELERY_BEAT_SCHEDULE) plus every app's."""
    schedule = dict(getattr(settings, "CELERY_BEAT_SCHEDULE", {}))
    for config, entries in declarations("beat_schedule"):
        for name, entry in entries.items():
            if name in schedule:
                raise ImproperlyConfigured(f"{config.label}: beat entry {name!r} declared twice")
            schedule[name] = entry
    return schedule


def demo_loaders() -> list[tuple[str, Callable[[Any], str | None]]]:
    """(app label, loader) for every app with demo records."""
    return [(config.label, import_string(dotted)) for config, dotted in declarations("demo_loader")]


def figures_declarations() -> Iterator[tuple[AppConfig, str, str]]:
    """(app config, section, dotted path) of every figures provider; an app declares one
    `(section, dotted)` pair or a list of them."""
    for config, declared in declarations("figures_provider"):
        pairs = [declared] if isinstance(declared[0], str) else declared
        for section, dotted in pairs:
            yield config, section, dotted


def figures_providers() -> dict[str, Callable[..., Any]]:
    """{section name: provider} of every app that contributes figures to reports."""
    providers: dict[str, Callable[..., Any]] = {}
    for config, section, dotted in figures_declarations():
        if section in providers:
            raise ImproperlyConfigured(f"{config.label}: figures section {section!r} taken")
        providers[section] = import_string(dotted)
    return providers


def machine_paths() -> tuple[str, ...]:
    """URL prefixes of machine clients (REST API, Open311): they follow Accept-Language."""
    return tuple(prefix for _config, paths in declarations("machine_paths") for prefix in paths)


def today() -> list[tuple[AppConfig, str]]:
    """(app config, dotted path) of every app that lists its open work on "Việc hôm nay"."""
    return list(declarations("today"))


def api_enum_names() -> dict[str, str]:
    """Component names of the apps' choice sets in the OpenAPI schema; a name taken twice is a
    configuration error."""
    names: dict[str, str] = {}
    for config, declared in declarations("api_enum_names"):
        for name, dotted in declared.items():
            if name in names and names[name] != dotted:
                raise ImproperlyConfigured(f"{config.label}: OpenAPI enum name {name!r} taken")
            names[name] = dotted
    return names
