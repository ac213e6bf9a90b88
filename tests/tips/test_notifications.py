"""Notifications to duty officers: after commit, through the outbox, never lost, never twice —
also when the broker is down while the citizen submits."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tests.conftest import broker_returns
from tests.tips.conftest import submit
from tips import forms as tip_forms
from tips import tasks as tip_tasks
from tips.models import Tip
from wardsec import tasks as wardsec_tasks
from wardsec.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_new_tip_emails_the_duty_officers_once(
    officer_a, commander_a, theft, ward_a, django_capture_on_commit_callbacks
):
    off_duty = factories.make_officer(ward_a, username="off_duty")
    with scopes_disabled():
        membership = off_duty.memberships.get()
    membership.is_duty_officer = False
    membership.save()
    with django_capture_on_commit_callbacks(execute=True):
        tip = submit(ward_a, theft).tip
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == sorted([officer_a.email, commander_a.email])
    assert tip.reference in email.subject
    assert tip.description not in email.body  # the tip's text never travels by email
    wardsec_tasks.publish_outbox()
    assert len(mail.outbox) == 1


def test_broker_down_tip_saved_receipt_shown_then_sent_exactly_once(
    client, settings, ward_a, theft, officer_a, broker_down, django_capture_on_commit_callbacks
):
    settings.WARDSEC_TIP_MIN_SECONDS = 0
    data = {
        "ward": ward_a.pk,
        "category": theft.pk,
        "leave_contact": "0",
        "description": "Nghi buôn bán ma túy ở nhà trọ cuối hẻm.",
        "form_token": tip_forms.new_form_token(),
    }
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tips:submit"), data)
    assert (timezone.now() - started).total_seconds() < 10  # bounded, not hung
    assert response.status_code == 200
    assert re.search(r'data-testid="tracking-code">[A-Z0-9-]{17}<', response.content.decode())
    with scopes_disabled():
        assert Tip.objects.count() == 1
        message = OutboxMessage.objects.get(kind="tips.new_tip")
    assert message.sent_at is None and len(mail.outbox) == 0

    assert wardsec_tasks.publish_outbox() == 0  # still down: nothing handed over, nothing lost
    broker_returns(broker_down)
    wardsec_tasks.publish_outbox()
    wardsec_tasks.publish_outbox()
    message.refresh_from_db()
    assert message.sent_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [officer_a.email]


def test_failed_delivery_is_retried_later(
    officer_a, ward_a, theft, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from tips import notifications

    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(notifications, "send_mail", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        submit(ward_a, theft)
    with scopes_disabled():
        message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.attempts == 1 and "SMTP down" in message.last_error
    assert message.available_at > timezone.now()  # backed off
    monkeypatch.undo()
    OutboxMessage.objects.with_scopes_disabled().filter(pk=message.pk).update(
        available_at=timezone.now()
    )
    wardsec_tasks.publish_outbox()
    message.refresh_from_db()
    assert message.sent_at is not None and len(mail.outbox) == 1 and len(calls) == 1


def test_overdue_reminder_once_per_tip(
    officer_a, ward_a, ward_b, theft, officer_b, settings, django_capture_on_commit_callbacks
):
    settings.WARDSEC_TIP_TRIAGE_HOURS = 24
    old = timezone.now() - datetime.timedelta(hours=30)
    with django_capture_on_commit_callbacks(execute=True):
        late_a = submit(ward_a, theft, received_at=old).tip
        submit(ward_a, theft)  # fresh: not overdue
        submit(ward_b, theft, received_at=old)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tip_tasks.remind_overdue_tips() == 2
    reminders = [m for m in mail.outbox if "quá hạn" in m.subject]
    assert len(reminders) == 2
    to_a = next(m for m in reminders if officer_a.email in m.to)
    assert late_a.reference in to_a.body and officer_b.email not in to_a.to
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tip_tasks.remind_overdue_tips() == 0
    assert mail.outbox == []
