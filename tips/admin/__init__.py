"""The officers' workplace for tips, cases and subjects (Django admin, Vietnamese first).

Every change of a tip's, case's or subject's state goes through `tips.services`: the bulk
actions, the workflow pages (one small page per step, `<tip>/<step>/`), and the add pages
(officer-entered tips, cases, subjects, Open311 clients). A service's ValidationError becomes a
form error or a message, never a 500.

Everything runs in the ward scope the middleware opened: another ward's tip, case, subject or
photo is a 404; a missing permission a 403. What the admin never shows: a tip's PIN hash, PIN
bookkeeping and idempotency key; a tipster's contact without `tips.view_tipster_contact` (and
reading it is audited); a subject's identity without `tips.view_subject_identity` (audited too).
Uploaded photos are streamed by `tips.admin.tip.attachment_view` only, never as public media.
"""

from tips.admin import events  # noqa: F401  (names the events in the audit log)
from tips.admin.case import CaseAdmin, SubjectAdmin
from tips.admin.lists import OffenceCategoryAdmin, Open311ClientAdmin
from tips.admin.steps import TIP_STEPS
from tips.admin.tip import TipAdmin

__all__ = [
    "TIP_STEPS",
    "CaseAdmin",
    "OffenceCategoryAdmin",
    "Open311ClientAdmin",
    "SubjectAdmin",
    "TipAdmin",
]
