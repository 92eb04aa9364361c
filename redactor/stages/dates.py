"""Date-precision reduction (to be built: issue 5)."""

from __future__ import annotations

from redactor.model import Change
from redactor.stages import StageContext

NAME = "dates"


def propose(ctx: StageContext) -> list[Change]:
    return []
