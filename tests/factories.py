"""`make_<model>(**overrides)` helpers: explicit test data, no fixtures files.

They run with scopes disabled (fixtures may), and return saved objects.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled

from wards import models as wards_models
from wards import services as wards_services
from wards.choices import Role

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_province(**overrides: Any) -> wards_models.Province:
    n = _n()
    data = {"code": f"P{n}", "name": f"Tỉnh thử {n}"} | overrides
    return wards_models.Province.objects.create(**data)


def make_ward(**overrides: Any) -> wards_models.Ward:
    n = _n()
    if "province" not in overrides:
        overrides["province"] = make_province()
    data = {"code": f"W{n}", "name": f"Phường thử {n}"} | overrides
    with scopes_disabled():
        return wards_models.Ward.objects.create(**data)


def make_neighbourhood(ward: wards_models.Ward, **overrides: Any) -> wards_models.Neighbourhood:
    data = {"ward": ward, "name": f"Khu phố {_n()}"} | overrides
    with scopes_disabled():
        return wards_models.Neighbourhood.objects.create(**data)


def make_user(username: str | None = None, **overrides: Any):
    username = username or f"user{_n()}"
    data = {"email": f"{username}@example.vn", "password": "pass-1234-word"} | overrides
    return get_user_model().objects.create_user(username=username, **data)


def make_member(
    role: str,
    *,
    ward: wards_models.Ward | None = None,
    province: wards_models.Province | None = None,
    username: str | None = None,
    **overrides: Any,
):
    """A user with a current membership (and the role's group)."""
    user = make_user(username, **overrides)
    with scopes_disabled():
        wards_services.grant_membership(
            user=user,
            role=role,
            ward=ward,
            province=province,
            actor=None,
            starts_on=timezone.localdate() - datetime.timedelta(days=30),
        )
    return user


def make_officer(ward: wards_models.Ward, **overrides: Any):
    return make_member(Role.OFFICER, ward=ward, **overrides)


def make_commander(ward: wards_models.Ward, **overrides: Any):
    return make_member(Role.COMMANDER, ward=ward, **overrides)


def make_leader(province: wards_models.Province, **overrides: Any):
    return make_member(Role.LEADER, province=province, **overrides)
