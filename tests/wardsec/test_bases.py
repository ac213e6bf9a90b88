"""The platform's model base and its audited transition: what every domain app stands on.

`Gadget` (tests/scopedapp) is built on `WardOwnedModel` and declares nothing of its own about
wards: the ward, the timestamps and the fail-closed manager all come from the base.
"""

from __future__ import annotations

import pytest
from django.db import models, transaction
from django_scopes import ScopeError, scopes_disabled

from tests.scopedapp.models import Gadget
from tests.wardsec.conftest import audit_entries
from wardsec import audit, services
from wardsec.models import AuditAction, WardOwnedModel
from wardsec.scoping import ward_scope

pytestmark = pytest.mark.django_db


def make_gadget(ward, **overrides) -> Gadget:
    with scopes_disabled():
        return Gadget.objects.create(**({"ward": ward, "name": f"Gadget {ward.code}"} | overrides))


def test_the_base_gives_ward_protect_and_timestamps():
    ward = Gadget._meta.get_field("ward")
    assert ward.remote_field.on_delete is models.PROTECT
    assert ward.related_model._meta.label == "wards.Ward"
    assert {"created_at", "updated_at"} <= {f.name for f in Gadget._meta.fields}
    assert WardOwnedModel._meta.abstract


def test_the_inherited_manager_refuses_outside_a_scope(ward_a):
    make_gadget(ward_a)
    with pytest.raises(ScopeError):
        list(Gadget.objects.all())
    with pytest.raises(ScopeError):
        Gadget.objects.exists()


def test_the_inherited_manager_filters_by_ward(ward_a, ward_b):
    mine, theirs = make_gadget(ward_a, name="A"), make_gadget(ward_b, name="B")
    with ward_scope(ward_a):
        assert list(Gadget.objects.all()) == [mine]
        assert not Gadget.objects.filter(pk=theirs.pk).exists()


def test_a_ward_with_records_cannot_be_deleted(ward_a):
    make_gadget(ward_a)
    with pytest.raises(models.ProtectedError), scopes_disabled():
        ward_a.delete()


def test_transition_saves_and_records_what_changed_with_the_note(ward_a, officer_a):
    gadget = make_gadget(ward_a)
    before = audit.snapshot(gadget)
    gadget.state = "done"
    with ward_scope(ward_a):
        services.transition(
            gadget, actor=officer_a, event="gadget.finish", before=before, note="xong"
        )
    with scopes_disabled():
        assert Gadget.objects.get(pk=gadget.pk).state == "done"
    [entry] = audit_entries(gadget)
    assert entry.action == AuditAction.TRANSITION
    assert entry.event == "gadget.finish"
    assert entry.ward_id == ward_a.pk
    assert entry.note == "xong"
    assert entry.changes == {"state": ["new", "done"]}


class StepFailedError(Exception):
    pass


def test_a_step_that_fails_after_its_transition_leaves_neither_change_nor_entry(ward_a, officer_a):
    gadget = make_gadget(ward_a)
    before = audit.snapshot(gadget)
    gadget.state = "done"
    with pytest.raises(StepFailedError), transaction.atomic(), ward_scope(ward_a):
        services.transition(gadget, actor=officer_a, event="gadget.finish", before=before)
        assert len(audit_entries(gadget)) == 1  # written, inside the step's transaction
        raise StepFailedError
    with scopes_disabled():
        assert Gadget.objects.get(pk=gadget.pk).state == "new"
    assert audit_entries(gadget) == []
