"""Property-based conformance of the REST API to its own OpenAPI schema (schemathesis, all checks).

Every operation of the schema generated from the code is called through the WSGI application (in
the test's transaction, so no server and no commit) with generated valid and invalid input, each
input as each role — anonymous, a ward officer's token, a province leader's token. Every answer
must be documented (status code, content type, headers, body shape), invalid input must be
refused, valid input accepted or refused with a documented status, and nothing may answer 5xx.

The examples per operation are bounded (`EXAMPLES`) and derandomised, so a run is reproducible
and short; raise `WARDSEC_SCHEMATHESIS_EXAMPLES` to search harder. Each input is generated once
and sent as every role (generating costs more than calling); the operations are shared out
between `PARTS` tests, so that parallel test processes share the work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.tips.factories import make_case, make_subject, make_tip

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]

EXAMPLES = int(os.environ.get("WARDSEC_SCHEMATHESIS_EXAMPLES", "8"))
ROLES = ("anonymous", "officer", "leader")
PARTS = 3


@pytest.fixture(scope="module")
def api_schema() -> Any:
    load_all_checks()
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = WSGIHandler()
    return schema


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Requests reuse the test's database connection (as Django's test client does): the
    handler would otherwise close it when each response is finished."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def some_rows(ward_a, officer_a) -> None:
    """A few rows, so detail operations sometimes find something."""
    tip = make_tip(ward_a)
    case = make_case(ward_a, tips=[tip])
    make_subject(case)


def headers_for(role: str, request: pytest.FixtureRequest) -> dict[str, str]:
    if role == "anonymous":
        return {}
    user = request.getfixturevalue({"officer": "officer_a", "leader": "province_leader"}[role])
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


def _checks_for(operation: Any) -> list:
    """Every check; except, for an operation with a body, that schema-valid input is accepted:
    a body names other rows (a category by code, a case by id) that a schema cannot enumerate,
    so a generated body is refused with a 400 that says which one does not exist."""
    checks = CHECKS.get_all()
    if operation.definition.raw.get("requestBody"):
        checks = [check for check in checks if check is not positive_data_acceptance]
    return checks


def _failures_of(operation: Any, headers: dict[str, dict[str, str]]) -> list[str]:
    failures: list[str] = []
    checks = _checks_for(operation)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def positive(case: Any) -> None:
        _call(case, headers, checks, failures)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def negative(case: Any) -> None:
        _call(case, headers, checks, failures)

    for run in (positive, negative):
        try:
            run()
        except Unsatisfiable:
            pass  # no input of that kind exists (a free-text path segment is always valid)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - all reported below
            roles = " ".join(n for n in getattr(exc, "__notes__", []) if n.startswith("(as "))
            failures.append(f"{operation.label} ({run.__name__}) {roles}: {str(exc)[:1500]}")
    return failures


def _call(case: Any, headers: dict[str, dict[str, str]], checks: list, failures: list[str]) -> None:
    """The one input as each role in turn; a failure names the role."""
    for role, role_headers in headers.items():
        try:
            case.call_and_validate(headers=role_headers, checks=checks)
        except Exception as exc:
            exc.add_note(f"(as {role})")
            raise


@pytest.mark.parametrize("part", range(PARTS))
def test_api_conforms_to_its_schema(part, request, api_schema, some_rows, wsgi_in_test_transaction):
    headers = {role: headers_for(role, request) for role in ROLES}
    failures: list[str] = []
    for number, result in enumerate(api_schema.get_all_operations()):
        if number % PARTS == part:
            failures += _failures_of(result.ok(), headers)
    assert not failures, "\n\n".join(failures[:30]) + f"\n\n({len(failures)} failures)"
