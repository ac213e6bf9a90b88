"""How the audit log and the timelines name the events of tips, cases and subjects, and how
the log's search finds a tip's entries by its reference number as printed."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tips import codes
from tips.models import Tip, TipMessage
from wardsec import timeline

EVENTS = {
    "tip.submit": _("Tiếp nhận tin báo"),
    "tip.triage.accept": _("Phân loại: tiếp nhận, xác minh"),
    "tip.triage.duplicate": _("Phân loại: trùng tin báo khác"),
    "tip.triage.spam": _("Phân loại: tin rác, báo sai sự thật"),
    "tip.triage.not_security": _("Phân loại: không thuộc lĩnh vực an ninh, trật tự"),
    "tip.transfer": _("Chuyển phường/xã khác"),
    "tip.assign": _("Giao cán bộ"),
    "tip.message.public_reply": _("Trả lời người báo tin"),
    "tip.message.internal_note": _("Ghi chú nội bộ"),
    "tip.message.citizen": _("Người báo tin bổ sung thông tin"),
    "tip.link_case": _("Gắn vào vụ việc"),
    "tip.close": _("Kết thúc tin báo"),
    "tip.refer_mediation": _("Chuyển hòa giải ở cơ sở"),
    "tip.reopen": _("Mở lại tin báo"),
    "tip.contact.read": _("Xem thông tin liên hệ của người báo tin"),
    "case.open": _("Mở vụ việc"),
    "case.categories": _("Sửa loại vụ việc"),
    "case.clarify": _("Làm rõ vụ việc"),
    "case.reopen": _("Mở lại vụ việc"),
    "subject.add": _("Thêm đối tượng"),
    "subject.change": _("Sửa thông tin đối tượng"),
    "subject.outcome": _("Ghi kết quả xử lý đối tượng"),
    "subject.identity.read": _("Xem nhân thân đối tượng"),
    "open311.client.issue": _("Cấp khóa Open311"),
}


def entries_of_reference(term: str) -> Q | None:
    """The entries of the tip whose reference `term` is, however typed (TB-2021-000123,
    tb 2021 123), and of its messages."""
    reference = codes.normalise_reference(term)
    if reference is None:
        return None
    # The unscoped base manager: a tip transferred away keeps its entries in this ward's log.
    tip_ids = list(Tip._base_manager.filter(reference=reference).values_list("pk", flat=True))
    message_ids = TipMessage._base_manager.filter(tip_id__in=tip_ids).values_list("pk", flat=True)
    return Q(
        content_type=ContentType.objects.get_for_model(Tip),
        object_id__in=[str(pk) for pk in tip_ids],
    ) | Q(
        content_type=ContentType.objects.get_for_model(TipMessage),
        object_id__in=[str(pk) for pk in message_ids],
    )


timeline.register_events(EVENTS)
timeline.register_audit_search(entries_of_reference)
