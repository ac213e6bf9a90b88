"""`manage.py build_report`: at once, JSON on stdout or a file of any format."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.tips.factories import make_tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def tips(ward_a, ward_b, ward_c):
    moment = datetime.datetime(2021, 5, 1, 9, tzinfo=timezone.get_default_timezone())
    for ward, n in ((ward_a, 3), (ward_b, 2), (ward_c, 4)):
        for _ in range(n):
            make_tip(ward, received_at=moment)


def run(*args) -> str:
    out = io.StringIO()
    call_command("build_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_prints_the_figures_of_a_ward_and_of_a_province(tips, ward_a, province):
    ward = json.loads(run("--ward", ward_a.code, "--year", "2021"))
    assert ward["scope"]["code"] == ward_a.code and ward["tips"]["received"] == 3
    assert ward["previous"]["tips"]["received"] == 0
    whole = json.loads(
        run("--province", province.code, "--start", "2021-01-01", "--end", "2021-06-30")
    )
    assert whole["scope"]["kind"] == "province" and whole["tips"]["received"] == 5


@pytest.mark.parametrize(
    ("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK"), ("json", b"{")]
)
def test_writes_a_file(tips, ward_a, tmp_path, fmt, magic):
    output = tmp_path / f"bao-cao.{fmt}"
    run("--ward", ward_a.code, "--year", "2021", "--format", fmt, "--output", str(output))
    assert output.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ward", "NOPE", "--year", "2021"], "Không có phường/xã hoặc tỉnh"),
        (["--ward", "WA", "--start", "2021-01-01"], "Cần --year"),
        (["--ward", "WA", "--start", "2021-13-01", "--end", "2021-12-31"], "Ngày không hợp lệ"),
        (["--ward", "WA", "--start", "2021-12-31", "--end", "2021-01-01"], "Ngày kết thúc"),
    ],
)
def test_bad_arguments_are_refused(ward_a, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
