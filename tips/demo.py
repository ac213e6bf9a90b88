"""Demo records of the tips app: Ward 3's tips, cases and subjects of 2016 – July 2021, entered
through the services the way officers would have entered them from the paper books, plus a few
current tips in today's ward so that the queue is not empty.

The 2016–2021 figures reproduce the seed article: 278 tips (128 of them in 2021), 23 cases and
29 subjects clarified (14 subjects in the cases clarified in 2021).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_scopes import scopes_disabled

from tips import services
from tips.choices import SubjectOutcome, TipChannel, TipOutcome, TriageDecision
from tips.models import OffenceCategory, Tip
from wards.choices import Role
from wardsec.models import OutboxMessage

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TIPS_PER_YEAR = {2016: 25, 2017: 28, 2018: 30, 2019: 32, 2020: 35, 2021: 128}
LAST_DAY = datetime.date(2021, 7, 20)

# Clarified cases per year: (category code, number of subjects).
CASES = {
    2016: [("theft", 1), ("robbery", 1), ("gambling", 1)],
    2017: [("theft", 1), ("fraud", 1), ("intentional_injury", 1)],
    2018: [("abuse_of_trust", 1), ("drug_possession", 1), ("theft", 1)],
    2019: [("prohibited_goods", 1), ("gambling", 1), ("fraud", 1)],
    2020: [("theft", 1), ("intentional_injury", 1), ("drug_possession", 1)],
    2021: [
        ("public_disorder", 3),
        ("public_disorder", 2),
        ("drug_use", 2),
        ("drug_use", 1),
        ("smuggling", 2),
        ("smuggling", 1),
        ("drug_use", 1),
        ("public_disorder", 2),
    ],
}
OTHER_CATEGORIES = [
    "theft",
    "theft",
    "theft",
    "traffic",
    "public_disorder",
    "gambling",
    "drug_use",
    "fraud",
    "dispute",
    "domestic_violence",
    "other",
    "smuggling",
]
CHANNELS_BEFORE_2021 = [TipChannel.FORUM, TipChannel.HOTLINE, TipChannel.WALK_IN, TipChannel.LETTER]
CHANNELS_2021 = [
    TipChannel.APP,
    TipChannel.APP,
    TipChannel.HOTLINE,
    TipChannel.FORUM,
    TipChannel.WALK_IN,
]
WHAT = {
    "theft": "Mất trộm xe máy để trước nhà, khóa cổ bị phá.",
    "robbery": "Hai thanh niên đi xe máy giật túi xách của người đi đường.",
    "gambling": "Có nhóm người tụ tập đánh bài ăn tiền vào buổi tối.",
    "fraud": "Có người gọi điện giả danh nhân viên ngân hàng, đòi chuyển tiền.",
    "intentional_injury": "Xô xát sau khi uống rượu, một người bị thương phải đi viện.",
    "abuse_of_trust": "Thuê xe máy rồi mang đi cầm cố, không trả lại.",
    "prohibited_goods": "Nghi vận chuyển pháo nổ bằng xe tải nhỏ vào ban đêm.",
    "drug_possession": "Nghi có người cất giấu ma túy trong nhà trọ.",
    "drug_use": "Nhóm thanh niên tụ tập, nghi sử dụng ma túy ở bãi đất trống.",
    "public_disorder": "Nhóm thanh niên rú ga, la hét, gây mất trật tự lúc nửa đêm.",
    "smuggling": "Cửa hàng bán thuốc lá ngoại nhập lậu không có tem.",
    "traffic": "Xe tải đậu lấn chiếm lòng đường trước cổng trường.",
    "dispute": "Hai hộ gia đình tranh chấp ranh giới đất, cãi vã nhiều ngày.",
    "domestic_violence": "Nghe tiếng đánh đập, la khóc trong nhà hàng xóm nhiều đêm.",
    "other": "Có người lạ thường xuyên lảng vảng quanh khu dân cư.",
}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Quốc"]
GIVEN = ["Tâm", "Hùng", "Lan", "Phúc", "Tài", "Hoa", "Dũng", "Khoa", "Hải", "Sơn", "Nhân"]


@dataclass
class _Actors:
    officer: User
    commander: User


def _moment(rng: random.Random, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(6, 22), rng.randint(0, 59)), tzinfo=TZ
    )


def _days(rng: random.Random, year: int, count: int) -> list[datetime.date]:
    start = datetime.date(year, 1, 2)
    end = LAST_DAY if year == 2021 else datetime.date(year, 12, 20)
    span = (end - start).days
    return sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))


class _Loader:
    def __init__(self, context, actors: _Actors):
        self.context = context
        self.actors = actors
        self.rng = random.Random(2021)  # the same demo every time
        self.categories = {c.code: c for c in OffenceCategory.objects.all()}
        self.neighbourhoods = list(context.ward.neighbourhoods.all())

    def tip(self, code: str, day: datetime.date, channel: str) -> Tip:
        draft = services.TipDraft(
            ward=self.context.ward,
            neighbourhood=self.rng.choice(self.neighbourhoods),
            category=self.categories[code],
            description=WHAT[code],
            channel=channel,
            occurred_on=day - datetime.timedelta(days=self.rng.randint(0, 2)),
            location_text=f"Đường số {self.rng.randint(1, 12)}",
            received_at=_moment(self.rng, day),
            entered_by=self.actors.officer,
            issue_pin=False,
        )
        return services.submit_tip(draft=draft).tip

    def case(
        self, year: int, code: str, subjects: int, day: datetime.date, channel: str, count: int
    ) -> None:
        """A case clarified from `count` tips, with its subjects and their outcomes."""
        tips = [self.tip(code, day, channel) for _ in range(count)]
        officer = self.actors.officer
        for tip in tips:
            services.triage_tip(tip=tip, actor=officer, decision=TriageDecision.ACCEPT)
        case = services.open_case(
            ward=self.context.ward,
            actor=officer,
            title=WHAT[code].rstrip("."),
            categories=[self.categories[code]],
            opened_on=day,
            tips=tips,
        )
        clarified = min(
            day + datetime.timedelta(days=self.rng.randint(3, 40)),
            LAST_DAY if year == 2021 else datetime.date(year, 12, 31),
        )
        added = [
            services.add_subject(
                case=case,
                actor=officer,
                offence=self.categories[code],
                full_name=" ".join(
                    [self.rng.choice(SURNAMES), self.rng.choice(MIDDLE), self.rng.choice(GIVEN)]
                ),
                birth_year=self.rng.randint(1970, 2003),
                address="Phường 3, thị xã Kiến Tường",
            )
            for _ in range(subjects)
        ]
        # Its subjects are known before it is clarified (a clarified case takes no new one).
        services.clarify_case(case=case, actor=self.actors.commander, clarified_on=clarified)
        outcome = (
            SubjectOutcome.PROSECUTED
            if code in ("robbery", "theft", "fraud", "drug_possession")
            else SubjectOutcome.ADMIN_SANCTION
        )
        for subject in added:
            services.record_subject_outcome(
                subject=subject, actor=self.actors.commander, outcome=outcome, outcome_on=clarified
            )
        for tip in tips:
            services.close_tip(tip=tip, actor=officer, outcome=TipOutcome.CASE_CLARIFIED)

    def ordinary(self, day: datetime.date, channel: str, previous: list[Tip]) -> Tip:
        code = self.rng.choice(OTHER_CATEGORIES)
        tip = self.tip(code, day, channel)
        officer = self.actors.officer
        roll = self.rng.random()
        if code == "dispute":
            services.refer_tip_to_mediation(
                tip=tip, actor=officer, note="Chuyển tổ hòa giải khu phố."
            )
        elif roll < 0.06:
            services.triage_tip(tip=tip, actor=officer, decision=TriageDecision.SPAM)
        elif roll < 0.11 and previous:
            services.triage_tip(
                tip=tip, actor=officer, decision=TriageDecision.DUPLICATE, duplicate_of=previous[-1]
            )
        elif roll < 0.15:
            services.triage_tip(tip=tip, actor=officer, decision=TriageDecision.NOT_SECURITY)
        else:
            services.triage_tip(tip=tip, actor=officer, decision=TriageDecision.ACCEPT)
            outcome = self.rng.choice(
                [
                    TipOutcome.RESOLVED,
                    TipOutcome.RESOLVED,
                    TipOutcome.NO_VIOLATION,
                    TipOutcome.UNVERIFIED,
                ]
            )
            services.close_tip(tip=tip, actor=officer, outcome=outcome)
        return tip

    def year(self, year: int) -> None:
        """One year of the book: ordinary tips and the clarified cases, on their days."""
        channels = CHANNELS_2021 if year == 2021 else CHANNELS_BEFORE_2021
        cases = CASES[year]
        tips_per_case = [self.rng.choice([1, 1, 2]) for _ in cases]
        events = TIPS_PER_YEAR[year] - sum(tips_per_case) + len(cases)
        slots = sorted(self.rng.sample(range(events - 3), len(cases)))
        case_at = dict(zip(slots, zip(cases, tips_per_case, strict=True), strict=True))
        previous: list[Tip] = []
        for index, day in enumerate(_days(self.rng, year, events)):
            channel = self.rng.choice(channels)
            if index in case_at:
                (code, subjects), count = case_at[index]
                self.case(year, code, subjects, day, channel, count)
            else:
                previous.append(self.ordinary(day, channel, previous))


def _current_tips(context, actors: _Actors) -> str:
    """A few tips of today's ward: new, overdue, in progress with a reply, and one web tip."""
    ward = context.successor
    category = OffenceCategory.objects.get(code="theft")
    now = timezone.now()
    made = []
    for hours, channel in [(2, TipChannel.HOTLINE), (30, TipChannel.WALK_IN), (50, TipChannel.APP)]:
        made.append(
            services.submit_tip(
                draft=services.TipDraft(
                    ward=ward,
                    category=category,
                    channel=channel,
                    entered_by=actors.officer,
                    description="Nghi đối tượng lạ dò xét, bẻ khóa xe máy trong hẻm.",
                    location_text="Hẻm 12, đường 30/4",
                    received_at=now - datetime.timedelta(hours=hours),
                    issue_pin=False,
                )
            ).tip
        )
    services.assign_tip(tip=made[2], assignee=actors.officer, actor=actors.commander)
    services.add_internal_note(tip=made[2], actor=actors.officer, body="Đã cử tổ tuần tra đêm nay.")
    web = services.submit_tip(
        draft=services.TipDraft(
            ward=ward,
            category=OffenceCategory.objects.get(code="drug_use"),
            channel=TipChannel.WEB,
            description="Tối nào cũng có nhóm thanh niên tụ tập ở bãi đất trống cuối hẻm 5.",
            location_text="Cuối hẻm 5",
            received_at=now - datetime.timedelta(hours=5),
        )
    )
    services.reply_to_tipster(
        tip=web.tip,
        actor=actors.officer,
        body="Cảm ơn bạn. Công an phường đã ghi nhận và đang xác minh.",
    )
    return f"tin báo mẫu trên web: mã {web.display_code}, PIN {web.pin} (chỉ hiện lần này)"


def load(context) -> str | None:
    """Create the demo tips (once). Returns a line for `load_demo` to print."""
    with scopes_disabled():
        if Tip.objects.filter(ward__in=[context.ward, context.successor]).exists():
            return None
        actors = _Actors(
            officer=context.users[Role.OFFICER], commander=context.users[Role.COMMANDER]
        )
        loader = _Loader(context, actors)
        for year in TIPS_PER_YEAR:
            loader.year(year)
        # The 2016–2021 records were entered from paper books: nobody is to be alerted now.
        OutboxMessage.objects.filter(ward=context.ward, sent_at__isnull=True).update(
            sent_at=timezone.now(), last_error="demo: historical record, not sent"
        )
        current = _current_tips(context, actors)
        total = Tip.objects.filter(ward=context.ward).count()
    return f"{total} tin báo 2016–2021 của Phường 3; {current}"
