"""Ward isolation fails closed: no scope raises, `None` is refused, an empty scope is empty."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django_scopes import ScopeError, scope, scopes_disabled

from tests import factories
from tests.scopedapp.models import Widget, WidgetPart
from tests.wardsec.conftest import make_widget_part
from wards.models import Membership, Neighbourhood, Ward
from wardsec import scoping
from wardsec.models import AuditEntry, OutboxMessage

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


@pytest.mark.parametrize(
    "model", [Widget, WidgetPart, Ward, Neighbourhood, Membership, AuditEntry, OutboxMessage]
)
def test_a_query_outside_any_scope_raises(widgets, model):
    with pytest.raises(ScopeError):
        model.objects.count()
    with scope(), pytest.raises(ScopeError):
        model.objects.count()
    with scope(), pytest.raises(ScopeError):
        list(model.objects.all())


def test_unscoped_query_raises_for_the_throwaway_model(widgets):
    with scope(), pytest.raises(ScopeError):
        Widget.objects.count()


@pytest.mark.parametrize(
    "query",
    [
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: list(qs.exclude(name="")),
        lambda qs: qs.exclude(name="").exists(),
        lambda qs: qs.select_related("ward").exists(),
        lambda qs: qs.in_bulk(),
        lambda qs: qs.values_list("name"),
        lambda qs: qs.aggregate(n=Count("pk")),
        lambda qs: qs.explain(),
        lambda qs: qs.get(name="Bravo widget"),
        lambda qs: qs.first(),
    ],
    ids=[
        "count",
        "exists",
        "exclude",
        "exclude-exists",
        "select_related-exists",
        "in_bulk",
        "values_list",
        "aggregate",
        "explain",
        "get",
        "first",
    ],
)
def test_no_read_gets_past_a_missing_scope(widgets, query):
    """django-scopes alone lets exists()/exclude()/explain() through; our manager does not."""
    with scope(), pytest.raises(ScopeError):
        query(Widget.objects)


def test_ward_scope_refuses_none():
    with pytest.raises(ValueError, match="ward_scope"), scoping.ward_scope(None):
        pass  # pragma: no cover - never reached


def test_an_empty_scope_returns_nothing(widgets):
    with scoping.ward_scope([]):
        assert Widget.objects.count() == 0
        assert list(Widget.objects.all()) == []
        assert Ward.objects.count() == 0
        assert scoping.current_ward_ids() == []


def test_ward_scope_accepts_a_ward_an_id_or_several(widgets, ward_a, ward_b):
    with scoping.ward_scope(ward_a):
        assert names(Widget.objects) == {"Alpha widget"}
    with scoping.ward_scope(ward_b.pk):
        assert names(Widget.objects) == {"Bravo widget"}
    with scoping.ward_scope([ward_a, ward_b.pk]):
        assert names(Widget.objects) == {"Alpha widget", "Bravo widget"}
        assert sorted(scoping.current_ward_ids()) == sorted([ward_a.pk, ward_b.pk])


def test_child_rows_follow_their_parents_ward(widgets, ward_a, ward_b):
    make_widget_part(widgets["a"], label="alpha part")
    make_widget_part(widgets["b"], label="bravo part")
    with scoping.ward_scope(ward_a):
        assert set(WidgetPart.objects.values_list("label", flat=True)) == {"alpha part"}


def test_scopes_disabled_means_all_wards(widgets):
    with scopes_disabled():
        assert Widget.objects.count() == 4
        assert scoping.current_ward_ids() is scoping.ALL_WARDS


def test_a_user_sees_their_wards_and_those_merged_into_them(
    officer_a, officer_b, predecessor, ward_a, ward_b
):
    assert scoping.ward_ids_for_user(officer_a) == sorted([ward_a.pk, predecessor.pk])
    assert scoping.ward_ids_for_user(officer_b) == [ward_b.pk]


def test_mergers_in_steps_are_followed(ward_a, officer_a, predecessor, other_province):
    older = factories.make_ward(
        province=other_province,
        code="WO",
        merged_into=predecessor,
        merged_on=predecessor.merged_on,
        is_active=False,
    )
    assert older.pk in scoping.ward_ids_for_user(officer_a)


def test_a_leader_sees_the_province_not_another(
    province_leader, ward_a, ward_b, ward_c, predecessor
):
    assert scoping.ward_ids_for_user(province_leader) == sorted(
        [ward_a.pk, ward_b.pk, predecessor.pk]
    )


def test_nobody_else_sees_anything(superuser, ward_a):
    assert scoping.ward_ids_for_user(AnonymousUser()) == []
    assert scoping.ward_ids_for_user(factories.make_user("nobody")) == []
    assert scoping.ward_ids_for_user(superuser) is scoping.ALL_WARDS


def test_an_inactive_user_sees_nothing(officer_a):
    officer_a.is_active = False
    officer_a.save()
    assert scoping.ward_ids_for_user(officer_a) == []


def test_an_ended_membership_gives_no_scope(officer_a, ward_a):
    import datetime

    from django.utils import timezone

    with scopes_disabled():
        membership = Membership.objects.get(user=officer_a)
    membership.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    assert scoping.ward_ids_for_user(officer_a) == []


def test_scope_for_user_opens_the_users_scope(officer_a, widgets):
    with scoping.scope_for_user(officer_a) as ward_ids:
        assert names(Widget.objects) == {"Alpha widget", "Papa widget"}
        assert sorted(scoping.current_ward_ids()) == sorted(ward_ids)


def test_scope_for_user_without_wards_is_empty_not_open(widgets):
    with scoping.scope_for_user(AnonymousUser()) as ward_ids:
        assert ward_ids == []
        assert Widget.objects.count() == 0


def test_public_scope_covers_wards_taking_tips_and_their_predecessors(
    widgets, ward_a, ward_b, ward_c
):
    with scopes_disabled():
        Ward.objects.filter(pk=ward_b.pk).update(accepts_public_tips=False)
    with scoping.public_scope():
        assert names(Widget.objects) == {"Alpha widget", "Charlie widget", "Papa widget"}
