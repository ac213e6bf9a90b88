"""The models registry's part of "Việc hôm nay" (wardsec.today): faults not yet fixed, those
nobody was given, those given to the user; for the commander, the models that ran last year and
have no evaluation for it; for whoever holds `view_supervision`, the people under supervision
not seen for `CHECK_IN_DAYS` days. Each count links to the list filtered to exactly those rows;
one query per model, whatever the number of rows."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.choices import FaultStatus
from models_registry.models import (
    EVALUATE_PERMISSION,
    SUPERVISION_PERMISSION,
    CheckIn,
    Evaluation,
    Fault,
    PreventionModel,
    SupervisedPerson,
)
from wardsec.today import Item, Section, changelist_url

CHECK_IN_DAYS = 30


def unrated(year: int) -> Q:
    """Models that ran in `year` and have no evaluation for it."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rated = Evaluation.objects.filter(model=OuterRef("pk"), year=year)
    return (
        Q(started_on__lte=last)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=first))
        & ~Q(Exists(rated))
    )


def check_in_due(today: datetime.date) -> Q:
    """People under supervision today with no check-in in the last `CHECK_IN_DAYS` days (and
    supervised for longer than that)."""
    since = today - datetime.timedelta(days=CHECK_IN_DAYS)
    recent = CheckIn.objects.filter(person=OuterRef("pk"), on__gt=since)
    return (
        Q(starts_on__lte=since)
        & (Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        & ~Q(Exists(recent))
    )


def _fault_items(request: HttpRequest) -> list[Item]:
    counts = Fault.objects.aggregate(
        open=Count("pk", filter=~Q(status=FaultStatus.FIXED)),
        unassigned=Count("pk", filter=Q(status=FaultStatus.REPORTED)),
        mine=Count("pk", filter=Q(status=FaultStatus.ASSIGNED, assignee=request.user)),
    )
    faults = "models_registry.fault"
    return [
        Item(_("sự cố tài sản chưa khắc phục"), counts["open"],
             changelist_url(faults, {"open": "yes"}), urgent=True, key="open_faults"),
        Item(_("sự cố chưa giao ai khắc phục"), counts["unassigned"],
             changelist_url(faults, {"status__exact": FaultStatus.REPORTED}),
             key="unassigned_faults"),
        Item(_("sự cố giao cho tôi"), counts["mine"],
             changelist_url(faults, {"open": "mine"}), key="my_faults"),
    ]  # fmt: skip


def section(request: HttpRequest) -> Section | None:
    """The registry's open work of the user's wards, for a user who may see it."""
    user = request.user
    today = timezone.localdate()
    items = []
    if user.has_perm("models_registry.view_fault"):
        items += _fault_items(request)
    if user.has_perm(EVALUATE_PERMISSION):
        year = today.year - 1
        count = PreventionModel.objects.filter(unrated(year)).count()
        url = changelist_url("models_registry.preventionmodel", {"unrated": "last_year"})
        label = _("mô hình chưa đánh giá năm %(year)d") % {"year": year}
        items.append(Item(label, count, url, key="unrated_models"))
    if user.has_perm(SUPERVISION_PERMISSION) and user.has_perm(
        "models_registry.view_supervisedperson"
    ):
        count = SupervisedPerson.objects.filter(check_in_due(today)).count()
        url = changelist_url("models_registry.supervisedperson", {"check_in": "due"})
        label = _("người được giám sát chưa gặp trong %(days)d ngày") % {"days": CHECK_IN_DAYS}
        items.append(Item(label, count, url, urgent=True, key="check_in_due"))
    if not items:
        return None
    return Section(title=_("Mô hình phòng, chống tội phạm"), items=items)
