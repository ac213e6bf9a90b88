"""The platform's "Việc hôm nay" (wardsec.today): sections come from the apps' `today`
declarations in INSTALLED_APPS order; an app answering None is left out; nobody signed in gets
nothing; links are the admin's change lists with their declared filter parameters."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from wardsec import registry, today

pytestmark = pytest.mark.django_db


def first(request):
    return today.Section(title="Một", items=[today.Item("việc", 1, key="one")])


def nothing(request):
    return None


def second(request):
    return today.Section(title="Hai", items=[today.Item("việc", 2, key="two")])


@pytest.fixture
def declared(monkeypatch):
    apps = [
        (SimpleNamespace(label="a"), "tests.wardsec.test_today.first"),
        (SimpleNamespace(label="b"), "tests.wardsec.test_today.nothing"),
        (SimpleNamespace(label="c"), "tests.wardsec.test_today.second"),
    ]
    monkeypatch.setattr(registry, "today", lambda: apps)


def test_sections_in_declaration_order_without_the_empty_ones(declared, officer_a):
    request = RequestFactory().get("/admin/")
    request.user = officer_a
    assert [section.title for section in today.sections(request)] == ["Một", "Hai"]


def test_nobody_signed_in_gets_nothing(declared):
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    assert today.sections(request) == []


def test_changelist_url_with_filters():
    assert today.changelist_url("tips.Tip") == "/admin/tips/tip/"
    url = today.changelist_url("tips.tip", {"status__exact": "new", "queue": "mine"})
    assert url == "/admin/tips/tip/?status__exact=new&queue=mine"


def test_today_is_a_declaration_the_registry_knows():
    assert "today" in registry.DECLARATIONS
    assert all(isinstance(dotted, str) for _config, dotted in registry.today())
