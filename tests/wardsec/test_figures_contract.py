"""The figures contract (wardsec.figures), checked over every registered provider on the demo
ward's records, and the checker shown to catch each kind of breach."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from wards.figures import province_report_scope, ward_report_scope
from wardsec import figures

pytestmark = pytest.mark.django_db

PERIODS = [
    (datetime.date(2016, 1, 1), datetime.date(2021, 12, 31)),
    (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)),
    (datetime.date(2030, 1, 1), datetime.date(2030, 12, 31)),  # nothing happened: zeros
]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_every_provider_keeps_the_contract_on_the_demo_records(demo):
    assert figures.providers(), "no app registers a figures provider"
    nonzero = set()
    with scopes_disabled():
        scopes = [ward_report_scope("DEMO-P3"), province_report_scope("72")]
        for scope in scopes:
            for start, end in PERIODS:
                for section, result in figures.collect(
                    ward_ids=scope.ward_ids, start=start, end=end
                ).items():
                    assert figures.check_section(result) == [], (section, scope.code, start)
                    if not isinstance(result, dict):  # a list of records (the models)
                        if result:
                            nonzero.add(section)
                        continue
                    years = set(result.get("by_year", {}))
                    assert all(start.year <= int(year) <= end.year for year in years)
                    if any(isinstance(v, int) and v for v in result.values()):
                        nonzero.add(section)
    # Not vacuous: every provider counted something in the demo ward.
    assert nonzero == set(figures.providers())


def test_the_report_object_has_the_contracts_shape(demo):
    with scopes_disabled():
        scope = ward_report_scope("DEMO-P3")
        result = figures.report(
            scope=scope.as_dict(), ward_ids=scope.ward_ids, start=PERIODS[0][0], end=PERIODS[0][1]
        )
    assert result["schema"] == "wardsec.report/1"
    assert result["scope"] == {
        "kind": "ward",
        "code": "DEMO-P3",
        "name": scope.name,
        "province": scope.province,
    }
    assert result["period"] == {"start": "2016-01-01", "end": "2021-12-31"}
    assert result["tips"]["received"] == 278 and "by_year" not in result["tips"]
    assert result["by_year"]["2021"]["tips"]["received"] == 128
    assert list(result["by_year"]) == sorted(result["by_year"])


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({"received": 2.0}, "received: not an integer count"),
        ({"received": None}, "received: not an integer count"),
        ({"received": True}, "received: not an integer count"),
        ({"gift_value_vnd": 1.5}, "gift_value_vnd: not an integer count"),
        ({"by_channel": {"web": 1, "phone": 2}}, "by_channel: not sorted by code"),
        ({"by_channel": {"web": "1"}}, "by_channel: not a mapping of codes to integer counts"),
        ({"by_year": {"16": {}}}, "by_year.16: not a four-digit year"),
        (
            {"received": 3, "by_year": {"2016": {"received": 1}, "2017": {"received": 1}}},
            "by_year: received sums to 2, the total is 3",
        ),
    ],
)
def test_the_checker_catches_each_breach(section, problem):
    assert problem in figures.check_section(section)


def test_a_list_section_is_checked_record_by_record():
    records = [{"code": "a", "indicators": {"bulbs": 320}}, {"code": "b", "indicators": {"x": 1.5}}]
    assert figures.check_section(records) == ["[1].indicators.x: not an integer count"]
    assert figures.check_section([{"code": "a"}, 3]) == ["[1]: not a record"]


def test_a_list_section_joins_the_report_as_a_list_without_years(monkeypatch):
    def records(*, ward_ids, start, end):
        return [{"code": "a", "indicators": {"bulbs": 320}}]

    monkeypatch.setattr(figures, "providers", lambda: {"models": records})
    scope = {"kind": "ward", "code": "X", "name": "X", "province": "Y"}
    result = figures.report(
        scope=scope, ward_ids=[], start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31)
    )
    assert result["models"] == [{"code": "a", "indicators": {"bulbs": 320}}]
    assert result["by_year"] == {}


def test_shares_may_be_fractions_and_stocks_stay_out_of_by_year():
    section = {
        "members": 40,
        "trained": 30,
        "trained_pct": 75.0,
        "units": {"patrol": {"units": 2, "members": 14}},
        "by_year": {"2021": {"trained": 30}},
    }
    assert figures.check_section(section) == []


def test_by_year_pivots_and_fills_zeros():
    assert figures.by_year(received={"2017": 2, "2016": 1}, closed={"2017": 1}) == {
        "2016": {"received": 1, "closed": 0},
        "2017": {"received": 2, "closed": 1},
    }


@pytest.mark.django_db
def test_per_year_sums_aggregates_several_figures_per_year_in_one_query(ward_a):
    from django.db.models import Count, Max, Q

    from tests.platform.queries import assert_num_queries
    from tests.scopedapp.models import Gadget

    with scopes_disabled():
        for name, state in [("a", "new"), ("b", "done"), ("c", "done")]:
            Gadget.objects.create(ward=ward_a, name=name, state=state)
        gadgets = Gadget.objects.filter(ward=ward_a)
        with assert_num_queries(1):
            result = figures.per_year_sums(
                gadgets,
                "created_at",
                made=Count("pk"),
                done=Count("pk", filter=Q(state="done")),
                longest=Max("pk", filter=Q(state="missing")),  # over no rows: 0, not None
            )
        year = str(timezone.localdate().year)
        assert result == {"made": {year: 3}, "done": {year: 2}, "longest": {year: 0}}
        assert figures.per_year_sums(gadgets.none(), "created_at", made=Count("pk")) == {"made": {}}
