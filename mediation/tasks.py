"""Celery tasks of mediation. Thin: they take ids, open the ward's scope, call a service."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from mediation import services
from mediation.models import Dispute
from wards.models import Ward
from wardsec.scoping import ward_scope


@shared_task(ignore_result=True)
def remind_due_agreements() -> int:
    """Beat, daily: fan out one reminder task per ward with agreements due within a week."""
    today = timezone.localdate()
    with scopes_disabled():
        ward_ids = list(
            Dispute.objects.filter(reminded_at__isnull=True)
            .agreements_due(today, services.REMIND_DAYS_BEFORE)
            .order_by()
            .values_list("ward_id", flat=True)
            .distinct()
        )
    for ward_id in ward_ids:
        remind_ward_due_agreements.delay(ward_id)
    return len(ward_ids)


@shared_task(ignore_result=True)
def remind_ward_due_agreements(ward_id: int) -> int:
    """Queue one reminder for a ward's agreements due soon; safe to run twice."""
    with ward_scope(ward_id), transaction.atomic():
        ward = Ward.objects.get(pk=ward_id)
        return len(services.remind_due_agreements(ward=ward))
