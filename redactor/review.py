"""Interactive review: flagged findings one at a time, each decision kept in the case file.

`pending_items` runs detection and every stage on the drafts (against a copy of the case, so
what the stages invent is not saved) and turns flagged changes into questions:

- a *name* item is an unlisted name (one question per distinct text, however often it occurs);
- a *mention* item is one flagged pronoun, date or low-score identifier at one place.

The `decide_*` functions record an answer as ordinary case-file content where there is one
(`keep` terms, new people, aliases, `redact` terms) and always as an entry of
`case.decisions` (key, text, action, value, block, by, at). The caller saves the case after
each decision, so a review can stop and resume; `redact` afterwards asks nothing, and
`redactor.changes.apply_decisions` marks what review decided in its audit log.
"""

from __future__ import annotations

import copy
import getpass
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redactor.case import Case, Person
from redactor.changes import (
    REVIEW_STAGE,
    agreement_leads,
    is_name_change,
    item_key,
    normalise,
    normalise_name,
    normalised_variants,
    place_key,
    reviewed_names,
)
from redactor.model import Change
from redactor.options import RunOptions

if TYPE_CHECKING:  # imported when needed: `import redactor.review` stays light
    from redactor.detect.engine import Detector
    from redactor.pipeline import Prepared

STAGE = REVIEW_STAGE
REDACT_TEXT = "redact"  # typed as a name's replacement: list it under `redact` instead
ACTIONS = ("new-person", "same-person", "keep", "change", "redact", "accept")
SENTENCE_CHARS = 160  # at most this much of a sentence either side of the item


@dataclass
class Item:
    """One question for the reviewer: a flagged change and where it is."""

    key: str
    kind: str  # "name" or "mention"
    change: Change
    document: Path
    block_text: str
    mentions: int = 1
    proposed_person: Person | None = None  # who the stages grouped an unlisted name into
    followers: list[Change] = field(default_factory=list)  # verbs agreeing with a pronoun

    @property
    def text(self) -> str:
        return self.change.before


NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)+|\d+\.)\s")


_RECOGNIZER_REASON = re.compile(
    r"^(?P<kind>.+?) found by (?P<who>\S+) \(score (?P<score>[\d.]+)(?:, flagged for review)?\)")


def plain_reason(change: Change) -> str:
    """Why the item is asked, in words a chair can act on ("may be a UK postcode, but the
    pattern is a weak one"); other reasons are already written so."""
    if is_name_change(change):
        return "looks like a person's name, and nobody of that name is in the case file"
    match = _RECOGNIZER_REASON.match(change.reason)
    if match is None:
        return change.reason
    kind = match.group("kind").replace("uk ", "UK ").replace("nhs", "NHS")
    score = float(match.group("score"))
    sureness = "a weak match" if score < 0.4 else "a likely match" if score < 0.8 else "a match"
    return (f"may be a {kind} ({sureness}: the tool is not sure); keep it if it is not, "
            f"accept to replace it with {change.after!r}")


def findable_location(change: Change, block_text: str) -> str:
    """Where a chair finds the item in Word: the location (page when known, paragraph or
    table cell), the paragraph's own number ("4.1") and a few words around it."""
    where = change.location or change.block_id
    numbered = NUMBERED.match(block_text)
    if numbered and numbered.group(1) not in where:
        where += f" (numbered {numbered.group(1).rstrip('.')})"
    left, text, right = sentence_around(block_text, change.start, change.end)
    left_words, right_words = left.split()[-4:], right.split()[:4]
    near = " ".join([*left_words, text, *right_words])
    return f"{where}, near \u201c{near}\u201d"


# --- finding what to ask ---------------------------------------------------------------------


def prepare_drafts(paths: Sequence[Path], options: RunOptions,
                   detector: Detector) -> list[Prepared]:
    """Read each draft and run the model once (decisions do not change model findings)."""
    from redactor.pipeline import prepare

    return [prepare(Path(path), options, detector) for path in paths]


def proposals(prepared: Sequence[Prepared], case: Case, options: RunOptions,
              detector: Detector) -> tuple[Case, list[tuple[Prepared, list[Change]]]]:
    """Every document's settled changes against a copy of `case` (returned with them)."""
    from redactor.pipeline import detection_for_case, propose_changes

    working = copy.deepcopy(case)
    results = []
    for draft in prepared:
        detection = detection_for_case(draft, working)
        results.append((draft, propose_changes(draft.document, working, options, detector,
                                               detection)))
    return working, results


def pending_items(prepared: Sequence[Prepared], case: Case, options: RunOptions,
                  detector: Detector, skip: frozenset[str] = frozenset()) -> list[Item]:
    """The flagged findings no decision covers yet, in reading order (`skip`: not now)."""
    working, results = proposals(prepared, case, options, detector)
    decided = {str(d.get("key")): d for d in case.decisions}
    decided_names = reviewed_names(case)
    items: dict[str, Item] = {}
    for draft, changes in results:
        texts = {block.id: block.text for block in draft.document.blocks}
        order = {block.id: index for index, block in enumerate(draft.document.blocks)}
        leads = agreement_leads(changes)
        for change in sorted(changes, key=lambda c: (order.get(c.block_id, -1), c.start)):
            if (not change.flagged or change.status in ("skipped", "kept-by-review")
                    or change.stage == STAGE or change.block_id not in texts):
                continue
            key = item_key(change)
            decided_name = is_name_change(change) and normalise_name(change.before) in decided_names
            if key in decided or key in skip or decided_name or place_key(change) in decided:
                continue
            lead = leads.get(id(change))
            if lead is not None and decided.get(item_key(lead), {}).get("action") != "change":
                if item_key(lead) in items:
                    items[item_key(lead)].followers.append(change)
                continue  # decided with its pronoun (unless the pronoun was reworded)
            if key in items:
                items[key].mentions += 1
                continue
            person = None
            if is_name_change(change) and change.person:
                person = _person_or_none(working, change.person)
            items[key] = Item(key=key, kind="name" if is_name_change(change) else "mention",
                              change=change, document=draft.input,
                              block_text=texts[change.block_id], proposed_person=person)
    return list(items.values())


def _person_or_none(case: Case, person_id: str) -> Person | None:
    try:
        return case.person(person_id)
    except KeyError:
        return None


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, item, after): the sentence holding text[start:end], cut to a readable length."""
    left_edge = max((text.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n")),
                    default=-1)
    left = text[left_edge + 1:start].lstrip() if left_edge >= 0 else text[:start]
    ends = [i for i in (text.find(mark, end) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    right = text[end:min(ends) + 1] if ends else text[end:]
    if len(left) > SENTENCE_CHARS:
        left = "…" + left[-SENTENCE_CHARS:]
    if len(right) > SENTENCE_CHARS:
        right = right[:SENTENCE_CHARS] + "…"
    return left, text[start:end], right.rstrip()


# --- recording decisions ---------------------------------------------------------------------


def reviewer_name(given: str | None) -> str:
    """`--reviewer`, else the login name."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(case: Case, item: Item, action: str, value: str | None, by: str,
           **extra: Any) -> dict[str, Any]:
    """Append a decision to `case.decisions` and return it."""
    decision: dict[str, Any] = {
        "key": item.key, "text": item.text, "action": action, "value": value,
        "block": item.change.block_id, "document": item.document.name,
        **extra,
        "by": by, "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    case.decisions.append(decision)
    return decision


def decide_keep(case: Case, item: Item, by: str) -> dict[str, Any]:
    """Never change this: a name, or an identifier kept by text ("Northshire"), becomes a
    `keep` term; a pronoun is kept where it is."""
    by_text = item.kind == "name" or item.change.stage == "identifiers"
    if by_text and normalise(item.text) not in {normalise(k) for k in case.keep}:
        case.keep.append(item.text)
    return record(case, item, "keep", None, by)


def decide_new_person(case: Case, item: Item, pseudonym: str | None, by: str,
                      action: str = "new-person") -> dict[str, Any]:
    """Add the name as a new person (`new: true`) with `pseudonym`, or the proposed one.

    When the stages grouped it into a person the case file already holds (`new: true` from
    an earlier run), that person is confirmed instead (and renamed if `pseudonym` is given).
    """
    proposed = item.proposed_person
    name = proposed.name if proposed else item.text
    existing = next((p for p in case.people if proposed and p.id == proposed.id
                     and p.name == proposed.name), None)
    chosen = ((pseudonym or "").strip() or (proposed.pseudonym if proposed else None)
              or (existing.pseudonym if existing else None))
    if not chosen:
        raise ValueError(f"no pseudonym proposed for {item.text!r}: name one")
    if existing is not None:  # already in the case file (`new: true`): confirm it
        if pseudonym and pseudonym.strip() != existing.pseudonym:
            existing.pseudonym, existing.pseudonym_generated = pseudonym.strip(), False
        if not _is_variant(item.text, existing):
            existing.aliases.append(item.text)
        return record(case, item, action, existing.pseudonym, by, person=existing.id)
    person = Person(
        id=case.next_person_id(), name=name, new=True, pseudonym=chosen,
        role=proposed.role if proposed else "other",
        gender=proposed.gender if proposed else "unknown",
        age=proposed.age if proposed else None, title=proposed.title if proposed else None,
        pseudonym_generated=bool(proposed and not pseudonym and proposed.pseudonym_generated),
    )
    if not _is_variant(item.text, person):
        person.aliases.append(item.text)
    case.people.append(person)
    return record(case, item, action, chosen, by, person=person.id)


def decide_same_person(case: Case, item: Item, person_id: str, by: str) -> dict[str, Any]:
    """The name is another way of naming a listed person: add it as an alias."""
    person = case.person(person_id)  # KeyError for an unknown id
    if not _is_variant(item.text, person):
        person.aliases.append(item.text)
    return record(case, item, "same-person", person.id, by, person=person.id)


def decide_change(case: Case, item: Item, value: str, by: str) -> dict[str, Any]:
    """Replace with `value` instead of the proposal.

    For a name, `value` is the pseudonym of a new person, or "redact" to list the name under
    `redact` (replaced by "[redacted]"); for a mention, the replacement text itself.
    """
    value = value.strip()
    if not value:
        raise ValueError("a replacement cannot be empty")
    if item.kind == "name" and value.lower() == REDACT_TEXT:
        if normalise(item.text) not in {normalise(r) for r in case.redact}:
            case.redact.append(item.text)
        return record(case, item, "redact", None, by)
    if item.kind == "name":
        return decide_new_person(case, item, value, by, action="change")
    return record(case, item, "change", value, by)


def names_containing(text: str, items: Sequence[Item]) -> list[str]:
    """Other names in `items` that hold `text` as a word: keeping `text` keeps it there too
    (a keep term wins over a finding it overlaps), so their other words would stay bare."""
    word = re.compile(rf"(?<!\w){re.escape(normalise_name(text))}(?!\w)")
    return [item.text for item in items if item.kind == "name"
            and normalise_name(item.text) != normalise_name(text)
            and word.search(normalise_name(item.text))]


def decide_accept(case: Case, item: Item, by: str) -> dict[str, Any]:
    """Apply the proposed change of a mention (even one only flagged, not applied)."""
    return record(case, item, "accept", item.change.after, by)


def _is_variant(text: str, person: Person) -> bool:
    return normalise_name(text) in normalised_variants(person)


# --- applying decisions in a run -------------------------------------------------------------


