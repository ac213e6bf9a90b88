"""Workflow pages declared with `wardsec.workflow`, the list totals and the ward column of the
admin base, shown on the tips admin (the first app on the platform).

Before this change: after a step the officer landed on the tip without the queue's filters (and,
after a transfer, on the unfiltered queue); the tips admin had three ways of writing a step;
opening a case from a tip copied nothing; no list said how many rows its filters kept."""

from __future__ import annotations

import ast
import inspect
import textwrap
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

import tips.admin.case
import tips.admin.lists
import tips.admin.steps
import tips.admin.tip
from tests.tips import factories as tip_factories
from tips import services
from tips.admin import TIP_STEPS, TipAdmin
from tips.choices import TipStatus
from tips.models import Case, Tip
from wardsec.workflow import BulkStep, Step, service_arguments

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:tips_tip_changelist")
FILTERS = "status__exact=new"
KEPT = "?_changelist_filters=" + quote(FILTERS, safe="")


def change_url(tip) -> str:
    return reverse("admin:tips_tip_change", args=[tip.pk])


def step_url(tip, name: str) -> str:
    return reverse(f"admin:tips_tip_{TIP_STEPS[name].url_name}", args=[tip.pk])


@pytest.fixture
def tip(ward_a):
    with scopes_disabled():
        return tip_factories.make_tip(ward_a)


class TestFiltersKept:
    def test_the_buttons_carry_the_queues_filters(self, officer_a_client, tip):
        response = officer_a_client.get(change_url(tip) + KEPT)
        urls = {step["name"]: step["url"] for step in response.context["workflow_steps"]}
        assert urls["triage"] == step_url(tip, "triage") + KEPT
        assert urls["triage"] in response.content.decode()

    def test_after_a_step_back_on_the_tip_with_the_filters(self, officer_a_client, tip):
        response = officer_a_client.post(
            step_url(tip, "triage") + KEPT, {"decision": "accept", "note": "Đã gọi lại"}
        )
        assert response.status_code == 302
        assert response["Location"] == change_url(tip) + KEPT

    def test_a_tip_that_left_the_scope_lands_on_the_filtered_queue(
        self, officer_a_client, tip, ward_b
    ):
        response = officer_a_client.post(
            step_url(tip, "triage") + KEPT, {"decision": "transfer", "transfer_to": ward_b.pk}
        )
        assert response["Location"] == f"{QUEUE}?{FILTERS}"

    def test_a_refused_step_keeps_the_form_and_the_filters(self, officer_a_client, officer_a, tip):
        with scopes_disabled():
            services.close_tip(tip=tip, actor=officer_a, outcome="resolved")
        response = officer_a_client.post(step_url(tip, "mediation") + KEPT, {"note": "Tranh chấp"})
        assert response.status_code == 200  # the service's reason on the form, not a 500
        assert response.context["form"].errors
        assert response.context["cancel_url"] == change_url(tip) + KEPT


def test_the_message_is_at_the_top_of_the_page_landed_on(officer_a_client, tip):
    response = officer_a_client.post(
        step_url(tip, "close"), {"outcome": "no_violation", "note": "Đã xác minh"}, follow=True
    )
    content = response.content.decode()
    message = content.index("Đã kết thúc tin báo")
    assert message < content.index('id="content-main"') < content.index('data-testid="timeline"')
    assert content.index('class="messagelist"') < message


class TestOpenCaseFromTheTip:
    def test_the_form_starts_from_what_the_tip_knows(self, officer_a_client, officer_a, tip):
        with scopes_disabled():
            services.assign_tip(tip=tip, assignee=officer_a, actor=officer_a)
        form = officer_a_client.get(step_url(tip, "open-case")).context["form"]
        assert form.initial["title"] == tip.category.name
        assert form.initial["categories"] == [tip.category_id]
        assert form.initial["officer_in_charge"] == officer_a.pk
        assert form.initial["tips"] == [tip.pk]

    def test_opening_links_the_tip_and_lands_on_the_case(self, officer_a_client, officer_a, tip):
        response = officer_a_client.post(
            step_url(tip, "open-case"),
            {
                "title": "Trộm cắp xe máy",
                "categories": [tip.category_id],
                "opened_on": "01/01/2025",
                "officer_in_charge": officer_a.pk,
                "tips": [tip.pk],
            },
        )
        with scopes_disabled():
            case = Case.objects.get()
            assert Tip.objects.get(pk=tip.pk).case_id == case.pk
        # On the case's page, where its subjects and clarification are entered (issue 8).
        case_page = reverse("admin:tips_case_change", args=[case.pk])
        assert response.status_code == 302 and response["Location"] == case_page

    def test_not_offered_once_the_tip_is_in_a_case(self, officer_a_client, officer_a, tip):
        with scopes_disabled():
            case = tip_factories.make_case(tip.ward, actor=officer_a)
            services.link_tip_to_case(tip=tip, case=case, actor=officer_a)
        steps = officer_a_client.get(change_url(tip)).context["workflow_steps"]
        assert "open-case" not in {step["name"] for step in steps}


def test_bulk_steps_are_actions_for_those_allowed(officer_a_client, leader_client):
    from django.contrib import admin

    request = officer_a_client.get(QUEUE).wsgi_request
    actions = admin.site._registry[Tip].get_actions(request)
    assert {"accept_tips", "mark_spam", "assign_to_me", "export_csv"} <= set(actions)
    request = leader_client.get(QUEUE).wsgi_request
    actions = admin.site._registry[Tip].get_actions(request)
    assert not {"accept_tips", "mark_spam", "assign_to_me"} & set(actions)


def test_a_bulk_step_returns_to_the_filtered_queue(officer_a_client, tip):
    response = officer_a_client.post(
        f"{QUEUE}?{FILTERS}",
        {"action": "accept_tips", "_selected_action": [tip.pk], "index": 0},
    )
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?{FILTERS}"
    with scopes_disabled():
        assert Tip.objects.get(pk=tip.pk).status == TipStatus.IN_PROGRESS


class TestDeclarations:
    def test_every_tips_page_that_runs_a_service_is_a_declared_step(self):
        declared = [
            *TipAdmin.steps,
            TipAdmin.add_step,
            *tips.admin.case.CaseAdmin.steps,
            tips.admin.case.CaseAdmin.add_step,
            *tips.admin.case.SubjectAdmin.steps,
            tips.admin.case.SubjectAdmin.add_step,
            tips.admin.lists.Open311ClientAdmin.add_step,
        ]
        assert all(isinstance(step, Step) for step in declared)
        assert all(isinstance(step, BulkStep) for step in TipAdmin.bulk_steps)
        names = {step.name for step in TipAdmin.steps}
        assert names >= {"triage", "assign", "reply", "note", "open-case", "link-case", "close"}
        assert "mediation" in names

    @pytest.mark.parametrize(
        "module", [tips.admin.tip, tips.admin.case, tips.admin.lists, tips.admin.steps]
    )
    def test_no_function_of_the_tips_admin_is_over_40_lines(self, module):
        tree = ast.parse(inspect.getsource(module))
        long = [
            f"{node.name}: {node.end_lineno - node.lineno + 1}"
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 40
        ]
        assert not long

    def test_tip_admin_is_declarations(self):
        source = textwrap.dedent(inspect.getsource(TipAdmin))
        methods = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)]
        assert len(source.splitlines()) <= 200 and len(methods) <= 12, (
            len(source.splitlines()),
            len(methods),
        )


class TestListTotals:
    def test_the_filtered_count_and_sums_above_the_list(self, officer_a_client, officer_a, ward_a):
        with scopes_disabled():
            first, second, third = (tip_factories.make_tip(ward_a) for _ in range(3))
            services.assign_tip(tip=first, assignee=officer_a, actor=officer_a)
        response = officer_a_client.get(QUEUE)
        totals = [(str(label), value) for label, value in response.context["list_totals"]]
        assert totals == [("tin báo", 3), ("mới tiếp nhận", 2), ("đang mở chưa giao cán bộ", 2)]
        content = response.content.decode()
        assert content.index('data-testid="list-totals"') < content.index('id="result_list"')
        filtered = officer_a_client.get(QUEUE, {"status__exact": TipStatus.IN_PROGRESS})
        assert [v for _label, v in filtered.context["list_totals"]] == [1, 0, 0]

    def test_the_sums_cost_one_query(self, officer_a_client, ward_a, monkeypatch):
        with scopes_disabled():
            tip_factories.make_tip(ward_a)
        officer_a_client.get(QUEUE)  # warm the caches
        with CaptureQueriesContext(connection) as with_sums:
            officer_a_client.get(QUEUE)
        monkeypatch.setattr(TipAdmin, "list_totals", {})
        with CaptureQueriesContext(connection) as without:
            officer_a_client.get(QUEUE)
        assert len(with_sums) - len(without) == 1


class TestWardColumn:
    @pytest.mark.parametrize(
        "url", ["admin:tips_case_changelist", "admin:wardsec_auditentry_changelist"]
    )
    def test_only_for_users_who_see_several_wards(
        self, commander_a_client, leader_client, officer_a, officer_b, ward_a, ward_b, url
    ):
        with scopes_disabled():  # rows in two wards: cases, and their entries in the log
            tip_factories.make_case(ward_a, actor=officer_a)
            tip_factories.make_case(ward_b, actor=officer_b)
        one_ward = commander_a_client.get(reverse(url)).context["cl"]
        assert "ward" not in one_ward.list_display
        assert "ward" not in {getattr(s, "field_path", None) for s in one_ward.filter_specs}
        several = leader_client.get(reverse(url)).context["cl"]
        assert "ward" in several.list_display
        assert "ward" in {getattr(s, "field_path", None) for s in several.filter_specs}


def test_a_step_forms_data_becomes_the_services_arguments():
    cleaned = {"name": "Tổ 1", "note": "", "leader": None, "count": 0, "active": False, "ward": 7}
    assert service_arguments(cleaned, "ward") == {"name": "Tổ 1", "count": 0, "active": False}
    assert service_arguments(cleaned) == {"name": "Tổ 1", "count": 0, "active": False, "ward": 7}
