"""Apps contribute through their AppConfig; every declaration names something real, and the
platform's URLs, API router, beat schedule, demo loaders and locale rules are composed from them."""

from __future__ import annotations

import inspect
from importlib import import_module
from types import SimpleNamespace

import pytest
from celery.local import PromiseProxy
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import import_string
from rest_framework.routers import BaseRouter
from rest_framework.viewsets import ViewSetMixin

from wardsec import registry
from wardsec.celery import app as celery_app
from wardsec.middleware import VietnameseFirstLocaleMiddleware


def declared(attribute: str) -> list[tuple[str, object]]:
    return [(config.label, value) for config, value in registry.declarations(attribute)]


def test_the_apps_declare_what_they_contribute():
    """Not vacuous: tips and wards do declare, so the checks below run over something."""
    assert {label for label, _ in declared("urls")} >= {"tips"}
    assert {label for label, _ in declared("api_router")} >= {"tips", "wards"}
    assert {label for label, _ in declared("beat_schedule")} >= {"tips", "wards"}
    assert {label for label, _ in declared("demo_loader")} >= {"tips"}
    assert {label for label, _ in declared("figures_provider")} >= {"tips"}


def test_every_url_include_is_a_urls_module():
    for label, includes in declared("urls"):
        for prefix, module in includes:
            assert prefix == "" or prefix.endswith("/"), (label, prefix)
            assert import_module(module).urlpatterns, f"{label}: {module} has no urlpatterns"


def test_every_api_router_exists_and_registers_viewsets():
    for label, dotted in declared("api_router"):
        router = import_string(dotted)
        assert isinstance(router, BaseRouter), f"{label}: {dotted} is not a router"
        assert router.registry, f"{label}: {dotted} registers nothing"
        for _prefix, viewset, _basename in router.registry:
            assert issubclass(viewset, ViewSetMixin)


def test_every_registration_is_served_under_api_v1():
    for _label, dotted in declared("api_router"):
        for prefix, _viewset, basename in import_string(dotted).registry:
            assert reverse(f"{basename}-list") == f"/api/v1/{prefix}/"


def test_every_beat_entry_names_a_real_task_and_is_scheduled():
    for label, entries in declared("beat_schedule"):
        for name, entry in entries.items():
            task = import_string(entry["task"])
            assert isinstance(task, PromiseProxy) or hasattr(task, "delay"), (label, name)
            assert celery_app.conf.beat_schedule[name]["task"] == entry["task"]
    assert "publish-outbox" in celery_app.conf.beat_schedule  # the platform's own entry


def test_every_demo_loader_and_figures_provider_is_callable_with_its_signature():
    for label, dotted in declared("demo_loader"):
        assert callable(import_string(dotted)), label
    for config, section, dotted in registry.figures_declarations():
        parameters = inspect.signature(import_string(dotted)).parameters
        assert {"ward_ids", "start", "end"} <= set(parameters), (config.label, section)
        assert all(p.kind is p.KEYWORD_ONLY for p in parameters.values()), (config.label, section)


def test_an_app_may_declare_several_figures_sections(monkeypatch):
    tips = apps.get_app_config("tips")
    (section, dotted) = tips.figures_provider
    several = SimpleNamespace(label="several", figures_provider=[("one", dotted), ("two", dotted)])
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [tips, several])
    assert set(registry.figures_providers()) == {section, "one", "two"}
    clash = SimpleNamespace(label="clash", figures_provider=[("three", dotted), (section, dotted)])
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [tips, clash])
    with pytest.raises(ImproperlyConfigured, match="clash"):
        registry.figures_providers()


def test_machine_paths_come_from_the_apps():
    assert declared("machine_paths")
    for label, paths in declared("machine_paths"):
        for prefix in paths:
            assert prefix.startswith("/") and prefix.endswith("/"), (label, prefix)
            assert prefix in VietnameseFirstLocaleMiddleware.MACHINE_PATHS


def test_every_role_permission_app_is_installed():
    for label, _roles in declared("role_permissions"):
        assert apps.get_app_config(label)


def test_the_apps_name_their_choice_sets_in_the_schema(monkeypatch):
    from django.conf import settings

    names = registry.api_enum_names()
    assert names
    overrides = settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]
    for name, dotted in names.items():
        assert name.endswith("Enum")
        assert overrides[name] == dotted
        assert import_string(dotted).choices
    tips = apps.get_app_config("tips")
    (name, dotted) = next(iter(tips.api_enum_names.items()))
    clash = SimpleNamespace(label="clash", api_enum_names={name: "clash.choices.Other"})
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [tips, clash])
    with pytest.raises(ImproperlyConfigured, match="clash"):
        registry.api_enum_names()
    same = SimpleNamespace(label="same", api_enum_names={name: dotted})
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [tips, same])
    assert registry.api_enum_names() == tips.api_enum_names


@pytest.fixture
def two_apps(monkeypatch):
    """Two fake app configs that collide on every declaration."""
    tips = apps.get_app_config("tips")
    clash = SimpleNamespace(
        label="clash",
        api_router=tips.api_router,
        beat_schedule=tips.beat_schedule,
        figures_provider=tips.figures_provider,
    )
    monkeypatch.setattr(registry.apps, "get_app_configs", lambda: [tips, clash])


@pytest.mark.parametrize("compose", ["api_router", "beat_schedule", "figures_providers"])
def test_two_apps_claiming_the_same_name_is_refused(two_apps, compose):
    with pytest.raises(ImproperlyConfigured, match="clash"):
        getattr(registry, compose)()
