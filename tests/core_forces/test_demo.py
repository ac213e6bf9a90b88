"""The demo ward's forces reproduce the seed article as of 2021-06-30 and show the ANTT
protection teams of Law 30/2023 as of 2025-06-30."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from core_forces import demo
from core_forces.figures import core_force_figures
from core_forces.models import ForceUnit
from wards import demo as ward_demo
from wardsec import figures, registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    context = ward_demo.load()
    assert demo.load(context)
    return context


def figures_as_of(context, start, end):
    with scopes_disabled():
        return core_force_figures(ward_ids=[context.ward.pk], start=start, end=end)


def test_mid_2021_equals_the_seed(context):
    result = figures_as_of(context, datetime.date(2016, 1, 1), datetime.date(2021, 6, 30))
    units = result["units"]
    # "1 board and 5 street-protection teams with 23 members"
    assert units["board"]["units"] == 1
    assert units["street_protection"]["units"] == 5
    assert units["board"]["members"] + units["street_protection"]["members"] == 23
    # "5 civil-defence teams with 30 members; 14 self-managed resident groups with 28 members"
    assert units["civil_defence"] == {"units": 5, "members": 30}
    assert units["self_managed"] == {"units": 14, "members": 28}
    assert units["motorbike_patrol"] == {"units": 1, "members": 5}
    assert units["antt_protection"] == {"units": 0, "members": 0}
    # The patrol riders are street-protection members too: each person counted once.
    assert result["members"] == 81
    assert (result["trained"], result["trained_pct"]) == (81, 100.0)
    assert result["patrols"] == 26
    assert figures.check_section(result) == []


def test_mid_2025_shows_the_antt_protection_teams(context):
    result = figures_as_of(context, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    units = result["units"]
    assert units["antt_protection"] == {"units": 5, "members": 25}
    assert units["board"] == {"units": 0, "members": 0}
    assert units["street_protection"] == {"units": 0, "members": 0}
    assert units["civil_defence"] == {"units": 5, "members": 25}
    assert units["self_managed"] == {"units": 14, "members": 28}
    assert units["motorbike_patrol"] == {"units": 1, "members": 5}
    assert (result["members"], result["trained_pct"]) == (78, 100.0)
    with scopes_disabled():
        old = ForceUnit.objects.filter(ward=context.ward, kind__code="street_protection")
        assert all(unit.reorganised_into.kind.code == "antt_protection" for unit in old)


def test_load_demo_composes_it_and_runs_once(context):
    assert ("core_forces", demo.load) in registry.demo_loaders()
    assert demo.load(context) is None  # the second run finds the forces and changes nothing
