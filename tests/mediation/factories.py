"""`make_<model>(**overrides)` helpers of the mediation tests: everything through the services,
with scopes disabled (fixtures)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django_scopes import scopes_disabled

from mediation import services
from mediation.catalogue import ensure_catalogue
from mediation.choices import DisputeSource, DisputeStatus
from mediation.models import DisputeKind
from tests import factories as base

_numbers = itertools.count(1)
DAY = datetime.date(2021, 3, 1)


def kind(code: str = "land") -> DisputeKind:
    ensure_catalogue()
    return DisputeKind.objects.get(code=code)


def make_team(ward, **overrides: Any):
    with scopes_disabled():
        values = {
            "ward": ward,
            "actor": None,
            "name": f"Tổ hòa giải {next(_numbers)}",
            "neighbourhood": overrides.pop("neighbourhood", None)
            or base.make_neighbourhood(ward, name=f"Khu phố {next(_numbers)}"),
            "established_on": datetime.date(2015, 1, 1),
        } | overrides
        return services.found_team(**values)


def make_mediator(team, **overrides: Any):
    with scopes_disabled():
        values = {
            "team": team,
            "actor": None,
            "full_name": f"Hòa giải viên {next(_numbers)}",
            "starts_on": datetime.date(2015, 1, 1),
        } | overrides
        return services.add_mediator(**values)


def make_dispute(ward, **overrides: Any):
    with scopes_disabled():
        values = {
            "ward": ward,
            "actor": None,
            "received_on": DAY,
            "source": DisputeSource.PARTY_REQUEST,
            "kind": kind(),
            "summary": "Tranh chấp ranh giới đất giữa hai hộ liền kề.",
            "parties": [
                {"full_name": "Nguyễn Văn An", "birth_year": 1970, "address": "12 đường số 3"},
                {"full_name": "Trần Thị Bình", "birth_year": 1981, "phone": "0912345678"},
            ],
        } | overrides
        return services.open_dispute(**values)


def make_session(dispute, **overrides: Any):
    with scopes_disabled():
        values = {"dispute": dispute, "actor": None, "held_on": DAY, "attendees": "Hai bên"}
        return services.record_session(**(values | overrides))


def close(dispute, actor, outcome: str = DisputeStatus.SUCCESSFUL, **overrides: Any):
    with scopes_disabled():
        values: dict[str, Any] = {
            "dispute": dispute,
            "actor": actor,
            "outcome": outcome,
            "closed_on": dispute.received_on + datetime.timedelta(days=5),
        }
        if outcome == DisputeStatus.SUCCESSFUL:
            values |= {
                "agreement": "Cắm lại mốc ranh giới.",
                "deadline": datetime.date(2021, 4, 30),
            }
        if outcome == DisputeStatus.UNSUCCESSFUL:
            values["guidance"] = "Hướng dẫn gửi đơn đến Tòa án."
        return services.record_outcome(**(values | overrides))


def make_book(team, **overrides: Any):
    with scopes_disabled():
        values = {
            "team": team,
            "actor": None,
            "year": 2021,
            "number": f"01/{next(_numbers)}",
            "opened_on": datetime.date(2021, 1, 2),
        } | overrides
        return services.open_record_book(**values)


def make_party(ward, **overrides: Any):
    """A party added through services.add_party to a new dispute of `ward` (without parties)."""
    dispute = make_dispute(ward, parties=[])
    with scopes_disabled():
        values = {"dispute": dispute, "actor": None, "full_name": "Đỗ Văn Bên"} | overrides
        return services.add_party(**values)
