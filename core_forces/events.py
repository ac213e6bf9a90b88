"""How the audit log and the timelines name the core forces' events (registered by the admin)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wardsec import timeline

EVENTS = {
    "force_unit.founded": _("Thành lập đơn vị"),
    "force_unit.dissolved": _("Giải thể / tổ chức lại đơn vị"),
    "force_unit.allowance_sheet": _("Xuất bảng hỗ trợ tháng"),
    "force_member.enrolled": _("Thêm thành viên lực lượng"),
    "force_member.corrected": _("Sửa thông tin thành viên"),
    "force_member.identity.read": _("Xem nhân thân thành viên"),
    "force_member.left": _("Thôi tham gia lực lượng"),
    "force_membership.appointed": _("Bổ nhiệm vào đơn vị"),
    "force_membership.ended": _("Thôi giữ chức danh trong đơn vị"),
    "training_course.recorded": _("Ghi lớp tập huấn"),
    "training_attendance.recorded": _("Ghi kết quả tập huấn"),
    "patrol.scheduled": _("Lên lịch tuần tra, trực"),
    "patrol.recorded": _("Ghi kết quả ca tuần tra, trực"),
    "allowance_rate.set": _("Đặt mức hỗ trợ"),
    "allowance_rate.replaced": _("Mức hỗ trợ được thay thế"),
}


def register() -> None:
    timeline.register_events(EVENTS)
