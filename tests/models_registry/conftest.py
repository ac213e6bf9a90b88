"""Fixtures of the models registry tests: the shipped kinds (a transactional test elsewhere may
have flushed them) and each ward's neighbourhoods."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from core_forces.catalogue import ensure_catalogue as ensure_unit_kinds
from models_registry.catalogue import ensure_catalogue


@pytest.fixture(autouse=True)
def _catalogue(db):
    with scopes_disabled():
        ensure_catalogue()
        ensure_unit_kinds()
