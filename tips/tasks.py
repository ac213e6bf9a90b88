"""Celery tasks of the tips app. Thin: they take ids, open the ward's scope, call a service."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from tips.models import Tip
from wards.models import Ward
from wardsec import outbox
from wardsec.scoping import ward_scope


@shared_task(ignore_result=True)
def remind_overdue_tips() -> int:
    """Beat, hourly: fan out one reminder task per ward that has overdue tips."""
    with scopes_disabled():
        ward_ids = list(
            Tip.objects.overdue()
            .filter(overdue_reminded_at__isnull=True)
            .values_list("ward_id", flat=True)
            .distinct()
        )
    for ward_id in ward_ids:
        remind_ward_overdue_tips.delay(ward_id)
    return len(ward_ids)


@shared_task(ignore_result=True)
def remind_ward_overdue_tips(ward_id: int) -> int:
    """Queue one reminder for a ward's overdue tips not yet reminded about; safe to run twice
    (the tips are claimed by a conditional UPDATE)."""
    with ward_scope(ward_id), transaction.atomic():
        ward = Ward.objects.get(pk=ward_id)
        now = timezone.now()
        candidates = list(
            Tip.objects.overdue(now)
            .filter(ward=ward, overdue_reminded_at__isnull=True)
            .values_list("pk", flat=True)
        )
        claimed = Tip.objects.filter(pk__in=candidates, overdue_reminded_at__isnull=True).update(
            overdue_reminded_at=now
        )
        if claimed:
            tip_ids = list(
                Tip.objects.filter(pk__in=candidates, overdue_reminded_at=now).values_list(
                    "pk", flat=True
                )
            )
            outbox.enqueue(kind="tips.overdue", ward=ward, payload={"tip_ids": tip_ids})
        return claimed
