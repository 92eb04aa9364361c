"""Child-gender neutralisation (to be built: issue 6)."""

from __future__ import annotations

from redactor.model import Change
from redactor.stages import StageContext

NAME = "gender"


def propose(ctx: StageContext) -> list[Change]:
    return []
