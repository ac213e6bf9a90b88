"""The shipped kinds of dispute. Loaded by migration 0002 and by `ensure_catalogue` (the tip
referral and the tests, whose transactional cases may flush the table). Administrators extend
or rename them in the admin; a new kind is a row, not code."""

from __future__ import annotations

# code, name, sort order.
DISPUTE_KINDS = [
    ("land", "Đất đai, ranh giới", 10),
    ("family", "Hôn nhân và gia đình", 20),
    ("neighbours", "Mâu thuẫn hàng xóm", 30),
    ("civil_debt", "Dân sự, vay mượn, nợ", 40),
    ("noise_hygiene", "Tiếng ồn, vệ sinh môi trường", 50),
    ("other", "Khác", 90),
]
DEFAULT_KIND = "other"


def ensure_catalogue(kind_model=None) -> None:
    """Create the shipped kinds that are missing (existing rows stay as administrators left
    them). Takes the historical model in a migration."""
    if kind_model is None:
        from mediation.models import DisputeKind

        kind_model = DisputeKind
    for code, name, order in DISPUTE_KINDS:
        kind_model.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
