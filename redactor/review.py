"""Interactive review: flagged findings one at a time, each decision kept in the case file.

`pending_items` runs detection and every stage on the drafts (against a copy of the case, so
what the stages invent is not saved) and turns flagged changes into questions:

- a *name* item is an unlisted name (one question per distinct text, however often it occurs);
- a *mention* item is one flagged pronoun, date or low-score identifier at one place.

The `decide_*` functions record an answer as ordinary case-file content where there is one
(`keep` terms, new people, aliases, `redact` terms) and always as an entry of
`case.decisions` (key, text, action, value, block, by, at). The caller saves the case after
each decision, so a review can stop and resume; `redact` afterwards asks nothing, and
`apply_decisions` marks what review decided in its audit log.
"""

from __future__ import annotations

import copy
import getpass
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redactor.case import Case, Person
from redactor.case.forms import name_variants, split_possessive
from redactor.changes import is_applicable
from redactor.model import Change, Entity
from redactor.options import RunOptions

if TYPE_CHECKING:  # redactor.pipeline imports this module for apply_decisions
    from redactor.detect.engine import Detector
    from redactor.pipeline import Prepared

STAGE = "review"
NAME_KEY = "name:"
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


def normalise(text: str) -> str:
    """A name's text for comparing: lower case, single spaces, straight apostrophes."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def normalise_name(text: str) -> str:
    """`normalise`, without a possessive ending ("Gary's" -> "gary")."""
    return normalise(split_possessive(text.strip())[0])


def is_name_change(change: Change) -> bool:
    """True for a flagged mention of someone nobody listed (a question about a person)."""
    return change.stage == "pseudonyms" and bool(change.detail.get("new_person"))


def item_key(change: Change) -> str:
    """A stable key: by text for names and for identifiers and dates (one answer for every
    occurrence of that text, in every draft of the case, now and in later runs); by place,
    text and rule for pronouns, where each occurrence may mean someone else.

    Block ids and offsets repeat across drafts, so the same pronoun at the same place of two
    drafts is one item (asked once); an edited draft moves offsets, so it is asked again.
    """
    if is_name_change(change):
        return NAME_KEY + normalise_name(change.before)
    if change.stage not in PLACE_STAGES:
        digest = hashlib.sha256(f"{normalise(change.before)}\x00{change.stage}".encode()
                                ).hexdigest()[:10]
        return f"{change.stage}:text:{digest}"
    return place_key(change)


def place_key(change: Change) -> str:
    """The key of one occurrence (by place); earlier versions keyed every mention so."""
    digest = hashlib.sha256(f"{change.before}\x00{change.rule}".encode()).hexdigest()[:10]
    return f"{change.stage}:{change.block_id}:{change.start}:{digest}"


PLACE_STAGES = ("gender",)  # decided occurrence by occurrence
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


AGREEMENT_RULE = "gender.agreement.v1"


def agreement_leads(changes: Sequence[Change]) -> dict[int, Change]:
    """id(verb change) -> the flagged pronoun change it agrees with, for flagged verbs.

    A verb's change ("has" -> "have") is decided with its pronoun ("She" -> "They"): the
    nearest flagged gender change before it in the block about the same reference (same
    `detail["reference"]` when the stage gives one, else the same antecedent and verdict).
    """
    leads: dict[int, Change] = {}
    seen: dict[str, list[Change]] = {}
    for change in sorted(changes, key=lambda c: (c.block_id, c.start)):
        if change.stage != "gender" or not change.flagged:
            continue
        if change.rule != AGREEMENT_RULE:
            seen.setdefault(change.block_id, []).append(change)
            continue
        lead = next((c for c in reversed(seen.get(change.block_id, []))
                     if _reference(c) == _reference(change)), None)
        if lead is not None:
            leads[id(change)] = lead
    return leads


def _reference(change: Change) -> tuple[str, ...]:
    detail = change.detail
    if "reference" in detail:
        return (str(detail["reference"]),)
    return (str(detail.get("antecedent")), str(detail.get("verdict")),
            str(detail.get("candidates")))


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
    return normalise_name(text) in _variants(person)


def _variants(person: Person) -> set[str]:
    return {normalise_name(v.text) for v in name_variants(person.name, person.aliases)}


def reviewed_names(case: Case) -> dict[str, dict[str, Any]]:
    """Name texts review decided to replace -> the decision: each decided text, and every
    form of the name of a person review added (not other forms of a listed person)."""
    names: dict[str, dict[str, Any]] = {}
    for decision in case.decisions:
        if not str(decision.get("key", "")).startswith(NAME_KEY) or decision.get("action") \
                == "keep":
            continue
        names[normalise_name(str(decision.get("text", "")))] = decision
        if decision.get("action") != "same-person" and decision.get("person"):
            try:
                person = case.person(str(decision["person"]))
            except KeyError:
                continue
            for variant in _variants(person):
                names.setdefault(variant, decision)
    return names


# --- applying decisions in a run -------------------------------------------------------------


def apply_decisions(changes: list[Change], kept: list[Entity], case: Case) -> list[Change]:
    """Mark in `changes` what review decided, for the audit log.

    Changes of a person review added, of a name review made an alias or a `redact` term, and
    mentions review accepted or changed become "redacted-by-review" (still applied). A kept
    mention becomes a record-only change (before == after, stage "review", "kept-by-review"),
    as does every `kept` span whose text review decided to keep. Returns the changes in
    document order.
    """
    by_key: dict[str, dict[str, Any]] = {}
    kept_names: dict[str, dict[str, Any]] = {}
    for decision in case.decisions:
        key = str(decision.get("key", ""))
        if not key.startswith(NAME_KEY):
            by_key[key] = decision
        elif decision.get("action") == "keep":
            kept_names[normalise_name(str(decision.get("text", "")))] = decision
    names = reviewed_names(case)
    leads = agreement_leads(changes)
    result: list[Change] = []
    for change in changes:
        decision = (by_key.get(item_key(change)) or by_key.get(place_key(change))
                    if change.flagged else None)
        if decision is None and id(change) in leads:  # a verb goes with its pronoun
            lead_decision = by_key.get(item_key(leads[id(change)]))
            if lead_decision and lead_decision.get("action") in ("keep", "accept"):
                decision = lead_decision
        if decision is not None:
            result.append(_apply_mention_decision(change, decision, changes))
            continue
        decision = names.get(normalise_name(change.before)) if change.stage == "pseudonyms" \
            else None
        if decision is not None and change.status == "applied" and is_applicable(change):
            _mark_redacted(change, decision)
        result.append(change)
    for entity in kept:
        decision = kept_names.get(normalise_name(entity.text))
        if decision is not None:
            result.append(_kept_record(entity.block_id, entity.start, entity.end, entity.text,
                                       decision, location=_location_in(changes, entity.block_id)))
    return sorted(result, key=lambda c: (c.block_id, c.start, c.end))


def _apply_mention_decision(change: Change, decision: dict[str, Any],
                            changes: list[Change]) -> Change:
    action = decision.get("action")
    if action == "keep":
        kept = _kept_record(change.block_id, change.start, change.end, change.before, decision,
                            location=change.location)
        kept.detail["proposed"] = f"{change.stage} {change.rule}: {change.after}"
        return kept
    if action in ("accept", "change"):
        after = str(decision.get("value") or change.after) if action == "change" else change.after
        rival = next((c for c in changes if c is not change and c.block_id == change.block_id
                      and is_applicable(c) and c.start < change.end and change.start < c.end),
                     None)
        if rival is not None:
            change.detail["review"] = (f"{_summary(decision)}; not applied: overlaps "
                                       f"{rival.stage} {rival.rule}")
            return change
        if after != change.after:
            change.detail["proposed"] = change.after
        change.after = after
        _mark_redacted(change, decision)
    return change


def _mark_redacted(change: Change, decision: dict[str, Any]) -> None:
    """Applied because review said so: no longer a question, so no longer flagged."""
    change.status = "redacted-by-review"
    change.flagged = False
    change.detail["review"] = _summary(decision)


def _kept_record(block_id: str, start: int, end: int, text: str, decision: dict[str, Any],
                 location: str = "") -> Change:
    return Change(
        block_id=block_id, start=start, end=end, before=text, after=text, stage=STAGE,
        rule="review.keep.v1", reason=f"kept by review: {_summary(decision)}",
        status="kept-by-review", location=location, detail={"decision": decision.get("key")},
    )


def _summary(decision: dict[str, Any]) -> str:
    value = f" {decision['value']}" if decision.get("value") else ""
    return f"{decision.get('action')}{value} (by {decision.get('by')}, {decision.get('at')})"


def _location_in(changes: list[Change], block_id: str) -> str:
    return next((c.location for c in changes if c.block_id == block_id and c.location), "")
