"""Ward isolation that fails closed, on top of django-scopes.

Every ward-owned model's default manager is `scoped_manager(...)`: a query outside an active scope
raises `ScopeError`. A scope names the wards whose rows may be seen. django-scopes reads
`scope(ward=None)` as "no filtering"; `ward_scope` refuses that, and an empty list means "nothing".
Leaving the scope (`scopes_disabled()`) is for migrations, management commands, superusers and
test fixtures only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar, overload

from django.core.exceptions import EmptyResultSet
from django.db import models
from django_scopes import ScopedManager, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet

from wardsec.memo import Memo

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from wards.models import Ward

__all__ = [
    "ALL_WARDS",
    "ScopedManagerBase",
    "current_ward_ids",
    "public_scope",
    "scope_for_user",
    "scoped_manager",
    "with_predecessors",
    "ward_ids_for_user",
    "ward_scope",
]


class _AllWards:
    """Marker: the user may see every ward (superusers)."""

    def __repr__(self) -> str:
        return "ALL_WARDS"


ALL_WARDS = _AllWards()


class _RefusingQuerySet(DisabledQuerySet):
    """django-scopes' queryset outside a scope, also refusing the reads it lets through:
    `exists()` (and `aexists()`), `exclude()`, `explain()` and `aiterator()` would otherwise
    query every ward."""

    exists = DisabledQuerySet.error
    exclude = DisabledQuerySet.error
    explain = DisabledQuerySet.error
    aiterator = DisabledQuerySet.error


_M = TypeVar("_M", bound=models.Model)
_Manager = TypeVar("_Manager", bound="ScopedManagerBase[Any]")


class ScopedManagerBase(models.Manager[_M]):
    """The static type of a `scoped_manager(...)`: a manager with django-scopes' methods.

    Build a model's manager class from it (`ScopedManagerBase.from_queryset(TipQuerySet)`) and
    pass that to `scoped_manager`. django-scopes makes its manager classes at run time, inside
    `ScopedManager()`, where type checkers cannot see them; `scoped_manager` puts that class in
    front of this one, so the methods declared here for type checkers are django-scopes' own.
    """

    if TYPE_CHECKING:

        def with_scope(self, **scope: Any) -> Self:
            """This manager in the scope `scope` instead of the active one."""

        def with_scopes_disabled(self) -> Self:
            """This manager with no scope: every ward (migrations, commands, superusers)."""


@overload
def scoped_manager(**dimensions: str) -> ScopedManagerBase[Any]: ...
@overload
def scoped_manager(manager_class: type[_Manager], /, **dimensions: str) -> _Manager: ...
def scoped_manager(
    manager_class: type[ScopedManagerBase[Any]] = ScopedManagerBase, /, **dimensions: str
) -> ScopedManagerBase[Any]:
    """A default manager that refuses to query outside a ward scope.

    `manager_class` is a subclass of `ScopedManagerBase`, usually made with
    `ScopedManagerBase.from_queryset(...)`. `dimensions` maps the scope name to the lookup path,
    e.g. `ward="case__ward"`.

    Type checkers cannot follow the class made here: annotate the model's `objects` and
    `_default_manager` with `manager_class` (see `wards.models.Ward`).
    """
    base = type(ScopedManager(_manager_class=manager_class, **dimensions))

    class WardScopedManager(base):  # type: ignore[valid-type,misc]
        def get_queryset(self) -> models.QuerySet:
            queryset = super().get_queryset()
            if isinstance(queryset, DisabledQuerySet):
                return _RefusingQuerySet(
                    self.model, using=self._db, missing_scopes=queryset.missing_scopes
                )
            return queryset

    return WardScopedManager()


def _ids(wards: Iterable[Ward | int]) -> list[int]:
    return [w if isinstance(w, int) else w.pk for w in wards]


@contextlib.contextmanager
def ward_scope(wards: Ward | int | Iterable[Ward | int]) -> Iterator[None]:
    """Activate a scope over `wards` (one ward, an id, or several). `None` is refused."""
    if wards is None:
        raise ValueError("ward_scope(None) would disable ward isolation; name the wards.")
    single = isinstance(wards, int) or hasattr(wards, "pk")
    ids = _ids([wards] if single else wards)  # type: ignore[list-item,arg-type]
    with scope(ward=ids):
        yield


def current_ward_ids() -> list[int] | _AllWards:
    """The ward ids of the active scope, ALL_WARDS when scoping is disabled, [] when none."""
    state = get_scope()
    if not state.get("_enabled", True):
        return ALL_WARDS
    value = state.get("ward")
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return _ids([value])


def with_predecessors(ward_ids: set[int]) -> set[int]:
    """Add the wards merged (directly or in steps) into `ward_ids`: their history is ours."""
    from wards.models import Ward

    found = set(ward_ids)
    frontier = set(ward_ids)
    with scopes_disabled():
        while frontier:
            frontier = (
                set(Ward.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
                - found
            )
            found |= frontier
    return found


def ward_ids_for_user(user: User | AnonymousUser) -> list[int] | _AllWards:
    """The wards `user` may see: their wards, their provinces' wards, and those wards'
    predecessors. Superusers see all; anyone else without a current membership sees nothing."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return ALL_WARDS
    from wards.models import Membership, Ward

    with scopes_disabled():
        rows = list(
            Membership.objects.current().filter(user=user).values_list("ward_id", "province_id")
        )
        ward_ids = {ward_id for ward_id, _ in rows if ward_id}
        province_ids = {province_id for _, province_id in rows if province_id}
        if province_ids:
            ward_ids |= set(
                Ward.objects.filter(province_id__in=province_ids).values_list("pk", flat=True)
            )
    if not ward_ids:
        return []
    return sorted(with_predecessors(ward_ids))


@contextlib.contextmanager
def scope_for_user(user: User | AnonymousUser) -> Iterator[list[int] | _AllWards]:
    """The scope a signed-in person works in; yields what it covers."""
    ward_ids = ward_ids_for_user(user)
    if ward_ids is ALL_WARDS:
        with scopes_disabled():
            yield ward_ids
    else:
        with ward_scope(ward_ids):  # type: ignore[arg-type]
            yield ward_ids


class _IdArray(models.Expression):
    """The right-hand side of `ward IN (…)` for a long list of ward ids: one array parameter on
    PostgreSQL (`IN (SELECT unnest(%s::bigint[]))`) instead of one placeholder per ward, which
    cost ~25 ms of ORM and planner time per query for a national list of 3,300 communes."""

    def __init__(self, ids: list[int], literal: str):
        super().__init__(output_field=models.BigIntegerField())
        self.ids = ids
        self.literal = literal

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet  # as Django's `__in=[]`: nothing, never everything
        return "(" + ", ".join(["%s"] * len(self.ids)) + ")", tuple(self.ids)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        return "SELECT unnest(%s::bigint[])", (self.literal,)


class _WardIds(list):
    """A scope's ward ids (a plain list to everything that reads the scope) that a query
    filters on as one `_IdArray`. Not to be changed once made: the array literal is kept."""

    def __init__(self, ids: Iterable[int]):
        super().__init__(ids)
        self.literal = "{" + ",".join(str(i) for i in self) + "}"

    def resolve_expression(self, *args: Any, **kwargs: Any) -> _IdArray:
        return _IdArray(list(self), self.literal)


# The public scope is read on every public request and changes when a ward does.
public_scope_memo = Memo("public_scope", "wards.Ward")


def _public_ward_ids() -> _WardIds:
    from wards.models import Ward

    with scopes_disabled():
        ids = set(Ward.objects.accepting_tips().values_list("pk", flat=True))
    return _WardIds(sorted(with_predecessors(ids)))


@contextlib.contextmanager
def public_scope() -> Iterator[None]:
    """The scope of the public pages: the wards that take tips from the public, and the wards
    merged into them (a citizen may follow a tip filed before a merger).

    Public views see no more than this; what they show of a tip is further limited by its
    tracking code and PIN. The ward ids are remembered by each worker (`wardsec.memo`: at once
    forgotten when a ward is saved, otherwise after WARDSEC_PUBLIC_CACHE_SECONDS); no ward
    taking tips is still an empty scope, never an open one.
    """
    with scope(ward=public_scope_memo.get("ids", _public_ward_ids)):
        yield
