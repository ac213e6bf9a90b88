"""Tips stored before the tracking code became a keyed digest keep working after the migration:
their code is found again, their PIN (hashed the old way) is accepted and upgraded, they get a
reference number, and what the audit log held of their code and text is scrubbed."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories as base_factories
from tests.tips.factories import category, ensure_catalogue
from tips import codes, services
from tips.models import Tip
from wardsec.models import AuditEntry
from wardsec.sensitive import CHANGED

BEFORE = [("tips", "0002_offence_catalogue"), ("wardsec", "0003_plural_names")]
CODE, PIN = "K7M2QX9RTAHB4WN", "482913"


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_tip(executor: MigrationExecutor, ward, theft) -> int:
    """A tip and its audit entry as the code before the migration wrote them."""
    old = executor.loader.project_state(BEFORE).apps
    old_tip = old.get_model("tips", "Tip")._base_manager.create(
        ward_id=ward.pk,
        category_id=theft.pk,
        channel="web",
        description="Có người lạ bẻ khóa xe máy trong hẻm 12.",
        tracking_code=CODE,
        pin_hash=make_password(PIN),
        received_at=timezone.now(),
    )
    AuditEntry.objects.create(
        action="create",
        actor_label="Người dân (ẩn danh)",
        ward=ward,
        content_type=ContentType.objects.get_for_model(Tip),
        object_id=str(old_tip.pk),
        object_repr=CODE,
        changes={
            "tracking_code": [None, CODE],
            "description": [None, "Có người lạ bẻ khóa xe máy trong hẻm 12."],
            "status": [None, "new"],
        },
    )
    return old_tip.pk


@pytest.mark.django_db(transaction=True)
def test_existing_tips_keep_working_after_the_migration(db):
    with scopes_disabled():
        ensure_catalogue()  # an earlier transactional test flushed it
        ward = base_factories.make_ward()
        theft = category("theft")
    latest = _latest()
    try:
        pk = _old_tip(_migrate(BEFORE), ward, theft)
        _migrate(latest)
        with scopes_disabled():
            tip = Tip.objects.get(pk=pk)
            year = timezone.localtime(tip.received_at).year
            assert tip.reference == codes.reference(year, pk)
            assert tip.code_digest == codes.code_digest(CODE)
            assert not codes.is_current_pin_digest(tip.pin_hash)  # upgraded at its next use
            found = services.find_tip_for_citizen(code=codes.format_code(CODE), pin=PIN)
            assert found is not None and found.pk == pk
            assert Tip.objects.get(pk=pk).pin_hash == codes.pin_digest(CODE, PIN)
            [entry] = AuditEntry.objects.filter(object_id=str(pk))
        assert entry.object_repr == tip.reference
        assert entry.changes == {
            "tracking_code": [None, CHANGED],
            "description": [None, CHANGED],
            "status": [None, "new"],
        }
    finally:
        _migrate(latest)
