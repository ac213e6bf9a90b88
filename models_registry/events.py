"""How the audit log and the timelines name the models registry's events (registered by the
admin)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wardsec import timeline

EVENTS = {
    "prevention_model.started": _("Triển khai mô hình"),
    "prevention_model.ended": _("Kết thúc mô hình"),
    "prevention_model.evaluated": _("Đánh giá hằng năm mô hình"),
    "contribution.recorded": _("Ghi khoản đóng góp"),
    "asset.added": _("Thêm tài sản của mô hình"),
    "asset.removed": _("Tháo dỡ tài sản"),
    "fault.reported": _("Báo hư hỏng"),
    "fault.assigned": _("Giao khắc phục hư hỏng"),
    "fault.fixed": _("Khắc phục xong hư hỏng"),
    "supervised_person.placed": _("Đưa vào diện giám sát, giáo dục"),
    "supervised_person.ended": _("Kết thúc giám sát, giáo dục"),
    "supervised_person.checked_in": _("Ghi lần kiểm tra, gặp gỡ"),
    "supervised_person.read": _("Xem hồ sơ người được giám sát"),
    "supervised_person.list_read": _("Xem danh sách người được giám sát"),
}


def register() -> None:
    timeline.register_events(EVENTS)
