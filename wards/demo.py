"""The demo ward: Ward 3 of Kiến Tường town, Long An province — merged on 1 July 2025 into
Kiến Tường ward of Tây Ninh province — with its neighbourhoods and three demo users.

`manage.py load_demo` calls `load()` and then every app's `demo_loader` (AppConfig attribute)
with what this returns. Idempotent: a second run finds everything and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from wards import models, services
from wards.choices import NeighbourhoodKind, ProvinceKind, Role, WardKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REFORM_DAY = datetime.date(2025, 7, 1)

# username, password, role, display name. Demo only: printed by `make run`.
DEMO_USERS = [
    ("canbo", "canbo-phuong3-2021", Role.OFFICER, "Nguyễn Văn An", "Cán bộ"),
    ("chihuy", "chihuy-phuong3-2021", Role.COMMANDER, "Trần Thị Bình", "Trưởng Công an"),
    ("lanhdao", "lanhdao-tayninh-2025", Role.LEADER, "Lê Minh Châu", "Lãnh đạo tỉnh"),
]
NEIGHBOURHOODS = ["Khu phố 1", "Khu phố 2", "Khu phố 3", "Khu phố 4", "Khu phố Cái Cát"]


@dataclass
class DemoContext:
    province: models.Province
    ward: models.Ward  # Ward 3, which holds the 2016–2021 records
    successor: models.Ward  # today's ward, where the demo users work
    other_ward: models.Ward
    users: dict[str, User] = field(default_factory=dict)
    created: bool = False


def _provinces() -> tuple[models.Province, models.Province]:
    tay_ninh, _ = models.Province.objects.get_or_create(
        code="72", defaults={"name": "Tây Ninh", "kind": ProvinceKind.PROVINCE}
    )
    long_an, _ = models.Province.objects.get_or_create(
        code="80",
        defaults={
            "name": "Long An",
            "kind": ProvinceKind.PROVINCE,
            "merged_into": tay_ninh,
            "merged_on": REFORM_DAY,
            "is_active": False,
        },
    )
    return long_an, tay_ninh


def _wards(long_an: models.Province, tay_ninh: models.Province):
    successor, _ = models.Ward.objects.get_or_create(
        code="DEMO-KT",
        defaults={
            "name": "Phường Kiến Tường",
            "province": tay_ninh,
            "kind": WardKind.WARD,
            "address": "Đường 30/4, phường Kiến Tường, tỉnh Tây Ninh",
            "hotline": "0272 3841 113",
        },
    )
    ward, created = models.Ward.objects.get_or_create(
        code="DEMO-P3",
        defaults={
            "name": "Phường 3",
            "province": long_an,
            "kind": WardKind.WARD,
            "district_name": "thị xã Kiến Tường",
            "merged_into": successor,
            "merged_on": REFORM_DAY,
            "is_active": False,
            "accepts_public_tips": False,
        },
    )
    other, _ = models.Ward.objects.get_or_create(
        code="DEMO-LA",
        defaults={"name": "Phường Long An", "province": tay_ninh, "kind": WardKind.WARD},
    )
    for unit in (ward, successor, other):
        for name in NEIGHBOURHOODS if unit != other else ["Khu phố 1", "Khu phố 2"]:
            models.Neighbourhood.objects.get_or_create(
                ward=unit, name=name, defaults={"kind": NeighbourhoodKind.QUARTER}
            )
    return ward, successor, other, created


def _users(context: DemoContext) -> None:
    user_model = get_user_model()
    for username, password, role, name, _title in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            last, first = name.rsplit(" ", 1)
            user = user_model.objects.create_user(
                username=username,
                password=password,
                email=f"{username}@demo.wardsec.invalid",
                first_name=first,
                last_name=last,
            )
            if role == Role.LEADER:
                services.grant_membership(
                    user=user,
                    role=role,
                    province=context.successor.province,
                    actor=None,
                    starts_on=datetime.date(2016, 1, 1),
                )
            else:
                services.grant_membership(
                    user=user,
                    role=role,
                    ward=context.successor,
                    actor=None,
                    starts_on=datetime.date(2016, 1, 1),
                )
        context.users[role] = user


def load() -> DemoContext:
    """Create (or find) the demo provinces, wards, neighbourhoods and users."""
    with scopes_disabled():
        long_an, tay_ninh = _provinces()
        ward, successor, other, created = _wards(long_an, tay_ninh)
        context = DemoContext(
            province=tay_ninh, ward=ward, successor=successor, other_ward=other, created=created
        )
        _users(context)
    return context
