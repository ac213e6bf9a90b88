"""In-process memos of data the public pages read on every request and that changes seldom:
the wards that take tips (the public scope) and the tip form's choices.

A memo keeps each value for `WARDSEC_PUBLIC_CACHE_SECONDS` and forgets everything as soon as one
of its models is saved or deleted in this process (again when that transaction commits, so a
read made between the save and the commit is not kept). Each worker process has its own memo:
a change made through another worker is seen here within the TTL. A change made with
`QuerySet.update()` sends no signal and is seen within the TTL too.

Nothing personal is kept here: only ward ids and rendered lists of place and category names.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

__all__ = ["Memo"]

_T = TypeVar("_T")


class Memo:
    """A per-process cache with a TTL, emptied when one of `models` ("app.Model") changes."""

    every: ClassVar[list[Memo]] = []

    def __init__(self, name: str, *models: str):
        Memo.every.append(self)
        self.name = name
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._generation = 0
        self._lock = threading.Lock()
        for label in models:
            for signal in (post_save, post_delete):
                signal.connect(
                    self._changed, sender=label, weak=False, dispatch_uid=f"memo:{name}:{label}"
                )

    def get(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The value for `key`, computed by `compute()` when absent or older than the TTL."""
        now = time.monotonic()
        found = self._values.get(key)
        if found is not None and now - found[0] < settings.WARDSEC_PUBLIC_CACHE_SECONDS:
            return found[1]
        generation = self._generation
        value = compute()
        with self._lock:
            if generation == self._generation:  # not computed from rows changed meanwhile
                self._values[key] = (now, value)
        return value

    @classmethod
    def clear_all(cls) -> None:
        """Forget every memo (tests: each test's rows are rolled back after it)."""
        for memo in cls.every:
            memo.clear()

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._values = {}

    def _changed(self, **kwargs: Any) -> None:
        self.clear()
        transaction.on_commit(self.clear, using=kwargs.get("using"))

    def __repr__(self) -> str:
        return f"<Memo {self.name}: {len(self._values)} values>"
