"""The shipped kinds of crime-prevention model. Loaded by migration 0002 and by
`ensure_catalogue` (tests, whose transactional cases may flush the table). Administrators extend
or correct them in the admin; a new kind of model is a row, measured by one of `Measure`."""

from __future__ import annotations

# code, name, English name, measure, sort order.
MODEL_KINDS = [
    ("lighting", "Thắp sáng đường quê, xóm ấp an ninh", "Street lighting", "lighting", 10),
    ("cameras", "Camera an ninh", "Security cameras", "cameras", 20),
    ("gates", "Cổng rào an ninh trật tự", "ANTT gates and fences", "gates", 30),
    ("patrol", "Tuần tra (xe mô tô) phòng, chống tội phạm", "Patrol", "patrol", 40),
    (
        "school_safety",
        "An toàn giao thông trước cổng trường",
        "Traffic safety at school gates",
        "school_safety",
        50,
    ),
    (
        "supervision",
        "Giáo dục, cảm hóa người lầm lỗi tại cộng đồng",
        "Community supervision and rehabilitation",
        "supervision",
        60,
    ),
    (
        "self_managed",
        "Hộ gia đình tự quản, liên kết tự phòng",
        "Self-managed households",
        "self_managed",
        70,
    ),
    ("coordination", "Phối hợp phòng, chống tội phạm", "Coordination", "none", 80),
    ("other", "Mô hình khác", "Other", "none", 90),
]


def ensure_catalogue(model_kind=None) -> None:
    """Create the shipped kinds that are missing (rows administrators changed are left alone).
    Takes the historical model in a migration."""
    if model_kind is None:
        from models_registry.models import ModelKind

        model_kind = ModelKind
    for code, name, name_en, measure, order in MODEL_KINDS:
        model_kind.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "measure": measure, "sort_order": order},
        )
