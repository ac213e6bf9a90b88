"""Fixtures of the core forces tests: the shipped catalogue (a transactional test elsewhere may
have flushed it) and a small force in ward A and ward B."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from core_forces.catalogue import ensure_catalogue
from tests.core_forces import factories


@pytest.fixture(autouse=True)
def _catalogue(db):
    with scopes_disabled():
        ensure_catalogue()


@pytest.fixture
def unit_a(ward_a):
    return factories.make_unit(ward_a, name="Đội dân phòng khu phố 1")


@pytest.fixture
def member_a(ward_a, unit_a):
    member = factories.make_member(
        ward_a,
        full_name="Lê Văn Lợi",
        national_id="080123456789",
        date_of_birth=__import__("datetime").date(1980, 5, 17),
        phone="0912 345 678",
        address="12 Đường Lê Lợi, khu phố 1",
    )
    factories.appoint(member, unit_a, role="leader")
    return member


@pytest.fixture
def unit_b(ward_b):
    return factories.make_unit(ward_b, name="Đội dân phòng phường B")


@pytest.fixture
def member_b(ward_b, unit_b):
    member = factories.make_member(ward_b, full_name="Trần Thị Bé", national_id="080987654321")
    factories.appoint(member, unit_b)
    return member
