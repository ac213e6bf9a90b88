"""Every column an officer acts on lies inside a 1366 x 768 desk (Debian's Chromium), measured
against the viewport: on the tip queue (code, status with its badge, deadline and age, assignee,
neighbourhood with its ward), the case list (number, status, officer, clarified on, tips) and the
audit log (time, person, event, record) — for a commander of one ward and for a province leader,
whose lists carry the ward column too. Also: "Việc hôm nay" does not scroll sideways, and the
check-box lists of the case form are not squeezed (issue 8: ~150 px before)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests import factories
from tests.e2e.conftest import PASSWORD
from tests.tips import factories as tip_factories
from tips import services

DESK = {"width": 1366, "height": 768}
ACTED_ON = {
    "/admin/tips/tip/": (
        "code_column",
        "status_column",
        "deadline_column",
        "assignee_name",
        "neighbourhood",
    ),
    "/admin/tips/case/": ("number", "status", "officer_in_charge", "clarified_on"),
    "/admin/wardsec/auditentry/": ("time_column", "actor_column", "event_column", "object_column"),
}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _work(ward, officer) -> None:
    """A real queue: long names everywhere, a tipster's addition, tips assigned and not."""
    tip_factories.ensure_catalogue()
    quarter = factories.make_neighbourhood(ward, name="Khu phố Bình Thới Thượng Tây 12")
    for number in range(8):
        tip = tip_factories.make_tip(
            ward,
            neighbourhood=quarter,
            description=f"Trộm cắp xe máy số {number} gần chợ, nhiều người chứng kiến",
        )
        with scopes_disabled():
            if number % 2:
                services.assign_tip(tip=tip, assignee=officer, actor=officer)
            if number % 3 == 0:
                services.add_citizen_information(tip=tip, body="Bổ sung: xe Wave màu xanh.")
    tip_factories.make_case(
        ward,
        title="Trộm cắp xe máy có tổ chức tại khu phố Bình Thới Thượng Tây và chợ Phường",
        actor=officer,
        officer_in_charge=officer,
    )


def _sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")


def _off_screen(page, columns) -> dict[str, float]:
    """Each column whose header or cells reach beyond the viewport (or are missing)."""
    found = {}
    for name in columns:
        right = page.evaluate(
            """(name) => {
                const cells = document.querySelectorAll(
                    `#result_list th.column-${name}, #result_list td.field-${name}, `
                    + `#result_list th.field-${name}`);
                if (!cells.length) return -1;
                return Math.max(...[...cells].map(c => c.getBoundingClientRect().right));
            }""",
            name,
        )
        if right < 0 or right > DESK["width"]:
            found[name] = right
    return found


def _sideways(page) -> float:
    return page.evaluate(
        """() => {
            const doc = document.documentElement;
            const box = document.querySelector("#changelist .results");
            return Math.max(doc.scrollWidth - doc.clientWidth,
                            box ? box.scrollWidth - box.clientWidth : 0);
        }"""
    )


@pytest.mark.parametrize("who", ["commander", "leader"])
def test_no_acted_on_column_is_off_screen_at_1366(browser, live_server, who):
    ward = factories.make_ward(name="Phường Bình Thới Thượng", code="WFIT8")
    officer = factories.make_officer(
        ward, username="canbo_fit8", first_name="Thị Thanh", last_name="Nguyễn Trần"
    )
    _work(ward, officer)
    if who == "commander":
        user = factories.make_commander(ward, username="chihuy_fit8")
    else:
        factories.make_ward(name="Phường Kiến Tường Mới", code="WFIT9", province=ward.province)
        user = factories.make_leader(ward.province, username="lanhdao_fit8")
    context = browser.new_context(viewport=DESK, locale="vi-VN")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, user.username)
        assert _sideways(page) <= 0, "Việc hôm nay"
        for path, columns in ACTED_ON.items():
            page.goto(f"{live_server.url}{path}")
            assert page.locator("#result_list tbody tr").count() > 0, path
            assert _off_screen(page, columns) == {}, path
            assert _sideways(page) <= 0, path
    finally:
        context.close()


def test_the_case_forms_check_box_lists_are_not_squeezed(browser, live_server):
    ward = factories.make_ward(name="Phường 3", code="WFITC")
    commander = factories.make_commander(ward, username="chihuy_fitc")
    tip_factories.ensure_catalogue()
    tip = tip_factories.make_tip(ward)
    context = browser.new_context(viewport=DESK, locale="vi-VN")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, commander.username)
        page.goto(f"{live_server.url}/admin/tips/tip/{tip.pk}/open-case/")
        for box in ("#id_categories", "#id_tips"):
            widths = page.eval_on_selector_all(
                f"{box} label", "labels => labels.map(l => l.getBoundingClientRect().width)"
            )
            assert widths and min(widths) >= 200, (box, widths)
            right = page.eval_on_selector(box, "e => e.getBoundingClientRect().right")
            assert right <= DESK["width"], box
    finally:
        context.close()
