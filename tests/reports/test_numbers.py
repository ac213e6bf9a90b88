"""Numbers as the reports write them, in Vietnamese and in English."""

from __future__ import annotations

import pytest
from django.utils import translation

from reports.templatetags import report_numbers as n


@pytest.mark.parametrize(
    ("function", "value", "vi", "en"),
    [
        (n.num, 23485, "23.485", "23,485"),
        (n.num, 0, "0", "0"),
        (n.num, 300000000, "300.000.000", "300,000,000"),
        (n.pad, 1, "01", "1"),
        (n.pad, 5, "05", "5"),
        (n.pad, 14, "14", "14"),
        (n.pad, 0, "0", "0"),
        (n.money, 300_000_000, "300 triệu đồng", "300 million VND"),
        (n.money, 102_500_000, "102,5 triệu đồng", "102.5 million VND"),
        (n.money, 1_250_000_000, "1.250 triệu đồng", "1,250 million VND"),
        (n.money, 850_000, "850.000 đồng", "850,000 VND"),
        (n.money, 0, "0 đồng", "0 VND"),
        (n.km, 3200, "3,2 km", "3.2 km"),
        (n.km, 12000, "12 km", "12 km"),
        (n.pct, 100.0, "100 %", "100 %"),
        (n.pct, 87.5, "87,5 %", "87.5 %"),
    ],
)
def test_numbers_per_language(function, value, vi, en):
    with translation.override("vi"):
        assert function(value) == vi
    with translation.override("en"):
        assert function(value) == en


@pytest.mark.parametrize(
    ("now", "before", "vi", "en"),
    [
        (128, 100, "tăng 28 % so với cùng kỳ", "up 28 % on a year earlier"),
        (90, 120, "giảm 25 % so với cùng kỳ", "down 25 % on a year earlier"),
        (3, 8, "giảm 62,5 % so với cùng kỳ", "down 62.5 % on a year earlier"),
        (7, 7, "bằng cùng kỳ", "the same as a year earlier"),
        (5, 0, "cùng kỳ không có", "none a year earlier"),
        (0, 0, "bằng cùng kỳ", "the same as a year earlier"),
    ],
)
def test_year_on_year(now, before, vi, en):
    with translation.override("vi"):
        assert n.yoy(now, before) == vi
    with translation.override("en"):
        assert n.yoy(now, before) == en
