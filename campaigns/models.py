"""The campaigns' records: outreach plans, sessions (with photos), loudspeaker broadcasts,
festival days and forums with the residents' feedback, and the welfare work — donations, gift
distributions, charity houses, contributions to funds. Rules: `campaigns/__init__.py`.

Every count and sum of money is a whole, non-negative number (VND for money); the field
validators and the named constraints say so in Vietnamese, and the services check the same.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns import querysets
from campaigns.choices import DonorKind, EventKind, FeedbackStatus
from wardsec import attachments, validators
from wardsec.models import WardOwnedModel
from wardsec.scoping import ScopedManagerBase, scoped_manager

NEGATIVE_COUNT = _("Số lượng không được âm.")
NEGATIVE_MONEY = _("Số tiền không được âm.")
ATTENDANCES_NEGATIVE = _("Số lượt người không được âm.")
NO_PACKAGES = _("Số phần quà phải từ 1 trở lên.")
TOO_LARGE = _("Số quá lớn.")

# The largest count a field takes (a typo of extra zeros is refused, not summed into reports).
MAX_COUNT = 1_000_000
# The largest sum of money of one record (1,000 billion VND).
MAX_VND = 10**12


def count_validators(message=NEGATIVE_COUNT, minimum: int = 0) -> list:
    return [MinValueValidator(minimum, message=message), MaxValueValidator(MAX_COUNT, TOO_LARGE)]


def money_validators() -> list:
    return [MinValueValidator(0, message=NEGATIVE_MONEY), MaxValueValidator(MAX_VND, TOO_LARGE)]


SessionManager = ScopedManagerBase.from_queryset(querysets.OutreachSessionQuerySet)
PlanManager = ScopedManagerBase.from_queryset(querysets.OutreachPlanQuerySet)
FeedbackManager = ScopedManagerBase.from_queryset(querysets.FeedbackItemQuerySet)


# --- Lists that are data ------------------------------------------------------------------------


class CatalogueEntry(models.Model):
    """A row of a list administrators extend (not ward-owned)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class OutreachFormat(CatalogueEntry):
    """How a session was held: a meeting, a mobile loudspeaker, a school talk, …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("hình thức tuyên truyền")
        verbose_name_plural = pgettext_lazy("plural", "hình thức tuyên truyền")


class OutreachTopic(CatalogueEntry):
    """What a session or broadcast was about: crime prevention, drugs, the reporting app, …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("nội dung tuyên truyền")
        verbose_name_plural = pgettext_lazy("plural", "nội dung tuyên truyền")


class Partner(CatalogueEntry):
    """An organisation the police work with: the Fatherland Front, the Women's Union, …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị phối hợp")


class Fund(CatalogueEntry):
    """A fund the ward contributes to: the Gratitude fund, the Fund for the Poor, …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("quỹ")
        verbose_name_plural = pgettext_lazy("plural", "quỹ")


class BeneficiaryGroup(CatalogueEntry):
    """Who received gifts: poor households, policy households, disaster victims, …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("đối tượng nhận quà")
        verbose_name_plural = pgettext_lazy("plural", "đối tượng nhận quà")


# --- Outreach -----------------------------------------------------------------------------------


class OutreachPlan(WardOwnedModel):
    """The ward's yearly outreach plan: the resolution or plan it implements and its targets;
    its progress is counted from the year's records (`OutreachPlanQuerySet.with_progress`)."""

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1900), MaxValueValidator(2999)]
    )
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    reference = models.CharField(_("số nghị quyết, kế hoạch"), max_length=80, blank=True)
    target_sessions = models.PositiveIntegerField(
        _("chỉ tiêu số buổi"), default=0, validators=count_validators()
    )
    target_attendances = models.PositiveIntegerField(
        _("chỉ tiêu lượt người"), default=0, validators=count_validators()
    )
    target_broadcasts = models.PositiveIntegerField(
        _("chỉ tiêu lượt phát loa"), default=0, validators=count_validators()
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[PlanManager[OutreachPlan]] = scoped_manager(  # type: ignore[assignment]
        PlanManager, ward="ward"
    )
    _default_manager: ClassVar[PlanManager[OutreachPlan]]  # type: ignore[assignment]

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("kế hoạch tuyên truyền năm")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch tuyên truyền năm")
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year"],
                name="outreachplan_one_per_year",
                violation_error_message=_("Phường đã có kế hoạch tuyên truyền của năm này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class OutreachSession(WardOwnedModel):
    """One outreach session (buổi tuyên truyền): when, how, about what, where, with whom, how
    many attended (person-visits, not unique people) and how many leaflets went out."""

    held_on = models.DateField(_("ngày"), validators=validators.EVENT_DATE_VALIDATORS)
    format = models.ForeignKey(
        OutreachFormat,
        verbose_name=_("hình thức"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    title = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    topics = models.ManyToManyField(
        OutreachTopic, verbose_name=_("nội dung"), related_name="sessions"
    )
    neighbourhoods = models.ManyToManyField(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp"),
        blank=True,
        related_name="outreach_sessions",
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="sessions"
    )
    attendances = models.PositiveIntegerField(
        _("số lượt người dự"), validators=count_validators(ATTENDANCES_NEGATIVE)
    )
    leaflets = models.PositiveIntegerField(
        _("số tờ rơi phát ra"), default=0, validators=count_validators()
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[SessionManager[OutreachSession]] = scoped_manager(  # type: ignore[assignment]
        SessionManager, ward="ward"
    )
    _default_manager: ClassVar[SessionManager[OutreachSession]]  # type: ignore[assignment]

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("buổi tuyên truyền")
        verbose_name_plural = pgettext_lazy("plural", "buổi tuyên truyền")
        indexes = [models.Index(fields=["ward", "held_on"], name="outreachsession_ward_on")]

    def __str__(self) -> str:
        label = self.title or str(self.format)
        return f"{label} ({self.held_on:%d/%m/%Y})"


class SessionPhoto(attachments.Attachment):
    """A photo of a session, stored by the platform (re-encoded: no EXIF or GPS)."""

    upload_folder = "outreach-photos"

    session = models.ForeignKey(
        OutreachSession,
        verbose_name=_("buổi tuyên truyền"),
        on_delete=models.PROTECT,
        related_name="photos",
    )

    objects: ClassVar[ScopedManagerBase[SessionPhoto]] = scoped_manager(ward="session__ward")
    _default_manager: ClassVar[ScopedManagerBase[SessionPhoto]]

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ảnh buổi tuyên truyền")
        verbose_name_plural = pgettext_lazy("plural", "ảnh buổi tuyên truyền")


class Broadcast(WardOwnedModel):
    """An "ANTT loudspeaker" broadcast; `airings` when one entry stands for several (a
    programme aired every evening of a week). Counted apart from sessions."""

    aired_on = models.DateField(_("ngày phát"), validators=validators.EVENT_DATE_VALIDATORS)
    programme = models.CharField(_("chương trình, nội dung"), max_length=255)
    topics = models.ManyToManyField(
        OutreachTopic, verbose_name=_("chủ đề"), blank=True, related_name="broadcasts"
    )
    neighbourhoods = models.ManyToManyField(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp phát tới"),
        blank=True,
        related_name="broadcasts",
    )
    airings = models.PositiveIntegerField(
        _("số lượt phát"),
        default=1,
        validators=count_validators(_("Số lượt phát phải từ 1 trở lên."), minimum=1),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[ScopedManagerBase[Broadcast]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[Broadcast]]

    class Meta:
        ordering = ["-aired_on", "-pk"]
        verbose_name = _("lượt phát tiếng loa ANTT")
        verbose_name_plural = pgettext_lazy("plural", "lượt phát tiếng loa ANTT")
        constraints = [
            models.CheckConstraint(
                condition=Q(airings__gte=1),
                name="broadcast_airings_positive",
                violation_error_message=_("Số lượt phát phải từ 1 trở lên."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "aired_on"], name="broadcast_ward_on")]

    def __str__(self) -> str:
        return f"{self.programme} ({self.aired_on:%d/%m/%Y})"


class MovementEvent(WardOwnedModel):
    """The yearly National Security Festival Day (around 19 August) or the forum "Commune
    police listen to the people's opinions": when, where, how many attended."""

    kind = models.CharField(_("loại"), max_length=10, choices=EventKind)
    held_on = models.DateField(_("ngày tổ chức"), validators=validators.EVENT_DATE_VALIDATORS)
    ends_on = models.DateField(
        _("đến ngày (nếu nhiều ngày)"),
        null=True,
        blank=True,
        validators=validators.EVENT_DATE_VALIDATORS,
    )
    title = models.CharField(_("tên sự kiện"), max_length=255)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    attendances = models.PositiveIntegerField(
        _("số lượt người dự"), validators=count_validators(ATTENDANCES_NEGATIVE)
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="events"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[ScopedManagerBase[MovementEvent]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[MovementEvent]]

    class Meta:
        ordering = ["-held_on", "kind", "-pk"]
        verbose_name = _("ngày hội, diễn đàn")
        verbose_name_plural = pgettext_lazy("plural", "ngày hội, diễn đàn")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("held_on")),
                name="movementevent_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "held_on"], name="movementevent_ward_on")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class FeedbackItem(WardOwnedModel):
    """An opinion or request a resident raised at a forum or festival: who answers it, the
    answer, where it was forwarded, its status and its deadline. Open items are the officers'
    work (`FeedbackItemQuerySet.open()` / `.overdue()`)."""

    event = models.ForeignKey(
        MovementEvent,
        verbose_name=_("tại sự kiện"),
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    content = models.TextField(_("ý kiến, kiến nghị"))
    raised_by = models.CharField(
        _("người, nhóm nêu ý kiến"), max_length=150, blank=True, help_text=_("Có thể bỏ trống.")
    )
    responder = models.CharField(_("người, cơ quan trả lời"), max_length=150)
    deadline = models.DateField(_("hạn trả lời"), validators=[validators.validate_plausible_date])
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=FeedbackStatus, default=FeedbackStatus.OPEN
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(
        _("ngày trả lời, chuyển"),
        null=True,
        blank=True,
        validators=validators.EVENT_DATE_VALIDATORS,
    )
    forwarded_to = models.CharField(_("chuyển tới cơ quan"), max_length=150, blank=True)

    # A resident's own words and name: the audit log says they were set, not what they say.
    audit_redact = ("content", "raised_by")

    objects: ClassVar[FeedbackManager[FeedbackItem]] = scoped_manager(  # type: ignore[assignment]
        FeedbackManager, ward="ward"
    )
    _default_manager: ClassVar[FeedbackManager[FeedbackItem]]  # type: ignore[assignment]

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("ý kiến của Nhân dân")
        verbose_name_plural = pgettext_lazy("plural", "ý kiến của Nhân dân")
        indexes = [
            models.Index(fields=["ward", "status", "deadline"], name="feedbackitem_ward_due"),
        ]

    def is_overdue(self) -> bool:
        """Still open after its deadline (the deadline day itself is not overdue)."""
        from django.utils import timezone

        return self.status == FeedbackStatus.OPEN and self.deadline < timezone.localdate()

    def __str__(self) -> str:
        text = " ".join(self.content.split())
        return text if len(text) <= 60 else f"{text[:59]}…"


# --- Welfare ------------------------------------------------------------------------------------


class Donation(WardOwnedModel):
    """What a donor gave to a drive: cash in VND, or goods at an estimated value (or both). An
    anonymous donor is recorded without a name."""

    received_on = models.DateField(_("ngày nhận"), validators=validators.EVENT_DATE_VALIDATORS)
    donor_kind = models.CharField(_("nhà tài trợ là"), max_length=12, choices=DonorKind)
    donor_name = models.CharField(_("tên nhà tài trợ"), max_length=200, blank=True)
    cash_vnd = models.PositiveBigIntegerField(
        _("tiền mặt (đồng)"), default=0, validators=money_validators()
    )
    in_kind = models.CharField(_("hiện vật"), max_length=255, blank=True)
    in_kind_value_vnd = models.PositiveBigIntegerField(
        _("giá trị hiện vật ước tính (đồng)"), default=0, validators=money_validators()
    )
    purpose = models.CharField(_("mục đích"), max_length=255, blank=True)

    objects: ClassVar[ScopedManagerBase[Donation]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[Donation]]

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("khoản tài trợ nhận được")
        verbose_name_plural = pgettext_lazy("plural", "khoản tài trợ nhận được")
        constraints = [
            models.CheckConstraint(
                condition=Q(cash_vnd__gt=0) | Q(in_kind_value_vnd__gt=0),
                name="donation_has_value",
                violation_error_message=_("Hãy nhập số tiền mặt hoặc giá trị hiện vật."),
            ),
            models.CheckConstraint(
                condition=~Q(donor_kind=DonorKind.ANONYMOUS) | Q(donor_name=""),
                name="donation_anonymous_has_no_name",
                violation_error_message=_("Nhà tài trợ giấu tên thì không ghi tên."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "received_on"], name="donation_ward_on")]

    def __str__(self) -> str:
        donor = self.donor_name or self.get_donor_kind_display()
        return f"{donor} ({self.received_on:%d/%m/%Y})"

    @property
    def value_vnd(self) -> int:
        return self.cash_vnd + self.in_kind_value_vnd


class GiftDistribution(WardOwnedModel):
    """Gift packages handed out on a day to a group of beneficiaries, and their value."""

    distributed_on = models.DateField(_("ngày trao"), validators=validators.EVENT_DATE_VALIDATORS)
    packages = models.PositiveIntegerField(
        _("số phần quà"), validators=count_validators(NO_PACKAGES, minimum=1)
    )
    value_vnd = models.PositiveBigIntegerField(
        _("tổng giá trị (đồng)"), validators=money_validators()
    )
    beneficiary_group = models.ForeignKey(
        BeneficiaryGroup,
        verbose_name=_("đối tượng nhận"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    occasion = models.CharField(_("dịp"), max_length=255, blank=True)
    neighbourhoods = models.ManyToManyField(
        "wards.Neighbourhood", verbose_name=_("khu phố/ấp"), blank=True, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects: ClassVar[ScopedManagerBase[GiftDistribution]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[GiftDistribution]]

    class Meta:
        ordering = ["-distributed_on", "-pk"]
        verbose_name = _("đợt trao quà")
        verbose_name_plural = pgettext_lazy("plural", "đợt trao quà")
        constraints = [
            models.CheckConstraint(
                condition=Q(packages__gte=1),
                name="giftdistribution_has_packages",
                violation_error_message=NO_PACKAGES,
            ),
        ]
        indexes = [models.Index(fields=["ward", "distributed_on"], name="giftdist_ward_on")]

    def __str__(self) -> str:
        return f"{self.occasion or self.beneficiary_group} ({self.distributed_on:%d/%m/%Y})"


class CharityHouse(WardOwnedModel):
    """A charity house (nhà tình thương) built for a household and handed over on a day."""

    beneficiary = models.CharField(_("hộ được nhận"), max_length=200)
    neighbourhood = models.ForeignKey(
        "wards.Neighbourhood",
        verbose_name=_("khu phố/ấp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    value_vnd = models.PositiveBigIntegerField(_("giá trị (đồng)"), validators=money_validators())
    handed_over_on = models.DateField(
        _("ngày bàn giao"), validators=validators.EVENT_DATE_VALIDATORS
    )
    funding_sources = models.TextField(_("nguồn kinh phí"), blank=True)

    objects: ClassVar[ScopedManagerBase[CharityHouse]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[CharityHouse]]

    class Meta:
        ordering = ["-handed_over_on", "-pk"]
        verbose_name = _("nhà tình thương")
        verbose_name_plural = pgettext_lazy("plural", "nhà tình thương")
        indexes = [models.Index(fields=["ward", "handed_over_on"], name="charityhouse_ward_on")]

    def __str__(self) -> str:
        return f"{self.beneficiary} ({self.handed_over_on:%d/%m/%Y})"


class FundContribution(WardOwnedModel):
    """Money the ward's police and residents contributed to a fund on a day."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ"), on_delete=models.PROTECT, related_name="contributions"
    )
    amount_vnd = models.PositiveBigIntegerField(
        _("số tiền (đồng)"),
        validators=[
            MinValueValidator(1, message=_("Số tiền phải lớn hơn 0.")),
            MaxValueValidator(MAX_VND, TOO_LARGE),
        ],
    )
    contributed_on = models.DateField(
        _("ngày đóng góp"), validators=validators.EVENT_DATE_VALIDATORS
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects: ClassVar[ScopedManagerBase[FundContribution]] = scoped_manager(ward="ward")
    _default_manager: ClassVar[ScopedManagerBase[FundContribution]]

    class Meta:
        ordering = ["-contributed_on", "-pk"]
        verbose_name = _("đóng góp quỹ")
        verbose_name_plural = pgettext_lazy("plural", "đóng góp quỹ")
        indexes = [models.Index(fields=["ward", "contributed_on"], name="fundcontrib_ward_on")]

    def __str__(self) -> str:
        amount = f"{self.amount_vnd:,}".replace(",", ".")
        return f"{self.fund}: {amount} đ ({self.contributed_on:%d/%m/%Y})"
