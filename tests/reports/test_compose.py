"""A province's figures are the sum of its wards' (`reports.compose.merge`)."""

from __future__ import annotations

import datetime

from reports import compose

START, END = datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)
SCOPE = {"kind": "province", "code": "72", "name": "Tỉnh A", "province": "Tỉnh A"}


def ward(code, received, theft, members, trained, models=()):
    return {
        "schema": "wardsec.report/1",
        "scope": {"kind": "ward", "code": code, "name": code, "province": "Tỉnh A"},
        "period": {"start": "2021-01-01", "end": "2021-12-31"},
        "tips": {
            "received": received,
            "by_category": {"theft": theft, "fraud": received - theft} if theft else {},
        },
        "core_forces": {
            "units": {"board": {"units": 1, "members": members}},
            "members": members,
            "trained": trained,
            "trained_pct": round(100 * trained / members, 1) if members else 0.0,
        },
        "models": [{"code": m, "kind": "gates", "indicators": {"gates": 1}} for m in models],
        "by_year": {"2021": {"tips": {"received": received}}},
    }


def test_counts_breakdowns_years_and_lists_add_up():
    merged = compose.merge(
        [ward("A", 10, 4, 20, 20, ["a"]), ward("B", 5, 0, 0, 0), ward("C", 7, 7, 30, 15, ["c"])],
        scope=SCOPE,
        start=START,
        end=END,
    )
    assert merged["scope"] == SCOPE
    assert merged["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    assert merged["tips"]["received"] == 22
    assert merged["tips"]["by_category"] == {"fraud": 6, "theft": 11}
    assert list(merged["tips"]["by_category"]) == ["fraud", "theft"]  # sorted by code
    assert merged["by_year"] == {"2021": {"tips": {"received": 22}}}
    assert merged["core_forces"]["units"] == {"board": {"units": 3, "members": 50}}
    assert [m["code"] for m in merged["models"]] == ["a", "c"]


def test_a_share_is_recomputed_not_averaged():
    # 20 of 20 and 15 of 30 trained: 35 of 50 = 70 %, not the mean of 100 % and 50 %.
    merged = compose.merge(
        [ward("A", 1, 0, 20, 20), ward("C", 1, 0, 30, 15)], scope=SCOPE, start=START, end=END
    )
    assert merged["core_forces"]["trained_pct"] == 70.0
    empty = compose.merge([ward("B", 0, 0, 0, 0)], scope=SCOPE, start=START, end=END)
    assert empty["core_forces"]["trained_pct"] == 0.0


def test_no_wards_gives_an_empty_report_of_the_contract():
    merged = compose.merge([], scope=SCOPE, start=START, end=END)
    assert merged == {
        "schema": "wardsec.report/1",
        "scope": SCOPE,
        "period": {"start": "2021-01-01", "end": "2021-12-31"},
        "by_year": {},
    }
    assert compose.sections(merged) == []
