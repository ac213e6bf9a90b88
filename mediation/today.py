"""Mediation's part of "Việc hôm nay" (wardsec.today): disputes still being mediated, those not
yet given to a team, and successful agreements whose deadline falls within a week (or has
passed) without a follow-up. Each count links to the list filtered to those rows; one query,
whatever the number of rows."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mediation import services
from mediation.choices import Compliance, DisputeStatus
from mediation.models import Dispute
from wardsec.today import Item, Section, changelist_url


def due_soon(today: datetime.date) -> Q:
    """Successful agreements followed (pending) whose deadline is within the reminder's days."""
    return Q(
        status=DisputeStatus.SUCCESSFUL,
        compliance=Compliance.PENDING,
        deadline__lte=today + datetime.timedelta(days=services.REMIND_DAYS_BEFORE),
    )


def section(request: HttpRequest) -> Section | None:
    """The open mediation work of the user's wards, for a user who may read disputes."""
    if not request.user.has_perm("mediation.view_dispute"):
        return None
    today = timezone.localdate()
    counts = Dispute.objects.aggregate(
        open=Count("pk", filter=Q(status=DisputeStatus.OPEN)),
        unassigned=Count("pk", filter=Q(status=DisputeStatus.OPEN, team__isnull=True)),
        due=Count("pk", filter=due_soon(today)),
    )
    disputes = "mediation.dispute"
    items = [
        Item(_("vụ việc đang hòa giải"), counts["open"],
             changelist_url(disputes, {"status__exact": DisputeStatus.OPEN}), key="open"),
        Item(_("vụ việc chưa phân công tổ hòa giải"), counts["unassigned"],
             changelist_url(disputes, {"status__exact": DisputeStatus.OPEN, "team__isempty": "1"}),
             urgent=True, key="unassigned"),
        Item(_("thỏa thuận sắp đến hạn hoặc quá hạn, chưa kiểm tra"), counts["due"],
             changelist_url(disputes, {"due": "soon"}), urgent=True, key="due"),
    ]  # fmt: skip
    return Section(title=_("Hòa giải ở cơ sở"), items=items)
