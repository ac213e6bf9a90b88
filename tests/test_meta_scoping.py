"""Every ward-owned model of the project fails closed.

A model is ward-owned when a chain of foreign keys leads from it to `wards.Ward` (a tip through
its ward, a subject through its case, a widget part through its widget). Each one's default
manager must refuse a query outside a scope (django-scopes' ScopeError) and filter by the
`ward` dimension, so that a forgotten scope is an error and not a leak. New apps are covered
without being listed: the walk takes every installed model whose app lives in this project.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django_scopes import ScopeError, scope

from wardsec.scoping import ward_scope

PROJECT = Path(settings.BASE_DIR).resolve()
WARD = "wards.Ward"

# Models that reach a ward yet are deliberately not scoped. Keep it empty unless a model truly
# cannot be (and say why here).
ALLOWED_UNSCOPED: dict[str, str] = {}


def is_project_model(model: type[models.Model]) -> bool:
    path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
    return (path == PROJECT or PROJECT in path.parents) and ".venv" not in path.parts


def reaches_ward(model: type[models.Model]) -> bool:
    """True when forward foreign keys (or one-to-ones) lead from `model` to wards.Ward."""
    seen: set[str] = set()
    queue: deque[type[models.Model]] = deque([model])
    while queue:
        current = queue.popleft()
        if current._meta.label == WARD:
            return True
        if current._meta.label in seen:
            continue
        seen.add(current._meta.label)
        for field in current._meta.concrete_fields:
            if field.many_to_one or field.one_to_one:
                queue.append(field.related_model)
    return False


PROJECT_MODELS = sorted(
    (m for m in apps.get_models() if is_project_model(m)), key=lambda m: m._meta.label
)
WARD_OWNED = [m for m in PROJECT_MODELS if reaches_ward(m)]


def test_the_walk_finds_the_known_ward_owned_models():
    """Guards the walk itself: if it found nothing, the test below would pass vacuously."""
    labels = {m._meta.label for m in WARD_OWNED}
    assert {
        "wards.Ward",
        "wards.Neighbourhood",
        "wards.Membership",
        "wards.WardFormerName",
        "wardsec.AuditEntry",
        "wardsec.OutboxMessage",
        "scopedapp.Widget",
        "scopedapp.WidgetPart",  # through its widget: a chain, not a direct key
    } <= labels
    assert "wards.Province" not in labels
    apps_walked = {m._meta.app_label for m in PROJECT_MODELS}
    assert {"wardsec", "wards", "scopedapp"} <= apps_walked
    assert not apps_walked & {"auth", "contenttypes", "axes", "authtoken", "sessions", "admin"}


def test_the_allow_list_names_real_models():
    labels = {m._meta.label for m in WARD_OWNED}
    assert set(ALLOWED_UNSCOPED) <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("model", WARD_OWNED, ids=lambda m: m._meta.label)
def test_ward_owned_models_have_a_scoped_default_manager(model):
    if model._meta.label in ALLOWED_UNSCOPED:
        pytest.skip(ALLOWED_UNSCOPED[model._meta.label])
    manager = model._default_manager
    # Outside any scope, and in a scope that names no ward: refused.
    with pytest.raises(ScopeError):
        manager.exists()
    with scope(), pytest.raises(ScopeError):
        manager.exists()
    # In a ward scope the manager filters on a lookup that really leads to the ward.
    with ward_scope([]):
        assert manager.count() == 0
    with ward_scope([0]):
        manager.exists()
