"""The shipped lists: kinds of unit with the years the law provided for them, and training
topics. Loaded by migration 0002 and by `ensure_catalogue` (tests, whose transactional cases
may flush the tables). Administrators extend or correct them in the admin; a new law is a row.
"""

from __future__ import annotations

import datetime

LAW_30_2023 = datetime.date(2024, 7, 1)  # Law 30/2023/QH15 in force

# code, name, English name, legal basis, in use from, in use until (None: still), sort order.
UNIT_KINDS = [
    (
        "board",
        "Ban bảo vệ dân phố",
        "Street-protection board",
        "Nghị định 38/2006/NĐ-CP (ký ngày 29/3/2006); thay bằng Luật 30/2023/QH15",
        datetime.date(2006, 3, 29),
        LAW_30_2023,
        10,
    ),
    (
        "street_protection",
        "Tổ bảo vệ dân phố",
        "Street-protection team",
        "Nghị định 38/2006/NĐ-CP (ký ngày 29/3/2006); thay bằng Luật 30/2023/QH15",
        datetime.date(2006, 3, 29),
        LAW_30_2023,
        20,
    ),
    (
        "civil_defence",
        "Đội dân phòng",
        "Civil-defence team",
        "Luật Phòng cháy và chữa cháy 27/2001/QH10 và các luật sau",
        datetime.date(2001, 10, 4),
        None,
        30,
    ),
    (
        "self_managed",
        "Tổ dân cư tự quản",
        "Self-managed resident group",
        "Mô hình của phong trào Toàn dân bảo vệ an ninh Tổ quốc",
        datetime.date(2000, 1, 1),
        None,
        40,
    ),
    (
        "motorbike_patrol",
        "Đội tuần tra xe mô tô",
        "Motorbike patrol team",
        "Mô hình của phong trào Toàn dân bảo vệ an ninh Tổ quốc",
        datetime.date(2000, 1, 1),
        None,
        50,
    ),
    (
        "mediation",
        "Tổ hòa giải",
        "Mediation team",
        "Luật Hòa giải ở cơ sở 35/2013/QH13",
        datetime.date(2014, 1, 1),
        None,
        60,
    ),
    (
        "antt_protection",
        "Tổ bảo vệ an ninh, trật tự",
        "ANTT protection team",
        "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở 30/2023/QH15",
        LAW_30_2023,
        None,
        5,
    ),
]

# code, name, qualifies (a passed course on it makes a member "trained"), sort order.
TRAINING_TOPICS = [
    ("duties", "Chức năng, nhiệm vụ, quyền hạn", True, 10),
    ("law", "Kiến thức pháp luật", False, 20),
    ("skills", "Nghiệp vụ, võ thuật, sử dụng công cụ hỗ trợ", False, 30),
    ("fire", "Phòng cháy, chữa cháy, cứu nạn, cứu hộ", False, 40),
]


def ensure_catalogue(unit_kind_model=None, topic_model=None) -> None:
    """Create the shipped rows that are missing (existing rows are left as administrators
    changed them). Takes the historical models in a migration."""
    if unit_kind_model is None or topic_model is None:
        from core_forces.models import TrainingTopic, UnitKind

        unit_kind_model, topic_model = UnitKind, TrainingTopic
    for code, name, name_en, basis, start, until, order in UNIT_KINDS:
        unit_kind_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "legal_basis": basis,
                "in_use_from": start,
                "in_use_until": until,
                "sort_order": order,
            },
        )
    for code, name, qualifies, order in TRAINING_TOPICS:
        topic_model.objects.get_or_create(
            code=code, defaults={"name": name, "qualifies": qualifies, "sort_order": order}
        )
