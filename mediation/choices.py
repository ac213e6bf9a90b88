"""Vocabularies of the mediation app (Law on Grassroots Mediation 35/2013/QH13)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeSource(models.TextChoices):
    """How a dispute came to the mediation team (Law 35/2013, art. 16)."""

    TIP = "tip", _("Tin báo do cán bộ chuyển sang")
    PARTY_REQUEST = "party_request", _("Một bên hoặc các bên yêu cầu")
    WARD_REFERRAL = "ward_referral", _("Phường/xã đề nghị")
    OWN_INITIATIVE = "own_initiative", _("Hòa giải viên tự chứng kiến, biết được")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Đang hòa giải")
    SUCCESSFUL = "successful", _("Hòa giải thành")
    UNSUCCESSFUL = "unsuccessful", _("Hòa giải không thành")
    WITHDRAWN = "withdrawn", _("Các bên rút yêu cầu")
    OUTSIDE_SCOPE = "outside_scope", _("Không thuộc phạm vi hòa giải — chuyển thành tin báo")

    @classmethod
    def outcomes(cls) -> list[tuple[str, Any]]:
        """The choices of a closing outcome (every status but open)."""
        return [(value, label) for value, label in cls.choices if value != cls.OPEN]


class PartyRole(models.TextChoices):
    PARTY = "party", _("Bên tranh chấp")
    RELATED = "related", _("Người có quyền lợi, nghĩa vụ liên quan")


class MediatorRole(models.TextChoices):
    LEADER = "leader", _("Tổ trưởng")
    MEMBER = "member", _("Hòa giải viên")


class Compliance(models.TextChoices):
    """Follow-up of a successful agreement (Law 35/2013, art. 25)."""

    PENDING = "pending", _("Đang theo dõi thực hiện")
    KEPT = "kept", _("Các bên đã thực hiện")
    BROKEN = "broken", _("Có bên không thực hiện")
