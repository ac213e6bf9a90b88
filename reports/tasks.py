"""Celery tasks of the reports app: thin, taking ids, each inside the scope of the wards it
reads, safe to run twice (the services claim with conditional UPDATEs).

A province report fans out one `build_report_part` per ward (a Celery group, spread over the
workers); the part that finds no other part missing publishes `finish_province_report`. The
join is kept in the database (`Report.parts_pending`, under a row lock) rather than in a chord:
the project runs Celery without a result backend, and a join in the database survives a
worker's death like the rest of the report.
"""

from __future__ import annotations

import logging

from celery import group, shared_task
from django.db import InterfaceError, OperationalError

from reports import services
from reports.choices import ReportStatus, ScopeKind
from wardsec.scoping import ward_scope

logger = logging.getLogger(__name__)

# Worth another try: the database or the broker went away for a moment.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 3


def _kind(ward_id: int | None) -> str:
    return ScopeKind.WARD if ward_id is not None else ScopeKind.PROVINCE


def _load(report_id: int, ward_id: int | None):
    return services._reports(_kind(ward_id)).select_related("ward", "province").get(pk=report_id)


def _on_error(task, report_id: int, ward_id: int | None, exc: Exception) -> None:
    kind = _kind(ward_id)
    if isinstance(exc, TRANSIENT) and task.request.retries < MAX_RETRIES:
        services.release(report_id, kind, exc)
        if task.request.is_eager:  # no broker (make run, tests): try again at once, inline
            task.apply(args=task.request.args, retries=task.request.retries + 1)
            return
        raise task.retry(exc=exc, countdown=2**task.request.retries)
    logger.exception("Report %s failed", report_id)
    services.fail(report_id, kind, exc)


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def build_report(self, report_id: int, ward_id: int | None, province_id: int) -> str:
    """Claim and build a report: a ward's at once, a province's by fanning out its wards."""
    kind = _kind(ward_id)
    with ward_scope(services.scope_ward_ids(ward_id, province_id)):
        if not services.claim(report_id, kind):
            return "not claimed"
        try:
            report = _load(report_id, ward_id)
            if kind == ScopeKind.WARD:
                services.build_ward(report)
                return "built"
            missing = services.start_province(report)
        except Exception as exc:
            _on_error(self, report_id, ward_id, exc)
            return "failed"
    if not missing:
        finish_province_report.delay(report_id, province_id)
    else:
        group(build_report_part.s(report_id, province_id, w) for w in missing).apply_async()
    return "fanned out"


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def build_report_part(self, report_id: int, province_id: int, ward_id: int) -> str:
    """One ward's figures of a province report, counted inside that ward's scope."""
    ward_ids = services.scope_ward_ids(None, province_id)
    with ward_scope(ward_ids):
        report = _load(report_id, None)
    try:
        with ward_scope(ward_ids):
            last = services.count_part(report, ward_id)
    except Exception as exc:
        _on_error(self, report_id, None, exc)
        return "failed"
    if last:
        finish_province_report.delay(report_id, province_id)
    return "counted"


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def finish_province_report(self, report_id: int, province_id: int) -> str:
    """Sum the wards' parts, write the files, mark the province report done."""
    with ward_scope(services.scope_ward_ids(None, province_id)):
        report = _load(report_id, None)
        if report.status != ReportStatus.BUILDING:
            return "nothing to do"
        try:
            services.finish_province(report)
        except Exception as exc:
            _on_error(self, report_id, None, exc)
            return "failed"
    return "finished"


@shared_task
def run_schedule() -> int:
    """Daily (beat): request the reports the schedule says are due today."""
    return len(services.run_schedule())


@shared_task
def sweep_stale_builds() -> int:
    """Every few minutes (beat): queue again the builds whose worker died."""
    return len(services.sweep_stale_builds())
