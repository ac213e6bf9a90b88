"""Permission matrix of a ward-owned endpoint (the throwaway `Widget`), data-driven: who may do
what to which ward's row, and what the answer is. Another ward's row is a 404, a missing
permission a 403; the province leader reads the province (and the wards merged into it) and
writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.scopedapp.models import Widget

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.scopedapp.urls")]

ANON = {401, 403}
# Rows: ward A (own), ward B (same province), ward C (other province), P (merged into A).
TARGETS = {"own": "widget_a", "other": "widget_b", "far": "widget_c", "merged": "widget_p"}
PERSONAS = {
    "anonymous": "citizen",
    "no_perm": "no_perm_client",
    "officer_a": "officer_a_client",
    "commander_a": "commander_a_client",
    "leader": "leader_client",
    "superuser": "superuser_client",
}
# persona: {action: status} for list/create, {action: {target: status}} for row actions.
MATRIX = {
    "anonymous": {
        "list": ANON,
        "create": ANON,
        "retrieve": dict.fromkeys(TARGETS, ANON),
        "update": dict.fromkeys(TARGETS, ANON),
        "delete": dict.fromkeys(TARGETS, ANON),
    },
    "no_perm": {
        "list": 403,
        "create": 403,
        "retrieve": dict.fromkeys(TARGETS, 403),
        "update": dict.fromkeys(TARGETS, 403),
        "delete": dict.fromkeys(TARGETS, 403),
    },
    "officer_a": {
        "list": 200,
        "create": 201,
        "retrieve": {"own": 200, "other": 404, "far": 404, "merged": 200},
        "update": {"own": 200, "other": 404, "far": 404, "merged": 200},
        "delete": {"own": 204, "other": 404, "far": 404, "merged": 204},
    },
    "commander_a": {
        "list": 200,
        "create": 201,
        "retrieve": {"own": 200, "other": 404, "far": 404, "merged": 200},
        "update": {"own": 200, "other": 404, "far": 404, "merged": 200},
        "delete": {"own": 204, "other": 404, "far": 404, "merged": 204},
    },
    "leader": {
        "list": 200,
        "create": 403,
        "retrieve": {"own": 200, "other": 200, "far": 404, "merged": 200},
        "update": dict.fromkeys(TARGETS, 403),
        "delete": dict.fromkeys(TARGETS, 403),
    },
    "superuser": {
        "list": 200,
        "create": 201,
        "retrieve": dict.fromkeys(TARGETS, 200),
        "update": dict.fromkeys(TARGETS, 200),
        "delete": dict.fromkeys(TARGETS, 204),
    },
}

ROW_CASES = [
    pytest.param(persona, action, target, expected, id=f"{persona}-{action}-{target}")
    for persona, actions in MATRIX.items()
    for action, by_target in actions.items()
    if isinstance(by_target, dict)
    for target, expected in by_target.items()
]
COLLECTION_CASES = [
    pytest.param(persona, action, actions[action], id=f"{persona}-{action}")
    for persona, actions in MATRIX.items()
    for action in ("list", "create")
]


def _matches(status: int, expected: int | set[int]) -> bool:
    return status in expected if isinstance(expected, set) else status == expected


def _row(widget: Widget) -> Widget | None:
    with scopes_disabled():
        return Widget.objects.filter(pk=widget.pk).first()


@pytest.mark.parametrize(("persona", "action", "target", "expected"), ROW_CASES)
def test_row_actions(request, widgets, persona, action, target, expected):
    client = request.getfixturevalue(PERSONAS[persona])
    widget = request.getfixturevalue(TARGETS[target])
    url = reverse("widget-detail", args=[widget.pk])
    if action == "retrieve":
        response = client.get(url)
    elif action == "update":
        response = client.patch(url, {"name": "Matrix rename"}, content_type="application/json")
    else:
        response = client.delete(url)
    assert _matches(response.status_code, expected), (response.status_code, response.content)

    after = _row(widget)
    if response.status_code >= 400:
        assert after is not None and after.name == widget.name, "a refused request changed data"
    elif action == "update":
        assert after.name == "Matrix rename"
    elif action == "delete":
        assert after is None


@pytest.mark.parametrize(("persona", "action", "expected"), COLLECTION_CASES)
def test_collection_actions(request, widgets, persona, action, expected):
    client = request.getfixturevalue(PERSONAS[persona])
    url = reverse("widget-list")
    if action == "list":
        response = client.get(url)
    else:
        response = client.post(
            url, {"name": "Matrix widget", "ward": "WA"}, content_type="application/json"
        )
    assert _matches(response.status_code, expected), (response.status_code, response.content)
    with scopes_disabled():
        created = Widget.objects.filter(name="Matrix widget").exists()
    assert created == (action == "create" and response.status_code == 201)
