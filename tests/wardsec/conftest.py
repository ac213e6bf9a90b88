"""Fixtures of the shared machinery's tests: rows of the throwaway ward-owned model `Widget`
(tests/scopedapp) in every persona's ward, and a ward merged into ward A.

Ward A and ward B are in `province`; ward C is in `other_province`; `predecessor` (in
`other_province`) was merged into ward A, so ward A's people and `province`'s leader see it.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django_scopes import scopes_disabled

from tests import factories
from tests.scopedapp.models import Widget, WidgetPart
from wardsec.models import AuditEntry

REFORM_DAY = datetime.date(2025, 7, 1)


def audit_entries(model, **filters: Any) -> list[AuditEntry]:
    """The audit entries about rows of `model` (a class or an instance), newest first."""
    with scopes_disabled():
        content_type = ContentType.objects.get_for_model(model)
        if isinstance(model, Model):
            filters.setdefault("object_id", str(model.pk))
        return list(AuditEntry.objects.filter(content_type=content_type, **filters))


def make_widget(ward, **overrides: Any) -> Widget:
    data = {"ward": ward, "name": f"Widget {ward.code}"} | overrides
    with scopes_disabled():
        return Widget.objects.create(**data)


def make_widget_part(widget: Widget, **overrides: Any) -> WidgetPart:
    data = {"widget": widget, "label": f"Part of {widget.name}"} | overrides
    with scopes_disabled():
        return WidgetPart.objects.create(**data)


@pytest.fixture
def predecessor(ward_a, other_province):
    """A ward of another province, merged into ward A in the 2025 reform."""
    return factories.make_ward(
        province=other_province,
        name="Phường Xưa",
        code="WP",
        merged_into=ward_a,
        merged_on=REFORM_DAY,
        is_active=False,
        accepts_public_tips=False,
    )


@pytest.fixture
def neighbourhood_a(ward_a):
    return factories.make_neighbourhood(ward_a, name="Khu phố Alpha")


@pytest.fixture
def neighbourhood_b(ward_b):
    return factories.make_neighbourhood(ward_b, name="Khu phố Bravo")


@pytest.fixture
def neighbourhood_c(ward_c):
    return factories.make_neighbourhood(ward_c, name="Khu phố Charlie")


@pytest.fixture
def widget_a(ward_a, neighbourhood_a, officer_a):
    return make_widget(ward_a, name="Alpha widget", neighbourhood=neighbourhood_a, owner=officer_a)


@pytest.fixture
def widget_b(ward_b, neighbourhood_b, officer_b):
    return make_widget(ward_b, name="Bravo widget", neighbourhood=neighbourhood_b, owner=officer_b)


@pytest.fixture
def widget_c(ward_c, neighbourhood_c):
    return make_widget(ward_c, name="Charlie widget", neighbourhood=neighbourhood_c)


@pytest.fixture
def widget_p(predecessor):
    return make_widget(predecessor, name="Papa widget")


@pytest.fixture
def widgets(widget_a, widget_b, widget_c, widget_p) -> dict[str, Widget]:
    return {"a": widget_a, "b": widget_b, "c": widget_c, "p": widget_p}
