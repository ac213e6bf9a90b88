"""How the audit log and the timelines name mediation's events (registered by the admin)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wardsec import timeline

EVENTS = {
    "mediation_team.founded": _("Thành lập tổ hòa giải"),
    "mediation_team.dissolved": _("Giải thể tổ hòa giải"),
    "mediator.added": _("Thêm hòa giải viên"),
    "mediator.left": _("Hòa giải viên thôi tham gia"),
    "dispute.opened": _("Tiếp nhận vụ việc hòa giải"),
    "dispute.corrected": _("Sửa thông tin vụ việc hòa giải"),
    "dispute.assigned": _("Phân công hòa giải"),
    "dispute.successful": _("Hòa giải thành"),
    "dispute.unsuccessful": _("Hòa giải không thành"),
    "dispute.withdrawn": _("Các bên rút yêu cầu hòa giải"),
    "dispute.outside_scope": _("Ngoài phạm vi hòa giải — chuyển thành tin báo"),
    "dispute.follow_up.kept": _("Các bên đã thực hiện thỏa thuận"),
    "dispute.follow_up.broken": _("Có bên không thực hiện thỏa thuận"),
    "mediation_party.added": _("Thêm bên trong vụ việc"),
    "mediation_party.identity.read": _("Xem nhân thân các bên hòa giải"),
    "mediation_session.recorded": _("Ghi buổi hòa giải"),
    "record_book.opened": _("Mở sổ theo dõi hòa giải"),
    "record_book.closed": _("Khóa sổ theo dõi hòa giải"),
    "record_book.exported": _("Xuất sổ theo dõi hòa giải"),
}


def register() -> None:
    timeline.register_events(EVENTS)
