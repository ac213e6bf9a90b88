"""Fixtures of the campaigns tests: the shipped lists (a transactional test elsewhere may have
flushed them)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from campaigns.catalogue import ensure_catalogue


@pytest.fixture(autouse=True)
def _catalogue(db):
    with scopes_disabled():
        ensure_catalogue()
