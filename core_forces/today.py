"""The core forces' part of "Việc hôm nay" (wardsec.today): members in the force today who are
not trained (by the app's rule, `querysets.trained_on`), certificates that expire within
`EXPIRY_NOTICE_DAYS`, duty shifts past and not recorded, shifts of the coming days. Each count
links to the list filtered to those rows; one query per model, whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core_forces.models import ForceMember, Patrol, TrainingAttendance
from core_forces.querysets import (
    EXPIRY_NOTICE_DAYS,
    UPCOMING_DAYS,
    certificates_expiring,
    trained_on,
    unrecorded,
    upcoming,
)
from wardsec.today import Item, Section, changelist_url


def section(request: HttpRequest) -> Section | None:
    """The forces' open work of the user's wards, for a user who may see it."""
    user = request.user
    today = timezone.localdate()
    items = []
    if user.has_perm("core_forces.view_forcemember"):
        untrained = (
            ForceMember.objects.in_force_on(today)
            .alias(trained=trained_on(today))
            .filter(trained=False)
            .count()
        )
        url = changelist_url("core_forces.forcemember", {"trained": "no", "left_on__isempty": "1"})
        items.append(
            Item(_("thành viên chưa tập huấn"), untrained, url, urgent=True, key="untrained")
        )
    if user.has_perm("core_forces.view_trainingattendance"):
        expiring = TrainingAttendance.objects.filter(certificates_expiring(today)).count()
        url = changelist_url("core_forces.trainingattendance", {"expires": "soon"})
        label = _("chứng nhận hết hạn trong %(days)d ngày") % {"days": EXPIRY_NOTICE_DAYS}
        items.append(Item(label, expiring, url, key="expiring"))
    if user.has_perm("core_forces.view_patrol"):
        counts = Patrol.objects.aggregate(
            unrecorded=Count("pk", filter=unrecorded(today)),
            upcoming=Count("pk", filter=upcoming(today, UPCOMING_DAYS)),
        )
        patrols = "core_forces.patrol"
        items += [
            Item(_("ca tuần tra, trực đã qua chưa ghi kết quả"), counts["unrecorded"],
                 changelist_url(patrols, {"due": "unrecorded"}), urgent=True, key="unrecorded"),
            Item(_("ca tuần tra, trực %(days)d ngày tới") % {"days": UPCOMING_DAYS},
                 counts["upcoming"], changelist_url(patrols, {"due": "upcoming"}),
                 key="upcoming"),
        ]  # fmt: skip
    if not items:
        return None
    return Section(title=_("Lực lượng nòng cốt"), items=items)
