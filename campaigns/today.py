"""The campaigns' part of "Việc hôm nay" (wardsec.today): the residents' feedback items still
open — how many, and how many past their deadline — each a link to the feedback list filtered to
exactly those items (`?due=open`, `?due=overdue`). One query, whatever the number of items."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.choices import FeedbackStatus
from campaigns.models import FeedbackItem
from wardsec.today import Item, Section, changelist_url


def section(request: HttpRequest) -> Section | None:
    """Open feedback items of the user's wards, for a user who may read them."""
    if not request.user.has_perm("campaigns.view_feedbackitem"):
        return None
    open_items = Q(status=FeedbackStatus.OPEN)
    counts = FeedbackItem.objects.aggregate(
        open=Count("pk", filter=open_items),
        overdue=Count("pk", filter=open_items & Q(deadline__lt=timezone.localdate())),
    )
    items = "campaigns.feedbackitem"
    return Section(
        title=_("Tuyên truyền, vận động"),
        items=[
            Item(_("ý kiến của Nhân dân quá hạn trả lời"), counts["overdue"],
                 changelist_url(items, {"due": "overdue"}), urgent=True, key="overdue"),
            Item(_("ý kiến của Nhân dân chưa trả lời"), counts["open"],
                 changelist_url(items, {"due": "open"}), key="open"),
        ],
    )  # fmt: skip
