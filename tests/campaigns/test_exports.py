"""The campaigns' exports carry their many-to-many choices — the neighbourhoods a session covered,
its topics and partner units, a forum's partners, the neighbourhoods a broadcast reached — as
names joined by "; ", headed in the page's language, in a pinned number of queries whatever the
number of rows (prefetched, not read per row)."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from campaigns.models import MovementEvent, OutreachSession, OutreachTopic
from tests import factories as base_factories
from tests.campaigns import factories
from tests.platform.queries import assert_list_baseline

pytestmark = pytest.mark.django_db


def export_url(model: str, fmt: str) -> str:
    return reverse(f"admin:campaigns_{model}_export", args=[fmt])


def rows_of(response) -> list[list]:
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(rows: list[list], model, name: str) -> list:
    """The cells of field `name`'s column (found by its header, in the active language)."""
    index = rows[0].index(str(model._meta.get_field(name).verbose_name))
    return [row[index] for row in rows[1:]]


@pytest.fixture
def covered_session(ward_a):
    with scopes_disabled():
        areas = [
            base_factories.make_neighbourhood(ward_a, name="Khu phố Một"),
            base_factories.make_neighbourhood(ward_a, name="Ấp Bình Đông"),
        ]
    return factories.make_session(
        ward_a,
        topics=[factories.row(OutreachTopic, "drugs")],
        neighbourhoods=areas,
        partners=[factories.partner("youth_union"), factories.partner("womens_union")],
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_sessions_neighbourhoods_topics_and_partners_are_named(
    officer_a_client, covered_session, fmt
):
    rows = rows_of(officer_a_client.get(export_url("outreachsession", fmt)))
    with scopes_disabled():
        areas = [area.name for area in covered_session.neighbourhoods.all()]
        partners = [partner.name for partner in covered_session.partners.all()]
        topic = factories.row(OutreachTopic, "drugs").name
    assert len(areas) == 2 and len(partners) == 2
    assert column(rows, OutreachSession, "neighbourhoods") == ["; ".join(areas)]
    assert column(rows, OutreachSession, "partners") == ["; ".join(partners)]
    assert column(rows, OutreachSession, "topics") == [topic]


def test_the_headers_follow_the_language_of_the_page(officer_a_client, covered_session):
    vietnamese = rows_of(officer_a_client.get(export_url("outreachsession", "csv")))[0]
    officer_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = rows_of(officer_a_client.get(export_url("outreachsession", "csv")))[0]
    assert {"khu phố/ấp", "đơn vị phối hợp", "nội dung"} <= set(vietnamese)
    assert {"neighbourhood/hamlet", "partner unit", "content"} <= set(english)


def test_an_event_without_partners_has_an_empty_cell(officer_a_client, ward_a):
    factories.make_event(ward_a)
    rows = rows_of(officer_a_client.get(export_url("movementevent", "csv")))
    assert column(rows, MovementEvent, "partners") == [""]


def test_the_sessions_export_costs_the_same_queries_for_one_row_or_many(officer_a_client, ward_a):
    def add_rows(n: int) -> None:
        for _i in range(n):
            with scopes_disabled():
                area = base_factories.make_neighbourhood(ward_a)
            factories.make_session(
                ward_a,
                neighbourhoods=[area],
                partners=[factories.partner()],
                officer=base_factories.make_officer(ward_a),
            )

    assert_list_baseline(
        lambda: rows_of(officer_a_client.get(export_url("outreachsession", "xlsx"))),
        add_rows,
        expected=EXPORT_QUERIES,
        shown=lambda rows: len(rows) - 1,
    )


# The session, user, scope and permissions (6); the list's filters and counts, as its page reads
# them (10); the rows with their format, officer and ward (1); one query per many-to-many field
# (topics, neighbourhoods, partners: 3); the export's audit entry with the ward and role (3).
EXPORT_QUERIES = 23
