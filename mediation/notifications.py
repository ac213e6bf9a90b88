"""Outbox handler of mediation: the reminder of agreements due soon, emailed to the ward's duty
officers. It names the disputes by reference and deadline, never the parties or the text."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mediation.models import Dispute
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


@outbox.handler("mediation.agreements_due")
def agreements_due(message: OutboxMessage) -> None:
    disputes = list(Dispute.objects.filter(pk__in=message.payload["dispute_ids"]))
    recipients = duty_officer_emails(message.ward_id)
    if not disputes or not recipients:
        return
    with translation.override("vi"):
        subject = _("Sắp đến hạn thực hiện %(n)s thỏa thuận hòa giải") % {"n": len(disputes)}
        lines = [
            _("%(ref)s: hạn thực hiện %(day)s")
            % {"ref": d.reference, "day": f"{d.deadline:%d/%m/%Y}" if d.deadline else ""}
            for d in disputes
        ]
        url = settings.WARDSEC_SITE_URL + reverse("admin:mediation_dispute_changelist")
        body = "\n".join([*lines, "", url])
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
