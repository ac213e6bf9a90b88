"""Accessibility checks in the browser tests: axe-core (the npm package pinned in the root
package.json, installed by `npm ci` into node_modules/) injected into the page under test.

    from tests.e2e.axe import assert_accessible
    page.goto(...)
    assert_accessible(page)

Nothing is downloaded at run time: the script is read from node_modules/. Without it the test
is skipped with the reason, except in CI (CI=true), where that is a failure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.conftest import require_service

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What blocks a person: axe's two top levels. "moderate" and "minor" are advice, not failures.
BLOCKING = ("serious", "critical")
# WCAG 2.0/2.1/2.2 A and AA plus axe's best practices (landmarks, headings, region).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def assert_accessible(page: Any, *, context: str = "", javascript: bool = True) -> list[dict]:
    """Run axe-core on `page` (a Playwright page, already loaded) and fail when it reports a
    serious or critical violation, with one readable line per rule and the elements it found.
    Returns every violation (all levels), for a test that wants to look further.

    A page of a context with JavaScript disabled (`javascript=False`) cannot run axe itself:
    its HTML, without its scripts, is checked in a copy opened at the same address and size
    in a context with JavaScript, so axe sees what the visitor without JavaScript sees."""
    require_service(
        AXE_SCRIPT.exists(),
        f"axe-core is not installed ({AXE_SCRIPT} missing): run `npm ci --no-audit --no-fund`",
    )
    if not javascript:
        return _check_copy(page, context or page.url)
    return _check(page, context or page.url)


def _check(page: Any, where: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> of the page: the site's
        # Content-Security-Policy (no inline scripts) does not apply to it.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        "async (tags) => await window.axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})",
        TAGS,
    )
    violations = results["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, _describe(blocking, where)
    return violations


def _check_copy(page: Any, where: str) -> list[dict]:
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S | re.I)
    url = page.url
    copy_context = page.context.browser.new_context(
        viewport=page.viewport_size, locale="vi-VN", java_script_enabled=True
    )
    try:
        copy_context.route(
            lambda address: address == url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        copy = copy_context.new_page()
        copy.goto(url)
        return _check(copy, f"{where} (without JavaScript)")
    finally:
        copy_context.close()


def _describe(violations: list[dict], where: str) -> str:
    lines = [f"axe-core: {len(violations)} serious or critical violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = ", ".join(str(part) for part in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {node.get('html', '')[:160]} — {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)
