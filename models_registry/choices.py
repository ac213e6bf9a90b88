"""Choices of the crime-prevention models registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """Which indicators a kind of model is measured by (the figures contract's names). Kinds
    are data (`ModelKind`); a new kind picks one of these, or none."""

    LIGHTING = "lighting", _("Chiếu sáng: số bóng, chiều dài")
    CAMERAS = "cameras", _("Camera: số điểm, số camera, kinh phí xã hội hóa")
    GATES = "gates", _("Cổng an ninh trật tự: số cổng")
    PATROL = "patrol", _("Tuần tra: số tổ, số thành viên")
    SCHOOL_SAFETY = "school_safety", _("An toàn trước cổng trường: số điểm được bảo đảm / tổng")
    SUPERVISION = "supervision", _("Giám sát, giáo dục tại cộng đồng: số người")
    SELF_MANAGED = "self_managed", _("Hộ tự quản: số hộ")
    NONE = "none", _("Không có chỉ số")


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    PAUSED = "paused", _("Tạm dừng")
    ENDED = "ended", _("Đã kết thúc")


class AssetKind(models.TextChoices):
    LIGHTING_SEGMENT = "lighting_segment", _("Tuyến đèn chiếu sáng")
    CAMERA_POINT = "camera_point", _("Điểm camera")
    GATE = "gate", _("Cổng an ninh trật tự")
    SCHOOL_POINT = "school_point", _("Điểm trước cổng trường")
    PATROL_TEAM = "patrol_team", _("Tổ tuần tra")
    HOUSEHOLD_GROUP = "household_group", _("Nhóm hộ tự quản, liên kết")


class FaultStatus(models.TextChoices):
    REPORTED = "reported", _("Mới báo")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    FIXED = "fixed", _("Đã khắc phục")


class Rating(models.TextChoices):
    EFFECTIVE = "effective", _("Hiệu quả")
    PARTLY = "partly", _("Hiệu quả một phần")
    NOT_EFFECTIVE = "not_effective", _("Không hiệu quả")


class SupervisionCategory(models.TextChoices):
    RELEASED_EARLY = "released_early", _("Phạm nhân được tha tù trước thời hạn có điều kiện")
    SUSPENDED_SENTENCE = "suspended_sentence", _("Người bị phạt tù cho hưởng án treo")
    RELEASED = "released", _("Người chấp hành xong án phạt tù trở về địa phương")
    AT_RISK = "at_risk", _("Người có biểu hiện vi phạm pháp luật")
