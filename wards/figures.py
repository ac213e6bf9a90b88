"""Which wards a report covers (its `scope` section, see the contract in `wardsec.figures`).
Each domain app's figures provider counts itself over these ward ids."""

from __future__ import annotations

from dataclasses import dataclass

from django_scopes import scopes_disabled

from wards.models import Province, Ward
from wardsec.figures import ScopeSection
from wardsec.scoping import with_predecessors


@dataclass(frozen=True)
class ReportScope:
    """A report's scope: one ward or a province, with the wards whose records it counts (the
    units themselves and every ward merged into them, so 2016–2024 records are found)."""

    kind: str  # "ward" or "province"
    code: str
    name: str
    province: str
    ward_ids: tuple[int, ...]

    def as_dict(self) -> ScopeSection:
        return {"kind": self.kind, "code": self.code, "name": self.name, "province": self.province}


def ward_report_scope(code: str) -> ReportScope:
    with scopes_disabled():
        ward = Ward.objects.select_related("province").get(code=code)
    ids = with_predecessors({ward.pk})
    return ReportScope("ward", ward.code, ward.name, ward.province.name, tuple(sorted(ids)))


def province_report_scope(code: str) -> ReportScope:
    province = Province.objects.get(code=code)
    with scopes_disabled():
        ids = set(Ward.objects.filter(province=province).values_list("pk", flat=True))
    ids = with_predecessors(ids)
    return ReportScope("province", province.code, province.name, province.name, tuple(sorted(ids)))
