"""The model field at the end of a path through relations — a lookup (`case__ward__name`) or a
serializer's dotted source (`case.ward.name`) — for the admin's filters, the accent-less search
and the API's nullable output, which all ask what a path ends on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

__all__ = ["field_at"]


def field_at(model: type[models.Model], path: str, *, sep: str = "__") -> Any:
    """The field (or relation) that `path` ends on, following relations from `model`; None when
    a step is not a field (a lookup such as `__icontains`, a method, a typo)."""
    field: Any = None
    for part in path.split(sep):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field
