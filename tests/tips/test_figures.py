"""The tips figures: reproduced from the demo ward's individual records, by aggregation."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from tests.platform.queries import assert_list_baseline
from tests.tips.conftest import submit
from tips import figures, services
from tips.choices import TriageDecision
from wards import figures as ward_figures

pytestmark = pytest.mark.django_db

PERIOD = {"start": datetime.date(2016, 1, 1), "end": datetime.date(2021, 12, 31)}
YEAR_2021 = {"start": datetime.date(2021, 1, 1), "end": datetime.date(2021, 12, 31)}


def test_seed_article_figures_from_the_demo_records():
    """load_demo enters Ward 3's records one by one; the figures come out as in the article."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with scopes_disabled():
        for code in ("DEMO-P3", "DEMO-KT"):  # Ward 3, and today's ward it was merged into
            scope = ward_figures.ward_report_scope(code)
            result = figures.tip_figures(ward_ids=scope.ward_ids, **PERIOD)
            totals = (result["received"], result["cases_clarified"], result["subjects_clarified"])
            assert totals == (278, 23, 29)
            for breakdown in ("by_category", "by_channel", "by_status"):
                assert sum(result[breakdown].values()) == 278
            assert sum(y["received"] for y in result["by_year"].values()) == 278

        year_2021 = figures.tip_figures(
            ward_ids=ward_figures.ward_report_scope("DEMO-P3").ward_ids, **YEAR_2021
        )
        assert (year_2021["received"], year_2021["subjects_clarified"]) == (128, 14)
        assert set(year_2021["by_year"]) == {"2021"}

        # Tây Ninh absorbed Long An in 2025: its province report still finds Ward 3's records.
        province = figures.tip_figures(
            ward_ids=ward_figures.province_report_scope("72").ward_ids, **PERIOD
        )
        assert province["received"] == 278


def test_constant_number_of_queries(ward_a, ward_b, theft, officer_a):
    def add_tips(count: int) -> None:
        for n in range(count):
            received = datetime.datetime(2018, 1 + n % 12, 3, tzinfo=datetime.UTC)
            tip = submit(ward_a, theft, received_at=received).tip
            services.triage_tip(tip=tip, actor=officer_a, decision=TriageDecision.ACCEPT)

    with scopes_disabled():
        assert_list_baseline(
            lambda: figures.tip_figures(ward_ids=[ward_a.pk], **PERIOD),
            add_tips,
            expected=3,
            shown=lambda section: section["received"],
            many=15,
        )


def test_counts_by_own_date_and_only_the_given_wards(ward_a, ward_b, theft, officer_a):
    with scopes_disabled():
        # 00:30 on 1 Jan 2021 in Vietnam is still 31 Dec 2020 in UTC: it counts in 2021.
        new_year = datetime.datetime(2020, 12, 31, 17, 30, tzinfo=datetime.UTC)  # 00:30 local
        submit(ward_a, theft, received_at=new_year)
        submit(ward_b, theft, received_at=new_year)
        case = services.open_case(
            ward=ward_a,
            actor=officer_a,
            title="Vụ trộm",
            categories=[theft],
            opened_on=datetime.date(2020, 12, 1),
        )
        services.add_subject(case=case, actor=officer_a, full_name="A")
        services.add_subject(case=case, actor=officer_a, full_name="B")
        services.clarify_case(case=case, actor=officer_a, clarified_on=datetime.date(2021, 1, 5))
        result = figures.tip_figures(ward_ids=[ward_a.pk], **YEAR_2021)
    assert result["received"] == 1  # received on 1 Jan 2021, local time
    assert result["by_category"] == {"theft": 1}
    assert (result["cases_clarified"], result["subjects_clarified"]) == (1, 2)
    assert result["by_year"] == {
        "2021": {"received": 1, "cases_clarified": 1, "subjects_clarified": 2}
    }
