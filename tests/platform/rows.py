"""Rows in three wards, shared by the API and admin test cases: ward A (own), ward B (another
ward of the same province) and ward C (another province)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.test import Client
from django_scopes import scopes_disabled

from tests.platform.personas import ROLE_PERSONAS, client_for
from wardsec import audit
from wardsec.models import AuditEntry


class WardRows:
    """`make_row(ward)` gives the fixtures `own_object`, `other_object` and `far_object`."""

    ward_role = "officer"  # whose ward-A persona is "own ward" in the isolation checks

    def make_row(self, ward: Any) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} must say how to make a row in a ward")

    def ward_of(self, row: Any) -> Any:
        """The ward a row belongs to (a ward is its own); override when it is further away."""
        return row if type(row)._meta.label == "wards.Ward" else row.ward

    def state(self, row: models.Model) -> Any:
        """What a refused request must leave as it was (called with scopes disabled)."""
        return audit.snapshot(row)

    def observe(self, row: models.Model) -> dict[str, Any]:
        """The row's state, the number of rows of its model and of audit entries."""
        model = type(row)
        with scopes_disabled():
            fresh = model._base_manager.filter(pk=row.pk).first()
            return {
                "row": self.state(fresh) if fresh is not None else None,
                "rows": model._base_manager.count(),
                "audit": AuditEntry.objects.count(),
            }

    def persona_client(self, request: pytest.FixtureRequest, role: str) -> Client:
        return client_for(request.getfixturevalue(ROLE_PERSONAS[role]))

    @pytest.fixture
    def own_object(self, ward_a):
        return self.make_row(ward_a)

    @pytest.fixture
    def other_object(self, ward_b):
        return self.make_row(ward_b)

    @pytest.fixture
    def far_object(self, ward_c):
        return self.make_row(ward_c)
