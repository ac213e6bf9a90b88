"""The layers, enforced over every import of the project's code (tests and migrations aside).

- The platform is `wardsec` (machinery) and `wards` (tenancy): one layer, see
  `wardsec/registry.py`. It imports no domain app; apps reach it through their AppConfig.
- A domain app (every other top-level package with an `apps.py`) imports the platform and
  itself; another domain app only through the allowed links below.
- The app-level import graph (the platform counted as one node) has no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()
PLATFORM = frozenset({"wardsec", "wards"})
# Domain app → the domain apps it may import (any module of them).
ALLOWED = {
    "mediation": {"tips", "core_forces"},
    "models_registry": {"tips", "core_forces"},
}
# Domain app → may import only this module of every other domain app.
FIGURES_ONLY = {"reports": "figures"}


def project_apps(root: Path = ROOT) -> set[str]:
    """Top-level packages that are Django apps (have an apps.py), the platform included."""
    return {path.parent.name for path in root.glob("*/apps.py")}


def imported_modules(source: str, module: str) -> Iterator[tuple[int, str]]:
    """(line, dotted module) of every import in `source`, the code of `module`; relative imports
    resolved, `from a import b` reported as `a.b` (b may be a module)."""
    package = module.split(".")[:-1]  # a module's package; `a.b.__init__` is package a.b
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:
                yield node.lineno, f"{prefix}.{alias.name}"


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def named_modules(source: str, apps: set[str], root: Path = ROOT) -> Iterator[tuple[int, str]]:
    """(line, string) of every string that names a module of an app by its dotted path, e.g.
    `include("tips.urls")` or a beat entry's `"tips.tasks.remind"`: an import in disguise.
    Docstrings and strings whose second part is no module ("tips.view_tip") are not."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            parts = node.value.split(".")
            if len(parts) > 1 and parts[0] in apps and all(p.isidentifier() for p in parts):
                path = root / parts[0] / parts[1]
                if path.is_dir() or path.with_suffix(".py").is_file():
                    yield node.lineno, node.value


def _edge_allowed(source_app: str, target: str, apps: set[str]) -> bool:
    target_app = target.split(".")[0]
    if target_app not in apps or target_app == source_app:
        return True
    if source_app in PLATFORM:
        return target_app in PLATFORM
    if target_app in PLATFORM or target_app in ALLOWED.get(source_app, set()):
        return True
    only = FIGURES_ONLY.get(source_app)
    return only is not None and target.split(".")[1:2] == [only]


def _node(app: str) -> str:
    return "platform" if app in PLATFORM else app


def violations(modules: Mapping[str, str], apps: set[str]) -> list[str]:
    """Every forbidden import and every cycle in `modules` ({dotted module name: source})."""
    found: list[str] = []
    edges: dict[str, set[str]] = {}
    for module, source in sorted(modules.items()):
        app = module.split(".")[0]
        for line, target in imported_modules(source, module):
            target_app = target.split(".")[0]
            if not _edge_allowed(app, target, apps):
                found.append(f"{module}:{line} imports {target}")
            if target_app in apps and _node(target_app) != _node(app):
                edges.setdefault(_node(app), set()).add(_node(target_app))
        if app in PLATFORM:
            found += [
                f"{module}:{line} names {name}"
                for line, name in named_modules(source, apps)
                if name.split(".")[0] not in PLATFORM
            ]
    return found + [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges)]


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle through each node that lies on one (depth-first search)."""
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(edges.get(node, ())):
            visit(target, [*path, node])
        done.add(node)

    for start in sorted(edges):
        visit(start, [])
    return found


def project_modules(root: Path = ROOT) -> dict[str, str]:
    """{dotted name: source} of every .py file of the apps, tests and migrations aside."""
    modules = {}
    for app in project_apps(root):
        for path in (root / app).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            if parts[-1] == "__init__":  # a package is imported by its own name
                parts = parts[:-1]
            modules[".".join(parts)] = path.read_text(encoding="utf-8")
    return modules


# --- The tests --------------------------------------------------------------------------------


def test_the_project_keeps_its_layers():
    modules = project_modules()
    assert {"wardsec.scoping", "wards.models", "tips.models"} <= set(modules)  # not vacuous
    assert violations(modules, project_apps()) == []


APPS = {"wardsec", "wards", "tips", "mediation", "core_forces", "models_registry", "reports"}


def test_the_platform_importing_a_domain_app_is_reported():
    bad = {"wardsec.exports": "import os\nfrom tips.models import Tip\n"}
    assert violations(bad, APPS) == ["wardsec.exports:2 imports tips.models.Tip"]
    lazy = {"wards.views": "def f():\n    from tips import services\n"}
    assert violations(lazy, APPS) == ["wards.views:2 imports tips.services"]


def test_the_platform_naming_a_domain_module_in_a_string_is_reported():
    """`include("tips.urls")` or a beat entry `"tips.tasks…"` in the platform is an import in
    disguise: apps declare those on their AppConfig instead."""
    bad = {
        "wardsec.urls": '"""Routes of tips.urls."""\nurls = [include("tips.urls")]\n',
        "wardsec.api.permissions": 'PERMS = ["tips.view_tip"]\n',  # a permission, not a module
    }
    assert violations(bad, APPS) == ["wardsec.urls:2 names tips.urls"]


def test_a_domain_app_importing_another_is_reported_unless_allowed():
    modules = {
        "tips.models": "from mediation.models import Dispute\nfrom wardsec import audit\n",
        "mediation.services": "from tips import services\nfrom core_forces.models import Unit\n",
        "models_registry.models": "from core_forces.models import Unit\n",
    }
    assert violations(modules, APPS) == [
        "tips.models:1 imports mediation.models.Dispute",
        "import cycle: mediation -> tips -> mediation",
    ]


def test_reports_may_import_only_the_figures_of_other_apps():
    modules = {
        "reports.services": (
            "from tips import figures\nimport mediation.figures\nfrom wards.figures import x\n"
            "from tips.models import Tip\n"
        )
    }
    assert violations(modules, APPS) == ["reports.services:4 imports tips.models.Tip"]


def test_relative_imports_are_resolved():
    assert list(imported_modules("from ..models import Tip\n", "tips.api.views")) == [
        (1, "tips.models.Tip")
    ]
    assert list(imported_modules("from . import views\n", "tips.api.__init__")) == [
        (1, "tips.api.views")
    ]


def test_an_import_cycle_is_reported():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    modules = {
        "core_forces.models": "from models_registry import models\n",
        "models_registry.models": "from core_forces import models\n",
    }
    found = violations(modules, APPS)
    assert "import cycle: core_forces -> models_registry -> core_forces" in found


def test_wardsec_and_wards_form_one_layer_without_a_cycle():
    modules = {
        "wardsec.scoping": "from wards.models import Ward\n",
        "wards.models": "import wardsec",
    }
    assert violations(modules, APPS) == []
