"""Citizen tips, their messages and photos, offence categories, cases and subjects."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tips import choices, querysets
from wardsec import attachments, validators
from wardsec.scoping import ScopedManagerBase, scoped_manager
from wardsec.sensitive import SECRET

# Ward-owned models: `scoped_manager` makes its class at run time, so `objects` and
# `_default_manager` are annotated for type checkers (and for the reverse relations' managers).
CaseManager = ScopedManagerBase.from_queryset(querysets.CaseQuerySet)
TipManager = ScopedManagerBase.from_queryset(querysets.TipQuerySet)
TipMessageManager = ScopedManagerBase.from_queryset(querysets.TipMessageQuerySet)
SubjectManager = ScopedManagerBase.from_queryset(querysets.SubjectQuerySet)


class OffenceCategory(models.Model):
    """A kind of offence or problem a tip or case is about, with its Penal Code 2015 article.

    A list that administrators extend as data; shipped with the articles the seed names.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên (tiếng Việt)"), max_length=160)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=160, blank=True)
    penal_code_article = models.CharField(
        _("điều BLHS 2015"), max_length=32, blank=True, help_text=_("Ví dụ: 173 hoặc 188, 190")
    )
    description = models.TextField(_("mô tả"), blank=True)
    # What a citizen reads on the public form: everyday words and examples, not the Penal Code's.
    public_name = models.CharField(
        _("tên cho người dân (tiếng Việt)"),
        max_length=120,
        blank=True,
        help_text=_("Lời thường, hiện trên biểu mẫu gửi tin; để trống thì dùng tên."),
    )
    public_name_en = models.CharField(
        _("tên cho người dân (tiếng Anh)"), max_length=120, blank=True
    )
    examples = models.CharField(
        _("ví dụ (tiếng Việt)"),
        max_length=255,
        blank=True,
        help_text=_("Vài tình huống quen thuộc, hiện dưới danh sách loại vụ việc."),
    )
    examples_en = models.CharField(_("ví dụ (tiếng Anh)"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại vụ việc")
        verbose_name_plural = _("danh mục loại vụ việc")

    def __str__(self) -> str:
        if self.penal_code_article:
            return f"{self.name} (Điều {self.penal_code_article})"
        return self.name

    def display_name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def public_label(self, language: str) -> str:
        """The name a citizen chooses from: the everyday one, else the catalogue's."""
        if language == "en":
            return self.public_name_en or self.display_name(language)
        return self.public_name or self.name

    def public_examples(self, language: str) -> str:
        return self.examples_en if language == "en" and self.examples_en else self.examples


class Case(models.Model):
    """A case (vụ việc): one or more tips and the officers' work on them, clarified on a date."""

    ward = models.ForeignKey(
        "wards.Ward", verbose_name=_("phường/xã"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("số vụ việc"), max_length=32)
    title = models.CharField(_("tên vụ việc"), max_length=255)
    summary = models.TextField(_("tóm tắt"), blank=True)
    categories = models.ManyToManyField(
        OffenceCategory, verbose_name=_("loại vụ việc"), related_name="cases"
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=choices.CaseStatus, default=choices.CaseStatus.OPEN
    )
    opened_on = models.DateField(_("ngày thụ lý"), default=timezone.localdate)
    clarified_on = models.DateField(_("ngày làm rõ"), null=True, blank=True)
    officer_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ thụ lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects: ClassVar[CaseManager[Case]] = scoped_manager(CaseManager, ward="ward")
    _default_manager: ClassVar[CaseManager[Case]]

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("vụ việc")
        verbose_name_plural = pgettext_lazy("plural", "vụ việc")
        permissions = [("reopen_case", _("Mở lại vụ việc đã làm rõ"))]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "number"],
                name="case_unique_number_per_ward",
                violation_error_message=_("Phường/xã này đã có vụ việc cùng số."),
            ),
            models.CheckConstraint(
                condition=~Q(status=choices.CaseStatus.CLARIFIED) | Q(clarified_on__isnull=False),
                name="case_clarified_has_date",
                violation_error_message=_("Vụ việc đã làm rõ phải có ngày làm rõ."),
            ),
        ]
        indexes = [
            models.Index(fields=["ward", "clarified_on"], name="case_ward_clarified"),
            models.Index(fields=["ward", "status"], name="case_ward_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Open311Client(models.Model):
    """An outside system (a provincial app, a hotline desk) allowed to submit tips by Open311.

    Its API key is shown once when issued and stored only as a SHA-256 hash.
    """

    name = models.CharField(_("tên hệ thống"), max_length=120)
    province = models.ForeignKey(
        "wards.Province",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="open311_clients",
    )
    key_prefix = models.CharField(_("tiền tố khóa"), max_length=8, unique=True)
    key_hash = models.CharField(_("băm của khóa"), max_length=64, unique=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    audit_exclude = ("last_used_at",)
    sensitive_fields = {"key_hash": SECRET}

    class Meta:
        ordering = ["name"]
        verbose_name = _("hệ thống kết nối Open311")
        verbose_name_plural = pgettext_lazy("plural", "hệ thống kết nối Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Tip(models.Model):
    """A tip (tin báo) from a resident: what, when, where, optionally who is telling.

    Anonymous by default: an anonymous tip holds no contact, no IP address, no user agent, no
    account. The tracking code and the PIN are the citizen's secrets, stored only as keyed
    digests (tips.codes); everyone else names the tip by its public `reference`. A tip counts in
    the figures of the day it was received.
    """

    ward = models.ForeignKey(
        "wards.Ward", verbose_name=_("phường/xã"), on_delete=models.PROTECT, related_name="tips"
    )
    neighbourhood = models.ForeignKey(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
    )
    category = models.ForeignKey(
        OffenceCategory,
        verbose_name=_("loại vụ việc"),
        on_delete=models.PROTECT,
        related_name="tips",
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=choices.TipChannel)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=choices.TipStatus, default=choices.TipStatus.NEW
    )
    description = models.TextField(_("nội dung"))
    occurred_on = models.DateField(_("ngày xảy ra"), null=True, blank=True)
    occurred_time = models.TimeField(_("giờ xảy ra"), null=True, blank=True)
    occurred_note = models.CharField(
        _("thời gian (ước chừng)"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: khoảng 21 giờ tối thứ Bảy"),
    )
    location_text = models.CharField(_("địa điểm"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_anonymous = models.BooleanField(_("ẩn danh"), default=True)
    contact_name = models.CharField(_("họ tên người báo"), max_length=120, blank=True)
    contact_phone = models.CharField(_("điện thoại người báo"), max_length=32, blank=True)
    contact_email = models.EmailField(_("thư điện tử người báo"), blank=True)
    reference = models.CharField(
        _("số tham chiếu"),
        max_length=20,
        unique=True,
        null=True,  # only between the insert and the update that numbers it, in one transaction
        blank=True,
        editable=False,
        help_text=_("Số công khai của tin báo, ví dụ TB-2021-000123."),
    )
    code_digest = models.CharField(_("băm của mã tra cứu"), max_length=64, unique=True)
    pin_hash = models.CharField(_("mã PIN (đã băm)"), max_length=128, blank=True)
    pin_failed_attempts = models.PositiveSmallIntegerField(_("số lần nhập sai PIN"), default=0)
    pin_failed_at = models.DateTimeField(_("lần nhập sai PIN gần nhất"), null=True, blank=True)
    pin_locked_until = models.DateTimeField(_("khóa tra cứu đến"), null=True, blank=True)
    idempotency_key = models.UUIDField(
        _("khóa chống gửi trùng"), unique=True, null=True, blank=True
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    open311_client = models.ForeignKey(
        Open311Client,
        verbose_name=_("hệ thống gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tips",
    )
    triaged_at = models.DateTimeField(_("phân loại lúc"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với tin báo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    transferred_from = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("chuyển đến từ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("vụ việc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=choices.TipOutcome, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(_("đã nhắc quá hạn lúc"), null=True, blank=True)
    # The officers' queue order, kept by `save` from the status and the time received, so that
    # the queue is read from the (ward, queue_rank, queue_time) index instead of sorting every
    # tip of the ward (querysets.queue_position).
    queue_rank = models.PositiveSmallIntegerField(
        _("nhóm trong hàng đợi"), default=0, editable=False
    )
    queue_time = models.BigIntegerField(_("thứ tự trong nhóm"), default=0, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects: ClassVar[TipManager[Tip]] = scoped_manager(TipManager, ward="ward")
    _default_manager: ClassVar[TipManager[Tip]]

    # The tipster's contact is readable with its permission; secrets and lookup bookkeeping by
    # nobody (wardsec.sensitive: never logged, filtered, ordered, searched or exported).
    sensitive_fields = {
        "contact_name": "tips.view_tipster_contact",
        "contact_phone": "tips.view_tipster_contact",
        "contact_email": "tips.view_tipster_contact",
        "code_digest": SECRET,
        "pin_hash": SECRET,
        "pin_failed_attempts": SECRET,
        "pin_failed_at": SECRET,
        "pin_locked_until": SECRET,
        "idempotency_key": SECRET,
    }
    # The citizen's own words: officers read them here, the audit log only notes a change.
    audit_redact = ("description", "occurred_note", "location_text")
    # Derived from the status and the time received, which the log records.
    audit_exclude = ("queue_rank", "queue_time")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("tin báo")
        verbose_name_plural = pgettext_lazy("plural", "tin báo")
        permissions = [
            ("view_tipster_contact", _("Xem thông tin liên hệ của người báo tin")),
            ("triage_tip", _("Phân loại, giao việc, trả lời và kết thúc tin báo")),
            ("reopen_tip", _("Mở lại tin báo đã kết thúc")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(contact_name="", contact_phone="", contact_email=""),
                name="tip_anonymous_has_no_contact",
                violation_error_message=_("Tin báo ẩn danh không lưu thông tin liên hệ."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="tip_coordinates_valid",
                violation_error_message=_("Tọa độ không hợp lệ."),
            ),
        ]
        indexes = [
            models.Index(fields=["ward", "received_at"], name="tip_ward_received"),
            models.Index(fields=["ward", "status"], name="tip_ward_status"),
            models.Index(fields=["status", "received_at"], name="tip_status_received"),
            models.Index(fields=["ward", "queue_rank", "queue_time"], name="tip_ward_queue"),
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves, keeping the queue order in step with the status and the time received."""
        self.queue_rank, self.queue_time = querysets.queue_position(self.status, self.received_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"status", "received_at"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "queue_rank", "queue_time"}
        super().save(*args, **kwargs)

    @property
    def public_status_text(self) -> str:
        return str(choices.PUBLIC_STATUS_TEXT[self.status])

    def is_overdue(self) -> bool:
        return (
            self.status == choices.TipStatus.NEW and self.received_at < querysets.triage_deadline()
        )

    def deadline(self) -> datetime.datetime | None:
        """When the current step is due: triage for a new tip, verification for one in
        progress (WARDSEC_TIP_TRIAGE_HOURS, WARDSEC_TIP_VERIFICATION_DAYS from receipt);
        None once the tip is finished."""
        if self.status == choices.TipStatus.NEW:
            return self.received_at + datetime.timedelta(hours=settings.WARDSEC_TIP_TRIAGE_HOURS)
        if self.status == choices.TipStatus.IN_PROGRESS:
            days = settings.WARDSEC_TIP_VERIFICATION_DAYS
            return self.received_at + datetime.timedelta(days=days)
        return None

    def is_late(self) -> bool:
        """Past the deadline of its current step (triage or verification)."""
        deadline = self.deadline()
        return deadline is not None and deadline < timezone.now()

    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class TipMessage(models.Model):
    """A message on a tip: an officer's public reply, the tipster's addition, or an internal note
    (never shown to the public). A tipster's message stores nothing about its sender."""

    tip = models.ForeignKey(
        Tip, verbose_name=_("tin báo"), on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=choices.MessageKind)
    body = models.TextField(_("nội dung"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ viết"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    objects: ClassVar[TipMessageManager[TipMessage]] = scoped_manager(
        TipMessageManager, ward="tip__ward"
    )
    _default_manager: ClassVar[TipMessageManager[TipMessage]]

    # A tipster's words (and officers' replies to them): the audit log only notes a message.
    audit_redact = ("body",)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("trao đổi về tin báo")
        verbose_name_plural = pgettext_lazy("plural", "trao đổi về tin báo")
        indexes = [models.Index(fields=["tip", "created_at"], name="tipmessage_tip_time")]

    def __str__(self) -> str:
        return f"{self.tip} — {self.get_kind_display()}"


class TipAttachment(attachments.Attachment):
    """A photo on a tip (or on the tipster's later message), stored by the platform
    (`wardsec.attachments`): re-encoded on upload so that no EXIF or GPS metadata survives."""

    upload_folder = "tip-photos"

    tip = models.ForeignKey(
        Tip, verbose_name=_("tin báo"), on_delete=models.PROTECT, related_name="attachments"
    )
    message = models.ForeignKey(
        TipMessage,
        verbose_name=_("kèm trao đổi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )

    objects: ClassVar[ScopedManagerBase[TipAttachment]] = scoped_manager(ward="tip__ward")
    _default_manager: ClassVar[ScopedManagerBase[TipAttachment]]

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ảnh kèm tin báo")
        verbose_name_plural = pgettext_lazy("plural", "ảnh kèm tin báo")


class Subject(models.Model):
    """A person (đối tượng) clarified in a case. Identity fields are restricted to the
    `view_subject_identity` permission and every read of them is audited."""

    IDENTITY_FIELDS = ("full_name", "alias", "birth_year", "gender", "id_number", "address")
    sensitive_fields = dict.fromkeys(IDENTITY_FIELDS, "tips.view_subject_identity")

    case = models.ForeignKey(
        Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="subjects"
    )
    full_name = models.CharField(_("họ tên"), max_length=120)
    alias = models.CharField(_("tên gọi khác"), max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=[validators.validate_birth_year]
    )
    gender = models.CharField(
        _("giới tính"), max_length=8, choices=choices.Gender, default=choices.Gender.UNKNOWN
    )
    id_number = models.CharField(_("số CCCD/định danh"), max_length=20, blank=True)
    address = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    offence = models.ForeignKey(
        OffenceCategory,
        verbose_name=_("hành vi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subjects",
    )
    outcome = models.CharField(
        _("kết quả xử lý"),
        max_length=20,
        choices=choices.SubjectOutcome,
        default=choices.SubjectOutcome.PENDING,
    )
    outcome_on = models.DateField(_("ngày xử lý"), null=True, blank=True)
    outcome_note = models.TextField(_("ghi chú xử lý"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects: ClassVar[SubjectManager[Subject]] = scoped_manager(SubjectManager, ward="case__ward")
    _default_manager: ClassVar[SubjectManager[Subject]]

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("đối tượng")
        verbose_name_plural = pgettext_lazy("plural", "đối tượng")
        permissions = [("view_subject_identity", _("Xem nhân thân đối tượng"))]

    def __str__(self) -> str:
        return _("Đối tượng #%(number)s của vụ %(case)s") % {
            "number": self.pk,
            "case": self.case.number,
        }
