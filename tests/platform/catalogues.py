"""The lists the migrations ship (offence categories, unit kinds, dispute kinds, …), put back
for a test that needs them after a transactional test (which flushes every table) ran before it."""

from __future__ import annotations

from django_scopes import scopes_disabled


def restore_catalogues() -> None:
    """Put back the lists the migrations ship (offence categories, unit kinds, …): a
    transactional test before this one may have flushed them, and the demo needs them."""
    import importlib

    from django.apps import apps

    from tests.tips.factories import ensure_catalogue

    with scopes_disabled():
        ensure_catalogue()
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.catalogue")
            except ModuleNotFoundError:
                continue
            if hasattr(module, "ensure_catalogue"):
                module.ensure_catalogue()
