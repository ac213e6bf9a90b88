"""Shared records: the append-only audit log and the outbox of work to hand to Celery."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wardsec.scoping import ScopedManagerBase, scoped_manager


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    VIEW = "view", _("Xem dữ liệu nhạy cảm")
    EXPORT = "export", _("Xuất dữ liệu")
    TRANSITION = "transition", _("Chuyển bước xử lý")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")


# `scoped_manager` makes its class at run time, so `objects` and `_default_manager` of the
# ward-owned models are annotated for type checkers.
AuditEntryManager = ScopedManagerBase.from_queryset(AuditEntryQuerySet)


class AuditEntry(models.Model):
    """One thing that happened: who (and in which role), where (ward), to what, what changed.

    Written by the services in the same transaction as the change. Never changed or removed: the
    model, its queryset, the admin and the API refuse it, and on PostgreSQL a trigger refuses
    UPDATE and DELETE. Holds no client IP address or user agent, ever.
    """

    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        # A person with a history is deactivated, never deleted.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện (tên)"), max_length=150)
    actor_role = models.CharField(_("vai trò"), max_length=32, blank=True)
    ward = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("phường/xã"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=16, choices=AuditAction)
    event = models.CharField(_("sự kiện"), max_length=64, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại đối tượng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("bản ghi"), max_length=255, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True, db_index=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[AuditEntryManager[AuditEntry]] = scoped_manager(
        AuditEntryManager, ward="ward"
    )
    _default_manager: ClassVar[AuditEntryManager[AuditEntry]]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký thao tác")
        indexes = [
            models.Index(fields=["ward", "-created_at"], name="audit_ward_time"),
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        # Always an INSERT: a new instance given an existing entry's id must not UPDATE it.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")


class OutboxMessage(models.Model):
    """Work to do outside the request (an email, a notification), written in the same transaction
    as the change that calls for it, so that nothing is lost when Redis or the workers are down.

    Published after commit; a periodic task publishes again whatever is still pending. A worker
    claims a message with a conditional UPDATE before acting, so it is delivered once.
    """

    kind = models.CharField(_("loại"), max_length=64)
    ward = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("phường/xã"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    payload = models.JSONField(_("nội dung"), default=dict)
    # NULL means "no key": many rows may have none, while a key is unique.
    dedupe_key = models.CharField(  # noqa: DJ001
        _("khóa chống trùng"), max_length=128, unique=True, null=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    available_at = models.DateTimeField(_("gửi từ"), default=timezone.now)
    claimed_at = models.DateTimeField(_("đang xử lý từ"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    failed_at = models.DateTimeField(_("thất bại lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    objects: ClassVar[ScopedManagerBase[OutboxMessage]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[OutboxMessage]]

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("việc chờ gửi")
        verbose_name_plural = pgettext_lazy("plural", "việc chờ gửi")
        indexes = [
            models.Index(
                fields=["available_at"],
                name="outbox_pending",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


# --- Bases of the domain apps' models ---------------------------------------------------------


class TimeStampedModel(models.Model):
    """Created and last-updated times, timezone-aware, on every record an officer keeps."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class WardOwnedModel(TimeStampedModel):
    """A record that belongs to one ward: the ward (PROTECT: a ward with records is never
    deleted), timestamps, and a default manager that refuses to query outside a ward scope.

    Subclasses with their own QuerySet set `objects = scoped_manager(<Manager>, ward="ward")`
    (see `wardsec.scoping`); records that reach their ward through a parent do not use this base
    but `TimeStampedModel` with `scoped_manager(ward="<parent>__ward")`.
    """

    ward = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("phường/xã"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )

    objects: ClassVar[ScopedManagerBase[Any]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[Any]]

    class Meta:
        abstract = True
