"""Fixed vocabularies of the wards app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")


class WardKind(models.TextChoices):
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    TOWNSHIP = "township", _("Thị trấn")


class NeighbourhoodKind(models.TextChoices):
    QUARTER = "quarter", _("Khu phố")
    HAMLET = "hamlet", _("Ấp")
    RESIDENTIAL_GROUP = "residential_group", _("Tổ dân phố")
    VILLAGE = "village", _("Thôn")


class Role(models.TextChoices):
    """What a person does where. Each role is a Django group of the same name (see roles.py)."""

    OFFICER = "officer", _("Cán bộ Công an phường/xã")
    COMMANDER = "commander", _("Chỉ huy Công an phường/xã")
    LEADER = "leader", _("Lãnh đạo cấp tỉnh")

    @classmethod
    def ward_roles(cls) -> list[str]:
        return [cls.OFFICER, cls.COMMANDER]
