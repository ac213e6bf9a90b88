"""`make_<model>(**overrides)` helpers of the core forces tests: everything through the
services, with scoping disabled (fixtures)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django_scopes import scopes_disabled

from core_forces import services
from core_forces.catalogue import ensure_catalogue
from core_forces.models import TrainingTopic, UnitKind

_numbers = itertools.count(1)


def kind(code: str) -> UnitKind:
    ensure_catalogue()
    return UnitKind.objects.get(code=code)


def make_unit(ward, code: str = "civil_defence", **overrides: Any):
    with scopes_disabled():
        values = {
            "ward": ward,
            "actor": None,
            "kind": kind(code),
            "name": f"Đội {next(_numbers)}",
            "established_on": datetime.date(2020, 1, 1),
        }
        values.update(overrides)
        return services.found_unit(**values)


def make_member(ward, **overrides: Any):
    with scopes_disabled():
        values = {
            "ward": ward,
            "actor": None,
            "full_name": f"Nguyễn Văn Tâm {next(_numbers)}",
            "joined_on": datetime.date(2019, 1, 1),
        }
        values.update(overrides)
        return services.enrol_member(**values)


def appoint(member, unit, role: str = "member", starts_on=datetime.date(2020, 1, 1), **kw: Any):
    with scopes_disabled():
        return services.appoint(
            member=member, unit=unit, actor=None, role=role, starts_on=starts_on, **kw
        )


def make_course(ward, topics=("duties",), **overrides: Any):
    with scopes_disabled():
        ensure_catalogue()
        values = {
            "ward": ward,
            "actor": None,
            "title": "Tập huấn chức năng, nhiệm vụ",
            "topics": list(TrainingTopic.objects.filter(code__in=topics)),
            "starts_on": datetime.date(2020, 6, 1),
            "ends_on": datetime.date(2020, 6, 3),
            "hours": 16,
        }
        values.update(overrides)
        return services.record_course(**values)


def attend(course, member, result: str = "passed", **overrides: Any):
    with scopes_disabled():
        return services.record_attendance(
            course=course, member=member, actor=None, result=result, **overrides
        )
