"""How the audit log and the timelines name the campaigns' events (registered by the admin)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wardsec import timeline

EVENTS = {
    "outreach_plan.set": _("Lập kế hoạch tuyên truyền năm"),
    "outreach_session.recorded": _("Ghi buổi tuyên truyền"),
    "outreach_session.photos_added": _("Thêm ảnh buổi tuyên truyền"),
    "broadcast.recorded": _("Ghi lượt phát tiếng loa ANTT"),
    "movement_event.recorded": _("Ghi ngày hội, diễn đàn"),
    "feedback_item.recorded": _("Ghi ý kiến của Nhân dân"),
    "feedback_item.answered": _("Trả lời ý kiến"),
    "feedback_item.forwarded": _("Chuyển ý kiến tới cơ quan khác"),
    "donation.recorded": _("Ghi khoản tài trợ"),
    "gift_distribution.recorded": _("Ghi đợt trao quà"),
    "charity_house.recorded": _("Ghi nhà tình thương"),
    "fund_contribution.recorded": _("Ghi đóng góp quỹ"),
    "outreach_plan.corrected": _("Sửa kế hoạch tuyên truyền năm"),
    "outreach_session.corrected": _("Sửa buổi tuyên truyền"),
    "broadcast.corrected": _("Sửa lượt phát tiếng loa ANTT"),
    "movement_event.corrected": _("Sửa ngày hội, diễn đàn"),
    "donation.corrected": _("Sửa khoản tài trợ"),
    "gift_distribution.corrected": _("Sửa đợt trao quà"),
    "charity_house.corrected": _("Sửa nhà tình thương"),
    "fund_contribution.corrected": _("Sửa đóng góp quỹ"),
}


def register() -> None:
    timeline.register_events(EVENTS)
