"""Identifiers other than names and dates (to be built: issue 3)."""

from __future__ import annotations

from redactor.model import Change
from redactor.stages import StageContext

NAME = "identifiers"


def propose(ctx: StageContext) -> list[Change]:
    return []
