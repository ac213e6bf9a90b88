"""The shipped lists of the campaigns app: outreach formats and topics, partner organisations,
funds and beneficiary groups. Loaded by migration 0002 and by `ensure_catalogue` (tests, whose
transactional cases may flush the tables). Administrators extend or correct them in the admin.
"""

from __future__ import annotations

from typing import Any

# model name → [(code, name), ...] in their order.
CATALOGUE: dict[str, list[tuple[str, str]]] = {
    "OutreachFormat": [
        ("meeting", "Họp dân, hội nghị"),
        ("loudspeaker", "Loa phát thanh lưu động"),
        ("school", "Nói chuyện tại trường học"),
        ("door_to_door", "Đến từng hộ gia đình"),
        ("online", "Trên mạng, nhóm Zalo"),
        ("leaflets", "Phát tờ rơi, tờ bướm"),
    ],
    "OutreachTopic": [
        ("crime_prevention", "Phòng, chống tội phạm"),
        ("social_evils", "Phòng, chống tệ nạn xã hội"),
        ("drugs", "Phòng, chống ma túy"),
        ("traffic_safety", "An toàn giao thông"),
        ("fire_safety", "Phòng cháy, chữa cháy"),
        ("online_fraud", "Lừa đảo trên mạng"),
        ("reporting_app", "Ứng dụng phản ánh ANTT"),
        ("residence", "Đăng ký, quản lý cư trú"),
        ("movement", "Phong trào Toàn dân bảo vệ ANTQ"),
    ],
    "Partner": [
        ("fatherland_front", "Ủy ban Mặt trận Tổ quốc"),
        ("womens_union", "Hội Liên hiệp Phụ nữ"),
        ("youth_union", "Đoàn Thanh niên"),
        ("veterans", "Hội Cựu chiến binh"),
        ("farmers", "Hội Nông dân"),
        ("schools", "Các trường học"),
        ("neighbourhood_boards", "Ban điều hành khu phố, ấp"),
    ],
    "Fund": [
        ("gratitude", "Quỹ Đền ơn đáp nghĩa"),
        ("for_the_poor", "Quỹ Vì người nghèo"),
        ("disasters", "Quỹ Phòng, chống thiên tai"),
        ("covid_vaccine", "Quỹ vắc-xin phòng Covid-19"),
    ],
    "BeneficiaryGroup": [
        ("poor", "Hộ nghèo, cận nghèo"),
        ("policy", "Gia đình chính sách"),
        ("disaster", "Người bị thiên tai, lũ lụt"),
        ("covid", "Người khó khăn do Covid-19"),
        ("children", "Trẻ em có hoàn cảnh khó khăn"),
    ],
}


def ensure_catalogue(get_model: Any = None) -> None:
    """Create the shipped rows that are missing (rows administrators changed are left as they
    are). `get_model(name)` gives the historical models in a migration."""
    if get_model is None:
        from campaigns import models

        def get_model(name: str) -> Any:
            return getattr(models, name)

    for model_name, rows in CATALOGUE.items():
        model = get_model(model_name)
        for order, (code, name) in enumerate(rows, start=1):
            model.objects.get_or_create(
                code=code, defaults={"name": name, "sort_order": order * 10}
            )
