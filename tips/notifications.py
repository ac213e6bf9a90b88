"""Outbox handlers of the tips app: emails to the ward's duty officers.

Emails name the tip and link to it in the admin; they never carry the tipster's contact or the
tip's text (email is not a safe place for either).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tips.models import Tip
from wards.models import Membership
from wardsec import outbox
from wardsec.models import OutboxMessage


def duty_officer_emails(ward_id: int) -> list[str]:
    return sorted(
        set(
            Membership.objects.staff([ward_id])
            .filter(is_duty_officer=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _send(template: str, tip: Tip, recipients: list[str], **extra) -> None:
    if not recipients:
        return
    with translation.override("vi"):
        context = {
            "tip": tip,
            "url": settings.WARDSEC_SITE_URL + reverse("admin:tips_tip_change", args=[tip.pk]),
            **extra,
        }
        subject = render_to_string(f"tips/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"tips/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


@outbox.handler("tips.new_tip")
def new_tip(message: OutboxMessage) -> None:
    tip = Tip.objects.select_related("category", "ward").get(pk=message.payload["tip_id"])
    _send("new_tip", tip, duty_officer_emails(message.ward_id))


@outbox.handler("tips.citizen_added")
def citizen_added(message: OutboxMessage) -> None:
    tip = Tip.objects.select_related("assignee", "ward").get(pk=message.payload["tip_id"])
    if tip.assignee and tip.assignee.email:
        recipients = [tip.assignee.email]
    else:
        recipients = duty_officer_emails(message.ward_id)
    _send("citizen_added", tip, recipients)


@outbox.handler("tips.assigned")
def assigned(message: OutboxMessage) -> None:
    tip = Tip.objects.select_related("category", "ward").get(pk=message.payload["tip_id"])
    user = get_user_model().objects.filter(pk=message.payload["user_id"], is_active=True).first()
    if user and user.email:
        _send("assigned", tip, [user.email])


@outbox.handler("tips.overdue")
def overdue(message: OutboxMessage) -> None:
    tips = list(Tip.objects.filter(pk__in=message.payload["tip_ids"]).select_related("category"))
    if not tips:
        return
    with translation.override("vi"):
        context = {
            "tips": tips,
            "hours": settings.WARDSEC_TIP_TRIAGE_HOURS,
            "url": settings.WARDSEC_SITE_URL
            + reverse("admin:tips_tip_changelist")
            + "?status__exact=new",
        }
        subject = render_to_string("tips/email/overdue_subject.txt", context).strip()
        body = render_to_string("tips/email/overdue.txt", context)
    recipients = duty_officer_emails(message.ward_id)
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
