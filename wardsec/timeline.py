"""The audit log read by people: an object's timeline, and the log's own pages.

Entries are shown in Vietnamese: the event by the name its app registered (`register_events`),
else the action's name; the role by its name; times in local time (the templates' `date`
filter); changed fields by their verbose names and values by their display names (a choice's
label, a related record's `str`, a person's name in Vietnamese order), never ids or raw JSON.
A value the log never copied (`sensitive.CHANGED`) stays `***`.

An admin shows an object's timeline by declaring `timeline = True` (see `WardScopedAdmin`):
the entries of the object and of its related records named in `timeline_includes` (a tip's
messages), in the user's ward scope, without reads and exports (those are the log's business,
not the object's story).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from wardsec import audit, names, sensitive
from wardsec.models import AuditAction, AuditEntry

__all__ = [
    "ReadableEntry",
    "audit_search",
    "readable",
    "register_audit_search",
    "register_events",
    "timeline_of",
]

_EVENTS: dict[str, Any] = {}
_SEARCHES: list[Callable[[str], Q | None]] = []
HIDDEN_FROM_TIMELINE = (AuditAction.VIEW, AuditAction.EXPORT)


def register_events(labels: Mapping[str, Any]) -> None:
    """Name an app's audit events in Vietnamese (`{"tip.close": _("Kết thúc tin báo")}`).
    Called by the app's admin module at import."""
    _EVENTS.update(labels)


def register_audit_search(lookup: Callable[[str], Q | None]) -> None:
    """Let the audit log's search find the entries of a record by its code as printed
    (`lookup(term)` answers a filter on AuditEntry, or None when the term is not a code)."""
    if lookup not in _SEARCHES:
        _SEARCHES.append(lookup)


def audit_search(term: str) -> Q | None:
    """The entries the registered lookups find for `term` (None: no lookup knows it)."""
    found = [q for q in (lookup(term) for lookup in _SEARCHES) if q is not None]
    if not found:
        return None
    combined = found[0]
    for q in found[1:]:
        combined |= q
    return combined


def event_label(entry: AuditEntry) -> str:
    if entry.event in _EVENTS:
        return str(_EVENTS[entry.event])
    return str(AuditAction(entry.action).label) if entry.action in AuditAction.values else ""


def role_label(role: str) -> str:
    from wards.choices import Role

    if role == "superuser":
        return gettext("Quản trị hệ thống")
    return str(Role(role).label) if role in Role.values else role


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class ReadableEntry:
    entry: AuditEntry
    at: datetime.datetime
    event: str
    label: str
    actor: str
    role: str
    note: str
    changes: list[Change] = field(default_factory=list)


def _model_of(entry: AuditEntry) -> type[models.Model] | None:
    if not entry.content_type_id:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _changes_of(entry: AuditEntry, model: type[models.Model] | None) -> dict[str, list[Any]]:
    changes = entry.changes
    if model is not None:
        changes = audit.scrub_changes(model, changes)
    if not isinstance(changes, dict):
        return {}
    return {name: values for name, values in changes.items() if isinstance(values, list)}


class _Related:
    """The related records the entries' changes name, read in one query per model."""

    def __init__(self, entries: list[AuditEntry]):
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for entry in entries:
            model = _model_of(entry)
            for name, values in _changes_of(entry, model).items():
                related = _related_model(_field(model, name))
                if related is not None:
                    wanted[related] |= {v for v in values if v not in (None, "", sensitive.CHANGED)}
        self.objects = {
            model: model._base_manager.in_bulk(
                [pk for pk in pks if isinstance(pk, int | str)]
            )  # in another ward too: a name, not the record
            for model, pks in wanted.items()
        }

    def label(self, model: type[models.Model], pk: Any) -> str:
        obj = self.objects.get(model, {}).get(pk)
        if obj is None:
            return f"#{pk}"
        return names.person_label(obj) if model is get_user_model() else str(obj)


def _related_model(model_field: Any) -> type[models.Model] | None:
    if model_field is None or not model_field.is_relation or model_field.many_to_many:
        return None
    return model_field.related_model


def _value(model_field: Any, value: Any, related: _Related) -> str:
    if value == sensitive.CHANGED:
        return sensitive.CHANGED
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(_many(model_field, value))
    related_model = _related_model(model_field)
    if related_model is not None:
        return related.label(related_model, value)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    return _time_or_text(model_field, value)


def _many(model_field: Any, values: list[Any]) -> list[str]:
    """A many-to-many field's values by name: the log keeps their codes (a case's categories,
    `["theft"]`) when the related model has a unique `code`, else their ids."""
    related = getattr(model_field, "related_model", None) if model_field is not None else None
    if related is None or not model_field.many_to_many:
        return [str(v) for v in values]
    key = "code" if _field(related, "code") is not None and _field(related, "code").unique else "pk"
    found = related._base_manager.in_bulk(values, field_name=key)
    return [str(found.get(value, value)) for value in values]


def _time_or_text(model_field: Any, value: Any) -> str:
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "H:i d/m/Y")
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "d/m/Y")
        except ValueError:
            return str(value)
    return str(value)


def _changes(entry: AuditEntry, related: _Related) -> list[Change]:
    model = _model_of(entry)
    result = []
    for name, values in _changes_of(entry, model).items():
        model_field = _field(model, name)
        if model_field is not None and model_field.primary_key:
            continue  # the record's own number: the entry names the record already
        label = capfirst(str(model_field.verbose_name)) if model_field is not None else name
        old, new = (values + [None, None])[:2]
        result.append(
            Change(label, _value(model_field, old, related), _value(model_field, new, related))
        )
    return result


def readable(entries: Iterable[AuditEntry]) -> list[ReadableEntry]:
    """The entries as people read them (related records resolved in one query per model;
    list `actor` in select_related)."""
    entries = list(entries)
    related = _Related(entries)
    return [
        ReadableEntry(
            entry=entry,
            at=entry.created_at,
            event=entry.event or entry.action,
            label=event_label(entry),
            actor=names.person_label(entry.actor) if entry.actor_id else entry.actor_label,
            role=role_label(entry.actor_role),
            note=entry.note,
            changes=_changes(entry, related),
        )
        for entry in entries
    ]


def timeline_of(obj: models.Model, includes: Iterable[str] = ()) -> list[ReadableEntry]:
    """`obj`'s story, oldest first: its entries and those of the related records named in
    `includes` (reverse relations, e.g. a tip's "messages"), in the current ward scope."""
    ct = ContentType.objects.get_for_model(obj)
    where = Q(content_type=ct, object_id=str(obj.pk))
    for name in includes:
        manager = getattr(obj, name)
        ids = [str(pk) for pk in manager.values_list("pk", flat=True)]
        if ids:
            where |= Q(
                content_type=ContentType.objects.get_for_model(manager.model), object_id__in=ids
            )
    entries = (
        AuditEntry.objects.filter(where)
        .exclude(action__in=HIDDEN_FROM_TIMELINE)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    return readable(entries)
