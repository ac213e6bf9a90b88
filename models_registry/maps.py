"""The assets' map without a map service: points projected onto a plain SVG plot.

No tiles and no script are fetched from anywhere (a deployment may add a tile layer of its
own); the plot is an equirectangular projection of the points' bounding box, which over a ward
(a few kilometres) is as exact as the coordinates typed in. Points without coordinates are
listed, not drawn.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from models_registry.choices import AssetKind
from tips.models import Tip

WIDTH, HEIGHT, MARGIN = 640, 420, 20
RECENT_TIP_DAYS = 90
TIP_LIMIT = 500
COLOURS = {
    AssetKind.LIGHTING_SEGMENT: "#d4a017",
    AssetKind.CAMERA_POINT: "#2f6f9f",
    AssetKind.GATE: "#6b4f2f",
    AssetKind.SCHOOL_POINT: "#2e8b57",
    AssetKind.PATROL_TEAM: "#7a3e9d",
    AssetKind.HOUSEHOLD_GROUP: "#c05a2b",
}


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str
    colour: str
    broken: bool = False


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    assets: Sequence[Mark]
    tips: Sequence[Mark]
    legend: Sequence[tuple[str, str]]


def recent_tips(request: HttpRequest) -> list[Tip]:
    """Located tips of the user's wards received in the last `RECENT_TIP_DAYS` days (at most
    `TIP_LIMIT`, newest first): reference and point only."""
    since = timezone.now() - datetime.timedelta(days=RECENT_TIP_DAYS)
    return list(
        Tip.objects.filter(received_at__gte=since, latitude__isnull=False)
        .only("pk", "reference", "latitude", "longitude", "ward_id")
        .order_by("-received_at")[:TIP_LIMIT]
    )


def _bounds(points: Iterable[tuple[Decimal, Decimal]]) -> tuple[float, float, float, float]:
    lats = [float(lat) for lat, _lon in points]
    lons = [float(lon) for _lat, lon in points]
    south, north = min(lats), max(lats)
    west, east = min(lons), max(lons)
    pad = 0.0005  # a single point, or a straight line of them, still gets a box
    return south - pad, north + pad, west - pad, east + pad


def plot(assets: Sequence[Any], tips: Sequence[Tip]) -> Plot | None:
    """The SVG plot of `assets` (and `tips`) that have coordinates; None when none has."""
    located = [(a.latitude, a.longitude) for a in assets if a.latitude is not None]
    located += [
        (t.latitude, t.longitude)
        for t in tips
        if t.latitude is not None and t.longitude is not None
    ]
    if not located:
        return None
    south, north, west, east = _bounds(located)
    scale = min((WIDTH - 2 * MARGIN) / (east - west), (HEIGHT - 2 * MARGIN) / (north - south))

    def at(lat: Decimal, lon: Decimal) -> tuple[float, float]:
        x = MARGIN + (float(lon) - west) * scale
        y = HEIGHT - MARGIN - (float(lat) - south) * scale
        return round(x, 1), round(y, 1)

    marks = [
        Mark(*at(a.latitude, a.longitude), str(a), COLOURS.get(a.kind, "#333"), a.out_of_order)
        for a in assets
        if a.latitude is not None
    ]
    tip_marks = [
        Mark(*at(t.latitude, t.longitude), str(t), "#ba2121")
        for t in tips
        if t.latitude is not None and t.longitude is not None
    ]
    legend = [(str(label), COLOURS[AssetKind(value)]) for value, label in AssetKind.choices]
    return Plot(WIDTH, HEIGHT, marks, tip_marks, legend)
