"""`make_<model>(**overrides)` helpers of the models registry tests: everything through the
services, with scoping disabled (fixtures)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django_scopes import scopes_disabled

from models_registry import services
from models_registry.catalogue import ensure_catalogue
from models_registry.models import ModelKind
from tests import factories as base
from wards.models import Neighbourhood

_numbers = itertools.count(1)
STARTED = datetime.date(2018, 1, 1)


def kind(code: str) -> ModelKind:
    ensure_catalogue()
    return ModelKind.objects.get(code=code)


def area(ward, name: str | None = None) -> Neighbourhood:
    """A neighbourhood of `ward` (the first one, made when it has none, unless named)."""
    with scopes_disabled():
        if name is None:
            found = Neighbourhood.objects.filter(ward=ward).order_by("pk").first()
            if found is not None:
                return found
        return base.make_neighbourhood(ward, name=name or f"Khu phố {next(_numbers)}")


def make_model(ward, kind_code: str = "lighting", **overrides: Any):
    with scopes_disabled():
        number = next(_numbers)
        values = {
            "ward": ward,
            "actor": None,
            "kind": kind(kind_code),
            "code": f"mo-hinh-{number}",
            "name": f"Mô hình thắp sáng số {number}",
            "started_on": STARTED,
        }
        values.update(overrides)
        return services.start_model(**values)


def make_asset(model, kind: str = "lighting_segment", **overrides: Any):
    defaults: dict[str, Any] = {
        "lighting_segment": {"bulbs": 40, "length_m": 400},
        "camera_point": {"cameras": 2},
        "household_group": {"households": 10},
        "school_point": {"school": "Trường Tiểu học"},
    }.get(kind, {})
    with scopes_disabled():
        values = {
            "model": model,
            "actor": None,
            "kind": kind,
            "name": f"Tuyến số {next(_numbers)}",
            "neighbourhood": area(model.ward),
            "installed_on": model.started_on,
            **defaults,
        }
        values.update(overrides)
        return services.add_asset(**values)


def make_fault(asset, **overrides: Any):
    with scopes_disabled():
        values = {
            "asset": asset,
            "actor": None,
            "reported_on": datetime.date(2021, 3, 1),
            "description": "Đèn không sáng.",
        }
        values.update(overrides)
        return services.report_fault(**values)


def make_person(ward, **overrides: Any):
    with scopes_disabled():
        values = {
            "ward": ward,
            "actor": None,
            "full_name": f"Trần Văn Hậu {next(_numbers)}",
            "category": "released_early",
            "starts_on": datetime.date(2020, 1, 1),
            "birth_year": 1990,
            "address": "Số 5, khu phố 2",
        }
        values.update(overrides)
        return services.place_under_supervision(**values)
