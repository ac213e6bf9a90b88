"""Fixtures shared with the shared machinery's tests (a ward merged into ward A, one
neighbourhood per ward)."""

from tests.wardsec.conftest import (  # noqa: F401 - fixtures, by name
    neighbourhood_a,
    neighbourhood_b,
    neighbourhood_c,
    predecessor,
)
