"""Celery tasks of the wards app."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from wards import services
from wards.models import Membership


@shared_task(ignore_result=True)
def sync_memberships() -> int:
    """Beat, daily just after midnight: memberships that started or ended yesterday or today
    change their people's groups and admin access (a saved membership does it at once; this
    catches dates that simply arrive). Returns how many people were re-synced."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=1)
    with scopes_disabled():
        user_ids = set(
            Membership.objects.filter(
                Q(starts_on__range=(since, today)) | Q(ends_on__range=(since, today))
            ).values_list("user_id", flat=True)
        )
    for user in get_user_model().objects.filter(pk__in=user_ids):
        services.sync_user_groups(user)
    return len(user_ids)
