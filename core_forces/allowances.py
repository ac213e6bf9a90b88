"""The monthly allowance sheet of a unit (Law 30/2023 pays members monthly).

The rule: each membership held in the unit during the month is paid the monthly rate of its role
in force on the first day it was held that month (a rate for the unit's kind beats a rate for
every kind), pro rata to the days held — half-open periods, so a member released on the 16th of
a 30-day month is paid 15/30 — rounded to whole VND. A role with no rate is paid 0 and marked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from core_forces.models import AllowanceRate, ForceUnit, UnitMembership
from wardsec import exports


@dataclass(frozen=True)
class AllowanceLine:
    full_name: str
    role: str
    held_from: datetime.date
    held_until: datetime.date  # the last day held in the month
    days: int
    rate_vnd: int | None
    amount_vnd: int


@dataclass(frozen=True)
class AllowanceSheet:
    unit: ForceUnit
    year: int
    month: int
    lines: list[AllowanceLine]

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """(first day of the month, first day of the next month)."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following


def _rate(rates: list[AllowanceRate], role: str, kind_id: int, day: datetime.date) -> int | None:
    valid = [
        rate
        for rate in rates
        if rate.role == role
        and rate.kind_id in (kind_id, None)
        and rate.valid_from <= day
        and (rate.valid_until is None or day < rate.valid_until)
    ]
    valid.sort(key=lambda rate: rate.kind_id is None)  # the kind's own rate first
    return valid[0].amount_vnd if valid else None


def allowance_sheet(*, unit: ForceUnit, year: int, month: int) -> AllowanceSheet:
    """Who in `unit` is paid what for the month (two queries)."""
    first, following = month_bounds(year, month)
    days_in_month = (following - first).days
    memberships = (
        UnitMembership.objects.filter(unit=unit, starts_on__lt=following)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=first))
        .select_related("member")
        .order_by("role", "member__full_name", "starts_on")
    )
    rates = list(
        AllowanceRate.objects.filter(ward_id=unit.ward_id, valid_from__lt=following).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=first)
        )
    )
    lines = []
    for membership in memberships:
        start = max(membership.starts_on, first)
        end = min(membership.ends_on or following, following)
        days = (end - start).days
        rate = _rate(rates, membership.role, unit.kind_id, start)
        amount = ((rate or 0) * days + days_in_month // 2) // days_in_month
        lines.append(
            AllowanceLine(
                full_name=membership.member.full_name,
                role=str(membership.get_role_display()),
                held_from=start,
                held_until=end - datetime.timedelta(days=1),
                days=days,
                rate_vnd=rate,
                amount_vnd=amount,
            )
        )
    return AllowanceSheet(unit=unit, year=year, month=month, lines=lines)


def sheet_xlsx(sheet: AllowanceSheet) -> bytes:
    """The sheet as an XLSX workbook (cells neutralised by `wardsec.exports`), with a total."""
    headers = [
        _("Họ và tên"),
        _("Chức danh"),
        _("Từ ngày"),
        _("Đến ngày"),
        _("Số ngày"),
        _("Mức tháng (đồng)"),
        _("Thành tiền (đồng)"),
    ]
    rows: list[list[exports.Cell]] = [
        [
            line.full_name,
            line.role,
            line.held_from,
            line.held_until,
            line.days,
            line.rate_vnd if line.rate_vnd is not None else _("chưa có mức"),
            line.amount_vnd,
        ]
        for line in sheet.lines
    ]
    rows.append([_("Tổng cộng"), "", None, None, None, None, sheet.total_vnd])
    title = _("Hỗ trợ %(month)02d-%(year)d") % {"month": sheet.month, "year": sheet.year}
    return exports.write_xlsx(headers, rows, title=title)
