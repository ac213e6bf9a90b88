"""Workflows of the tips app. Views, the admin, the API, Open311 and commands all call these.

Every function is keyword-only, runs in one transaction, checks its rules (raising
ValidationError with a Vietnamese message), writes the audit entry and queues its side effects
through the outbox, and returns the object it worked on. One module per workflow:

- `submission`: `TipDraft` (what every adapter builds), `submit_tip`, the tipster's contact;
- `triage`: first look, transfer, assignment, closing, referral to mediation;
- `messages`: replies, internal notes, what the tipster adds;
- `cases` and `subjects`: cases, their subjects, corrections and outcomes;
- `lookup`: the citizen's look-up by code and PIN, with its lock-out;
- `open311_clients`: the keys of outside systems.

Callers import the package (`from tips import services` → `services.submit_tip(...)`).
"""

from tips.services.cases import clarify_case, link_tip_to_case, open_case, reopen_case
from tips.services.common import ANONYMOUS_CITIZEN, CITIZEN, Contact, nfc
from tips.services.lookup import (
    LookupLockedError,
    WrongCodeOrPinError,
    find_tip_for_citizen,
    look_up_tip,
)
from tips.services.messages import add_citizen_information, add_internal_note, reply_to_tipster
from tips.services.open311_clients import (
    find_open311_client,
    issue_open311_client,
    open311_key_hash,
)
from tips.services.photos import store_photos
from tips.services.subjects import (
    CORRECTABLE_FIELDS,
    add_subject,
    correct_subject,
    read_subject_identity,
    record_subject_outcome,
)
from tips.services.submission import Receipt, TipDraft, read_tipster_contact, submit_tip
from tips.services.triage import (
    assign_tip,
    close_tip,
    refer_tip_to_mediation,
    reopen_tip,
    tip_referred_to_mediation,
    triage_tip,
)

__all__ = [
    "ANONYMOUS_CITIZEN",
    "CITIZEN",
    "CORRECTABLE_FIELDS",
    "Contact",
    "LookupLockedError",
    "Receipt",
    "TipDraft",
    "WrongCodeOrPinError",
    "add_citizen_information",
    "add_internal_note",
    "add_subject",
    "assign_tip",
    "clarify_case",
    "close_tip",
    "correct_subject",
    "find_open311_client",
    "find_tip_for_citizen",
    "issue_open311_client",
    "link_tip_to_case",
    "look_up_tip",
    "nfc",
    "open311_key_hash",
    "open_case",
    "read_subject_identity",
    "read_tipster_contact",
    "record_subject_outcome",
    "refer_tip_to_mediation",
    "reopen_case",
    "reopen_tip",
    "reply_to_tipster",
    "store_photos",
    "submit_tip",
    "tip_referred_to_mediation",
    "triage_tip",
]
