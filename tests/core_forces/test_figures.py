"""Known answers of the core forces figures, as they stand on the period's last day."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from core_forces import services
from core_forces.figures import core_force_figures
from tests.core_forces import factories
from wardsec import figures

START, END = datetime.date(2021, 1, 1), datetime.date(2021, 6, 30)


def section(*wards, end=END):
    with scopes_disabled():
        return core_force_figures(ward_ids=[w.pk for w in wards], start=START, end=end)


@pytest.mark.django_db
def test_a_member_who_left_before_the_end_is_not_counted(ward_a):
    unit = factories.make_unit(ward_a)
    stays, leaves = factories.make_member(ward_a), factories.make_member(ward_a)
    factories.appoint(stays, unit)
    gone = factories.appoint(leaves, unit)
    with scopes_disabled():
        services.release(membership=gone, actor=None, on=datetime.date(2021, 6, 30))
    assert section(ward_a)["units"]["civil_defence"] == {"units": 1, "members": 1}
    # Released on 30 June (the first day no longer held): still counted on 29 June.
    assert section(ward_a, end=datetime.date(2021, 6, 29))["units"]["civil_defence"]["members"] == 2


@pytest.mark.django_db
def test_one_person_in_two_units_of_one_kind_counts_once(ward_a):
    first, second = factories.make_unit(ward_a), factories.make_unit(ward_a)
    group = factories.make_unit(ward_a, "self_managed")
    person = factories.make_member(ward_a)
    for unit in (first, second, group):
        factories.appoint(person, unit)
    other = factories.make_member(ward_a)
    factories.appoint(other, second)
    result = section(ward_a)
    assert result["units"]["civil_defence"] == {"units": 2, "members": 2}
    assert result["units"]["self_managed"] == {"units": 1, "members": 1}
    assert result["members"] == 2


@pytest.mark.django_db
def test_training_counts_until_the_certificate_expires(ward_a):
    unit = factories.make_unit(ward_a)
    member = factories.make_member(ward_a)
    factories.appoint(member, unit)
    course = factories.make_course(ward_a)
    factories.attend(course, member, certificate_expires_on=datetime.date(2021, 6, 30))
    assert section(ward_a, end=datetime.date(2021, 6, 29))["trained"] == 1
    expired = section(ward_a)
    assert (expired["members"], expired["trained"], expired["trained_pct"]) == (1, 0, 0.0)


@pytest.mark.django_db
def test_only_a_passed_course_on_a_qualifying_topic_trains(ward_a):
    unit = factories.make_unit(ward_a)
    failed, fire_only, trained = (factories.make_member(ward_a) for _ in range(3))
    for member in (failed, fire_only, trained):
        factories.appoint(member, unit)
    duties, fire = factories.make_course(ward_a), factories.make_course(ward_a, topics=("fire",))
    factories.attend(duties, failed, result="failed")
    factories.attend(fire, fire_only)
    factories.attend(duties, trained)
    result = section(ward_a)
    assert (result["members"], result["trained"], result["trained_pct"]) == (3, 1, 33.3)


@pytest.mark.django_db
def test_no_members_is_zero_percent_not_an_error(ward_a):
    factories.make_unit(ward_a)
    result = section(ward_a)
    assert result["members"] == 0
    assert result["trained_pct"] == 0.0
    assert result["units"]["civil_defence"] == {"units": 1, "members": 0}
    assert result["units"]["antt_protection"] == {"units": 0, "members": 0}
    assert figures.check_section(result) == []


@pytest.mark.django_db
def test_dissolved_units_and_their_members_are_gone_on_the_end_day(ward_a):
    old = factories.make_unit(ward_a, "street_protection", established_on=datetime.date(2015, 1, 1))
    member = factories.make_member(ward_a)
    factories.appoint(member, old, starts_on=datetime.date(2019, 1, 1))
    new = factories.make_unit(ward_a, "antt_protection", established_on=datetime.date(2024, 7, 1))
    with scopes_disabled():
        services.dissolve_unit(
            unit=old, actor=None, on=datetime.date(2024, 7, 1), reorganised_into=new
        )
        services.appoint(
            member=member, unit=new, actor=None, role="leader", starts_on=datetime.date(2024, 7, 1)
        )
    before = section(ward_a, end=datetime.date(2024, 6, 30))["units"]
    after = section(ward_a, end=datetime.date(2024, 7, 1))["units"]
    assert before["street_protection"] == {"units": 1, "members": 1}
    assert before["antt_protection"] == {"units": 0, "members": 0}
    assert after["street_protection"] == {"units": 0, "members": 0}
    assert after["antt_protection"] == {"units": 1, "members": 1}


@pytest.mark.django_db
def test_patrols_done_in_the_period_by_year(ward_a):
    unit = factories.make_unit(ward_a, "motorbike_patrol")
    member = factories.make_member(ward_a)
    with scopes_disabled():
        for day in (
            datetime.date(2020, 12, 31),
            datetime.date(2021, 1, 1),
            datetime.date(2021, 6, 30),
        ):
            patrol = services.schedule_patrol(unit=unit, actor=None, on=day)
            services.record_patrol(patrol=patrol, actor=None, participants=[member])
        services.schedule_patrol(unit=unit, actor=None, on=datetime.date(2021, 3, 1))  # not done
    result = section(ward_a)
    assert result["patrols"] == 2
    assert result["by_year"] == {"2021": {"patrols": 2}}


@pytest.mark.django_db
def test_other_wards_do_not_count(ward_a, ward_b):
    for ward in (ward_a, ward_b):
        factories.appoint(factories.make_member(ward), factories.make_unit(ward))
    assert section(ward_a)["members"] == 1
    assert section(ward_a, ward_b)["members"] == 2


@pytest.mark.django_db
def test_constant_number_of_queries(ward_a, django_assert_num_queries):
    def grow(n):
        unit = factories.make_unit(ward_a)
        course = factories.make_course(ward_a)
        for _ in range(n):
            member = factories.make_member(ward_a)
            factories.appoint(member, unit)
            factories.attend(course, member)

    grow(1)
    with django_assert_num_queries(5), scopes_disabled():
        core_force_figures(ward_ids=[ward_a.pk], start=START, end=END)
    grow(5)
    with django_assert_num_queries(5), scopes_disabled():
        result = core_force_figures(ward_ids=[ward_a.pk], start=START, end=END)
    assert result["trained"] == 6
