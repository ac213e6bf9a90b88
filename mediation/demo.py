"""Demo records of mediation: Ward 3's mediation teams and their disputes of 2016 – mid-2021, as
the mediators would have entered them from their record books.

One team per neighbourhood (founded in 2014 under Law 35/2013), five mediators each, the team
leader a member of the ward's core forces when there is one to link. The tips the tips app's
demo referred to mediation arrive as disputes through the referral (the tips app's signal);
they are dated back to the day after the tip and worked through like the others. Each year's
disputes end so that 2016–2021 holds 65 successful mediations — the seed article's figure —
besides a few unsuccessful and withdrawn ones; each team's book of each year is opened, and
closed with the leader's summary for the years that ended.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django_scopes import scopes_disabled

from core_forces.models import ForceMember
from mediation import services
from mediation.catalogue import ensure_catalogue
from mediation.choices import Compliance, DisputeSource, DisputeStatus, MediatorRole
from mediation.models import Dispute, DisputeKind, MediationTeam
from wards.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward

YEARS = range(2016, 2022)
# Successful mediations closed per year: 65 in 2016–2021 (the seed article), 2021 to mid-year.
SUCCESSFUL = {2016: 11, 2017: 12, 2018: 11, 2019: 12, 2020: 12, 2021: 7}
UNSUCCESSFUL = {2016: 2, 2017: 2, 2018: 3, 2019: 2, 2020: 2, 2021: 1}
WITHDRAWN = {2016: 0, 2017: 1, 2018: 0, 2019: 1, 2020: 0, 2021: 0}
LAST_RECEIVED_2021 = datetime.date(2021, 6, 10)
FOUNDED = datetime.date(2014, 3, 1)
BOOK_SUMMARY = "Tổ hoàn thành kế hoạch năm; các thỏa thuận được các bên thực hiện."

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Lâm"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Quốc", "Hữu"]
GIVEN = ["Tâm", "Hùng", "Lan", "Phúc", "Tài", "Hoa", "Dũng", "Khoa", "Hải", "Sơn", "Nhân", "Mai"]
WHAT = {
    "land": (
        "Tranh chấp ranh giới đất giữa hai hộ liền kề.",
        "Hai bên thống nhất cắm lại mốc ranh giới theo sổ đỏ.",
    ),
    "family": (
        "Mâu thuẫn vợ chồng về chăm sóc con và chi tiêu gia đình.",
        "Hai bên cam kết đoàn tụ, cùng chia sẻ chi tiêu.",
    ),
    "neighbours": (
        "Mâu thuẫn hàng xóm do nước thải chảy sang nhà bên cạnh.",
        "Bên gây ra sửa lại đường thoát nước.",
    ),
    "civil_debt": (
        "Tranh chấp tiền vay mượn, bên vay chậm trả.",
        "Bên vay trả dần mỗi tháng đến khi hết nợ.",
    ),
    "noise_hygiene": (
        "Hát karaoke gây ồn sau 22 giờ, hàng xóm phản ánh.",
        "Không hát karaoke sau 22 giờ.",
    ),
}
KINDS = list(WHAT)


@dataclass
class _Loader:
    ward: Ward
    officer: User
    commander: User
    rng: random.Random = field(default_factory=lambda: random.Random(2013))
    teams: dict[int, MediationTeam] = field(default_factory=dict)
    kinds: dict[str, DisputeKind] = field(default_factory=dict)
    left: dict[str, dict[int, int]] = field(default_factory=dict)

    def name(self) -> str:
        rng = self.rng
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    def found_teams(self) -> None:
        members = list(ForceMember.objects.filter(ward=self.ward).order_by("pk")[:10])
        for area in self.ward.neighbourhoods.order_by("name"):
            team = services.found_team(
                ward=self.ward,
                actor=self.commander,
                name=f"Tổ hòa giải {area.name}",
                neighbourhood=area,
                established_on=FOUNDED,
            )
            leader = members.pop(0) if members else None
            services.add_mediator(
                team=team,
                actor=self.commander,
                starts_on=FOUNDED,
                role=MediatorRole.LEADER,
                force_member=leader,
                full_name="" if leader else self.name(),
            )
            for _n in range(4):
                services.add_mediator(
                    team=team, actor=self.commander, starts_on=FOUNDED, full_name=self.name()
                )
            self.teams[area.pk] = team

    def outcome_for(self, year: int) -> str:
        for outcome, plan in (
            (DisputeStatus.SUCCESSFUL, SUCCESSFUL),
            (DisputeStatus.UNSUCCESSFUL, UNSUCCESSFUL),
            (DisputeStatus.WITHDRAWN, WITHDRAWN),
        ):
            remaining = self.left.setdefault(outcome, dict(plan))
            if remaining.get(year, 0) > 0:
                remaining[year] -= 1
                return outcome
        return DisputeStatus.UNSUCCESSFUL

    def parties(self, dispute: Dispute, year: int) -> None:
        for _n in range(2):
            services.add_party(
                dispute=dispute,
                actor=self.officer,
                full_name=self.name(),
                birth_year=year - self.rng.randint(25, 70),
                address=f"Số {self.rng.randint(1, 200)}, đường {self.rng.randint(1, 12)}, Phường 3",
                phone=f"09{self.rng.randint(10_000_000, 99_999_999)}",
            )

    def work(self, dispute: Dispute, code: str, outcome: str) -> None:
        """Assign, one or two sessions, the outcome, the follow-up: on the record's own days."""
        year = dispute.received_on.year
        self.parties(dispute, year)
        team = self.teams[dispute.neighbourhood_id]  # type: ignore[index]
        mediators = list(team.mediators.order_by("role", "pk"))[:2]
        services.assign_dispute(dispute=dispute, actor=self.officer, team=team, mediators=mediators)
        day = dispute.received_on + datetime.timedelta(days=self.rng.randint(2, 6))
        services.record_session(
            dispute=dispute,
            actor=self.officer,
            held_on=day,
            mediators=mediators,
            attendees="Hai bên tranh chấp",
            invited="Trưởng khu phố" if self.rng.random() < 0.4 else "",
            agreed=WHAT[code][1] if outcome == DisputeStatus.SUCCESSFUL else "",
            demands="" if outcome == DisputeStatus.SUCCESSFUL else "Hai bên giữ yêu cầu của mình.",
        )
        data: dict[str, Any] = {}
        if outcome == DisputeStatus.SUCCESSFUL:
            data = {
                "agreement": WHAT[code][1],
                "obligations": "Các bên thực hiện đúng nội dung đã thỏa thuận.",
                "deadline": day + datetime.timedelta(days=30),
            }
        elif outcome == DisputeStatus.UNSUCCESSFUL:
            data = {"guidance": "Hướng dẫn các bên gửi đơn đến UBND phường hoặc Tòa án nhân dân."}
        dispute = services.record_outcome(
            dispute=dispute, actor=self.officer, outcome=outcome, closed_on=day, **data
        )
        if outcome == DisputeStatus.SUCCESSFUL:
            broken = self.rng.random() < 0.05
            services.record_follow_up(
                dispute=dispute,
                actor=self.officer,
                compliance=Compliance.BROKEN if broken else Compliance.KEPT,
                checked_on=data["deadline"],
            )

    def referred_tips(self) -> None:
        """The disputes the tips demo's referrals opened: dated the day after the tip."""
        for dispute in (
            Dispute.objects.filter(
                ward=self.ward, source=DisputeSource.TIP, status=DisputeStatus.OPEN
            )
            .select_related("tip")
            .order_by("tip__received_at")
        ):
            received = timezone.localdate(dispute.tip.received_at) + datetime.timedelta(days=1)  # type: ignore[union-attr]
            if (
                received.year not in YEARS
                or received > LAST_RECEIVED_2021
                or not dispute.neighbourhood_id
            ):
                continue
            dispute = services.correct_dispute(
                dispute=dispute, actor=self.officer, received_on=received, kind=self.kinds["land"]
            )
            self.work(dispute, "land", self.outcome_for(received.year))

    def year(self, year: int) -> None:
        """The year's other disputes, spread over the year, until its plan is met."""
        pending = sum(
            self.left.setdefault(outcome, dict(plan)).get(year, 0)
            for outcome, plan in (
                (DisputeStatus.SUCCESSFUL, SUCCESSFUL),
                (DisputeStatus.UNSUCCESSFUL, UNSUCCESSFUL),
                (DisputeStatus.WITHDRAWN, WITHDRAWN),
            )
        )
        last = LAST_RECEIVED_2021 if year == 2021 else datetime.date(year, 12, 1)
        first = datetime.date(year, 1, 5)
        span = (last - first).days
        days = sorted(
            first + datetime.timedelta(days=self.rng.randint(0, span)) for _n in range(pending)
        )
        areas = list(self.teams)
        for day in days:
            code = self.rng.choice(KINDS)
            dispute = services.open_dispute(
                ward=self.ward,
                actor=self.officer,
                received_on=day,
                source=self.rng.choice(
                    [DisputeSource.PARTY_REQUEST] * 3
                    + [DisputeSource.WARD_REFERRAL, DisputeSource.OWN_INITIATIVE]
                ),
                kind=self.kinds[code],
                summary=WHAT[code][0],
                neighbourhood=self.teams[self.rng.choice(areas)].neighbourhood,
            )
            self.work(dispute, code, self.outcome_for(year))

    def books(self) -> None:
        for team in self.teams.values():
            for year in YEARS:
                book = services.open_record_book(
                    team=team,
                    actor=self.officer,
                    year=year,
                    number=f"{year}/01",
                    opened_on=datetime.date(year, 1, 2),
                )
                if year < 2021:
                    services.close_record_book(
                        book=book,
                        actor=self.officer,
                        closed_on=datetime.date(year, 12, 31),
                        summary=BOOK_SUMMARY,
                    )


def load(context) -> str | None:
    """Create Ward 3's mediation (once). Returns a line for `load_demo` to print."""
    with scopes_disabled():
        ward = context.ward
        if MediationTeam.objects.filter(ward=ward).exists():
            return None
        ensure_catalogue()
        loader = _Loader(
            ward=ward, officer=context.users[Role.OFFICER], commander=context.users[Role.COMMANDER]
        )
        loader.kinds = {kind.code: kind for kind in DisputeKind.objects.all()}
        loader.found_teams()
        loader.referred_tips()
        for year in YEARS:
            loader.year(year)
        loader.books()
        successful = Dispute.objects.filter(
            ward=ward, status=DisputeStatus.SUCCESSFUL, closed_on__year__range=(2016, 2021)
        ).count()
    return (
        f"{successful} vụ hòa giải thành 2016–2021 của Phường 3 ({len(loader.teams)} tổ hòa giải)"
    )
