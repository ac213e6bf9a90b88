"""Fixtures of the mediation tests: the shipped kinds (a transactional test elsewhere may have
flushed them) and the offence catalogue the tips app ships."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from mediation.catalogue import ensure_catalogue
from tests.tips import factories as tip_factories


@pytest.fixture(autouse=True)
def _catalogue(db):
    with scopes_disabled():
        ensure_catalogue()
        tip_factories.ensure_catalogue()
