"""Grassroots mediation (hòa giải ở cơ sở, Law 35/2013/QH13) in a ward: the mediation teams of
the neighbourhoods and their mediators, the disputes they receive with the parties, the
sessions, the outcome and the follow-up of an agreement, and the record book of each team and
year (Sổ theo dõi hoạt động hòa giải ở cơ sở).

Kinds of dispute are data (`DisputeKind`). A mediator who is also a member of the core forces
links to that person (`Mediator.force_member`), and a team to the core-forces unit of kind
"mediation" when the ward keeps it there (`MediationTeam.force_unit`): the core forces remain the
roster of record; mediation only points at it. A dispute opened from a tip links to that tip; a
case found to be outside the scope of mediation (a crime) becomes a new tip, linked too.

A party's year of birth, address and phone are personal data, readable only with
`mediation.view_party_identity`; every read is audited (`wardsec.sensitive`).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mediation import querysets
from mediation.choices import Compliance, DisputeSource, DisputeStatus, MediatorRole, PartyRole
from wardsec import validators
from wardsec.models import TimeStampedModel, WardOwnedModel
from wardsec.scoping import ScopedManagerBase, scoped_manager

IDENTITY_PERMISSION = "mediation.view_party_identity"

DisputeManager = ScopedManagerBase.from_queryset(querysets.DisputeQuerySet)
MediationTeamManager = ScopedManagerBase.from_queryset(querysets.MediationTeamQuerySet)
MediatorManager = ScopedManagerBase.from_queryset(querysets.MediatorQuerySet)


class DisputeKind(models.Model):
    """A kind of dispute (land and boundaries, family and marriage, …). A list administrators
    extend; not ward-owned."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("loại tranh chấp")
        verbose_name_plural = pgettext_lazy("plural", "loại tranh chấp")

    def __str__(self) -> str:
        return self.name


class MediationTeam(WardOwnedModel):
    """The mediation team (tổ hòa giải) of a neighbourhood. Optionally the core-forces unit of
    kind "mediation" that holds the same team in the forces' roster."""

    name = models.CharField(_("tên tổ hòa giải"), max_length=150)
    neighbourhood = models.ForeignKey(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp"),
        on_delete=models.PROTECT,
        related_name="mediation_teams",
    )
    force_unit = models.ForeignKey(
        "core_forces.ForceUnit",
        verbose_name=_("đơn vị lực lượng nòng cốt tương ứng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediation_teams",
    )
    established_on = models.DateField(
        _("ngày thành lập"), validators=validators.EVENT_DATE_VALIDATORS
    )
    dissolved_on = models.DateField(
        _("ngày giải thể"), null=True, blank=True, validators=[validators.validate_plausible_date]
    )

    objects: ClassVar[MediationTeamManager[MediationTeam]] = scoped_manager(  # type: ignore[assignment]
        MediationTeamManager, ward="ward"
    )
    _default_manager: ClassVar[MediationTeamManager[MediationTeam]]  # type: ignore[assignment]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("tổ hòa giải")
        verbose_name_plural = pgettext_lazy("plural", "tổ hòa giải")
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=F("established_on")),
                name="mediationteam_dissolved_after_established",
                violation_error_message=_("Ngày giải thể phải sau ngày thành lập."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "established_on"], name="mediationteam_ward_est")]

    def __str__(self) -> str:
        return self.name


class Mediator(TimeStampedModel):
    """A mediator of a team over a period (half-open: from `starts_on` to the day before
    `ends_on`); the core-forces member they are, when they are one."""

    team = models.ForeignKey(
        MediationTeam,
        verbose_name=_("tổ hòa giải"),
        on_delete=models.PROTECT,
        related_name="mediators",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(
        _("chức danh"), max_length=8, choices=MediatorRole, default=MediatorRole.MEMBER
    )
    force_member = models.ForeignKey(
        "core_forces.ForceMember",
        verbose_name=_("thành viên lực lượng nòng cốt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediator_roles",
    )
    starts_on = models.DateField(_("từ ngày"), validators=validators.EVENT_DATE_VALIDATORS)
    ends_on = models.DateField(
        _("thôi từ ngày"), null=True, blank=True, validators=[validators.validate_plausible_date]
    )

    objects: ClassVar[MediatorManager[Mediator]] = scoped_manager(  # type: ignore[assignment]
        MediatorManager, ward="team__ward"
    )
    _default_manager: ClassVar[MediatorManager[Mediator]]  # type: ignore[assignment]

    class Meta:
        ordering = ["team", "role", "full_name", "pk"]
        verbose_name = _("hòa giải viên")
        verbose_name_plural = pgettext_lazy("plural", "hòa giải viên")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="mediator_ends_after_start",
                violation_error_message=_("Ngày thôi phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Dispute(WardOwnedModel):
    """A dispute or complaint among residents brought to grassroots mediation: how it came,
    what it is about, who is assigned, and how it ended. Counted as received on `received_on`
    and by its outcome on `closed_on`."""

    neighbourhood = models.ForeignKey(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
    )
    team = models.ForeignKey(
        MediationTeam,
        verbose_name=_("tổ hòa giải"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
    )
    mediators = models.ManyToManyField(
        Mediator, verbose_name=_("hòa giải viên được phân công"), blank=True, related_name="+"
    )
    received_on = models.DateField(_("ngày nhận"), validators=validators.EVENT_DATE_VALIDATORS)
    source = models.CharField(_("nguồn"), max_length=16, choices=DisputeSource)
    tip = models.OneToOneField(
        "tips.Tip",
        verbose_name=_("tin báo chuyển sang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispute",
    )
    kind = models.ForeignKey(
        DisputeKind, verbose_name=_("loại tranh chấp"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("nội dung chủ yếu"))
    status = models.CharField(
        _("kết quả"), max_length=16, choices=DisputeStatus, default=DisputeStatus.OPEN
    )
    closed_on = models.DateField(
        _("ngày kết thúc"), null=True, blank=True, validators=validators.EVENT_DATE_VALIDATORS
    )
    agreement = models.TextField(_("nội dung thỏa thuận"), blank=True)
    obligations = models.TextField(_("nghĩa vụ của mỗi bên"), blank=True)
    deadline = models.DateField(
        _("thời hạn thực hiện"),
        null=True,
        blank=True,
        validators=[validators.validate_plausible_date],
    )
    guidance = models.TextField(_("hướng dẫn các bên (khi không thành)"), blank=True)
    outcome_note = models.TextField(_("ghi chú kết quả"), blank=True)
    referred_tip = models.OneToOneField(
        "tips.Tip",
        verbose_name=_("tin báo lập khi ngoài phạm vi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="from_dispute",
    )
    compliance = models.CharField(
        _("theo dõi thực hiện"), max_length=8, choices=Compliance, blank=True
    )
    compliance_checked_on = models.DateField(
        _("ngày kiểm tra thực hiện"),
        null=True,
        blank=True,
        validators=validators.EVENT_DATE_VALIDATORS,
    )
    reminded_at = models.DateTimeField(_("đã nhắc hạn lúc"), null=True, blank=True)

    # Residents' own words: the officers of the ward read them here; the append-only log
    # records only that they changed.
    audit_redact = ("summary", "agreement", "obligations", "guidance")

    objects: ClassVar[DisputeManager[Dispute]] = scoped_manager(  # type: ignore[assignment]
        DisputeManager, ward="ward"
    )
    _default_manager: ClassVar[DisputeManager[Dispute]]  # type: ignore[assignment]

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("vụ việc hòa giải")
        verbose_name_plural = pgettext_lazy("plural", "vụ việc hòa giải")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="dispute_closed_after_received",
                violation_error_message=_("Ngày kết thúc không được trước ngày nhận vụ việc."),
            ),
            models.CheckConstraint(
                condition=Q(status=DisputeStatus.OPEN, closed_on__isnull=True)
                | (~Q(status=DisputeStatus.OPEN) & Q(closed_on__isnull=False)),
                name="dispute_closed_has_day",
                violation_error_message=_("Vụ việc đã kết thúc phải có ngày kết thúc."),
            ),
            models.CheckConstraint(
                condition=~Q(status=DisputeStatus.SUCCESSFUL) | ~Q(agreement=""),
                name="dispute_successful_has_agreement",
                violation_error_message=_("Hòa giải thành phải ghi nội dung thỏa thuận."),
            ),
        ]
        indexes = [
            models.Index(fields=["ward", "received_on"], name="dispute_ward_received"),
            models.Index(fields=["ward", "closed_on"], name="dispute_ward_closed"),
            models.Index(fields=["team", "received_on"], name="dispute_team_received"),
        ]

    def __str__(self) -> str:
        return f"HG-{self.received_on:%Y}-{self.pk or 0:05d}"

    @property
    def reference(self) -> str:
        """How officers name a dispute: HG-<year received>-<number>."""
        return str(self)

    @property
    def is_open(self) -> bool:
        return self.status == DisputeStatus.OPEN


class Party(TimeStampedModel):
    """A party to a dispute, or a person with related rights or duties. Year of birth,
    address and phone are personal data (`mediation.view_party_identity`)."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("tư cách"), max_length=8, choices=PartyRole, default=PartyRole.PARTY)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=[validators.validate_birth_year]
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=20, blank=True, validators=[validators.validate_phone]
    )

    IDENTITY_FIELDS = ("birth_year", "address", "phone")
    sensitive_fields = dict.fromkeys(IDENTITY_FIELDS, IDENTITY_PERMISSION)

    objects: ClassVar[ScopedManagerBase[Party]] = scoped_manager(ward="dispute__ward")
    _default_manager: ClassVar[ScopedManagerBase[Party]]

    class Meta:
        ordering = ["dispute", "role", "pk"]
        verbose_name = _("bên trong vụ việc")
        verbose_name_plural = pgettext_lazy("plural", "bên trong vụ việc")
        permissions = [("view_party_identity", _("Xem nhân thân các bên hòa giải"))]

    def __str__(self) -> str:
        return self.full_name


class MediationSession(TimeStampedModel):
    """A mediation session: the day, who mediated and who else attended, what the parties
    agreed or what each still demands."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("ngày hòa giải"), validators=validators.EVENT_DATE_VALIDATORS)
    mediators = models.ManyToManyField(
        Mediator, verbose_name=_("hòa giải viên"), blank=True, related_name="sessions"
    )
    invited = models.CharField(_("người được mời tham gia"), max_length=255, blank=True)
    attendees = models.CharField(_("các bên có mặt"), max_length=255, blank=True)
    agreed = models.TextField(_("nội dung đã thỏa thuận"), blank=True)
    demands = models.TextField(_("yêu cầu còn lại của các bên"), blank=True)

    audit_redact = ("agreed", "demands")

    objects: ClassVar[ScopedManagerBase[MediationSession]] = scoped_manager(ward="dispute__ward")
    _default_manager: ClassVar[ScopedManagerBase[MediationSession]]

    class Meta:
        ordering = ["dispute", "held_on", "pk"]
        verbose_name = _("buổi hòa giải")
        verbose_name_plural = pgettext_lazy("plural", "buổi hòa giải")
        indexes = [models.Index(fields=["dispute", "held_on"], name="mediationsession_day")]

    def __str__(self) -> str:
        return f"{self.dispute} — {self.held_on:%d/%m/%Y}"


class RecordBook(WardOwnedModel):
    """The record book of a team for a year (Sổ theo dõi hoạt động hòa giải ở cơ sở): its
    number, when it was opened and closed, and the team leader's summary. Its rows are the
    team's disputes received that year (`mediation.record_book`)."""

    team = models.ForeignKey(
        MediationTeam, verbose_name=_("tổ hòa giải"), on_delete=models.PROTECT, related_name="books"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("quyển số"), max_length=20)
    opened_on = models.DateField(_("ngày mở sổ"), validators=validators.EVENT_DATE_VALIDATORS)
    closed_on = models.DateField(
        _("ngày khóa sổ"), null=True, blank=True, validators=validators.EVENT_DATE_VALIDATORS
    )
    summary = models.TextField(_("tổng hợp của tổ trưởng"), blank=True)

    objects: ClassVar[ScopedManagerBase[RecordBook]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[RecordBook]]

    class Meta:
        ordering = ["-year", "team__name", "pk"]
        verbose_name = _("sổ theo dõi hòa giải")
        verbose_name_plural = pgettext_lazy("plural", "sổ theo dõi hòa giải")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"],
                name="recordbook_one_per_team_year",
                violation_error_message=_("Tổ này đã có sổ của năm này."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="recordbook_closed_after_opened",
                violation_error_message=_("Ngày khóa sổ không được trước ngày mở sổ."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "year"], name="recordbook_ward_year")]

    def __str__(self) -> str:
        return f"{self.team} — {self.year} ({self.number})"
