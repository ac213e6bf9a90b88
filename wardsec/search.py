"""Search that finds Vietnamese text typed without accents: "le loi" finds "Lê Lợi", "duong"
finds "Đường", on PostgreSQL and SQLite alike.

Both sides are *folded* — accents dropped, "đ" made "d", lower-cased — and compared:

- in Python by `fold()`, for the search term;
- in the database by the `folded` transform, registered on every CharField and TextField
  (`Ward.objects.filter(name__folded__contains="dong hoa")`). On PostgreSQL it is
  `LOWER(unaccent(col))` (the extension, created by migration wardsec 0005; its rules map "đ"
  to "d" and drop combining marks); on SQLite a Python function registered on the connection,
  folding by the table built here from Unicode (plus "đ", which Unicode decomposition (NFD)
  does not strip).

Where the server does not offer `unaccent` (or the role may not create it), PostgreSQL folds
with `LOWER(TRANSLATE(col, <accented letters>, <plain letters>))` by the same table: the same
answers, but TRANSLATE with a table of ~600 letters costs ~0.6 ms a row (116 s for 200,000
addresses, against 0.85 s with unaccent and 0.33 s for Django's `icontains`), so a warning is
logged once. Searches fold every row (no index), as `icontains` already scanned them.

`FoldedSearchMixin` gives an admin this search over its `search_fields` (the `^` and `=`
prefixes keep their meaning; `@` stays PostgreSQL full-text search).
"""

from __future__ import annotations

import logging
import sqlite3
import unicodedata
from functools import cache
from typing import Any

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal

from wardsec import fieldpaths

logger = logging.getLogger(__name__)

# Blocks holding the Latin letters with diacritics (Vietnamese uses Latin-1, Extended-A/B and
# Latin Extended Additional, U+1E00–U+1EFF).
_LATIN_BLOCKS = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)]
_EXTRA = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O"}


@cache
def _table() -> tuple[str, str, str]:
    """(accented letters, their plain letters, combining marks to drop)."""
    pairs = dict(_EXTRA)
    for first, last in _LATIN_BLOCKS:
        for code in range(first, last + 1):
            letter = chr(code)
            plain = "".join(c for c in unicodedata.normalize("NFD", letter) if c.isascii())
            if len(plain) == 1 and plain.isalpha() and plain != letter:
                pairs.setdefault(letter, plain)
    marks = "".join(
        chr(code) for code in range(0x0300, 0x0370) if unicodedata.category(chr(code)) == "Mn"
    )
    return "".join(pairs), "".join(pairs.values()), marks


@cache
def _translation() -> dict[int, int | None]:
    accented, plain, marks = _table()
    return str.maketrans(accented, plain, marks)


def fold(text: str | None) -> str | None:
    """`text` without accents, "đ" as "d", in lower case ("Đường Lê Lợi" → "duong le loi")."""
    if text is None:
        return None
    return text.translate(_translation()).lower()


def _register_sqlite_function(connection: BaseDatabaseWrapper) -> None:
    """Give SQLite's connection WARDSEC_FOLD, once per connection (remembered on Django's
    wrapper: a sqlite3 connection takes no attribute). Registering again while another thread
    runs a query on the same connection — a test's in-memory database shared with its live
    server — fails with "Error creating function"."""
    raw = connection.connection
    if isinstance(raw, sqlite3.Connection) and connection.__dict__.get("_wardsec_fold") is not raw:
        raw.create_function("WARDSEC_FOLD", 1, fold, deterministic=True)
        connection.__dict__["_wardsec_fold"] = raw


def _has_unaccent(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database has the `unaccent` extension (asked once per database name)."""
    known: dict[str, bool] = connection.__dict__.setdefault("_wardsec_unaccent", {})
    name = str(connection.settings_dict["NAME"])
    if name not in known:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
            known[name] = cursor.fetchone() is not None
        if not known[name]:
            logger.warning("PostgreSQL has no unaccent extension: accent-less search is slow.")
    return known[name]


class Folded(models.Transform):
    """`<field>__folded`: the field's text folded as `fold()` does, in the database."""

    lookup_name = "folded"
    output_field = models.TextField()

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        connection.ensure_connection()
        _register_sqlite_function(connection)
        sql, params = compiler.compile(self.lhs)
        return f"WARDSEC_FOLD({sql})", list(params)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.lhs)
        if _has_unaccent(connection):
            return f"LOWER(unaccent(({sql})::text))", list(params)
        accented, plain, marks = _table()
        # TRANSLATE drops the characters of its second argument that have no counterpart in
        # the third: the combining marks go at the end of the second.
        return (
            f"LOWER(TRANSLATE(({sql})::text, %s::text, %s::text))",
            [*params, accented + marks, plain],
        )


models.CharField.register_lookup(Folded)
models.TextField.register_lookup(Folded)


_LOOKUPS = {"^": "startswith", "=": "exact"}


def _is_text(model: type[models.Model], path: str) -> bool:
    """Whether the field at `path` (`a__b__name`) holds text (a lookup such as `__exact`, or a
    non-field, does not)."""
    field = fieldpaths.field_at(model, path)
    return isinstance(field, models.CharField | models.TextField) and not field.is_relation


def folded_search_q(model: type[models.Model], search_fields: list[str], term: str) -> models.Q:
    """One term matched over `search_fields` (OR): text folded, other fields by icontains."""
    query = models.Q()
    for entry in search_fields:
        prefix = entry[0] if entry[:1] in ("^", "=", "@") else ""
        path = entry[len(prefix) :]
        if prefix == "@":
            query |= models.Q(**{f"{path}__search": term})
        elif _is_text(model, path):
            lookup = _LOOKUPS.get(prefix, "contains")
            query |= models.Q(**{f"{path}__folded__{lookup}": fold(term)})
        else:
            lookup = {"^": "istartswith", "=": "iexact"}.get(prefix, "icontains")
            query |= models.Q(**{f"{path}__{lookup}": term})
    return query


class FoldedSearchMixin:
    """Admin search that ignores accents and case (see the module docstring). Uses
    `get_search_fields(request)`, so a base that withholds fields from some users still does."""

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet, search_term: str
    ) -> tuple[models.QuerySet, bool]:
        search_fields = list(self.get_search_fields(request))  # type: ignore[attr-defined]
        if not search_fields or not search_term:
            return super().get_search_results(request, queryset, search_term)  # type: ignore[misc]
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            queryset = queryset.filter(folded_search_q(queryset.model, search_fields, bit))
        paths = [field.lstrip("^=@") for field in search_fields]
        opts = queryset.model._meta
        return queryset, any(lookup_spawns_duplicates(opts, path) for path in paths)
