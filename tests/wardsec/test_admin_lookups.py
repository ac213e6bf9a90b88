"""Admin change lists answer only the questions their admin declared (wardsec.changelist).

The attack this closes: `?contact_phone__startswith=0909` on the tip list kept or dropped the
row, so a province leader without the contact permission read a tipster's phone (and a subject's
name, a tip's whole pin_hash) a character at a time. Each test below checks first that the row
is listed (so "no longer listed" means the question was refused, not that the row is missing),
then asks the question with a right and a wrong guess and expects the same answer to both.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import client_for
from tests.tips.factories import make_case, make_subject, make_tip
from tips import services
from tips.admin.tip import TipAdmin
from tips.models import Subject, Tip
from wardsec import sensitive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

TIPS = reverse("admin:tips_tip_changelist")
SUBJECTS = reverse("admin:tips_subject_changelist")
PHONE = "0909123456"
EMAIL = "ban.doc@example.vn"
NAME = "Trần Thị Hoa"


@pytest.fixture
def tip_with_contact(ward_a) -> Tip:
    return make_tip(ward_a, contact=services.Contact(name=NAME, phone=PHONE, email=EMAIL))


@pytest.fixture
def officer_without_contact(ward_a):
    """An officer of ward A who reads tips but holds neither contact nor identity permission."""
    from tests import factories

    user = factories.make_officer(ward_a, username="officer_nocontact")
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="tips", codename__in=["view_tip", "view_subject", "view_case"]
        )
    )
    return user


def listed(response) -> set[int]:
    assert response.status_code == 200, response.status_code
    return {row.pk for row in response.context["cl"].result_list}


def ask(client: Client, url: str, **params: str):
    return client.get(f"{url}?{urlencode(params)}")


def assert_refused(response, url: str) -> None:
    """Sent back to the unfiltered list, as Django does for a malformed lookup."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"{url}?e=1"


@pytest.mark.parametrize(
    ("lookup", "right", "wrong"),
    [
        ("contact_phone__startswith", PHONE[:4], "0000"),
        ("contact_email__istartswith", "ban", "zzz"),
        ("contact_name__contains", "Hoa", "Lan"),
        ("pin_hash__startswith", "pbkdf2", "argon2"),
        ("idempotency_key__isnull", "False", "True"),
        ("code_digest__startswith", "0", "f"),  # the tracking code's keyed digest
    ],
)
@pytest.mark.parametrize("persona", ["province_leader", "officer_without_contact"])
def test_undeclared_lookups_on_tips_are_refused(
    request, persona, lookup, right, wrong, tip_with_contact
):
    client = client_for(request.getfixturevalue(persona))
    assert tip_with_contact.pk in listed(client.get(TIPS))
    assert_refused(ask(client, TIPS, **{lookup: right}), TIPS)
    assert_refused(ask(client, TIPS, **{lookup: wrong}), TIPS)


def test_even_a_superuser_cannot_filter_by_an_undeclared_or_secret_field(
    superuser_client, tip_with_contact
):
    assert_refused(ask(superuser_client, TIPS, pin_hash__startswith="pbkdf2"), TIPS)
    assert_refused(ask(superuser_client, TIPS, description__contains="xe"), TIPS)
    users = reverse("admin:auth_user_changelist")
    # Django's UserAdmin refuses this one itself, as a bad request.
    assert ask(superuser_client, users, password__startswith="pbkdf2").status_code == 400
    assert_refused(ask(superuser_client, users, email__startswith="root"), users)


@pytest.mark.parametrize(
    ("lookup", "right", "wrong"),
    [
        ("full_name__startswith", "Nguyễn", "Lê"),
        ("address__contains", "Lê Lợi", "Hai Bà Trưng"),
        ("id_number__startswith", "079", "001"),
    ],
)
@pytest.mark.parametrize("persona", ["province_leader", "officer_without_contact"])
def test_subject_identity_lookups_are_refused(request, persona, ward_a, lookup, right, wrong):
    client = client_for(request.getfixturevalue(persona))
    subject = make_subject(make_case(ward_a))
    assert subject.pk in listed(client.get(SUBJECTS))
    assert_refused(ask(client, SUBJECTS, **{lookup: right}), SUBJECTS)
    assert_refused(ask(client, SUBJECTS, **{lookup: wrong}), SUBJECTS)


def test_the_refusal_page_says_why(leader_client, tip_with_contact):
    response = leader_client.get(f"{TIPS}?e=1")
    assert tip_with_contact.pk in listed(response)
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_declared_filters_still_work(leader_client, ward_a, ward_b, tip_with_contact):
    other = make_tip(ward_b)
    assert listed(ask(leader_client, TIPS, status__exact="new")) >= {tip_with_contact.pk, other.pk}
    assert listed(ask(leader_client, TIPS, ward__id__exact=str(ward_b.pk))) == {other.pk}
    assert listed(ask(leader_client, TIPS, status__exact="closed")) == set()
    assert listed(ask(leader_client, TIPS, overdue="1")) == set()
    assert tip_with_contact.pk in listed(
        ask(
            leader_client,
            TIPS,
            received_at__gte="2000-01-01 00:00:00+07:00",
            received_at__lt="2999-01-01 00:00:00+07:00",
        )
    )


def test_date_hierarchy_still_works_and_is_no_side_door(superuser_client):
    url = reverse("admin:wardsec_auditentry_changelist")
    assert ask(superuser_client, url, created_at__year="2020").status_code == 200
    assert_refused(ask(superuser_client, url, created_at__hour="3"), url)


# --- Ordering -------------------------------------------------------------------------------


def _column(client: Client, name: str) -> str:
    """The `o=` index of a list column, as the change list numbers them (checkbox first)."""
    return str(client.get(TIPS).context["cl"].list_display.index(name))


def _order_by(response) -> list[str]:
    return [str(item) for item in response.context["cl"].queryset.query.order_by]


def test_a_column_backed_by_a_secret_is_sortable_by_nobody(
    monkeypatch, superuser_client, tip_with_contact
):
    columns = [*TipAdmin.list_display, "pin_hash"]
    monkeypatch.setattr(TipAdmin, "list_display", columns)
    response = ask(superuser_client, TIPS, o=_column(superuser_client, "pin_hash"))
    assert not any("pin_hash" in item for item in _order_by(response))
    assert "pin_hash" not in response.context["cl"].sortable_by
    # A declared column still sorts.
    response = ask(superuser_client, TIPS, o="-" + _column(superuser_client, "received_at"))
    assert _order_by(response)[0] == "-received_at"


def test_ordering_by_a_contact_column_needs_the_permission(
    monkeypatch, province_leader, commander_a, tip_with_contact
):
    columns = [*TipAdmin.list_display, "contact_phone"]
    monkeypatch.setattr(TipAdmin, "list_display", columns)
    leader, commander = client_for(province_leader), client_for(commander_a)
    response = ask(leader, TIPS, o=_column(leader, "contact_phone"))
    assert not any("contact_phone" in item for item in _order_by(response))
    assert "contact_phone" not in response.context["cl"].sortable_by
    response = ask(commander, TIPS, o=_column(commander, "contact_phone"))
    assert _order_by(response)[0] == "contact_phone"


# --- Search ---------------------------------------------------------------------------------


def test_search_leaves_out_fields_the_user_may_not_read(
    monkeypatch, province_leader, officer_without_contact, commander_a, tip_with_contact
):
    monkeypatch.setattr(TipAdmin, "search_fields", [*TipAdmin.search_fields, "contact_phone"])
    for user in (province_leader, officer_without_contact):
        client = client_for(user)
        assert listed(ask(client, TIPS, q=PHONE)) == set()
    # With the permission, a declared contact search finds the tip.
    assert listed(ask(client_for(commander_a), TIPS, q=PHONE)) == {tip_with_contact.pk}


def test_search_fields_drop_unreadable_paths(monkeypatch, province_leader, commander_a, superuser):
    request = RequestFactory().get(TIPS)
    request.user = province_leader
    subject_admin = admin.site._registry[Subject]
    monkeypatch.setattr(subject_admin, "search_fields", ["case__number", "^full_name"])
    assert subject_admin.get_search_fields(request) == ["case__number"]
    request.user = commander_a
    assert subject_admin.get_search_fields(request) == ["case__number", "^full_name"]
    tip_admin = admin.site._registry[Tip]
    monkeypatch.setattr(tip_admin, "search_fields", ["description", "=pin_hash"])
    request.user = superuser
    assert tip_admin.get_search_fields(request) == ["description"]  # a secret: nobody


# --- Every admin on the site ----------------------------------------------------------------


def test_every_registered_admin_accepts_declared_lookups_only(rf, province_leader):
    from wardsec.changelist import DeclaredLookupsChangeList, DeclaredLookupsOnly

    request = rf.get("/admin/")
    request.user = province_leader
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, DeclaredLookupsOnly), model
        assert model_admin.get_changelist(request) is DeclaredLookupsChangeList, model
        for name in model_admin.get_search_fields(request):
            path = name.lstrip("^=@")
            assert sensitive.path_is_readable(province_leader, model, path), (model, name)


# --- Declared filters and autocomplete on a sensitive field -----------------------------------


def test_a_declared_filter_on_a_contact_field_is_only_for_its_readers(
    monkeypatch, province_leader, commander_a, tip_with_contact
):
    monkeypatch.setattr(TipAdmin, "list_filter", [*TipAdmin.list_filter, "contact_phone"])
    leader, commander = client_for(province_leader), client_for(commander_a)
    paths = {
        getattr(spec, "field_path", None) for spec in leader.get(TIPS).context["cl"].filter_specs
    }
    assert "contact_phone" not in paths
    assert_refused(ask(leader, TIPS, contact_phone=PHONE), TIPS)
    assert listed(ask(commander, TIPS, contact_phone=PHONE)) == {tip_with_contact.pk}


def test_autocomplete_searches_only_readable_fields(monkeypatch, commander_a_client, ward_a):
    """The ward autocomplete of the membership form searches WardAdmin's fields; a field that
    is a secret (here, for the test, the ward's code) is left out of it."""
    from wards.models import Ward

    params = {"app_label": "wards", "model_name": "membership", "field_name": "ward"}

    def found(term: str) -> list[str]:
        response = commander_a_client.get(reverse("admin:autocomplete"), {**params, "term": term})
        assert response.status_code == 200
        return [row["text"] for row in response.json()["results"]]

    assert found(ward_a.code) == [str(ward_a)]
    monkeypatch.setattr(Ward, "sensitive_fields", {"code": sensitive.SECRET}, raising=False)
    assert found(ward_a.code) == []
    assert found(ward_a.name) == [str(ward_a)]


def test_a_date_hierarchy_on_a_secret_field_is_refused(
    monkeypatch, superuser_client, tip_with_contact
):
    monkeypatch.setattr(TipAdmin, "date_hierarchy", "pin_locked_until")
    response = superuser_client.get(TIPS)
    assert response.context["cl"].date_hierarchy is None
    assert_refused(ask(superuser_client, TIPS, pin_locked_until__year="2026"), TIPS)
