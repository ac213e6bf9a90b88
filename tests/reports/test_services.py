"""Building reports: hand-built tips with known answers, period boundaries, empty periods, a
province of several wards, idempotent rebuild, the conditional claim, a failing renderer,
the stale-build sweeper, the schedule, and a query count independent of the records."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from reports import services
from reports.choices import Cadence, ReportStatus, ScopeKind
from reports.models import Report, ReportPart, ReportSchedule
from tests.tips.factories import make_tip
from wardsec.scoping import ward_scope

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def at(y, m, d, hour=12):
    return datetime.datetime(y, m, d, hour, tzinfo=TZ)


def build(run, **kwargs) -> Report:
    """Request a report and run what is published after commit (tasks run inline)."""
    with scopes_disabled(), run(execute=True):
        report = services.request_report(actor=None, **kwargs)
    with scopes_disabled():
        return Report._base_manager.select_related("ward", "province").get(pk=report.pk)


@pytest.fixture
def tips_2021(ward_a, ward_b):
    # Ward A: the first and last moments of 2021 (local time) count; 2020 and 2022 do not.
    for moment in (
        at(2021, 1, 1, 0),
        at(2021, 6, 1),
        at(2021, 12, 31, 23),
        at(2020, 12, 31, 23),
        at(2022, 1, 1, 0),
    ):
        make_tip(ward_a, received_at=moment)
    for moment in (at(2021, 3, 1), at(2021, 4, 1)):
        make_tip(ward_b, received_at=moment)
    make_tip(ward_a, received_at=at(2020, 5, 1))


def year(y):
    return {"start": datetime.date(y, 1, 1), "end": datetime.date(y, 12, 31)}


def test_a_ward_report_counts_its_period_with_both_ends(
    django_capture_on_commit_callbacks, ward_a, tips_2021
):
    report = build(
        django_capture_on_commit_callbacks, kind=ScopeKind.WARD, ward=ward_a, **year(2021)
    )
    assert report.status == ReportStatus.DONE, report.error
    assert report.figures["tips"]["received"] == 3
    assert report.figures["by_year"]["2021"]["tips"]["received"] == 3
    # The year before, for the comparison in the prose.
    assert report.figures["previous"]["tips"]["received"] == 2
    assert report.attempts == 1 and report.finished_at is not None
    for fmt in ("pdf", "docx", "xlsx", "json"):
        assert report.file_of(fmt).name.endswith(f"bao-cao-phuong-a-2021.{fmt}")
        assert os.path.getsize(report.file_of(fmt).path) > 0


def test_an_empty_period_is_a_report_of_zeros(
    django_capture_on_commit_callbacks, ward_a, tips_2021
):
    report = build(
        django_capture_on_commit_callbacks, kind=ScopeKind.WARD, ward=ward_a, **year(2019)
    )
    assert report.status == ReportStatus.DONE, report.error
    assert report.figures["tips"]["received"] == 0
    assert report.figures["by_year"] == {} or all(
        v.get("tips", {}).get("received", 0) == 0 for v in report.figures["by_year"].values()
    )


def test_a_province_report_is_the_sum_of_its_wards(
    django_capture_on_commit_callbacks, province, ward_a, ward_b, ward_c, tips_2021
):
    make_tip(ward_c, received_at=at(2021, 7, 1))  # another province: not counted
    report = build(
        django_capture_on_commit_callbacks, kind=ScopeKind.PROVINCE, province=province, **year(2021)
    )
    assert report.status == ReportStatus.DONE, report.error
    assert report.ward is None
    assert report.figures["scope"]["kind"] == "province"
    assert report.figures["tips"]["received"] == 5
    with scopes_disabled():
        parts = ReportPart.objects.filter(report=report)
        assert {p.ward_id: p.figures["tips"]["received"] for p in parts} == {
            ward_a.pk: 3,
            ward_b.pk: 2,
        }
    assert report.parts_pending == 0


def test_a_second_run_duplicates_nothing(django_capture_on_commit_callbacks, ward_a, tips_2021):
    from reports import tasks

    report = build(
        django_capture_on_commit_callbacks, kind=ScopeKind.WARD, ward=ward_a, **year(2021)
    )
    folder = os.path.dirname(report.pdf.path)
    files = sorted(os.listdir(folder))
    assert tasks.build_report.delay(report.pk, ward_a.pk, ward_a.province_id).get() == "not claimed"
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.rebuild_report(actor=None, report=report)
    with scopes_disabled():
        again = Report.objects.get(pk=report.pk)
    assert again.status == ReportStatus.DONE and again.attempts == 2
    assert sorted(os.listdir(folder)) == files  # replaced, not added
    assert again.figures == report.figures


def test_only_one_of_two_claims_wins(ward_a):
    from tests.reports.factories import make_report

    report = make_report(ward_a, status=ReportStatus.QUEUED)
    with scopes_disabled():
        assert services.claim(report.pk, ScopeKind.WARD) is True
        assert services.claim(report.pk, ScopeKind.WARD) is False
        assert Report.objects.get(pk=report.pk).attempts == 1


def test_a_failing_renderer_fails_visibly_and_a_rebuild_works(
    django_capture_on_commit_callbacks, monkeypatch, ward_a, tips_2021
):
    from reports.render import pdf

    def broken(document):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "render", broken)
    report = build(
        django_capture_on_commit_callbacks, kind=ScopeKind.WARD, ward=ward_a, **year(2021)
    )
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: font missing"
    assert not report.pdf
    monkeypatch.undo()
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.rebuild_report(actor=None, report=report)
    with scopes_disabled():
        report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == ""


def test_a_transient_error_is_retried(django_capture_on_commit_callbacks, monkeypatch, ward_a):
    from django.db import OperationalError

    real = services.build_ward
    calls = []

    def flaky(report):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(report)

    monkeypatch.setattr(services, "build_ward", flaky)
    report = build(
        django_capture_on_commit_callbacks, kind=ScopeKind.WARD, ward=ward_a, **year(2021)
    )
    assert len(calls) == 2
    assert report.status == ReportStatus.DONE and report.attempts == 2


def test_a_build_whose_worker_died_is_queued_again_and_built(
    django_capture_on_commit_callbacks, ward_a
):
    from tests.reports.factories import make_report

    report = make_report(ward_a, status=ReportStatus.QUEUED)
    with scopes_disabled():
        assert services.claim(report.pk, ScopeKind.WARD)
        # The worker was killed here: "building", and no sign of life since.
        assert services.sweep_stale_builds() == []  # not stale yet
        Report.objects.filter(pk=report.pk).update(
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=6)
        )
        assert services.sweep_stale_builds() == [report.pk]
        report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 2


def test_the_schedule_requests_yearly_and_monthly_reports_once(
    django_capture_on_commit_callbacks, monkeypatch, province, ward_a, ward_b, ward_c
):
    published = []
    monkeypatch.setattr(services, "publish", published.append)
    with scopes_disabled():
        made = services.run_schedule(datetime.date(2026, 1, 2))
        assert {(r.cadence, r.kind) for r in made} == {
            (Cadence.YEARLY, "ward"),
            (Cadence.YEARLY, "province"),
        }
        assert len(made) == 5  # three wards, two provinces
        assert {(r.start, r.end) for r in made} == {
            (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
        }
        assert services.run_schedule(datetime.date(2026, 1, 2)) == made  # again: nothing new
        monthly = services.run_schedule(datetime.date(2026, 3, 1))
        assert {(r.start, r.end) for r in monthly} == {
            (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
        }
        assert services.run_schedule(datetime.date(2026, 3, 2)) == []
        schedule = ReportSchedule.current()
        schedule.monthly_enabled = False
        schedule.save()
        assert services.run_schedule(datetime.date(2026, 4, 1)) == []


def test_bad_requests_are_refused_in_vietnamese(ward_a, ward_c, province_leader, other_province):
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.request_report(
            actor=None,
            kind=ScopeKind.WARD,
            ward=ward_a,
            start=datetime.date(2021, 2, 1),
            end=datetime.date(2021, 1, 1),
        )
    assert "Ngày kết thúc không được trước ngày bắt đầu." in str(error.value)
    with ward_scope([ward_a.pk]), pytest.raises(ValidationError) as error:
        services.request_report(actor=None, kind=ScopeKind.WARD, ward=ward_c, **year(2021))
    assert "Không có phường/xã này." in str(error.value)
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.request_report(
            actor=province_leader, kind=ScopeKind.PROVINCE, province=other_province, **year(2021)
        )
    assert "Chỉ lãnh đạo tỉnh" in str(error.value)


def test_the_query_count_does_not_grow_with_the_records(ward_a):
    def queries(n):
        for _ in range(n):
            make_tip(ward_a, received_at=at(2021, 3, 1))
        with scopes_disabled(), CaptureQueriesContext(connection) as captured:
            services.period_figures(
                services.ward_report_scope(ward_a.code), [ward_a.pk], **year(2021)
            )
        return len(captured)

    assert queries(1) == queries(20)
