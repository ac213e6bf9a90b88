"""What the tips workflows share: text normalisation, the citizen's label in the audit log, the
state check every step makes and the officer check for assignments."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from tips.models import Tip
    from wards.models import Ward

CITIZEN = "Người dân"
ANONYMOUS_CITIZEN = "Người dân (ẩn danh)"


def nfc(text: str | None) -> str:
    """User text, normalised to Unicode NFC and trimmed."""
    return unicodedata.normalize("NFC", text or "").strip()


@dataclass(frozen=True)
class Contact:
    """A tipster's contact as given; all empty for an anonymous tip."""

    name: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Contact:
        """The contact an adapter read into `contact_name`, `contact_phone`, `contact_email`."""
        return cls(
            name=data.get("contact_name") or "",
            phone=data.get("contact_phone") or "",
            email=data.get("contact_email") or "",
        )


def citizen_label(tip: Tip) -> str:
    """How the audit log names the tipster (never by name)."""
    return ANONYMOUS_CITIZEN if tip.is_anonymous else CITIZEN


def require_status(tip: Tip, allowed: list[str], message: str) -> None:
    """Refuse a step on a tip whose status is not one of `allowed`."""
    if tip.status not in allowed:
        raise ValidationError(message)


def check_staff_of_ward(user: User, ward: Ward, *, field: str, message: str) -> None:
    """The user works in the ward, or in the ward it was merged into (which inherited its open
    work); otherwise ValidationError({field: message})."""
    from wards.models import Membership

    if not Membership.objects.with_scopes_disabled().works_in(user, ward):
        raise ValidationError({field: message})
