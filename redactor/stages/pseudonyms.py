"""People -> pseudonyms, in the form of each mention; `redact` terms -> "[redacted]"."""

from __future__ import annotations

from redactor.case import Case, Person
from redactor.model import Change, Entity
from redactor.names import render_pseudonym
from redactor.stages import StageContext

NAME = "pseudonyms"
REDACTED = "[redacted]"


def placeholder(case: Case, person: Person) -> str:
    """A neutral placeholder for a person without a pseudonym: "[Person 3]"."""
    return f"[Person {case.people.index(person) + 1}]"


def pseudonym_for(case: Case, person: Person) -> str:
    return person.pseudonym or placeholder(case, person)


def propose(ctx: StageContext) -> list[Change]:
    """One change per mention of a known person and per `redact` term."""
    changes = []
    for entity in ctx.entities:
        if entity.label == "PERSON" and entity.person_id:
            changes.append(_person_change(ctx.case, entity))
        elif entity.label == "REDACT_TERM":
            changes.append(Change(
                block_id=entity.block_id, start=entity.start, end=entity.end,
                before=entity.text, after=REDACTED, stage=NAME, rule="redact-term.v1",
                reason="listed under 'redact' in the case file", score=entity.score,
            ))
    return changes


def _person_change(case: Case, entity: Entity) -> Change:
    person = case.person(entity.person_id or "")
    after = render_pseudonym(pseudonym_for(case, person), entity.form or "full", entity.text)
    return Change(
        block_id=entity.block_id, start=entity.start, end=entity.end,
        before=entity.text, after=after, stage=NAME, rule=f"pseudonym.{entity.form}.v1",
        reason=f"mention of {person.id} ({person.role}) found by {entity.source}; "
        f"{entity.form} form replaced by the pseudonym",
        person=person.id, score=entity.score, flagged=entity.flagged,
    )
