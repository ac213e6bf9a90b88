"""What the public pages and the officers' queue cost, pinned in queries, so that a change that
adds a query per ward, per tip or per request fails here (bench/ measures the time)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests import factories
from tests.tips import factories as factories_tips
from tips import forms as tip_forms
from tips import services
from wardsec import memo, scoping

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.WARDSEC_TIP_MIN_SECONDS = 0


def queries(func):
    with CaptureQueriesContext(connection) as captured:
        result = func()
    return [q["sql"] for q in captured.captured_queries], result


def selects(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if sql.lstrip().upper().startswith("SELECT")]


def many_wards(provinces: int, per_province: int, prefix: str = "D") -> list:
    made = []
    for p in range(provinces):
        province = factories.make_province(name=f"Tỉnh {prefix}{p}", code=f"{prefix}{p}")
        for w in range(per_province):
            code = f"{prefix}{p}-{w}"
            ward = factories.make_ward(province=province, name=f"Phường {code}", code=code)
            factories.make_neighbourhood(ward, name=f"Khu phố {code}")
            made.append(ward)
    return made


# --- The service --------------------------------------------------------------------------


def test_submit_tip_asks_the_database_nothing_it_guarantees(ward_a, theft):
    """No `full_clean`: no SELECT per foreign key, unique field or check constraint."""
    from django.contrib.contenttypes.models import ContentType

    from tips.models import Tip

    ContentType.objects.get_for_model(Tip)  # read once per process (Django's own cache)
    sqls, receipt = queries(
        lambda: services.submit_tip(
            draft=services.TipDraft(
                ward=ward_a, category=theft, description="Có người lạ bẻ khóa xe.", channel="web"
            )
        )
    )
    assert receipt.created
    found = selects(sqls)
    assert not [sql for sql in found if '"wards_ward"' in sql.split("WHERE")[0]], found
    assert not [sql for sql in found if '"tips_offencecategory"' in sql.split("WHERE")[0]]
    assert not [sql for sql in found if '"_check"' in sql], found
    assert found == [], found  # the unique constraints answer the idempotency key and the code


# --- The public scope ---------------------------------------------------------------------


def test_public_scope_is_remembered_and_forgotten_when_a_ward_changes(ward_a, ward_b):
    def visible() -> set[int]:
        with scoping.public_scope():
            return set(scoping.current_ward_ids())

    assert visible() == {ward_a.pk, ward_b.pk}
    sqls, again = queries(visible)
    assert again == {ward_a.pk, ward_b.pk} and sqls == []
    ward_b.accepts_public_tips = False
    with scopes_disabled():
        ward_b.save()
    assert visible() == {ward_a.pk}  # at once in this process, not after the TTL
    ward_c = factories.make_ward(province=ward_a.province, code="WN")
    assert visible() == {ward_a.pk, ward_c.pk}


def test_public_scope_expires(ward_a, settings, monkeypatch):
    with scoping.public_scope():
        pass
    with scopes_disabled():
        type(ward_a).objects.filter(pk=ward_a.pk).update(is_active=False)  # no signal
    clock = [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    scoping.public_scope_memo.clear()
    with scoping.public_scope():
        pass
    clock[0] += settings.WARDSEC_PUBLIC_CACHE_SECONDS + 1
    with scoping.public_scope():
        assert scoping.current_ward_ids() == []


def test_public_scope_is_empty_not_open_when_no_ward_takes_tips(ward_a):
    with scopes_disabled():
        type(ward_a).objects.update(accepts_public_tips=False)
    scoping.public_scope_memo.clear()
    with scoping.public_scope():
        assert scoping.current_ward_ids() == []


def test_a_national_public_scope_is_one_parameter_not_one_per_ward(client, ward_a):
    """A public query names the thousands of public wards as one array on PostgreSQL (one
    placeholder each elsewhere) and still sees only them."""
    wards = many_wards(2, 60)
    hidden = factories.make_ward(province=ward_a.province, code="HID", accepts_public_tips=False)
    with scoping.public_scope():
        sqls, found = queries(lambda: set(type(ward_a).objects.values_list("pk", flat=True)))
    assert found == {ward_a.pk, *(w.pk for w in wards)} and hidden.pk not in found
    if connection.vendor == "postgresql":
        assert re.search(r"IN \(SELECT unnest\('\{[\d,]+\}'::bigint\[\]\)\)", sqls[0])


# --- The form -----------------------------------------------------------------------------


def form_get(client, query: str = "") -> tuple[list[str], str]:
    sqls, response = queries(lambda: client.get(reverse("tips:submit") + query))
    assert response.status_code == 200
    return sqls, response.content.decode()


def option_count(html: str, name: str) -> int:
    select = re.search(rf'<select[^>]* name="{name}".*?</select>', html, re.S)
    return select.group(0).count("<option") if select else 0


def test_form_get_costs_the_same_for_50_or_500_wards(client):
    small = many_wards(1, 5)
    form_get(client, f"?ward={small[0].code}")  # fills the caches
    few, html = form_get(client, f"?ward={small[0].code}")
    assert option_count(html, "ward") == 6  # the province's wards and the empty choice
    big = many_wards(10, 50, prefix="E")
    form_get(client, f"?ward={big[0].code}")
    many, html = form_get(client, f"?ward={big[0].code}")
    assert len(many) == len(few) == 0, many  # everything from the memos
    assert option_count(html, "ward") == 51  # one province, not the country
    # The province's neighbourhoods grouped by ward (the chosen ward can change without
    # JavaScript), one each here, and "not known".
    assert option_count(html, "neighbourhood") == 51
    assert f'value="{big[0].pk}" selected' in html


def test_several_provinces_ask_for_the_province_first(client):
    wards = many_wards(3, 4)
    sqls, html = form_get(client)
    assert option_count(html, "province") == 4 and option_count(html, "ward") == 0
    assert 'method="get"' in html
    sqls, html = form_get(client, f"?province={wards[5].province.code}")
    assert option_count(html, "ward") == 5
    assert wards[5].name in html and wards[0].name not in html


def _post_data(ward, category, **given):
    return {
        "ward": ward.pk,
        "category": category.pk,
        "description": "Có nhóm người tụ tập đánh bạc ở cuối hẻm 5.",
        "leave_contact": "0",
        "form_token": tip_forms.new_form_token(),
        **given,
    }


def test_post_queries_are_pinned(client, ward_a, theft):
    """The ward and the category come from the worker's memo (read by the first post): a
    post asks nothing, it only writes (the tip, its audit entry, its outbox message)."""
    client.get(reverse("tips:submit") + f"?ward={ward_a.code}")
    assert client.post(reverse("tips:submit"), _post_data(ward_a, theft)).status_code == 200
    sqls, response = queries(
        lambda: client.post(
            reverse("tips:submit") + f"?ward={ward_a.code}", _post_data(ward_a, theft)
        )
    )
    assert response.status_code == 200
    assert selects(sqls) == [], selects(sqls)


def test_a_post_for_a_ward_closed_meanwhile_is_refused_at_once(client, ward_a, ward_b, theft):
    """The memo is forgotten when a ward or category is saved in this process."""
    assert client.post(reverse("tips:submit"), _post_data(ward_b, theft)).status_code == 200
    ward_b.accepts_public_tips = False
    with scopes_disabled():
        ward_b.save()
    refused = client.post(reverse("tips:submit"), _post_data(ward_b, theft))
    assert refused.status_code == 400
    assert "không nhận tin báo trực tuyến" in refused.content.decode()
    theft.is_active = False
    theft.save()
    refused = client.post(reverse("tips:submit"), _post_data(ward_a, theft))
    assert refused.status_code == 400
    assert "lựa chọn này không có trong danh sách" in refused.content.decode()


def test_the_memo_gives_each_post_its_own_ward(ward_a):
    """Nothing one request caches on its ward (a related object) reaches the next one."""
    first, second = tip_forms.taking_ward(ward_a.pk), tip_forms.taking_ward(ward_a.pk)
    assert first == second == ward_a and first is not second
    assert first._state is not second._state and not first._state.adding
    assert tip_forms.taking_ward(10**9) is None and tip_forms.active_category(10**9) is None


def test_a_neighbourhood_is_asked_only_when_one_is_chosen(client, ward_a, theft):
    place = factories.make_neighbourhood(ward_a, name="Khu phố 9")
    client.post(reverse("tips:submit"), _post_data(ward_a, theft))  # the memos, read once
    sqls, response = queries(
        lambda: client.post(
            reverse("tips:submit"), _post_data(ward_a, theft, neighbourhood=place.pk)
        )
    )
    assert response.status_code == 200
    assert len(selects(sqls)) == 1 and "neighbourhood" in selects(sqls)[0]


# --- The officers' queue --------------------------------------------------------------------


def test_queue_position_follows_the_status_in_the_database(ward_a, officer_a):
    from tips.choices import TipOutcome, TipStatus
    from tips.models import Tip
    from tips.querysets import queue_position

    tip = factories_tips.make_tip(ward_a)
    with scopes_disabled():
        stored = Tip.objects.values_list("queue_rank", "queue_time").get(pk=tip.pk)
    assert stored == queue_position(TipStatus.NEW, tip.received_at) and stored[0] == 0
    services.close_tip(tip=tip, actor=officer_a, outcome=TipOutcome.RESOLVED)
    with scopes_disabled():
        stored = Tip.objects.values_list("queue_rank", "queue_time").get(pk=tip.pk)
    assert stored[0] == 2 and stored[1] < 0


def test_the_queue_is_read_in_index_order_and_counted_once(officer_a_client, ward_a):
    for _ in range(3):
        factories_tips.make_tip(ward_a)
    sqls, response = queries(lambda: officer_a_client.get(reverse("admin:tips_tip_changelist")))
    assert response.status_code == 200
    # The page and its count (the page's columns may hold subqueries on other tables, and the
    # filters' queries subqueries on this one).
    own = ('SELECT "tips_tip".', 'SELECT COUNT(*) AS "__count" FROM "tips_tip"')
    tip_selects = [sql for sql in selects(sqls) if sql.startswith(own)]
    counts = [sql for sql in tip_selects if sql.startswith('SELECT COUNT(*) AS "__count"')]
    assert len(counts) == 1, tip_selects  # the list's count; not again for "of N in all"
    page = next(sql for sql in tip_selects if "ORDER BY" in sql)
    assert "CASE WHEN" not in page.upper()
    assert re.search(r'ORDER BY "tips_tip"\."queue_rank" ASC, "tips_tip"\."queue_time" ASC', page)


def test_post_from_a_ward_page_reads_the_ward_once(client, ward_a, theft):
    data = {
        "ward": ward_a.pk,
        "category": theft.pk,
        "description": "Có nhóm người tụ tập đánh bạc ở cuối hẻm 5.",
        "leave_contact": "0",
        "form_token": tip_forms.new_form_token(),
    }
    url = reverse("tips:submit") + f"?ward={ward_a.code}"
    client.get(url)  # fills the memos
    sqls, response = queries(lambda: client.post(url, data))
    assert response.status_code == 200
    assert len([sql for sql in selects(sqls) if 'FROM "wards_ward"' in sql]) == 1, sqls
