"""Vocabularies of the tips app. Statuses and their public wording are defined here, once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class TipStatus(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xác minh")
    DUPLICATE = "duplicate", _("Trùng tin báo khác")
    SPAM = "spam", _("Tin rác, báo sai sự thật")
    NOT_SECURITY = "not_security", _("Không thuộc lĩnh vực an ninh, trật tự")
    MEDIATION = "mediation", _("Chuyển hòa giải ở cơ sở")
    CLOSED = "closed", _("Đã xử lý xong")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.NEW, cls.IN_PROGRESS]

    @classmethod
    def final_values(cls) -> list[str]:
        return [cls.DUPLICATE, cls.SPAM, cls.NOT_SECURITY, cls.MEDIATION, cls.CLOSED]


# What the citizen reads on the status page and what Open311 reports, per status.
PUBLIC_STATUS_TEXT: dict[str, StrPromise] = {
    TipStatus.NEW: _("Công an phường/xã đã nhận tin của bạn và sẽ xem xét sớm."),
    TipStatus.IN_PROGRESS: _("Tin của bạn đang được cán bộ xác minh."),
    TipStatus.DUPLICATE: _(
        "Nội dung này đã được báo trước đó và đang được xử lý cùng tin báo kia."
    ),
    TipStatus.SPAM: _("Tin báo không được xử lý vì không đủ thông tin hoặc không đúng sự thật."),
    TipStatus.NOT_SECURITY: _(
        "Nội dung không thuộc lĩnh vực an ninh, trật tự; cán bộ đã hướng dẫn nơi giải quyết."
    ),
    TipStatus.MEDIATION: _("Vụ việc được chuyển sang tổ hòa giải ở cơ sở để giải quyết."),
    TipStatus.CLOSED: _("Tin báo đã được xử lý xong. Cảm ơn bạn đã góp phần giữ gìn an ninh."),
}

# Open311 knows two statuses: open and closed.
OPEN311_STATUS = {
    status: ("open" if status in TipStatus.open_values() else "closed")
    for status in TipStatus.values
}


class TipChannel(models.TextChoices):
    WEB = "web", _("Biểu mẫu trên trang web")
    HOTLINE = "hotline", _("Điện thoại đường dây nóng")
    WALK_IN = "walk_in", _("Trực tiếp tại trụ sở")
    LETTER = "letter", _("Thư, đơn")
    FORUM = "forum", _("Diễn đàn, buổi tuyên truyền")
    APP = "app", _("Ứng dụng của tỉnh, VNeID")
    OPEN311 = "open311", _("Hệ thống khác (Open311)")

    @classmethod
    def officer_entered(cls) -> list[str]:
        return [cls.HOTLINE, cls.WALK_IN, cls.LETTER, cls.FORUM, cls.APP]


class TriageDecision(models.TextChoices):
    ACCEPT = "accept", _("Tiếp nhận, xác minh")
    DUPLICATE = "duplicate", _("Trùng tin báo khác")
    SPAM = "spam", _("Tin rác, báo sai sự thật")
    TRANSFER = "transfer", _("Ngoài địa bàn — chuyển phường/xã khác")
    NOT_SECURITY = "not_security", _("Không thuộc lĩnh vực an ninh, trật tự")


TRIAGE_STATUS: dict[str, TipStatus] = {
    TriageDecision.ACCEPT: TipStatus.IN_PROGRESS,
    TriageDecision.DUPLICATE: TipStatus.DUPLICATE,
    TriageDecision.SPAM: TipStatus.SPAM,
    TriageDecision.TRANSFER: TipStatus.NEW,
    TriageDecision.NOT_SECURITY: TipStatus.NOT_SECURITY,
}


class TipOutcome(models.TextChoices):
    CASE_CLARIFIED = "case_clarified", _("Đã làm rõ vụ việc")
    RESOLVED = "resolved", _("Đã giải quyết, xử lý")
    NO_VIOLATION = "no_violation", _("Không có dấu hiệu vi phạm")
    UNVERIFIED = "unverified", _("Không xác minh được")
    REFERRED = "referred", _("Chuyển cơ quan có thẩm quyền")


class MessageKind(models.TextChoices):
    PUBLIC_REPLY = "public_reply", _("Trả lời người báo tin")
    CITIZEN = "citizen", _("Người báo tin bổ sung")
    INTERNAL_NOTE = "internal_note", _("Ghi chú nội bộ")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Đang xác minh")
    CLARIFIED = "clarified", _("Đã làm rõ")
    SUSPENDED = "suspended", _("Tạm đình chỉ")


class SubjectOutcome(models.TextChoices):
    PENDING = "pending", _("Đang xử lý")
    PROSECUTED = "prosecuted", _("Khởi tố, chuyển cơ quan điều tra")
    ADMIN_SANCTION = "admin_sanction", _("Xử phạt vi phạm hành chính")
    EDUCATED = "educated", _("Giáo dục, nhắc nhở tại cộng đồng")
    HANDED_OVER = "handed_over", _("Bàn giao cơ quan khác")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    UNKNOWN = "unknown", _("Chưa rõ")
