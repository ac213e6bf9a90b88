"""JSON: the figures of the contract, as they are."""

from __future__ import annotations

import json

from reports.render.document import Document


def render(document: Document) -> bytes:
    return json.dumps(document.figures, ensure_ascii=False, indent=2, sort_keys=False).encode()
