"""What every format prints, built once from the figures: the Decree 30/2020/NĐ-CP frame
(issuing body, motto, number, place and date, title, signature, recipients), the narrative,
the tables and the year-by-year charts."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reports import compose, labels, narrative

Cell = str | int | float


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]


@dataclass
class Chart:
    title: str
    years: list[str]
    values: list[int]


@dataclass
class Document:
    language: str
    figures: Mapping[str, Any]
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    paragraphs: list[str]
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    signer: str = ""
    recipients: list[str] = field(default_factory=list)

    def word(self, key: str) -> str:
        return labels.word(labels.DOCUMENT, key, self.language)

    @property
    def words(self) -> dict[str, str]:
        """The document's fixed words in its language (for templates)."""
        return {key: self.word(key) for key in labels.DOCUMENT}


def _place(scope: Mapping[str, Any]) -> str:
    """The place in the date line: the unit's name without its level (Kiến Tường)."""
    name = str(scope.get("name", ""))
    for prefix in ("Phường ", "Xã ", "Thị trấn ", "Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _date_line(place: str, day: datetime.date, language: str) -> str:
    if language == "en":
        return f"{place}, {day:%d %B %Y}"
    return f"{place}, ngày {day.day} tháng {day.month} năm {day.year}"


def _counts(section: Mapping[str, Any]) -> list[str]:
    return [
        k
        for k, v in section.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and not k.startswith("by_")
    ]


def section_table(name: str, section: Mapping[str, Any], years: list[str], lang: str) -> Table:
    """One row per figure: its total, then one column per year (flows only)."""
    by_year = section.get("by_year") or {}
    rows: list[list[Cell]] = []
    for key in _counts(section):
        per_year = [by_year.get(y, {}).get(key, "") for y in years] if by_year else []
        rows.append([labels.word(labels.KEYS, key, lang), section[key], *per_year])
    headers = [
        labels.word(labels.DOCUMENT, "figure", lang),
        labels.word(labels.DOCUMENT, "total", lang),
    ]
    return Table(
        name, labels.word(labels.SECTIONS, name, lang), headers + (years if by_year else []), rows
    )


def units_table(section: Mapping[str, Any], lang: str) -> Table:
    rows: list[list[Cell]] = [
        [labels.unit_name(code, entry, lang), entry.get("units", 0), entry.get("members", 0)]
        for code, entry in (section.get("units") or {}).items()
        if isinstance(entry, Mapping)
    ]
    headers = [labels.word(labels.DOCUMENT, "kind", lang), labels.word(labels.KEYS, "units", lang)]
    headers.append(labels.word(labels.KEYS, "members", lang))
    return Table(
        "core_forces_units", labels.word(labels.SECTIONS, "core_forces", lang), headers, rows
    )


def models_table(models: list[Mapping[str, Any]], lang: str) -> Table:
    rows: list[list[Cell]] = [
        [
            str(m.get("name", "")),
            str(m.get("kind", "")),
            str(m.get("started", "")),
            "; ".join(f"{k}: {v}" for k, v in (m.get("indicators") or {}).items()),
        ]
        for m in models
    ]
    headers = [
        labels.word(labels.DOCUMENT, k, lang) for k in ("model", "kind", "started", "indicators")
    ]
    return Table("models", labels.word(labels.SECTIONS, "models", lang), headers, rows)


def tables_of(figures: Mapping[str, Any], lang: str) -> list[Table]:
    tables = []
    for name in compose.sections(figures):
        section = figures[name]
        if isinstance(section, list):
            tables.append(models_table(section, lang))
            continue
        years = sorted((figures.get("by_year") or {}).keys())
        own = {**section, "by_year": {y: figures["by_year"][y].get(name, {}) for y in years}}
        table = section_table(name, own if years else section, years, lang)
        if table.rows:
            tables.append(table)
        if name == "core_forces" and section.get("units"):
            tables.append(units_table(section, lang))
    return tables


def charts_of(figures: Mapping[str, Any], lang: str) -> list[Chart]:
    """A bar chart per flow of each section, year by year (multi-year periods)."""
    by_year = figures.get("by_year") or {}
    years = sorted(by_year)
    if len(years) < 2:
        return []
    charts = []
    for name in compose.sections(figures):
        keys = sorted({k for y in years for k in (by_year[y].get(name) or {})})
        for key in keys:
            if key.endswith("_vnd"):
                continue
            values = [int(by_year[y].get(name, {}).get(key, 0)) for y in years]
            what = labels.word(labels.KEYS, key, lang).lower()
            title = f"{labels.word(labels.SECTIONS, name, lang)}: {what}"
            charts.append(Chart(title, years, values))
    return charts


def build_document(
    *, figures: Mapping[str, Any], language: str, number: str, issued_on: datetime.date
) -> Document:
    scope = figures["scope"]
    period = narrative.period_of(
        datetime.date.fromisoformat(figures["period"]["start"]),
        datetime.date.fromisoformat(figures["period"]["end"]),
    )
    en = language == "en"
    if scope.get("kind") == "province":
        parent, issuer = (
            (f"{scope['name']} police" if en else f"CÔNG AN {scope['name']}".upper()),
            "",
        )
        signer = "DIRECTOR" if en else "GIÁM ĐỐC"
    else:
        parent = (f"{scope['province']} police" if en else f"CÔNG AN {scope['province']}").upper()
        issuer = (f"{scope['name']} police" if en else f"CÔNG AN {scope['name']}").upper()
        signer = "HEAD OF THE WARD POLICE" if en else "TRƯỞNG CÔNG AN"
    what = "of security and order work" if en else "công tác bảo đảm an ninh, trật tự"
    when = {"year": "năm", "years": "giai đoạn", "month": "tháng", "range": "từ"}[period["kind"]]
    subtitle = (
        f"Results {what}, {period['label']}" if en else f"Kết quả {what} {when} {period['label']}"
    )
    recipients = (
        [
            f"- {scope.get('province') or scope['name']} police;",
            "- Party Committee, People's Committee;",
            "- Archive.",
        ]
        if en
        else [
            f"- Công an {scope.get('province') or scope['name']};",
            "- Đảng ủy, UBND;",
            "- Lưu: VT.",
        ]
    )
    return Document(
        language=language,
        figures=figures,
        issuer_parent=parent,
        issuer=issuer,
        number=number,
        place_date=_date_line(_place(scope), issued_on, language),
        title=labels.word(labels.DOCUMENT, "title", language),
        subtitle=subtitle,
        paragraphs=narrative.paragraphs(figures, language),
        tables=tables_of(figures, language),
        charts=charts_of(figures, language),
        signer=signer,
        recipients=recipients,
    )
