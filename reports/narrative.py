"""The report's prose, from its figures: a Django template per language
(`reports/narrative/vi.txt`, `en.txt`) in the register of the seed article. A section no app
registered is absent from the figures and its paragraph is left out; a section with nothing in
the period says so ("không có …")."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from reports import labels


def period_of(start: datetime.date, end: datetime.date) -> dict[str, str]:
    """What kind of period it is and how the prose names it."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return {"kind": "year", "label": str(start.year)}
        return {"kind": "years", "label": f"{start.year}-{end.year}"}
    next_day = end + datetime.timedelta(days=1)
    if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
        return {"kind": "month", "label": f"{start.month:02d}/{start.year}"}
    return {"kind": "range", "label": f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"}


def police_name(scope: Mapping[str, Any], language: str) -> str:
    if scope.get("kind") == "province":
        return (
            f"the ward and commune police of {scope['name']}"
            if language == "en"
            else f"Công an các phường, xã thuộc {scope['name']}"
        )
    return f"the police of {scope['name']}" if language == "en" else f"Công an {scope['name']}"


def _units(core_forces: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    units = core_forces.get("units") or {}
    return [
        {**entry, "code": code, "name": labels.unit_name(code, entry, language)}
        for code, entry in units.items()
        if isinstance(entry, Mapping) and entry.get("units")
    ]


def context(figures: Mapping[str, Any], language: str) -> dict[str, Any]:
    start = datetime.date.fromisoformat(figures["period"]["start"])
    end = datetime.date.fromisoformat(figures["period"]["end"])
    return {
        **{k: v for k, v in figures.items() if k not in ("scope", "period")},
        "models": figures.get("models"),  # None (no such section) differs from [] (none)
        "previous": figures.get("previous") or {},
        "period": period_of(start, end),
        "police": police_name(figures["scope"], language),
        "units": _units(figures.get("core_forces") or {}, language),
    }


def paragraphs(figures: Mapping[str, Any], language: str) -> list[str]:
    """The narrative as paragraphs of plain text (whitespace tidied)."""
    with translation.override(language):
        text = render_to_string(f"reports/narrative/{language}.txt", context(figures, language))
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]
