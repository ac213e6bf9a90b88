"""Many-to-many fields in exports (wardsec.exports): one cell of the related rows' names joined
by "; ", made inert like any text, fetched with the list (one query per field, not per row) —
on Django's own users and their groups, so the platform is tested without an app."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from openpyxl import load_workbook

from tests import factories
from tests.platform.queries import captured
from wardsec import exports

pytestmark = pytest.mark.django_db


def export(superuser, fmt: str) -> list[list]:
    request = RequestFactory().get("/")
    request.user = superuser
    queryset = User.objects.filter(username__startswith="member").order_by("username")
    response, _objects = exports.export_response(
        request, queryset, fields=["username", "groups"], fmt=fmt, filename="user"
    )
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def members(n: int, start: int, groups: list[Group]) -> None:
    for i in range(start, start + n):
        user = factories.make_user(f"member{i:02}")
        user.groups.set(groups)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_many_to_many_field_is_one_cell_of_names(superuser, fmt):
    patrol, night = Group.objects.create(name="Tuần tra"), Group.objects.create(name="Trực đêm")
    members(1, 0, [patrol, night])
    members(1, 1, [])
    members(1, 2, [Group.objects.create(name="=SUM(A1)")])
    header, *rows = export(superuser, fmt)
    assert header[1] == str(User._meta.get_field("groups").verbose_name)
    cells = [row[1] for row in rows]
    assert set(cells[0].split(exports.MANY_SEPARATOR)) == {"Tuần tra", "Trực đêm"}
    assert cells[1] in (None, "")  # no group: an empty cell
    assert cells[2] == "'=SUM(A1)"  # inert, as any text


def test_the_many_to_many_rows_cost_one_query_whatever_the_number_of_rows(superuser):
    groups = [Group.objects.create(name="Tuần tra"), Group.objects.create(name="Trực đêm")]
    members(1, 0, groups)
    few, rows = captured(lambda: export(superuser, "csv"))
    assert len(rows) == 1 + 1
    members(9, 1, groups)
    many, rows = captured(lambda: export(superuser, "csv"))
    assert len(rows) == 1 + 10
    assert len(many) == len(few) == 2  # the users, then their groups
