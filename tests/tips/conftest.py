"""Fixtures of the tips tests: the offence catalogue and tips in ward A and ward B."""

from __future__ import annotations

import pytest

from tests.tips import factories
from tips.models import OffenceCategory


@pytest.fixture
def theft(db):
    return OffenceCategory.objects.get(code="theft")


@pytest.fixture
def gambling(db):
    return OffenceCategory.objects.get(code="gambling")


def submit(ward, category, **overrides):
    """A tip submitted through the service (web channel unless told), returning the receipt."""
    return factories.make_receipt(ward, category=category, **overrides)


@pytest.fixture
def receipt_a(ward_a, theft):
    return submit(ward_a, theft)


@pytest.fixture
def tip_a(receipt_a):
    return receipt_a.tip


@pytest.fixture
def tip_b(ward_b, theft):
    return submit(ward_b, theft).tip
