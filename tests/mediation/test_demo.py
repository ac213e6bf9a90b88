"""The demo ward's mediation reproduces the seed article: 65 successful mediations in 2016–2021,
some of them tips referred by officers; the record book of one team and year exports with its
columns filled from the records."""

from __future__ import annotations

import datetime
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from core_forces import demo as forces_demo
from mediation import demo, record_book
from mediation.choices import DisputeSource
from mediation.figures import mediation_figures
from mediation.models import Dispute, RecordBook
from tips import demo as tips_demo
from wards import demo as ward_demo
from wardsec import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    context = ward_demo.load()
    tips_demo.load(context)
    forces_demo.load(context)
    assert demo.load(context)
    assert demo.load(context) is None  # a second run adds nothing
    return context


def test_2016_to_2021_holds_65_successful_mediations_and_a_book_exports(context):
    with scopes_disabled():
        section = mediation_figures(
            ward_ids=[context.ward.pk],
            start=datetime.date(2016, 1, 1),
            end=datetime.date(2021, 12, 31),
        )
        from_tips = Dispute.objects.filter(ward=context.ward, source=DisputeSource.TIP).count()
    assert section["successful"] == 65
    assert section["unsuccessful"] >= 12 and section["withdrawn"] == 2
    assert set(section["by_year"]) == {str(year) for year in range(2016, 2022)}
    assert all(section["by_year"][str(y)]["successful"] >= 7 for y in range(2016, 2022))
    assert from_tips > 0
    assert figures.check_section(section) == []
    with scopes_disabled():
        book = (
            RecordBook.objects.filter(ward=context.ward, year=2019)
            .select_related("ward__province", "team__neighbourhood")
            .order_by("team__name")
            .first()
        )
        built = record_book.build(book)
    assert built.rows, "the team's 2019 book has rows"
    assert built.cover.province == "Long An" and built.cover.district == "thị xã Kiến Tường"
    assert all(row.parties and row.content and row.mediators for row in built.rows)
    sheet = load_workbook(io.BytesIO(record_book.to_xlsx(built))).worksheets[1]
    rows = list(sheet.iter_rows(min_row=3, max_row=2 + len(built.rows), values_only=True))
    assert all(row[0] and row[1] and row[2] and row[3] and row[4] for row in rows)
    assert sum(1 for row in rows if row[6] == "x") == built.counts["successful"]
