"""`{% load people %}` … `{{ user|person_name }}`: a person's name in Vietnamese order."""

from __future__ import annotations

from typing import Any

from django import template

from wardsec import names

register = template.Library()


@register.filter
def person_name(user: Any) -> str:
    """ "Nguyễn Văn An", or the username when no name is recorded; "" for no user."""
    return names.display_name(user) if user else ""
