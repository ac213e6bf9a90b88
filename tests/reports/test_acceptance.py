"""The demo ward's 2016–2021 report reproduces the seed article (../shared/seed/article-en.md)
from individual records, in the JSON and, in Vietnamese formatting, in the PDF text
(`pdftotext`) and the DOCX text; its 2021 report the 2021 figures. Tasks run inline here;
tests/integration/test_reports_worker.py builds the same report on a real worker.

A section is checked when an app registers it (every app's demo feeds its own)."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess

import docx
import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from reports import services
from reports.choices import ReportStatus, ScopeKind
from reports.models import Report
from tests.conftest import require_service
from wards.models import Ward
from wardsec import figures

pytestmark = pytest.mark.django_db

SEED = {
    "outreach": {"sessions": 707, "attendances": 23485},
    "tips": {"received": 278, "cases_clarified": 23, "subjects_clarified": 29},
    "mediation": {"successful": 65},
    "welfare": {
        "gift_packages": 1645,
        "gift_value_vnd": 300_000_000,
        "houses": 1,
        "house_value_vnd": 40_000_000,
    },
}
# "over 540 broadcasts", "more than 100 million VND": at least.
SEED_AT_LEAST = {
    "outreach": {"broadcasts": 540},
    "welfare": {"fund_contributions_vnd": 100_000_000},
}
SEED_MODELS = {
    "lighting": {"bulbs": 320, "length_m": 3200},
    "patrol": {"teams": 1, "members": 5},
    "gates": {"gates": 2},
    "cameras": {"points": 7, "cameras": 11, "funds_raised_vnd": 70_000_000},
    "school_safety": {"points_covered": 2, "points_total": 2},
}
SEED_TEXT = {
    "outreach": ["707 cuộc", "23.485 lượt người tham dự"],
    "tips": ["278 tin", "làm rõ 23 vụ, 29 đối tượng"],
    "mediation": ["hòa giải thành 65 vụ"],
    "welfare": [
        "1.645 phần quà trị giá 300 triệu đồng",
        "01 căn nhà với tổng số tiền 40 triệu đồng",
    ],
    "models": [
        "320 bóng đèn, chiều dài 3,2 km",
        "07 điểm, 11 camera",
        "70 triệu đồng",
        "02/02 điểm trường",
        "02 cổng",
    ],
    "core_forces": [
        "05 đội dân phòng với 30 thành viên",
        "14 tổ dân cư tự quản với 28 thành viên",
        "100 %",
    ],
}


@pytest.fixture
def demo_report(django_capture_on_commit_callbacks):
    call_command("load_demo", stdout=io.StringIO())

    def build(start, end, language="vi") -> Report:
        with scopes_disabled():
            ward = Ward.objects.get(code="DEMO-P3")
            with django_capture_on_commit_callbacks(execute=True):
                report = services.request_report(
                    actor=None,
                    kind=ScopeKind.WARD,
                    ward=ward,
                    start=start,
                    end=end,
                    language=language,
                )
            report = Report.objects.get(pk=report.pk)
        assert report.status == ReportStatus.DONE, report.error
        return report

    return build


def check_seed_figures(result):
    sections = set(figures.providers())
    assert {"tips", "core_forces"} <= sections  # the apps that must be there
    for section, expected in SEED.items():
        if section in sections:
            assert {k: result[section][k] for k in expected} == expected, section
    for section, expected in SEED_AT_LEAST.items():
        if section in sections:
            assert all(result[section][k] >= v for k, v in expected.items()), section
    if "models" in sections:
        by_kind = {m["kind"]: m["indicators"] for m in result["models"]}
        for kind, indicators in SEED_MODELS.items():
            assert {k: by_kind[kind][k] for k in indicators} == indicators, kind
    units = result["core_forces"]["units"]
    assert units["board"]["units"] == 1 and units["street_protection"]["units"] == 5
    assert units["board"]["members"] + units["street_protection"]["members"] == 23
    assert units["civil_defence"] == {"units": 5, "members": 30}
    assert units["self_managed"] == {"units": 14, "members": 28}
    assert result["core_forces"]["trained_pct"] == 100.0


def pdf_text(path) -> str:
    require_service(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is missing")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)  # noqa: S603, S607
    return " ".join(out.stdout.decode().split())


def docx_text(path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([*(p.text for p in document.paragraphs), *cells]).split())


def test_the_2016_2021_report_reproduces_the_seed_article(demo_report):
    report = demo_report(datetime.date(2016, 1, 1), datetime.date(2021, 12, 31))
    check_seed_figures(report.figures)
    with open(report.json.path, encoding="utf-8") as stored:
        assert json.load(stored) == report.figures
    sections = set(figures.providers())
    pdf, word = pdf_text(report.pdf.path), docx_text(report.docx.path)
    for section, phrases in SEED_TEXT.items():
        if section in sections:
            for phrase in phrases:
                assert phrase in pdf, (phrase, "pdf")
                assert phrase in word, (phrase, "docx")
    for text in (pdf, word):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "giai đoạn 2016-2021" in text
        assert "Nơi nhận" in text
    assert report.pdf.name.endswith("bao-cao-phuong-3-2016-2021.pdf")


def test_the_2021_report_has_the_2021_figures(demo_report):
    report = demo_report(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert report.figures["tips"]["received"] == 128
    assert report.figures["tips"]["subjects_clarified"] == 14
    if "outreach" in report.figures:
        assert report.figures["outreach"]["leaflets"] == 100
    text = pdf_text(report.pdf.path)
    assert "128 tin" in text and "so với cùng kỳ" in text


def test_the_english_report(demo_report):
    report = demo_report(datetime.date(2016, 1, 1), datetime.date(2021, 12, 31), "en")
    check_seed_figures(report.figures)
    text = docx_text(report.docx.path)
    assert "SOCIALIST REPUBLIC OF VIETNAM" in text
    assert "278 tips" in text and "23 cases and 29 subjects" in text
    assert report.docx.name.endswith("-en.docx")
