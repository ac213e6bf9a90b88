"""Report workflows: request, claim, build (a ward's at once, a province's by its wards'
parts), finish (files first, then `done`), fail, rebuild, and the schedule and the sweeper that
keep them going.

Every state change is one conditional UPDATE, so two workers, a retried task and a re-run
never build the same report twice at once, and a run of a finished report does nothing.
"""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reports import compose
from reports.choices import Cadence, ReportFormat, ReportLanguage, ReportStatus, ScopeKind
from reports.models import Report, ReportPart, ReportSchedule
from reports.querysets import STALE_AFTER, led_province_ids
from reports.render import build_document, render
from wards.figures import ReportScope, province_report_scope, ward_report_scope
from wardsec import audit
from wardsec.models import AuditAction
from wardsec.scoping import current_ward_ids, ward_scope, with_predecessors

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Province, Ward

logger = logging.getLogger(__name__)

FORMATS = [ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX, ReportFormat.JSON]
EARLIEST = datetime.date(2000, 1, 1)
MAX_YEARS = 30
MAX_ERROR = 2000


# --- Requests ------------------------------------------------------------------------------


def _check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError({"end": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    if start < EARLIEST:
        raise ValidationError({"start": _("Báo cáo chỉ lập từ năm 2000 trở đi.")})
    if end.year - start.year >= MAX_YEARS:
        raise ValidationError({"end": _("Một báo cáo không dài quá 30 năm.")})
    if start > timezone.localdate():
        raise ValidationError({"start": _("Kỳ báo cáo chưa bắt đầu.")})


def _check_scope(actor: User | None, kind: str, ward: Ward | None, province: Province | None):
    """A ward report of a ward in the actor's scope; a province report of a province they
    lead (superusers: any). Outside it the ward or province does not exist for them."""
    if kind == ScopeKind.WARD:
        if ward is None:
            raise ValidationError({"ward": _("Hãy chọn phường/xã.")})
        scope = current_ward_ids()
        if isinstance(scope, list) and ward.pk not in scope:
            raise ValidationError({"ward": _("Không có phường/xã này.")})
        return
    if province is None:
        raise ValidationError({"province": _("Hãy chọn tỉnh/thành phố.")})
    led = led_province_ids(actor) if actor is not None else None
    if led is not None and province.pk not in led:
        raise ValidationError({"province": _("Chỉ lãnh đạo tỉnh yêu cầu được báo cáo của tỉnh.")})


@transaction.atomic
def request_report(
    *,
    actor: User | None,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    ward: Ward | None = None,
    province: Province | None = None,
    language: str = ReportLanguage.VI,
    cadence: str = Cadence.ON_DEMAND,
    dedupe_key: str | None = None,
) -> Report:
    """Queue a report of `ward` (kind ward) or `province` (kind province) for the period
    `start`–`end` (both included) and publish its build after commit. Audited. With a
    `dedupe_key` (the schedule), an existing report with that key is returned instead."""
    if dedupe_key is not None:
        existing = Report.objects.with_scopes_disabled().filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    _check_period(start, end)
    if language not in ReportLanguage.values:
        raise ValidationError({"language": _("Ngôn ngữ không hợp lệ.")})
    _check_scope(actor, kind, ward, province)
    report = Report(
        kind=kind,
        ward=ward if kind == ScopeKind.WARD else None,
        province=ward.province if ward is not None and kind == ScopeKind.WARD else province,
        start=start,
        end=end,
        language=language,
        cadence=cadence,
        requested_by=actor,
        dedupe_key=dedupe_key,
    )
    report.full_clean(exclude=["ward", "province", "requested_by"])
    report.save()
    audit.record(action=AuditAction.CREATE, instance=report, actor=actor, event="report_requested")
    transaction.on_commit(lambda: publish(report))
    return report


def publish(report: Report) -> bool:
    """Hand the build to Celery; never raises (a report not published now stays queued and
    the sweeper publishes it again)."""
    from reports import tasks

    try:
        tasks.build_report.delay(report.pk, report.ward_id, report.province_id)
    except Exception:
        if tasks.build_report.app.conf.task_always_eager:
            raise
        logger.warning("Report %s not published now; the sweeper will retry.", report.pk)
        return False
    return True


@transaction.atomic
def rebuild_report(*, actor: User | None, report: Report) -> Report:
    """Build a failed or finished report again (its files are replaced, not added)."""
    if report.status not in (ReportStatus.FAILED, ReportStatus.DONE):
        raise ValidationError(_("Báo cáo đang được lập."))
    before = audit.snapshot(report, ["status", "error"])
    updated = (
        _reports(report)
        .filter(pk=report.pk, status__in=[ReportStatus.FAILED, ReportStatus.DONE])
        .update(status=ReportStatus.QUEUED, error="", parts_pending=0)
    )
    if not updated:
        raise ValidationError(_("Báo cáo đang được lập."))
    report.refresh_from_db()
    audit.record(
        action=AuditAction.TRANSITION,
        instance=report,
        actor=actor,
        event="report_rebuilt",
        changes=audit.diff(before, report),
        ward=report.ward,
    )
    transaction.on_commit(lambda: publish(report))
    return report


# --- Building ------------------------------------------------------------------------------


def _reports(report_or_kind: Report | str) -> Any:
    kind = report_or_kind.kind if isinstance(report_or_kind, Report) else report_or_kind
    return Report.province_reports if kind == ScopeKind.PROVINCE else Report.objects


def report_scope(report: Report) -> ReportScope:
    if report.kind == ScopeKind.PROVINCE:
        return province_report_scope(report.province.code)
    return ward_report_scope(report.ward.code)  # type: ignore[union-attr]  # kind ward


def scope_ward_ids(ward_id: int | None, province_id: int) -> list[int]:
    """The wards a build reads: the ward and its predecessors, or every ward of the province
    (and theirs)."""
    from wards.models import Ward

    if ward_id is not None:
        return sorted(with_predecessors({ward_id}))
    ids = set(
        Ward.objects.with_scopes_disabled()
        .filter(province_id=province_id)
        .values_list("pk", flat=True)
    )
    return sorted(with_predecessors(ids))


def claim(report_id: int, kind: str) -> bool:
    """queued → building (or a stale build taken over), in one conditional UPDATE."""
    now = timezone.now()
    claimable = Q(status=ReportStatus.QUEUED) | Q(
        status=ReportStatus.BUILDING, heartbeat_at__lt=now - STALE_AFTER
    )
    updated = (
        _reports(kind)
        .filter(claimable, pk=report_id)
        .update(
            status=ReportStatus.BUILDING,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            error="",
            attempts=F("attempts") + 1,
        )
    )
    return updated == 1


def heartbeat(report: Report) -> None:
    _reports(report).filter(pk=report.pk, status=ReportStatus.BUILDING).update(
        heartbeat_at=timezone.now()
    )


def period_figures(scope: ReportScope, ward_ids: list[int], start, end) -> dict[str, Any]:
    """The report object for `ward_ids`, with the same period a year earlier (`previous`,
    sections only) for a yearly report: the prose compares with it."""
    figures = compose.figures_for(scope=scope.as_dict(), ward_ids=ward_ids, start=start, end=end)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        before = compose.figures_for(
            scope=scope.as_dict(),
            ward_ids=ward_ids,
            start=start.replace(year=start.year - 1),
            end=end.replace(year=end.year - 1),
        )
        figures["previous"] = {name: before[name] for name in compose.sections(before)}
    return figures


def scope_figures(scope: ReportScope, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """At once, in this process (`manage.py build_report`): a ward's figures, or a province's as
    the sum of its wards' — the same figures the Celery build makes."""
    if scope.kind == ScopeKind.WARD:
        return period_figures(scope, list(scope.ward_ids), start, end)
    parts = [period_figures(scope, [ward_id], start, end) for ward_id in scope.ward_ids]
    return compose.merge(parts, scope=scope.as_dict(), start=start, end=end)


def render_file(figures: dict[str, Any], *, language: str, fmt: str, number: str = "") -> bytes:
    """One file of a report from its figures."""
    document = build_document(
        figures=figures, language=language, number=number, issued_on=timezone.localdate()
    )
    return render(document, fmt)


def build_ward(report: Report) -> None:
    """A ward report, claimed: its figures, its files, done."""
    scope = report_scope(report)
    figures = period_figures(scope, list(scope.ward_ids), report.start, report.end)
    heartbeat(report)
    finish(report, figures)


def start_province(report: Report) -> list[int]:
    """A province report, claimed: one part per ward; returns the wards whose part is still
    to be counted (a taken-over build keeps the parts already counted)."""
    scope = report_scope(report)
    with transaction.atomic():
        for ward_id in scope.ward_ids:
            ReportPart.objects.get_or_create(report=report, ward_id=ward_id)
        missing = list(
            ReportPart.objects.filter(report=report, figures__isnull=True).values_list(
                "ward_id", flat=True
            )
        )
        _reports(report).filter(pk=report.pk).update(parts_pending=len(missing))
    return sorted(missing)


def count_part(report: Report, ward_id: int) -> bool:
    """One ward's part of a province report; True when it was the last one missing."""
    if report.status != ReportStatus.BUILDING:
        return False
    scope = report_scope(report)
    figures = period_figures(scope, [ward_id], report.start, report.end)
    with transaction.atomic():
        written = ReportPart.objects.filter(
            report=report, ward_id=ward_id, figures__isnull=True
        ).update(figures=figures)
        locked = _reports(report).select_for_update().get(pk=report.pk)
        if written:
            locked.parts_pending = max(locked.parts_pending - 1, 0)
            _reports(report).filter(pk=report.pk).update(
                parts_pending=locked.parts_pending, heartbeat_at=timezone.now()
            )
        return locked.parts_pending == 0 and locked.status == ReportStatus.BUILDING


def finish_province(report: Report) -> None:
    """Sum the wards' parts and finish (idempotent: a finished report is left alone)."""
    if report.status != ReportStatus.BUILDING:
        return
    parts = list(ReportPart.objects.filter(report=report).values_list("figures", flat=True))
    if any(part is None for part in parts):
        return
    scope = report_scope(report)
    figures = compose.merge(
        [p for p in parts if p is not None],
        scope=scope.as_dict(),
        start=report.start,
        end=report.end,
    )
    finish(report, figures)


def file_name(report: Report, fmt: str) -> str:
    """`bao-cao-phuong-3-kien-tuong-2016-2021.pdf` (English reports end in `-en`)."""
    name = unicodedata.normalize("NFC", report.scope_name()).replace("đ", "d").replace("Đ", "D")
    period = re.sub(r"[^0-9]+", "-", report.period_label()).strip("-")
    suffix = "-en" if report.language == ReportLanguage.EN else ""
    return f"bao-cao-{slugify(name)}-{period}{suffix}.{fmt}"


def number_of(report: Report) -> str:
    return f"{report.pk}/BC-CA"


def write_files(report: Report, figures: dict[str, Any]) -> dict[str, str]:
    """Render and store the four files, replacing earlier ones (one file per format)."""
    document = build_document(
        figures=figures,
        language=report.language,
        number=number_of(report),
        issued_on=timezone.localdate(),
    )
    names: dict[str, str] = {}
    for fmt in FORMATS:
        content = render(document, fmt)
        field = report.file_of(fmt)
        if field:
            field.delete(save=False)
        field.save(file_name(report, fmt), ContentFile(content), save=False)
        names[fmt.value] = field.name or ""
    return names


def finish(report: Report, figures: dict[str, Any]) -> bool:
    """Files first, then `done` with the figures, if the report is still being built by us."""
    names = write_files(report, figures)
    updated = (
        _reports(report)
        .filter(pk=report.pk, status=ReportStatus.BUILDING)
        .update(
            status=ReportStatus.DONE,
            figures=figures,
            finished_at=timezone.now(),
            error="",
            **names,
        )
    )
    return updated == 1


def fail(report_id: int, kind: str, error: BaseException | str) -> None:
    """The build failed for good: `failed`, with the error the users see."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    _reports(kind).filter(pk=report_id, status=ReportStatus.BUILDING).update(
        status=ReportStatus.FAILED, error=text[:MAX_ERROR], finished_at=timezone.now()
    )


def release(report_id: int, kind: str, error: BaseException) -> None:
    """A transient failure: back to `queued` (the task retries), the error kept visible."""
    _reports(kind).filter(pk=report_id, status=ReportStatus.BUILDING).update(
        status=ReportStatus.QUEUED, error=f"{type(error).__name__}: {error}"[:MAX_ERROR]
    )


# --- Schedule and sweeper -----------------------------------------------------------------


def previous_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    year = today.year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def due_periods(today: datetime.date, schedule: ReportSchedule) -> list[tuple[str, Any]]:
    due: list[tuple[str, Any]] = []
    if schedule.yearly_enabled and (today.month, today.day) == (
        schedule.yearly_month,
        schedule.yearly_day,
    ):
        due.append((Cadence.YEARLY, previous_year(today)))
    if schedule.monthly_enabled and today.day == schedule.monthly_day:
        due.append((Cadence.MONTHLY, previous_month(today)))
    return due


def run_schedule(today: datetime.date | None = None) -> list[Report]:
    """Request today's scheduled reports: every active ward's and province's, for the
    previous year (on the yearly day) and the previous month (on the monthly day). Run twice,
    it requests nothing more (each has a dedupe key)."""
    from wards.models import Province, Ward

    today = today or timezone.localdate()
    schedule = ReportSchedule.current()
    made = []
    for cadence, (start, end) in due_periods(today, schedule):
        wards = Ward.objects.with_scopes_disabled().active().filter(merged_into__isnull=True)
        for ward in wards.select_related("province"):
            key = f"{cadence}:ward:{ward.pk}:{start}:{schedule.language}"
            with ward_scope(with_predecessors({ward.pk})):
                made.append(
                    request_report(
                        actor=None,
                        kind=ScopeKind.WARD,
                        ward=ward,
                        start=start,
                        end=end,
                        language=schedule.language,
                        cadence=cadence,
                        dedupe_key=key,
                    )
                )
        for province in Province.objects.active().filter(merged_into__isnull=True):
            key = f"{cadence}:province:{province.pk}:{start}:{schedule.language}"
            made.append(
                request_report(
                    actor=None,
                    kind=ScopeKind.PROVINCE,
                    province=province,
                    start=start,
                    end=end,
                    language=schedule.language,
                    cadence=cadence,
                    dedupe_key=key,
                )
            )
    return made


def sweep_stale_builds(now: datetime.datetime | None = None) -> list[int]:
    """Queue again the builds whose worker died (building, no heartbeat for STALE_AFTER) and
    publish again the queued reports nobody took (the broker was down); returns their ids."""
    now = now or timezone.now()
    swept = []
    for manager in (Report.objects.with_scopes_disabled(), Report.province_reports):
        stale = list(manager.stale(now).values_list("pk", flat=True))
        if stale:
            manager.filter(pk__in=stale, status=ReportStatus.BUILDING).update(
                status=ReportStatus.QUEUED, error=_("Lần lập trước bị gián đoạn; đang lập lại.")
            )
        waiting = manager.filter(status=ReportStatus.QUEUED, updated_at__lt=now - STALE_AFTER)
        swept += stale + [pk for pk in waiting.values_list("pk", flat=True) if pk not in stale]
    for report in Report.objects.with_scopes_disabled().filter(
        pk__in=swept
    ) | Report.province_reports.filter(pk__in=swept):
        publish(report)
    return sorted(swept)
