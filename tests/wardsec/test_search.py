"""Accent-less Vietnamese search: the same answers on PostgreSQL and SQLite (run this file with
and without DATABASE_URL)."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.scopedapp.models import Widget
from wardsec import search
from wardsec.admin import WardScopedAdmin
from wardsec.search import FoldedSearchMixin, fold

NAMES = ["Hẻm 12 Lê Lợi", "Đường Đồng Khởi", "Nguyễn Huệ", "Lê Thánh Tôn", "Chợ Lớn"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đường Lê Lợi", "duong le loi"),
        ("NGUYỄN VĂN AN", "nguyen van an"),
        ("ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ", "aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy"),
        (unicodedata.normalize("NFD", "Hẻm Lê Lợi"), "hem le loi"),  # typed decomposed
        ("hem 12 le loi", "hem 12 le loi"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.fixture(params=["unaccent", "translate"])
def fold_in_sql(request, monkeypatch):
    """On PostgreSQL, both ways of folding: the extension, and the TRANSLATE fallback."""
    if request.param == "translate":
        monkeypatch.setattr(search, "_has_unaccent", lambda connection: False)
    return request.param


@pytest.fixture
def widgets(ward_a):
    with scopes_disabled():
        made = [Widget.objects.create(ward=ward_a, name=name) for name in NAMES]
        made.append(
            Widget.objects.create(ward=ward_a, name=unicodedata.normalize("NFD", "Bến Thành"))
        )
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("le loi", {"Hẻm 12 Lê Lợi"}),
        ("LE LOI", {"Hẻm 12 Lê Lợi"}),
        ("lê lợi", {"Hẻm 12 Lê Lợi"}),
        ("dong khoi", {"Đường Đồng Khởi"}),  # "đ" is "d": Unicode decomposition would miss it
        ("duong", {"Đường Đồng Khởi"}),
        ("le", {"Hẻm 12 Lê Lợi", "Lê Thánh Tôn"}),
        ("ben thanh", {unicodedata.normalize("NFD", "Bến Thành")}),  # stored decomposed
        ("nguyen van", set()),
    ],
)
def test_the_folded_lookup_on_this_database(fold_in_sql, widgets, term, expected):
    with scopes_disabled():
        found = Widget.objects.filter(name__folded__contains=fold(term))
        assert {widget.name for widget in found} == expected, connection.vendor


@pytest.mark.django_db
def test_a_search_while_another_statement_is_still_open(widgets):
    """A test's in-memory SQLite database is one connection shared with its live server: a
    search while another thread's statement is still open must not register the fold function
    again (SQLite refuses: "Error creating function"; the browser test of the tip journey met
    it). The same holds on PostgreSQL."""
    with scopes_disabled():
        assert Widget.objects.filter(name__folded__contains="le loi").count() == 1
        with connection.cursor() as open_statement:
            open_statement.execute("SELECT 1 UNION ALL SELECT 2")
            assert open_statement.fetchone() == (1,)  # the second row not read: still running
            assert Widget.objects.filter(name__folded__contains="dong khoi").count() == 1


@pytest.mark.django_db
def test_postgresql_folds_with_the_unaccent_extension_its_migration_created():
    with scopes_disabled():
        sql = str(Widget.objects.filter(name__folded__contains="le loi").query)
    if connection.vendor == "postgresql":
        assert "unaccent(" in sql  # wardsec 0005 created it in the test database
    else:
        assert "WARDSEC_FOLD(" in sql


@pytest.mark.django_db
def test_prefixes_keep_their_meaning(widgets):
    with scopes_disabled():
        assert {w.name for w in Widget.objects.filter(name__folded__startswith="le")} == {
            "Lê Thánh Tôn"
        }
        assert Widget.objects.filter(name__folded__exact="cho lon").count() == 1


def test_every_ward_scoped_admin_searches_without_accents():
    assert issubclass(WardScopedAdmin, FoldedSearchMixin)


@pytest.mark.django_db
def test_the_admin_list_finds_le_loi(officer_a_client, widgets):
    url = reverse("admin:scopedapp_widget_changelist")
    response = officer_a_client.get(url, {"q": "le loi"})
    assert response.status_code == 200
    shown = [row.name for row in response.context["cl"].result_list]
    assert shown == ["Hẻm 12 Lê Lợi"]
    several = officer_a_client.get(url, {"q": "le  ton"}).context["cl"].result_list
    assert [row.name for row in several] == ["Lê Thánh Tôn"]  # every word must match
