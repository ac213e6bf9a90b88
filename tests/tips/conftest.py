"""Fixtures of the tips tests: the offence catalogue and tips in ward A and ward B."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tips import services
from tips.models import OffenceCategory


@pytest.fixture
def theft(db):
    return OffenceCategory.objects.get(code="theft")


@pytest.fixture
def gambling(db):
    return OffenceCategory.objects.get(code="gambling")


def submit(ward, category, **overrides):
    """A tip submitted through the service (web channel unless told), returning the receipt."""
    data = {
        "ward": ward,
        "category": category,
        "description": "Có người lạ bẻ khóa xe máy trong hẻm.",
        "channel": "web",
    } | overrides
    with scopes_disabled():
        return services.submit_tip(**data)


@pytest.fixture
def receipt_a(ward_a, theft):
    return submit(ward_a, theft)


@pytest.fixture
def tip_a(receipt_a):
    return receipt_a.tip


@pytest.fixture
def tip_b(ward_b, theft):
    return submit(ward_b, theft).tip
