"""Query-count baselines: a list costs a pinned number of queries, the same with one row as with
many, so an N+1 (a query per row) or a new query per request fails a test.

`assert_list_baseline(fetch, add_rows, expected=…)` adds one row, reads the list, adds more,
reads again, and asserts both reads ran exactly `expected` queries (the SQL is in the failure
message). The list is read once before measuring, as a running server has its per-process
caches (content types, wardsec.memo) warm. `ScopedAPITestCase` and `ScopedAdminTestCase` call it
for their list with `list_queries` / `changelist_queries`; other lists (exports, figures) call
it directly, or use `assert_num_queries` for one fixed operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

FEW, MANY = 1, 5


def captured(fetch: Callable[[], Any]) -> tuple[list[str], Any]:
    """The SQL `fetch()` ran, and what it returned."""
    with CaptureQueriesContext(connection) as queries:
        result = fetch()
    return [query["sql"] for query in queries.captured_queries], result


def listing(sqls: list[str]) -> str:
    return "\n".join(f"{n}. {sql}" for n, sql in enumerate(sqls, 1))


@contextmanager
def assert_num_queries(expected: int) -> Iterator[None]:
    """Exactly `expected` queries in the block (the SQL listed when not)."""
    with CaptureQueriesContext(connection) as queries:
        yield
    sqls = [query["sql"] for query in queries.captured_queries]
    assert len(sqls) == expected, f"{len(sqls)} queries, pinned {expected}:\n{listing(sqls)}"


def assert_list_baseline(
    fetch: Callable[[], Any],
    add_rows: Callable[[int], None],
    *,
    expected: int | None,
    shown: Callable[[Any], int],
    few: int = FEW,
    many: int = MANY,
) -> None:
    """`fetch()` runs `expected` queries when the list holds `few` rows and when it holds
    `many`; `shown(result)` counts the rows it returned (so an empty list cannot pass)."""
    add_rows(few)
    fetch()  # warm the per-process caches, as on a running server
    sql_few, result = captured(fetch)
    assert shown(result) >= few, "the list does not show the rows it was given"
    add_rows(many - few)
    sql_many, result = captured(fetch)
    assert shown(result) >= many, "the list does not show the rows it was given"
    assert len(sql_many) == len(sql_few), (
        f"{len(sql_few)} queries for {few} rows, {len(sql_many)} for {many}: a query per row?\n"
        f"{listing(sql_many)}"
    )
    assert expected is not None, f"pin the baseline: {len(sql_few)} queries\n{listing(sql_few)}"
    assert len(sql_few) == expected, (
        f"{len(sql_few)} queries, pinned {expected}:\n{listing(sql_few)}"
    )
