"""Sensitive fields, declared once per model and obeyed everywhere.

A model names its sensitive fields in a class attribute::

    sensitive_fields = {
        "contact_phone": "tips.view_tipster_contact",  # readable with this permission
        "pin_hash": SECRET,                            # never readable through the product
    }

Everything that shows, searches, filters, orders, exports or logs field values asks this module:

- the audit log never copies a sensitive value; it records that the field changed
  (`CHANGED`), so the log itself can be shown to anyone who may read the log;
- admin lists accept a lookup, an ordering or a search on a sensitive field only from a user
  who may read it (never on a secret): a row that stays in a filtered list would otherwise
  answer yes/no questions about a value the user may not see;
- exports leave out what the user may not read.

A second, narrower declaration names the fields that stay out of the audit log only: free
text a citizen wrote (a tip's description, a message's body), which the officers of the ward
read and search, but which an append-only log would keep for ever and show to every role that
reads the log::

    audit_redact = ("description", "location_text")

`log_redacted` gives both together: the audit log records `CHANGED` for any of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db import models

__all__ = [
    "CHANGED",
    "SECRET",
    "declared",
    "hidden_fields",
    "is_sensitive",
    "log_redacted",
    "may_read",
    "path_is_readable",
]

SECRET: None = None
# What the audit log stores in place of a sensitive value that was set or changed.
CHANGED = "***"


def declared(model: type[models.Model] | models.Model) -> dict[str, str | None]:
    """The model's sensitive fields and the permission each needs (None: a secret)."""
    return dict(getattr(model, "sensitive_fields", {}) or {})


def log_redacted(model: type[models.Model] | models.Model) -> set[str]:
    """The fields whose values the audit log never copies: the sensitive ones and the model's
    `audit_redact` (a citizen's free text)."""
    return set(declared(model)) | set(getattr(model, "audit_redact", ()) or ())


def is_sensitive(model: type[models.Model] | models.Model, name: str) -> bool:
    return name in declared(model)


def may_read(
    user: User | AnonymousUser | None, model: type[models.Model] | models.Model, name: str
) -> bool:
    """Whether `user` may see the value of field `name` of `model`."""
    fields = declared(model)
    if name not in fields:
        return True
    permission = fields[name]
    if permission is None or user is None:
        return False
    return bool(user.has_perm(permission))


def hidden_fields(
    user: User | AnonymousUser | None, model: type[models.Model] | models.Model
) -> set[str]:
    """The sensitive fields of `model` that `user` may not see."""
    return {name for name in declared(model) if not may_read(user, model, name)}


def path_is_readable(
    user: User | AnonymousUser | None, model: type[models.Model], path: str
) -> bool:
    """Whether every field along a lookup path (`case__subjects__full_name__icontains`) is
    readable by `user`. Parts that are not fields (lookups, transforms) end the walk."""
    current: Any = model
    for part in path.lstrip("-").split("__"):
        try:
            field = current._meta.get_field(part)
        except Exception:
            return True
        if not may_read(user, current, field.name):
            return False
        if not field.is_relation or field.related_model is None:
            return True
        current = field.related_model
    return True
