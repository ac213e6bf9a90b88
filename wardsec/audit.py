"""Writing the audit log. Services call `record` inside their transaction.

The request id comes from `RequestIdMiddleware` (or a task's own id) through a context variable,
so services need not pass it around. Nothing here ever reads the client's address or user agent.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from wardsec import sensitive
from wardsec.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward

request_id_var: ContextVar[str] = ContextVar("wardsec_request_id", default="")

# Fields never copied into the log: secrets of models that declare none (Django's users), and
# bookkeeping that changes on every save. Declared sensitive and free-text fields are logged as
# `sensitive.CHANGED` instead (see `redact`).
ALWAYS_EXCLUDED = {"password", "created_at", "updated_at", "key", "key_hash"}

Changes = dict[str, list[Any]]


def new_request_id() -> str:
    return uuid.uuid4().hex


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _excluded(instance: models.Model) -> set[str]:
    return ALWAYS_EXCLUDED | set(getattr(instance, "audit_exclude", ()))


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values (by attname for relations), for a later `diff`."""
    excluded = _excluded(instance)
    names = set(fields) if fields is not None else None
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded or (names is not None and field.name not in names):
            continue
        values[field.name] = _plain(getattr(instance, field.attname))
    return values


def diff(before: dict[str, Any], instance: models.Model) -> Changes:
    """{field: [old, new]} for the fields of `before` whose value changed on `instance`."""
    after = snapshot(instance, before.keys())
    return {name: [before[name], after[name]] for name in before if before[name] != after[name]}


def created(instance: models.Model) -> Changes:
    """{field: [None, value]} for every set field of a new instance."""
    return {
        name: [None, value]
        for name, value in snapshot(instance).items()
        if value not in (None, "", [], {})
    }


def _masked(value: Any) -> Any:
    return value if value in (None, "") else sensitive.CHANGED


def redact(model: type[models.Model] | models.Model, changes: Changes) -> Changes:
    """`changes` with the value of every field the model declares sensitive or free text
    (`sensitive.log_redacted`) replaced by `sensitive.CHANGED`: the log says that it was set,
    changed or cleared, never what it holds."""
    hidden = sensitive.log_redacted(model)
    return {
        name: [_masked(value) for value in values] if name in hidden else values
        for name, values in changes.items()
    }


def scrub_changes(model: type[models.Model], changes: Any) -> Any:
    """What an entry written before `redact` existed may keep of `changes`: `redact`, and, for a
    model that declares anything, a field it no longer has is masked too (a retired secret
    such as a tip's former clear tracking code)."""
    if not isinstance(changes, dict) or not sensitive.log_redacted(model):
        return changes
    names = {field.name for field in model._meta.get_fields()}
    retired = {name for name in changes if name not in names}
    kept = {name: values for name, values in changes.items() if name not in retired}
    masked = {
        name: [_masked(v) for v in values] if isinstance(values, list) else sensitive.CHANGED
        for name, values in changes.items()
        if name in retired
    }
    return redact(model, kept) | masked


def actor_role(actor: User | None, ward: Ward | None) -> str:
    """The role `actor` holds in `ward` (or over its province), for the log."""
    if actor is None:
        return ""
    if getattr(actor, "is_superuser", False):
        return "superuser"
    from django_scopes import scopes_disabled

    from wards.models import Membership

    with scopes_disabled():
        qs = Membership.objects.current().filter(user=actor)
        if ward is not None:
            qs = qs.filter(models.Q(ward=ward) | models.Q(province_id=ward.province_id))
        return qs.values_list("role", flat=True).first() or ""


# Reads of one record by one person closer together than this are one entry (a page and the
# redirects after each workflow step would otherwise write one each).
VIEW_MERGE_WINDOW = datetime.timedelta(minutes=10)


def _recent_read(actor: User, instance: models.Model, event: str) -> AuditEntry | None:
    """The read of `instance` by `actor` written within the window, if any (any ward scope)."""
    since = timezone.now() - VIEW_MERGE_WINDOW
    return (
        AuditEntry.objects.with_scopes_disabled()
        .filter(
            action=AuditAction.VIEW,
            actor=actor,
            event=event,
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
            created_at__gte=since,
        )
        .order_by("-created_at")
        .first()
    )


def record(
    *,
    action: str,
    instance: models.Model | None = None,
    actor: User | None = None,
    actor_label: str | None = None,
    ward: Ward | None = None,
    changes: Changes | None = None,
    event: str = "",
    note: str = "",
) -> AuditEntry:
    """Append one entry to the audit log. Call inside the transaction of the change itself.

    A repeated read (`VIEW`) of the same record by the same person for the same event within
    `VIEW_MERGE_WINDOW` of the read last written is not written again: the log is append-only,
    so the entry already written stands for the reads of its window, and is returned.

    `actor` None means the public (a citizen, who is never identified) or the system; say which
    with `actor_label`. `ward` defaults to the instance's own `ward`. The values of the
    instance's sensitive and free-text fields in `changes` are recorded as `sensitive.CHANGED`.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if action == AuditAction.VIEW and actor is not None and instance is not None:
        earlier = _recent_read(actor, instance, event)
        if earlier is not None:
            return earlier
    if ward is None and instance is not None:
        # A ward's own changes belong to that ward's log.
        if instance._meta.label == "wards.Ward":
            ward = cast("Ward", instance)
        else:
            ward = getattr(instance, "ward", None)
    if actor is not None:
        label = actor_label or actor.get_username()
    else:
        label = actor_label or gettext("Hệ thống")
    return AuditEntry.objects.create(
        action=action,
        event=event,
        actor=actor,
        actor_label=label[:150],
        actor_role=actor_role(actor, ward),
        ward=ward,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:255] if instance is not None else "",
        changes=redact(instance, changes or {}) if instance is not None else changes or {},
        request_id=request_id_var.get(),
        note=note,
    )


def saved(
    instance: models.Model,
    *,
    actor: User | None,
    before: dict[str, Any] | None,
    event: str = "",
) -> AuditEntry | None:
    """Record a plain create (`before` None) or change of `instance`; nothing when unchanged."""
    if before is None:
        return record(
            action=AuditAction.CREATE,
            instance=instance,
            actor=actor,
            changes=created(instance),
            event=event,
        )
    changes = diff(before, instance)
    if not changes:
        return None
    return record(
        action=AuditAction.UPDATE, instance=instance, actor=actor, changes=changes, event=event
    )


def deleted(instance: models.Model, *, actor: User | None) -> AuditEntry:
    """Record the removal of `instance`, keeping its last values. Call before deleting."""
    return record(
        action=AuditAction.DELETE,
        instance=instance,
        actor=actor,
        changes={name: [value, None] for name, value in snapshot(instance).items()},
    )
