"""Numbers as a report writes them, in the language being rendered (`translation.override`):
Vietnamese `23.485`, `3,2 km`, `300 triệu đồng`, `01 căn`; English `23,485`, `3.2 km`,
`300 million VND`, `1 house`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils import translation

register = template.Library()
MILLION = 1_000_000


def _vietnamese() -> bool:
    return (translation.get_language() or "vi").startswith("vi")


def group(value: int) -> str:
    """An integer with thousands grouped: 23.485 (vi) or 23,485 (en)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if _vietnamese() else text


def decimal(value: float | Decimal, places: int = 1) -> str:
    """A number with at most `places` decimals, none when whole: 3,2 / 12,5 / 3 (vi)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _sep, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.rstrip("0")
    text = group(int(whole)) if whole.lstrip("-") else "0"
    if whole.startswith("-") and not text.startswith("-"):
        text = "-" + text
    if fraction:
        text += ("," if _vietnamese() else ".") + fraction
    return text


@register.filter
def num(value: Any) -> str:
    """A count: 23.485."""
    return group(int(value or 0))


@register.filter
def pad(value: Any) -> str:
    """A small count as Vietnamese administrative writing has it: 01, 05 (10 and up as is);
    English writes 1, 5."""
    number = int(value or 0)
    if _vietnamese() and 0 < number < 10:
        return f"{number:02d}"
    return group(number)


@register.filter
def money(value: Any) -> str:
    """Whole VND in millions: `300 triệu đồng`, `1,25 triệu đồng`; under a million in đồng
    (`850.000 đồng`)."""
    amount = int(value or 0)
    if _vietnamese():
        if abs(amount) < MILLION:
            return f"{group(amount)} đồng"
        return f"{decimal(Decimal(amount) / MILLION, 2)} triệu đồng"
    if abs(amount) < MILLION:
        return f"{group(amount)} VND"
    return f"{decimal(Decimal(amount) / MILLION, 2)} million VND"


@register.filter
def km(metres: Any) -> str:
    """A length in metres as kilometres: 3,2 km."""
    return f"{decimal(Decimal(int(metres or 0)) / 1000, 2)} km"


@register.filter
def pct(value: Any) -> str:
    """A share: 100 %, 87,5 %."""
    return f"{decimal(value or 0)} %"


@register.filter
def yoy(value: Any, previous: Any) -> str:
    """The change from the same period last year: `tăng 12,5 % so với cùng kỳ`,
    `giảm 5 %…`, `bằng cùng kỳ`, or `cùng kỳ không có` when last year had none."""
    now, before = int(value or 0), int(previous or 0)
    vi = _vietnamese()
    if now == before:
        return "bằng cùng kỳ" if vi else "the same as a year earlier"
    if before == 0:
        return "cùng kỳ không có" if vi else "none a year earlier"
    change = decimal(abs(now - before) * 100 / before) + " %"
    if vi:
        return f"{'tăng' if now > before else 'giảm'} {change} so với cùng kỳ"
    return f"{'up' if now > before else 'down'} {change} on a year earlier"


@register.filter
def get(mapping: Any, key: str) -> Any:
    """`mapping[key]`, or None (a template cannot index by a variable)."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
