"""Choices of the campaigns app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """The yearly events of the "All People Protect National Security" movement."""

    FESTIVAL = "festival", _("Ngày hội toàn dân bảo vệ ANTQ")
    FORUM = "forum", _("Diễn đàn “Công an xã lắng nghe ý kiến Nhân dân”")


class FeedbackStatus(models.TextChoices):
    OPEN = "open", _("Chưa trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan khác")


class DonorKind(models.TextChoices):
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")
    INDIVIDUAL = "individual", _("Cá nhân")
    ANONYMOUS = "anonymous", _("Giấu tên")
