"""The officer's lists fit a 1366 x 768 desk (Debian's Chromium): on the tip queue the columns
an officer acts on — status, triage deadline, assignee — lie inside the viewport without
scrolling sideways; the case list and the audit log have no horizontal scroll either.

Measured before the change (issue 8): the queue's table was 1,329 px wide inside a 717-px area,
status and assignee off-screen."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests import factories
from tests.e2e.conftest import PASSWORD
from tests.tips import factories as tip_factories
from tips import services

DESK = {"width": 1366, "height": 768}
ACTED_ON = ("status_column", "deadline_column", "assignee_name")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _queue(ward, officer) -> None:
    """Tips with long words in every column, as a real queue has."""
    tip_factories.ensure_catalogue()
    quarter = factories.make_neighbourhood(ward, name="Khu phố Bình Thới Thượng Tây 12")
    for number in range(6):
        tip = tip_factories.make_tip(
            ward,
            neighbourhood=quarter,
            description=f"Trộm cắp xe máy số {number} gần chợ, nhiều người chứng kiến",
        )
        if number % 2:
            with scopes_disabled():
                services.assign_tip(tip=tip, assignee=officer, actor=officer)


def _sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def _right_edges(page, names) -> dict[str, float]:
    return {
        name: page.eval_on_selector(
            f"#result_list th.column-{name}", "th => th.getBoundingClientRect().right"
        )
        for name in names
    }


def _horizontal_overflow(page) -> float:
    """How far the page or the list's own scroll box reaches beyond what is shown."""
    return page.evaluate(
        """() => {
            const doc = document.documentElement;
            const box = document.querySelector("#changelist .results");
            const table = document.querySelector("#result_list");
            return Math.max(
                doc.scrollWidth - doc.clientWidth,
                box ? box.scrollWidth - box.clientWidth : 0,
                table ? table.getBoundingClientRect().right - doc.clientWidth : 0,
            );
        }"""
    )


def test_the_queue_case_list_and_audit_log_fit_a_1366_desk(browser, live_server):
    ward = factories.make_ward(name="Phường Bình Thới Thượng", code="WFIT")
    officer = factories.make_officer(
        ward, username="canbo_fit", first_name="Thị Thanh", last_name="Nguyễn Trần"
    )
    commander = factories.make_commander(ward, username="chihuy_fit")
    _queue(ward, officer)
    tip_factories.make_case(
        ward, title="Trộm cắp xe máy có tổ chức tại khu phố Bình Thới Thượng Tây", actor=officer
    )
    context = browser.new_context(viewport=DESK, locale="vi-VN")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, commander.username)
        page.goto(f"{live_server.url}/admin/tips/tip/")
        edges = _right_edges(page, ACTED_ON)
        assert all(0 < right <= DESK["width"] for right in edges.values()), edges
        assert _horizontal_overflow(page) <= 0
        for path in ("/admin/tips/case/", "/admin/wardsec/auditentry/"):
            page.goto(f"{live_server.url}{path}")
            assert page.locator("#result_list").is_visible(), path
            assert _horizontal_overflow(page) <= 0, path
    finally:
        context.close()
