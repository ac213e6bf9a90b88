"""The tips app's referral to mediation, received: the tip becomes a dispute in the same
transaction (`tips.services.tip_referred_to_mediation`; no rule here, the service holds them)."""

from __future__ import annotations

from typing import Any

from mediation import services


def open_dispute_for_referred_tip(sender: Any, tip: Any, actor: Any, note: str, **kwargs: Any):
    services.open_dispute_from_tip(tip=tip, actor=actor, note=note)


def connect() -> None:
    from tips.services import tip_referred_to_mediation

    tip_referred_to_mediation.connect(
        open_dispute_for_referred_tip, dispatch_uid="mediation.open_dispute_for_referred_tip"
    )
