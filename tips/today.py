"""The tips' part of "Việc hôm nay" (wardsec.today): what is new, overdue, the user's own, where
a tipster added information, the cases awaiting clarification; for a commander, the same per
officer. Every count links to the queue filtered to exactly those rows (tips.admin.tip's
declared filters), and is counted by the database: 3 queries for an officer, 6 for a commander
(tests/tips/test_today.py pins that they do not grow), whatever the number of tips."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tips.choices import CaseStatus, TipStatus
from tips.models import Case, Tip
from tips.querysets import news_from_citizen, triage_deadline, verification_deadline
from wardsec import names
from wardsec.today import Item, Row, Section, Table, changelist_url

TIP = "tips.tip"
CASE = "tips.case"
# The per-officer table's columns.
COLUMNS = (
    _("tin đang mở"),
    _("quá hạn xác minh"),
    _("người báo vừa bổ sung"),
    _("vụ việc chờ làm rõ"),
)


def _tip_counts(user: Any) -> dict[str, int]:
    late_triage = Q(status=TipStatus.NEW, received_at__lt=triage_deadline())
    late_verification = Q(status=TipStatus.IN_PROGRESS, received_at__lt=verification_deadline())
    return (
        Tip.objects.open()
        .alias(has_news=news_from_citizen())
        .aggregate(
            new=Count("pk", filter=Q(status=TipStatus.NEW)),
            late_triage=Count("pk", filter=late_triage),
            late_verification=Count("pk", filter=late_verification),
            mine=Count("pk", filter=Q(assignee=user)),
            news=Count("pk", filter=Q(has_news=True)),
            unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        )
    )


def section(request: HttpRequest) -> Section | None:
    """The tips' work of the user's wards, for a user who may see tips."""
    user = request.user
    if not user.has_perm("tips.view_tip"):
        return None
    counts = _tip_counts(user)
    items = [
        Item(_("tin báo mới"), counts["new"], changelist_url(TIP, {"status__exact": "new"}),
             key="new"),
        Item(_("quá hạn phân loại"), counts["late_triage"], changelist_url(TIP, {"overdue": "1"}),
             urgent=True, key="late_triage"),
        Item(_("quá hạn xác minh"), counts["late_verification"],
             changelist_url(TIP, {"overdue": "2"}), urgent=True, key="late_verification"),
        Item(_("của tôi, đang mở"), counts["mine"], changelist_url(TIP, {"queue": "mine"}),
             key="mine"),
        Item(_("người báo vừa bổ sung thông tin"), counts["news"],
             changelist_url(TIP, {"queue": "news"}), urgent=True, key="news",
             help=_("chưa có trả lời hay ghi chú của cán bộ sau đó")),
        Item(_("tin đang mở chưa giao cán bộ"), counts["unassigned"],
             changelist_url(TIP, {"queue": "unassigned"}),
             key="unassigned"),
    ]  # fmt: skip
    if user.has_perm("tips.view_case"):
        awaiting = Case.objects.filter(status=CaseStatus.OPEN).count()
        url = changelist_url(CASE, {"status__exact": CaseStatus.OPEN})
        items.append(Item(_("vụ việc chờ làm rõ"), awaiting, url, key="cases_open"))
    tables = [_per_officer(request)] if _is_commander(user) else []
    return Section(title=_("Tin báo, vụ việc"), items=items, tables=tables)


def _is_commander(user: Any) -> bool:
    from wards.choices import Role
    from wards.models import Membership

    if user.is_superuser:
        return False  # sees every ward: a table of the whole country helps no one
    memberships = Membership.objects.with_scopes_disabled().current()
    return memberships.filter(user=user, role=Role.COMMANDER).exists()


def _per_officer(request: HttpRequest) -> Table:
    """Open tips, overdue ones, unanswered additions and open cases of each officer of the
    commander's wards (everyone who works there, with or without work)."""
    from wardsec.admin import scoped_staff

    late = Q(status=TipStatus.IN_PROGRESS, received_at__lt=verification_deadline())
    tips = {
        row["assignee"]: row
        for row in Tip.objects.open()
        .filter(assignee__isnull=False)
        .alias(has_news=news_from_citizen())
        .order_by()
        .values("assignee")
        .annotate(
            open=Count("pk"),
            late=Count("pk", filter=late),
            news=Count("pk", filter=Q(has_news=True)),
        )
    }
    cases = dict(
        Case.objects.filter(status=CaseStatus.OPEN, officer_in_charge__isnull=False)
        .order_by()
        .values_list("officer_in_charge")
        .annotate(n=Count("pk"))
    )
    rows = []
    for person in scoped_staff(request):
        mine = tips.get(person.pk, {})
        by = {"assignee__id__exact": person.pk}
        rows.append(
            Row(
                label=names.display_name(person),
                cells=[
                    Item(COLUMNS[0], mine.get("open", 0), changelist_url(TIP, by), key="open"),
                    Item(
                        COLUMNS[1],
                        mine.get("late", 0),
                        changelist_url(TIP, {**by, "overdue": "2"}),
                        urgent=True,
                        key="late",
                    ),
                    Item(
                        COLUMNS[2],
                        mine.get("news", 0),
                        changelist_url(TIP, {**by, "queue": "news"}),
                        urgent=True,
                        key="news",
                    ),
                    Item(
                        COLUMNS[3],
                        cases.get(person.pk, 0),
                        changelist_url(
                            CASE,
                            {
                                "officer_in_charge__id__exact": person.pk,
                                "status__exact": CaseStatus.OPEN,
                            },
                        ),
                        key="cases",
                    ),
                ],
            )  # fmt: skip
        )
    return Table(
        caption=_("Theo cán bộ"),
        columns=COLUMNS,
        rows=rows,
    )
