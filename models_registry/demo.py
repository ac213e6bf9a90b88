"""Demo records of the models registry: Ward 3's crime-prevention models as the officers would
have entered them, asset by asset, so that the 2016–2021 report reproduces the seed article:

- "Thắp sáng đường quê – xóm ấp an ninh": 320 bulbs over 3,200 m (8 segments of 40 bulbs and
  400 m: four in 2016, four in 2018);
- the civil-defence motorbike patrol: 1 team of 5 — the core-forces demo's motorbike patrol unit,
  its members counted from that unit's memberships;
- ANTT gates and fences: 2 gates;
- security cameras: 7 points, 11 cameras, 70,000,000 VND raised from the community (donors);
- "better coordination against theft, drugs and traffic accidents" (no indicators);
- traffic safety at school gates: 2 of 2 school points covered;
- education of people released early, on suspended sentences, at risk: five people, three
  still supervised at the end of 2021 (the article gives no number: illustrative);
- 2021, the pilot: self-managed households, linked self-defence: 14 groups of households (the
  article gives no number of households: 10 per group, illustrative).

A lighting segment broke in March 2021, reported from a citizen's tip and fixed; a camera went
offline in June 2021 and is still waiting (it shows among the open faults). The commander rated
each model for 2020.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django_scopes import scopes_disabled

from core_forces.models import ForceMember, ForceUnit
from models_registry import services
from models_registry.catalogue import ensure_catalogue
from models_registry.choices import AssetKind, Rating, SupervisionCategory
from models_registry.models import ModelKind, PreventionModel
from tips.models import Tip
from wards.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from wards.models import Neighbourhood, Ward

# Around the centre of Kiến Tường (10.77° N, 105.92° E): illustrative map points.
CENTRE = (Decimal("10.775000"), Decimal("105.925000"))
CAMERAS_PER_POINT = [2, 2, 2, 2, 1, 1, 1]  # 7 points, 11 cameras
DONATIONS = [
    ("Doanh nghiệp tư nhân Thành Phát", 20_000_000),
    ("Cửa hàng vật liệu xây dựng Kim Long", 15_000_000),
    ("Hộ kinh doanh khu phố 1", 12_000_000),
    ("", 23_000_000),  # many residents, not listed one by one
]


def _point(index: int) -> tuple[Decimal, Decimal]:
    step = Decimal("0.001")
    return CENTRE[0] + step * (index % 5), CENTRE[1] + step * (index // 5)


@dataclass
class _Loader:
    ward: Ward
    actor: User
    areas: list[Neighbourhood]
    points: int = 0

    def model(self, kind: str, code: str, name: str, on: datetime.date, **extra: Any):
        return services.start_model(
            ward=self.ward,
            actor=self.actor,
            kind=ModelKind.objects.get(code=kind),
            code=code,
            name=name,
            started_on=on,
            **extra,
        )

    def asset(self, model: PreventionModel, kind: str, name: str, area: int, on, **measures):
        self.points += 1
        latitude, longitude = _point(self.points)
        return services.add_asset(
            model=model,
            actor=self.actor,
            kind=kind,
            name=name,
            neighbourhood=self.areas[area],
            installed_on=on,
            latitude=latitude,
            longitude=longitude,
            **measures,
        )


def _lighting(loader: _Loader) -> PreventionModel:
    model = loader.model(
        "lighting",
        "thap-sang",
        "Thắp sáng đường quê – xóm ấp an ninh",
        datetime.date(2016, 5, 1),
        neighbourhoods=loader.areas[:2],
        decision="Kế hoạch 12/KH-CAP ngày 20/4/2016",
    )
    for number in range(8):
        year = 2016 if number < 4 else 2018
        segment = loader.asset(
            model,
            AssetKind.LIGHTING_SEGMENT,
            f"Tuyến đèn hẻm số {number + 1}",
            number % 2,
            datetime.date(year, 6, 1 + number),
            bulbs=40,
            length_m=400,
        )
    tip = Tip.objects.filter(ward=loader.ward, received_at__year=2021).order_by("pk").first()
    fault = services.report_fault(
        asset=segment,
        actor=loader.actor,
        reported_on=datetime.date(2021, 3, 2),
        description="Sáu bóng đèn không sáng, dây dẫn bị đứt.",
        tip=tip,
    )
    services.fix_fault(
        fault=fault,
        actor=loader.actor,
        fixed_on=datetime.date(2021, 3, 9),
        note="Thay dây và bóng; kinh phí do khu phố đóng góp.",
    )
    return model


def _cameras(loader: _Loader) -> PreventionModel:
    model = loader.model(
        "cameras",
        "camera-an-ninh",
        "Camera an ninh",
        datetime.date(2019, 3, 1),
        neighbourhoods=loader.areas[2:4],
        decision="Kế hoạch 05/KH-CAP ngày 15/2/2019",
    )
    for number, cameras in enumerate(CAMERAS_PER_POINT):
        camera = loader.asset(
            model,
            AssetKind.CAMERA_POINT,
            f"Điểm camera số {number + 1}",
            2 + number % 2,
            datetime.date(2019, 4 + number, 10),
            cameras=cameras,
            view="Ngã ba, hướng vào hẻm",
            footage_keeper="Trưởng khu phố",
        )
    for number, (donor, amount) in enumerate(DONATIONS):
        services.record_contribution(
            model=model,
            actor=loader.actor,
            amount_vnd=amount,
            received_on=datetime.date(2019, 3, 10 + number),
            donor=donor,
        )
    services.report_fault(
        asset=camera,
        actor=loader.actor,
        reported_on=datetime.date(2021, 6, 20),
        description="Camera mất tín hiệu, đầu ghi không nhận hình.",
    )
    return model


def _others(loader: _Loader) -> list[PreventionModel]:
    patrol_unit = ForceUnit.objects.get(ward=loader.ward, kind__code="motorbike_patrol")
    patrol = loader.model(
        "patrol",
        "tuan-tra-xe-honda",
        "Dân phòng tuần tra xe Honda phòng, chống tội phạm",
        patrol_unit.established_on,
        lead_unit=patrol_unit,
    )
    loader.asset(
        patrol,
        AssetKind.PATROL_TEAM,
        patrol_unit.name,
        0,
        patrol_unit.established_on,
        force_unit=patrol_unit,
    )
    gates = loader.model(
        "gates",
        "cong-rao",
        "Cổng rào an ninh trật tự",
        datetime.date(2017, 4, 1),
        neighbourhoods=loader.areas[4:5],
    )
    for number in (1, 2):
        loader.asset(
            gates, AssetKind.GATE, f"Cổng ấp văn hóa số {number}", 4, datetime.date(2017, 5, number)
        )
    coordination = loader.model(
        "coordination",
        "phoi-hop",
        "Nâng chất phối hợp phòng, chống trộm cắp, ma túy và tai nạn giao thông",
        datetime.date(2017, 1, 15),
    )
    school = loader.model(
        "school_safety",
        "an-toan-cong-truong",
        "An toàn giao thông trước cổng trường",
        datetime.date(2018, 9, 5),
    )
    for number, name in enumerate(["Trường Tiểu học Phường 3", "Trường THCS Phường 3"]):
        loader.asset(
            school,
            AssetKind.SCHOOL_POINT,
            f"Cổng {name}",
            number,
            datetime.date(2018, 9, 5),
            school=name,
            covered=True,
            duty_hours="6:30–7:15 và 16:30–17:15 ngày học",
        )
    return [patrol, gates, coordination, school]


def _supervision(loader: _Loader) -> PreventionModel:
    model = loader.model(
        "supervision",
        "giao-duc-cam-hoa",
        "Giáo dục, cảm hóa phạm nhân được tha tù trước thời hạn, người được hưởng án treo "
        "và người có biểu hiện vi phạm pháp luật",
        datetime.date(2016, 7, 1),
    )
    supervisors = list(ForceMember.objects.filter(ward=loader.ward).order_by("pk")[:5])
    people = [
        ("Trần Văn Hậu", 1988, SupervisionCategory.RELEASED_EARLY, datetime.date(2016, 8, 1)),
        ("Lê Minh Tâm", 1995, SupervisionCategory.SUSPENDED_SENTENCE, datetime.date(2017, 3, 1)),
        ("Nguyễn Thành Nhân", 2001, SupervisionCategory.AT_RISK, datetime.date(2019, 5, 1)),
        ("Phạm Hữu Lợi", 1990, SupervisionCategory.RELEASED, datetime.date(2020, 9, 1)),
        ("Võ Quốc Dũng", 1985, SupervisionCategory.SUSPENDED_SENTENCE, datetime.date(2021, 2, 1)),
    ]
    for number, (name, born, category, starts) in enumerate(people):
        person = services.place_under_supervision(
            ward=loader.ward,
            actor=loader.actor,
            model=model,
            full_name=name,
            birth_year=born,
            category=category,
            starts_on=starts,
            supervisor=supervisors[number] if number < len(supervisors) else None,
            address=f"Khu phố {1 + number % 4}, Phường 3",
            basis="Quyết định của Tòa án nhân dân thị xã Kiến Tường",
        )
        services.record_check_in(
            person=person,
            actor=loader.actor,
            on=starts + datetime.timedelta(days=30),
            note="Đã gặp, chấp hành tốt; có việc làm ổn định.",
        )
        if number < 2:
            services.end_supervision(
                person=person, actor=loader.actor, on=starts.replace(year=starts.year + 2)
            )
    return model


def _self_managed(loader: _Loader) -> PreventionModel:
    model = loader.model(
        "self_managed",
        "ho-tu-quan",
        "Hộ gia đình tự quản, liên kết tự phòng, khu phố bình yên, văn minh đô thị",
        datetime.date(2021, 3, 1),
        neighbourhoods=loader.areas,
        decision="Kế hoạch “Toàn dân Phường 3 – Cái Cát bảo đảm an ninh, an toàn và văn minh "
        "đô thị”",
    )
    for number in range(14):
        loader.asset(
            model,
            AssetKind.HOUSEHOLD_GROUP,
            f"Nhóm hộ liên kết số {number + 1}",
            number % len(loader.areas),
            datetime.date(2021, 3, 1),
            households=10,
        )
    return model


def load(context) -> str | None:
    """Create Ward 3's models (once; after the tips and core forces demos). Returns a line for
    `load_demo` to print."""
    with scopes_disabled():
        ward = context.ward
        if PreventionModel.objects.filter(ward=ward).exists():
            return None
        ensure_catalogue()
        loader = _Loader(
            ward=ward,
            actor=context.users[Role.COMMANDER],
            areas=list(ward.neighbourhoods.order_by("name")),
        )
        models = [_lighting(loader), _cameras(loader), *_others(loader), _supervision(loader)]
        models.append(_self_managed(loader))
        for model in models[:-1]:
            services.evaluate_model(
                model=model,
                actor=loader.actor,
                year=2020,
                rating=Rating.EFFECTIVE,
                reasons="Sơ kết năm 2020: mô hình duy trì đều, được nhân dân đồng tình.",
            )
        count = PreventionModel.objects.filter(ward=ward).count()
    return f"{count} mô hình phòng, chống tội phạm của Phường 3 và tài sản của chúng (2016–2021)"
