"""`manage.py load_demo`: idempotent, and its three users sign in to their own scope."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.platform.catalogues import restore_catalogues
from wards import demo
from wards.choices import Role
from wards.models import Ward
from wardsec import registry
from wardsec.celery import app as celery_app
from wardsec.scoping import ward_ids_for_user

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.BASE_DIR).resolve()


def project_models():
    """Every model of the project's own apps (and the users and groups)."""
    for model in apps.get_models():
        path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
        if PROJECT in path.parents and ".venv" not in path.parts:
            yield model
    yield get_user_model()
    from django.contrib.auth.models import Group

    yield Group


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {model._meta.label: model._default_manager.count() for model in project_models()}


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


def codes(ward_ids) -> set[str]:
    with scopes_disabled():
        return set(Ward.objects.filter(pk__in=ward_ids).values_list("code", flat=True))


def sign_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302, f"{username} could not sign in"
    assert response["Location"] == "/admin/"
    return client


def test_load_demo_twice_changes_nothing(loaded):
    first = counts()
    assert first["wards.Ward"] == 3
    assert first["wards.Membership"] == 3
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == first
    for username, password, *_rest in demo.DEMO_USERS:
        assert f"{username} / {password}" in out.getvalue()


def test_demo_users_sign_in_and_see_their_scope(loaded):
    """One load for the three users (the demo's records take seconds to build)."""
    with scopes_disabled():
        old = Ward.objects.select_related("province", "merged_into").get(code="DEMO-P3")
        outside = Ward.objects.get(code="DEMO-LA")
    assert (old.name, old.province.name, old.is_active) == ("Phường 3", "Long An", False)
    assert (old.merged_into.name, old.merged_into.province.name) == (
        "Phường Kiến Tường",
        "Tây Ninh",
    )

    expected = {
        Role.OFFICER: {"DEMO-KT", "DEMO-P3"},
        Role.COMMANDER: {"DEMO-KT", "DEMO-P3"},
        Role.LEADER: {"DEMO-KT", "DEMO-LA", "DEMO-P3"},
    }
    for username, password, role, *_rest in demo.DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        assert codes(ward_ids_for_user(user)) == expected[role], username

        client = sign_in(username, password)
        index = client.get(reverse("admin:index")).content.decode()
        assert "Phường Kiến Tường (Tây Ninh)" in index
        assert ("Phường Long An (Tây Ninh)" in index) == (role == Role.LEADER)

        response = client.get(reverse("admin:wards_ward_changelist"))
        assert {ward.code for ward in response.context["cl"].result_list} == expected[role]
        page = client.get(reverse("admin:wards_ward_change", args=[outside.pk]))
        assert page.status_code == (200 if role == Role.LEADER else 404)


# --- Never on a real server by accident ------------------------------------------------------


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.TESTING = False


def test_load_demo_refuses_without_debug(production):
    before = counts()
    with pytest.raises(CommandError, match="DEBUG đang tắt.*--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    assert not get_user_model().objects.filter(username__in=demo_usernames()).exists()


def test_load_demo_runs_without_debug_when_forced(production):
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert get_user_model().objects.filter(username__in=demo_usernames()).count() == len(
        demo.DEMO_USERS
    )


def demo_usernames() -> list[str]:
    return [username for username, *_rest in demo.DEMO_USERS]


@pytest.mark.django_db(transaction=True)  # the notifications go out when the demo commits
def test_load_demo_prints_progress_and_a_short_summary_not_emails_or_task_logs(
    settings, capsys, caplog, monkeypatch
):
    """`make run` shows what is loading, then the summary: the demo's notifications (e-mails,
    inline tasks, as `make run` runs them without a broker) are not printed."""
    restore_catalogues()  # an earlier transactional test may have flushed them
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    trace_level = logging.getLogger("celery.app.trace").level
    out, err = io.StringIO(), io.StringIO()
    with caplog.at_level("INFO", logger="celery.app.trace"):
        call_command("load_demo", "--address", "http://127.0.0.1:8123", stdout=out, stderr=err)
    printed = capsys.readouterr()
    assert "Subject:" not in printed.out + printed.err
    assert not [r for r in caplog.records if r.name == "celery.app.trace"]
    assert "đang tạo dữ liệu mẫu: wards" in err.getvalue()
    for label, _loader in registry.demo_loaders():
        assert f"đang tạo dữ liệu mẫu: {label}" in err.getvalue()
    summary = out.getvalue().splitlines()
    assert len(summary) < 20
    assert summary[-1] == (
        "Trang công khai: http://127.0.0.1:8123/   Trang cán bộ: http://127.0.0.1:8123/admin/"
    )
    assert logging.getLogger("celery.app.trace").level == trace_level
