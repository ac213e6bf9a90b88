"""Demo records of the campaigns: Ward 3's outreach and welfare work of 2016 – July 2021, entered
through the services one record at a time, as officers would have entered them from the books.

They add up to the seed article: 707 outreach sessions with 23,485 attendances; 546 "ANTT
loudspeaker" airings (one entry a month, each standing for that month's airings: "over 540");
the National Security Festival Day and the forum "Commune police listen to the people's
opinions" every year (2016–2020; the 2021 one, on 19 August, came after the article), with the
residents' feedback items; 100 leaflets on the "Phản ánh ANTT Long An" app handed out in 2021;
1,645 gift packages worth 300,000,000 VND; 1 charity house worth 40,000,000 VND; 102,500,000 VND
contributed to funds ("more than 100 million").
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django_scopes import scopes_disabled

from campaigns import services
from campaigns.catalogue import ensure_catalogue
from campaigns.choices import DonorKind, EventKind
from campaigns.models import (
    BeneficiaryGroup,
    Fund,
    MovementEvent,
    OutreachFormat,
    OutreachSession,
    OutreachTopic,
    Partner,
)
from wards.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward

SESSIONS_PER_YEAR = {2016: 128, 2017: 130, 2018: 132, 2019: 134, 2020: 118, 2021: 65}
ATTENDANCES = 23_485
LAST_DAY = datetime.date(2021, 7, 15)
# (day, format, attendances, leaflets): the 2021 sessions on the reporting app — 100 leaflets.
APP_SESSIONS = [
    (datetime.date(2021, 3, 12), "door_to_door", 18, 30),
    (datetime.date(2021, 4, 16), "meeting", 45, 25),
    (datetime.date(2021, 5, 21), "door_to_door", 16, 25),
    (datetime.date(2021, 6, 18), "meeting", 40, 20),
]
# Attendances of a session by format (a draw, then all scaled to the seed's total).
TYPICAL = {
    "meeting": (35, 70),
    "loudspeaker": (20, 40),
    "school": (60, 120),
    "door_to_door": (6, 20),
    "online": (15, 45),
}
TOPICS_BEFORE_2021 = [
    "crime_prevention",
    "social_evils",
    "drugs",
    "traffic_safety",
    "fire_safety",
    "residence",
    "movement",
]
TITLES = {
    "crime_prevention": "Tuyên truyền phòng, chống tội phạm trộm cắp tài sản",
    "social_evils": "Phòng, chống tệ nạn cờ bạc, số đề",
    "drugs": "Phòng, chống ma túy trong thanh thiếu niên",
    "traffic_safety": "An toàn giao thông, đội mũ bảo hiểm",
    "fire_safety": "Phòng cháy, chữa cháy trong khu dân cư",
    "online_fraud": "Cảnh giác lừa đảo qua điện thoại, mạng xã hội",
    "residence": "Đăng ký, quản lý cư trú",
    "movement": "Phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    "reporting_app": "Hướng dẫn cài đặt ứng dụng “Phản ánh ANTT Long An”",
}
BROADCAST_AIRINGS = 546  # one entry a month, Jan 2016 – Jun 2021
FEEDBACK = [
    ("Đề nghị lắp thêm đèn chiếu sáng đoạn đường ra bờ kênh.", "UBND Phường 3", "forwarded"),
    ("Thanh niên tụ tập chạy xe lạng lách vào buổi tối.", "Công an Phường 3", "answered"),
    ("Tình trạng mất trộm gà, vịt ở cuối khu phố.", "Công an Phường 3", "answered"),
    ("Đề nghị tăng cường tuần tra khu vực chợ.", "Công an Phường 3", "answered"),
    ("Nhờ hướng dẫn thủ tục đăng ký tạm trú cho người thuê trọ.", "Công an Phường 3", "answered"),
]
# Gift distributions: (day, beneficiary group, packages, value VND, occasion).
GIFTS = [
    (datetime.date(2016, 1, 28), "poor", 250, 45_000_000, "Tết Bính Thân 2016"),
    (datetime.date(2017, 1, 20), "poor", 260, 47_000_000, "Tết Đinh Dậu 2017"),
    (datetime.date(2018, 2, 8), "policy", 270, 49_000_000, "Tết Mậu Tuất 2018"),
    (datetime.date(2019, 1, 29), "poor", 280, 51_000_000, "Tết Kỷ Hợi 2019"),
    (datetime.date(2020, 1, 17), "policy", 285, 52_000_000, "Tết Canh Tý 2020"),
    (datetime.date(2020, 4, 14), "covid", 150, 25_000_000, "Hỗ trợ người khó khăn do Covid-19"),
    (datetime.date(2021, 2, 5), "poor", 150, 31_000_000, "Tết Tân Sửu 2021"),
]
# Fund contributions: (day, fund, VND).
FUNDS = [
    *((datetime.date(year, 7, 20), "gratitude", 7_000_000) for year in range(2016, 2021)),
    *((datetime.date(year, 11, 15), "for_the_poor", 6_000_000) for year in range(2016, 2021)),
    (datetime.date(2020, 10, 26), "disasters", 15_000_000),
    (datetime.date(2021, 6, 10), "covid_vaccine", 22_500_000),
]
# Donations received: (day, kind, donor, cash VND, in kind, in-kind value VND, purpose).
DONATIONS = [
    (
        datetime.date(2016, 1, 15),
        "organisation",
        "Công ty TNHH Lúa gạo Kiến Tường",
        0,
        "Gạo 2 tấn",
        30_000_000,
        "Quà Tết 2016",
    ),
    (
        datetime.date(2016, 1, 18),
        "individual",
        "Bà Nguyễn Thị Hạnh",
        15_000_000,
        "",
        0,
        "Quà Tết 2016",
    ),
    (
        datetime.date(2017, 1, 10),
        "organisation",
        "Ngân hàng Nông nghiệp chi nhánh Kiến Tường",
        47_000_000,
        "",
        0,
        "Quà Tết 2017",
    ),
    (
        datetime.date(2018, 1, 25),
        "organisation",
        "Hội doanh nghiệp thị xã",
        30_000_000,
        "Nhu yếu phẩm",
        19_000_000,
        "Quà Tết 2018",
    ),
    (datetime.date(2019, 1, 15), "anonymous", "", 20_000_000, "", 0, "Quà Tết 2019"),
    (
        datetime.date(2019, 1, 18),
        "organisation",
        "Công ty CP Vật tư nông nghiệp",
        31_000_000,
        "",
        0,
        "Quà Tết 2019",
    ),
    (
        datetime.date(2019, 8, 1),
        "individual",
        "Ông Trần Văn Phước",
        25_000_000,
        "Vật liệu xây dựng",
        15_000_000,
        "Nhà tình thương 2019",
    ),
    (
        datetime.date(2020, 1, 8),
        "organisation",
        "Hội doanh nghiệp thị xã",
        52_000_000,
        "",
        0,
        "Quà Tết 2020",
    ),
    (
        datetime.date(2020, 4, 6),
        "individual",
        "Nhóm thiện nguyện khu phố 2",
        0,
        "Gạo, mì, dầu ăn",
        25_000_000,
        "Hỗ trợ Covid-19",
    ),
    (
        datetime.date(2021, 1, 26),
        "organisation",
        "Ngân hàng Nông nghiệp chi nhánh Kiến Tường",
        31_000_000,
        "",
        0,
        "Quà Tết 2021",
    ),
]


@dataclass
class _Loader:
    ward: Ward
    officer: User
    commander: User
    rng: random.Random = field(default_factory=lambda: random.Random(2016))
    formats: dict[str, OutreachFormat] = field(default_factory=dict)
    topics: dict[str, OutreachTopic] = field(default_factory=dict)
    partners: list[Partner] = field(default_factory=list)
    areas: list[Any] = field(default_factory=list)

    def session(self, day: datetime.date, format_code: str, topic: str, people: int, leaflets=0):
        return services.record_session(
            ward=self.ward,
            actor=self.officer,
            held_on=day,
            format=self.formats[format_code],
            topics=[self.topics[topic]],
            attendances=people,
            leaflets=leaflets,
            title=TITLES[topic],
            neighbourhoods=[self.rng.choice(self.areas)],
            partners=self.rng.sample(self.partners, self.rng.randint(0, 2)),
            officer=self.officer,
        )


def _days(year: int, count: int) -> list[datetime.date]:
    """`count` days spread over `year` (up to the article's day in 2021)."""
    first = datetime.date(year, 1, 4)
    last = LAST_DAY if year == 2021 else datetime.date(year, 12, 28)
    span = (last - first).days
    return [first + datetime.timedelta(days=span * i // count) for i in range(count)]


def _attendances(draws: list[int], total: int) -> list[int]:
    """`draws` scaled to add up to exactly `total` (largest remainders first)."""
    scale = total / sum(draws)
    exact = [draw * scale for draw in draws]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(draws)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _sessions(loader: _Loader) -> None:
    plan: list[tuple[datetime.date, str, str]] = []
    for year, count in SESSIONS_PER_YEAR.items():
        regular = count - (len(APP_SESSIONS) if year == 2021 else 0)
        topics = TOPICS_BEFORE_2021 + (["online_fraud"] if year >= 2019 else [])
        for day in _days(year, regular):
            plan.append((day, loader.rng.choice(list(TYPICAL)), loader.rng.choice(topics)))
    app_people = sum(people for _day, _fmt, people, _leaflets in APP_SESSIONS)
    draws = [loader.rng.randint(*TYPICAL[fmt]) for _day, fmt, _topic in plan]
    shares = _attendances(draws, ATTENDANCES - app_people)
    for (day, fmt, topic), people in zip(plan, shares, strict=True):
        loader.session(day, fmt, topic, people)
    for day, fmt, people, leaflets in APP_SESSIONS:
        loader.session(day, fmt, "reporting_app", people, leaflets)


def _broadcasts(loader: _Loader) -> None:
    months = [(year, month) for year in range(2016, 2022) for month in range(1, 13)][:66]
    base, extra = divmod(BROADCAST_AIRINGS, len(months))
    topics = list(loader.topics.values())
    for index, (year, month) in enumerate(months):
        topic = topics[index % len(topics)]
        services.record_broadcast(
            ward=loader.ward,
            actor=loader.officer,
            aired_on=datetime.date(year, month, 28),
            programme=f"Tiếng loa ANTT tháng {month}/{year}: {topic.name.lower()}",
            airings=base + (1 if index < extra else 0),
            topics=[topic],
            neighbourhoods=loader.areas,
        )


def _festivals(loader: _Loader) -> None:
    for year in range(2016, 2021):
        day = datetime.date(year, 8, 19)
        partners = loader.partners[:4]
        services.record_event(
            ward=loader.ward,
            actor=loader.officer,
            kind=EventKind.FESTIVAL,
            held_on=day,
            title=f"Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
            attendances=300 + 25 * (year - 2016),
            place="Hội trường khu phố Cái Cát",
            partners=partners,
        )
        forum = services.record_event(
            ward=loader.ward,
            actor=loader.officer,
            kind=EventKind.FORUM,
            held_on=day,
            title=f"Diễn đàn “Công an phường lắng nghe ý kiến Nhân dân” năm {year}",
            attendances=120 + 10 * (year - 2016),
            place="Hội trường khu phố Cái Cát",
            partners=partners[:1],
        )
        _feedback(loader, forum, year)


def _feedback(loader: _Loader, forum: MovementEvent, year: int) -> None:
    for index, (content, responder, outcome) in enumerate(FEEDBACK):
        item = services.record_feedback(
            event=forum,
            actor=loader.officer,
            content=content,
            responder=responder,
            deadline=forum.held_on + datetime.timedelta(days=30),
            raised_by=f"Cử tri khu phố {index + 1}",
        )
        answered_on = forum.held_on + datetime.timedelta(days=10 + index)
        if year == 2020 and index == 0:
            continue  # still open: the officers' queue shows it, overdue
        if outcome == "forwarded":
            services.forward_feedback(
                item=item,
                actor=loader.officer,
                forwarded_to="UBND Phường 3",
                on=answered_on,
                note="Đã chuyển để đưa vào kế hoạch chỉnh trang đô thị.",
            )
        else:
            services.answer_feedback(
                item=item,
                actor=loader.officer,
                answer="Công an phường đã tiếp thu, tăng cường tuần tra và trả lời tại tổ dân phố.",
                on=answered_on,
            )


def _welfare(loader: _Loader) -> None:
    groups = {group.code: group for group in BeneficiaryGroup.objects.all()}
    funds = {fund.code: fund for fund in Fund.objects.all()}
    ward, actor = loader.ward, loader.officer
    for day, kind, donor, cash, in_kind, in_kind_value, purpose in DONATIONS:
        services.record_donation(
            ward=ward,
            actor=actor,
            received_on=day,
            donor_kind=DonorKind(kind),
            donor_name=donor,
            cash_vnd=cash,
            in_kind=in_kind,
            in_kind_value_vnd=in_kind_value,
            purpose=purpose,
        )
    for day, group, packages, value, occasion in GIFTS:
        services.record_distribution(
            ward=ward,
            actor=actor,
            distributed_on=day,
            packages=packages,
            value_vnd=value,
            beneficiary_group=groups[group],
            occasion=occasion,
            neighbourhoods=loader.areas,
        )
    services.record_house(
        ward=ward,
        actor=actor,
        beneficiary="Hộ bà Lê Thị Mười (hộ nghèo)",
        value_vnd=40_000_000,
        handed_over_on=datetime.date(2019, 9, 2),
        neighbourhood=loader.areas[-1],
        funding_sources="Mạnh thường quân 40.000.000 đồng (tiền mặt và vật liệu xây dựng)",
    )
    for day, fund, amount in FUNDS:
        services.record_contribution(
            ward=ward, actor=actor, fund=funds[fund], amount_vnd=amount, contributed_on=day
        )


def _plans(loader: _Loader) -> None:
    for year in SESSIONS_PER_YEAR:
        services.set_plan(
            ward=loader.ward,
            actor=loader.commander,
            year=year,
            title=f"Kế hoạch tuyên truyền, vận động quần chúng năm {year}",
            reference=f"{10 + year - 2016}/KH-CAP",
            target_sessions=120 if year < 2021 else 130,
            target_attendances=4_000 if year < 2021 else 4_200,
            target_broadcasts=96,
        )


def load(context) -> str | None:
    """Create Ward 3's outreach and welfare records (once). Returns a line for `load_demo`."""
    with scopes_disabled():
        ward = context.ward
        if OutreachSession.objects.filter(ward=ward).exists():
            return None
        ensure_catalogue()
        loader = _Loader(
            ward=ward, officer=context.users[Role.OFFICER], commander=context.users[Role.COMMANDER]
        )
        loader.formats = {row.code: row for row in OutreachFormat.objects.all()}
        loader.topics = {row.code: row for row in OutreachTopic.objects.all()}
        loader.partners = list(Partner.objects.all())
        loader.areas = list(ward.neighbourhoods.order_by("name"))
        _plans(loader)
        _sessions(loader)
        _broadcasts(loader)
        _festivals(loader)
        _welfare(loader)
    return (
        "707 buổi tuyên truyền (23.485 lượt người), 546 lượt phát loa, 5 ngày hội và 5 diễn đàn, "
        "1.645 phần quà, 1 nhà tình thương, đóng góp quỹ 2016–2021 của Phường 3"
    )
