"""Demo records of the core forces: Ward 3's forces as the commander would have entered them.

Mid-2021 (the seed article): 1 board and 5 street-protection teams with 23 members (the board's
3 and 4 in each team); 5 civil-defence teams with 30 members; 14 self-managed resident groups
with 28 members; the motorbike patrol team of 5 (drawn from the street-protection teams, so
counted once among all members: 81 people); everyone trained in their functions, duties and
powers (a course of October 2020). Weekly motorbike patrols in the first half of 2021.

1 July 2024 (Law 30/2023/QH15): the board and the street-protection teams are dissolved; each
team is reorganised into the ANTT protection team of its neighbourhood, its members moved there,
and each civil-defence team's leader joins that ANTT team (their deputies take over); the board
leaves the force. The ANTT teams are trained in August 2024 and paid the (illustrative) monthly
allowances from July 2024. A report as of 2025-06-30 shows 5 ANTT teams with 25 members.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django_scopes import scopes_disabled

from core_forces import services
from core_forces.catalogue import LAW_30_2023, ensure_catalogue
from core_forces.choices import UnitRole
from core_forces.models import ForceMember, ForceUnit, TrainingTopic, UnitKind, UnitMembership
from wards.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Ward

ISSUER = "UBND Phường 3"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Lâm"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Quốc", "Hữu", "Thành"]
GIVEN = ["Tâm", "Hùng", "Lan", "Phúc", "Tài", "Hoa", "Dũng", "Khoa", "Hải", "Sơn", "Nhân", "Lợi"]
TEAM_ROLES = [UnitRole.LEADER, UnitRole.DEPUTY, UnitRole.MEMBER, UnitRole.MEMBER]
# Illustrative monthly rates (VND) of the ANTT protection teams; not a real resolution's.
RATES = {UnitRole.LEADER: 1_800_000, UnitRole.DEPUTY: 1_600_000, UnitRole.MEMBER: 1_400_000}


@dataclass
class _Loader:
    ward: Ward
    actor: User
    rng: random.Random = field(default_factory=lambda: random.Random(2021))
    kinds: dict[str, UnitKind] = field(default_factory=dict)
    count: int = 0

    def person(self, joined_on: datetime.date) -> ForceMember:
        self.count += 1
        rng = self.rng
        middle = rng.choice(MIDDLE)
        return services.enrol_member(
            ward=self.ward,
            actor=self.actor,
            full_name=f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}",
            joined_on=joined_on,
            sex="female" if middle == "Thị" else "male",
            date_of_birth=datetime.date(rng.randint(1960, 1995), rng.randint(1, 12), 15),
            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            address=f"Số {rng.randint(1, 200)}, đường số {rng.randint(1, 12)}, Phường 3",
            national_id=f"080{rng.randint(0, 1):01d}{self.count:08d}",
        )

    def unit(self, code: str, name: str, on: datetime.date, number: str, areas=()) -> ForceUnit:
        return services.found_unit(
            ward=self.ward,
            actor=self.actor,
            kind=self.kinds[code],
            name=name,
            established_on=on,
            neighbourhoods=areas,
            decision_number=number,
            decision_date=on - datetime.timedelta(days=5),
            decision_issuer=ISSUER,
        )

    def staffed(self, unit: ForceUnit, roles: Sequence[str], joined_on: datetime.date):
        """New people appointed to `unit` in `roles` from `joined_on`."""
        return [
            services.appoint(
                member=self.person(joined_on),
                unit=unit,
                actor=self.actor,
                role=role,
                starts_on=joined_on,
                decision_number=unit.decision_number,
                decision_date=unit.decision_date,
            )
            for role in roles
        ]


def _forces_2021(loader: _Loader) -> dict[str, list]:
    """The units and memberships of mid-2021; returns them by kind."""
    areas = list(loader.ward.neighbourhoods.order_by("name"))
    day = datetime.date(2016, 3, 15)
    board = loader.unit("board", "Ban bảo vệ dân phố Phường 3", day, "45/QĐ-UBND")
    loader.staffed(board, [UnitRole.LEADER, UnitRole.DEPUTY, UnitRole.DEPUTY], day)
    teams, civil = [], []
    for index, area in enumerate(areas, start=1):
        team = loader.unit(
            "street_protection", f"Tổ bảo vệ dân phố {area.name}", day, f"4{index}/QĐ-UBND", [area]
        )
        teams.append((team, loader.staffed(team, TEAM_ROLES, day)))
        team = loader.unit(
            "civil_defence", f"Đội dân phòng {area.name}", day, f"5{index}/QĐ-UBND", [area]
        )
        roles = [UnitRole.LEADER, UnitRole.DEPUTY] + [UnitRole.MEMBER] * 4
        civil.append((team, loader.staffed(team, roles, datetime.date(2017, 1, 10))))
    for number in range(1, 15):
        group = loader.unit(
            "self_managed",
            f"Tổ dân cư tự quản số {number}",
            datetime.date(2018, 3, 1),
            f"{60 + number}/QĐ-UBND",
            [areas[(number - 1) % len(areas)]],
        )
        loader.staffed(group, [UnitRole.LEADER, UnitRole.DEPUTY], datetime.date(2018, 3, 1))
    patrol = loader.unit(
        "motorbike_patrol",
        "Đội tuần tra xe mô tô Phường 3",
        datetime.date(2018, 8, 1),
        "80/QĐ-UBND",
    )
    riders = [memberships[2].member for _team, memberships in teams]
    for rider, role in zip(riders, [UnitRole.LEADER] + [UnitRole.MEMBER] * 4, strict=True):
        services.appoint(
            member=rider,
            unit=patrol,
            actor=loader.actor,
            role=role,
            starts_on=datetime.date(2018, 8, 1),
        )
    return {"teams": teams, "civil": civil, "patrol": [(patrol, riders)]}


def _train_2020(loader: _Loader) -> None:
    course = services.record_course(
        ward=loader.ward,
        actor=loader.actor,
        title="Tập huấn chức năng, nhiệm vụ, quyền hạn của lực lượng nòng cốt",
        topics=TrainingTopic.objects.filter(code__in=["duties", "law"]),
        starts_on=datetime.date(2020, 10, 12),
        ends_on=datetime.date(2020, 10, 14),
        hours=24,
        organiser="Công an thị xã Kiến Tường",
        place="Hội trường UBND Phường 3",
    )
    for member in ForceMember.objects.filter(ward=loader.ward):
        services.record_attendance(
            course=course, member=member, actor=loader.actor, result="passed"
        )


def _patrols(loader: _Loader, unit: ForceUnit, riders, first: datetime.date, weeks: int) -> None:
    for week in range(weeks):
        patrol = services.schedule_patrol(
            unit=unit,
            actor=loader.actor,
            on=first + datetime.timedelta(weeks=week),
            starts_at=datetime.time(21, 0),
            ends_at=datetime.time(23, 30),
            route="Các tuyến đường chính, khu phố 1 – khu phố Cái Cát",
        )
        report = (
            "Phát hiện nhóm thanh niên tụ tập rú ga; đã nhắc nhở, báo Công an phường."
            if week % 9 == 4
            else "Tình hình bình thường."
        )
        services.record_patrol(
            patrol=patrol, actor=loader.actor, participants=riders, report=report
        )


def _reorganise_2024(loader: _Loader, forces: dict[str, list]) -> list[ForceUnit]:
    """Law 30/2023: street-protection teams → ANTT protection teams on 1 July 2024."""
    day = LAW_30_2023
    antt_teams = []
    for (team, memberships), (civil_team, civil) in zip(
        forces["teams"], forces["civil"], strict=True
    ):
        antt = loader.unit(
            "antt_protection",
            team.name.replace("Tổ bảo vệ dân phố", "Tổ bảo vệ an ninh, trật tự"),
            day,
            f"1{team.pk % 100:02d}/QĐ-UBND",
            list(team.neighbourhoods.all()),
        )
        antt_teams.append(antt)
        for membership in memberships:
            services.move(membership=membership, actor=loader.actor, to_unit=antt, on=day)
        leader, deputy = civil[0], civil[1]
        services.move(
            membership=leader, actor=loader.actor, to_unit=antt, on=day, role=UnitRole.MEMBER
        )
        services.release(
            membership=deputy, actor=loader.actor, on=day, reason="Giữ chức đội trưởng"
        )
        services.appoint(
            member=deputy.member,
            unit=civil_team,
            actor=loader.actor,
            role=UnitRole.LEADER,
            starts_on=day,
        )
        services.dissolve_unit(unit=team, actor=loader.actor, on=day, reorganised_into=antt)
    board = ForceUnit.objects.get(ward=loader.ward, kind__code="board")
    for membership in UnitMembership.objects.filter(unit=board, ends_on__isnull=True):
        services.member_leaves(
            member=membership.member,
            actor=loader.actor,
            on=day,
            reason="Ban giải thể theo Luật 30/2023",
        )
    services.dissolve_unit(unit=board, actor=loader.actor, on=day)
    return antt_teams


def _train_and_pay_2024(loader: _Loader, antt_teams: list[ForceUnit]) -> None:
    course = services.record_course(
        ward=loader.ward,
        actor=loader.actor,
        title="Bồi dưỡng Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
        topics=TrainingTopic.objects.filter(code__in=["duties", "law", "skills"]),
        starts_on=datetime.date(2024, 8, 5),
        ends_on=datetime.date(2024, 8, 9),
        hours=40,
        organiser="Công an tỉnh Long An",
        place="Trung tâm chính trị thị xã Kiến Tường",
    )
    members = ForceMember.objects.filter(
        memberships__unit__in=antt_teams, memberships__ends_on__isnull=True
    ).distinct()
    for number, member in enumerate(members, start=1):
        services.record_attendance(
            course=course,
            member=member,
            actor=loader.actor,
            result="passed",
            certificate_number=f"ANTT-2024-{number:03d}",
            certificate_expires_on=datetime.date(2029, 8, 9),
        )
    for role, amount in RATES.items():
        services.set_allowance_rate(
            ward=loader.ward,
            actor=loader.actor,
            role=role,
            amount_vnd=amount,
            valid_from=LAW_30_2023,
            kind=loader.kinds["antt_protection"],
            basis="Mức minh họa của dữ liệu mẫu",
        )


def load(context) -> str | None:
    """Create Ward 3's forces (once). Returns a line for `load_demo` to print."""
    with scopes_disabled():
        ward = context.ward
        if ForceUnit.objects.filter(ward=ward).exists():
            return None
        ensure_catalogue()
        loader = _Loader(ward=ward, actor=context.users[Role.COMMANDER])
        loader.kinds = {kind.code: kind for kind in UnitKind.objects.all()}
        forces = _forces_2021(loader)
        _train_2020(loader)
        patrol, riders = forces["patrol"][0]
        _patrols(loader, patrol, riders, datetime.date(2021, 1, 2), 26)
        antt_teams = _reorganise_2024(loader, forces)
        _train_and_pay_2024(loader, antt_teams)
        _patrols(loader, patrol, riders, datetime.date(2025, 1, 4), 26)
        people = ForceMember.objects.filter(ward=ward).count()
    return (
        f"{people} thành viên lực lượng nòng cốt của Phường 3 (2016–2025, cả tổ chức lại năm 2024)"
    )
