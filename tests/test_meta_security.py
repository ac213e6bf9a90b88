"""Every ward-owned model with an admin or an API has its security tests, and every route is
accounted for.

- A ward-owned model (found like tests/test_meta_scoping.py does: a chain of foreign keys leads
  to wards.Ward) that is registered in the admin needs a test class inheriting
  `ScopedAdminTestCase`; one served by a viewset of /api/v1/ needs one inheriting
  `ScopedAPITestCase` (tests/platform). A new app is covered without being listed.
- Every route of the project (the URL resolver walked: /api/v1/…, /admin/…, public pages) is
  covered by such a class or has an entry in the endpoint inventory (tests/endpoints.py) naming
  the test that covers it or why it is public; an entry must name a route and a real test.

Each checker is a plain function, shown to fail on a synthetic case in the tests below.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.endpoints import ENDPOINTS
from tests.platform.admin import ScopedAdminTestCase, model_admin
from tests.platform.api import ScopedAPITestCase
from tests.test_meta_scoping import WARD_OWNED
from wards.roles import role_permissions
from wardsec import registry

ROOT = Path(settings.BASE_DIR).resolve()
TESTS = ROOT / "tests"

# Ward-owned models with an admin that no role may open: nothing for a matrix to declare.
# `test_exemptions_are_true` proves no role holds a permission on them.
EXEMPT_ADMINS: dict[str, str] = {
    "wardsec.OutboxMessage": "the outbox is read by superusers only",
}

# Admin URL names every admin has (the generic test case opens each of them).
ADMIN_PAGES = ("changelist", "add", "change", "history", "delete", "export")


# --- Finding the test classes ------------------------------------------------------------------
def security_test_modules() -> list[str]:
    """The test modules that use the library's bases (found by their text, so that browser
    and worker tests are not imported)."""
    names = []
    for path in sorted(TESTS.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if "ScopedAPITestCase" in text or "ScopedAdminTestCase" in text:
            names.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return names


def subclasses(base: type) -> set[type]:
    for module in security_test_modules():
        importlib.import_module(module)
    found, queue = set(), list(base.__subclasses__())
    while queue:
        cls = queue.pop()
        queue.extend(cls.__subclasses__())
        if cls.__name__.startswith("Test"):
            found.add(cls)
    return found


def admin_test_models() -> set[str]:
    return {cls.model._meta.label for cls in subclasses(ScopedAdminTestCase)}


def api_test_basenames() -> set[str]:
    return {cls.basename for cls in subclasses(ScopedAPITestCase)}


# --- Checkers ----------------------------------------------------------------------------------
def viewset_model(viewset: type) -> type[models.Model] | None:
    model = getattr(viewset, "model", None)
    queryset = getattr(viewset, "queryset", None)
    return model or (queryset.model if queryset is not None else None)


def uncovered_admins(
    registered: Iterable[str], ward_owned: set[str], covered: set[str], exempt: Iterable[str]
) -> list[str]:
    """Ward-owned models registered in the admin with no admin security test class."""
    return sorted(set(registered) & ward_owned - covered - set(exempt))


def uncovered_viewsets(
    routes: Iterable[tuple[str, str]], ward_owned: set[str], covered: set[str]
) -> list[str]:
    """`basename (model)` of the ward-owned viewsets with no API security test class;
    `routes` are (basename, model label) pairs."""
    return sorted(f"{b} ({m})" for b, m in routes if m in ward_owned and b not in covered)


def walk(patterns: Iterable, prefix: str = "", namespace: str = "") -> Iterator[str]:
    """Each route's key: its namespaced URL name, or its whole pattern when it has none."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                yield prefix + str(pattern.pattern)


def unaccounted(routes: Iterable[str], covered: set[str], inventory: Iterable[str]) -> list[str]:
    """Routes neither covered by a test class nor matched by an inventory entry."""
    keys = list(inventory)
    return sorted(
        {r for r in routes if r not in covered and not any(fnmatch.fnmatchcase(r, k) for k in keys)}
    )


def stale(routes: Iterable[str], inventory: Iterable[str]) -> list[str]:
    """Inventory entries that match no route."""
    routes = list(routes)
    return sorted(k for k in inventory if not any(fnmatch.fnmatchcase(r, k) for r in routes))


def missing_tests(references: Iterable[str], root: Path = ROOT) -> list[str]:
    """References (`tests/x.py::Class::method`) whose file, class or function does not exist."""
    missing = []
    for reference in references:
        path, *names = reference.split("::")
        file = root / path
        text = file.read_text(encoding="utf-8") if file.is_file() else None
        if text is None or any(
            not re.search(rf"^\s*(class|def) {re.escape(name)}\b", text, re.M) for name in names
        ):
            missing.append(reference)
    return sorted(missing)


# --- What the project has ----------------------------------------------------------------------
def api_routes() -> list[tuple[str, str]]:
    pairs = []
    for _prefix, viewset, basename in registry.api_router().registry:
        model = viewset_model(viewset)
        pairs.append((basename, model._meta.label if model else ""))
    return pairs


def generically_covered_routes() -> set[str]:
    """The routes the test classes cover: a viewset's list, detail and declared actions; an
    admin's generic pages and declared workflow steps."""
    covered = set()
    for cls in subclasses(ScopedAPITestCase):
        names = ["list", "detail", *(action.name for action in cls.actions)]
        covered |= {f"{cls.basename}-{name}" for name in names}
    for cls in subclasses(ScopedAdminTestCase):
        opts, steps = cls.model._meta, getattr(model_admin(cls.model), "steps", ())
        names = [*ADMIN_PAGES, *(step.url_name for step in steps)]
        covered |= {f"admin:{opts.app_label}_{opts.model_name}_{name}" for name in names}
    return covered


def project_routes() -> list[str]:
    return list(walk(get_resolver().url_patterns))


WARD_OWNED_LABELS = {m._meta.label for m in WARD_OWNED}


# --- The meta-tests ----------------------------------------------------------------------------
def test_every_ward_owned_admin_has_a_security_test():
    registered = [m._meta.label for m in admin.site._registry]
    assert uncovered_admins(registered, WARD_OWNED_LABELS, admin_test_models(), EXEMPT_ADMINS) == []


def test_every_ward_owned_viewset_has_a_security_test():
    assert uncovered_viewsets(api_routes(), WARD_OWNED_LABELS, api_test_basenames()) == []


def test_every_route_is_covered_or_in_the_inventory():
    assert unaccounted(project_routes(), generically_covered_routes(), ENDPOINTS) == []


def test_the_inventory_names_routes_and_real_tests():
    assert stale(project_routes(), ENDPOINTS) == []
    assert missing_tests(test for test, _why in ENDPOINTS.values()) == []


def test_exemptions_are_true():
    """An exempt admin's model is ward-owned and registered, and no role holds a permission
    on it (so there is no matrix to declare)."""
    held = {pair for pairs in role_permissions().values() for pair in pairs}
    registered = {m._meta.label for m in admin.site._registry}
    for label in EXEMPT_ADMINS:
        assert label in WARD_OWNED_LABELS & registered
        app_label, model_name = label.split(".")
        assert not {
            codename
            for app, codename in held
            if app == app_label and codename.endswith(f"_{model_name.lower()}")
        }


def test_the_finders_find_the_known_classes():
    """Guards the discovery itself: if it found nothing, the checks above would pass vacuously."""
    assert {"tips.Tip", "tips.Case", "wards.Ward", "scopedapp.Widget"} <= admin_test_models()
    assert {"tip", "case", "subject", "tipmessage", "ward", "membership"} <= api_test_basenames()
    assert {"tip-list", "tip-triage", "admin:tips_tip_changelist"} <= set(project_routes())
    assert "admin:tips_tip_triage" in generically_covered_routes()


# --- Each checker can fail ---------------------------------------------------------------------
def test_an_uncovered_ward_owned_admin_is_reported():
    ward_owned = {"news.Story", "tips.Tip"}
    registered = ["news.Story", "tips.Tip", "wards.Province", "sessions.Session"]
    assert uncovered_admins(registered, ward_owned, {"tips.Tip"}, []) == ["news.Story"]
    assert uncovered_admins(registered, ward_owned, {"tips.Tip"}, ["news.Story"]) == []


def test_an_uncovered_ward_owned_viewset_is_reported():
    routes = [("story", "news.Story"), ("tip", "tips.Tip"), ("province", "wards.Province")]
    ward_owned = {"news.Story", "tips.Tip"}
    assert uncovered_viewsets(routes, ward_owned, {"tip"}) == ["story (news.Story)"]


def test_a_route_outside_the_inventory_is_reported():
    routes = ["tip-list", "news:story", "admin:axes_accesslog_change", "report/"]
    inventory = {"admin:axes_*": ("", ""), "report/": ("", "")}
    assert unaccounted(routes, {"tip-list"}, inventory) == ["news:story"]


def test_a_stale_entry_and_a_missing_test_are_reported(tmp_path):
    assert stale(["tip-list", "admin:axes_x"], ["admin:axes_*", "gone-list"]) == ["gone-list"]
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("class TestA:\n    def test_b(self): ...\n")
    references = ["tests/test_x.py::TestA::test_b", "tests/test_x.py::TestA::test_c"]
    references += ["tests/test_y.py::TestA"]
    assert missing_tests(references, tmp_path) == sorted(references[1:])


def test_the_walk_names_unnamed_routes_by_their_pattern():
    routes = project_routes()
    assert "report/" in routes and "open311:discovery" in routes
    assert reverse("tips:submit") == "/bao-tin/"


# --- The generic checks the inventory points at ------------------------------------------------
ALL_ADMINS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ALL_ADMINS, ids=lambda m: m._meta.label)
def test_every_registered_admin_refuses_anonymous_and_no_permission(model, citizen, no_perm_client):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = citizen.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert no_perm_client.get(url).status_code == 403
    for name in ("index", "password_change", "logout"):
        assert citizen.get(reverse(f"admin:{name}")).status_code == 302


API_BASENAMES = sorted(basename for basename, _model in api_routes())


@pytest.mark.django_db
@pytest.mark.parametrize("basename", API_BASENAMES)
def test_every_api_route_refuses_anonymous_and_no_permission(basename, citizen, no_perm_client):
    url = reverse(f"{basename}-list")
    response = citizen.get(url)
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")
    assert no_perm_client.get(url).status_code == 403
    assert citizen.get(reverse("api-root")).status_code == 401
