"""The one place that decides which proposed changes apply, and applies them to text.

Stages only propose. Overlapping proposals are settled by a named policy
(`prefer_wider_then_earlier_stage`); what review decided is marked by `apply_decisions`
(decisions are keyed by `item_key`, which `redactor review` uses to ask); text edits are
applied right to left so earlier offsets stay valid (as Presidio's TextReplaceBuilder does).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redactor.case import Case, Person
from redactor.case.forms import name_variants, split_possessive
from redactor.model import Change, Entity

REVIEW_STAGE = "review"  # the stage of record-only changes review decided to keep
def prefer_wider_then_earlier_stage(
    changes: Sequence[Change], stage_order: Sequence[str]
) -> list[Change]:
    """Settle overlaps within each block: the wider span wins; on a tie, the earlier stage.

    Losing changes get status "skipped" and a note of what they lost to; the list returned
    holds every change (winners keep their status) in document order.
    """
    rank = {name: i for i, name in enumerate(stage_order)}
    by_block: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_block[change.block_id].append(change)
    settled: list[Change] = []
    for block_changes in by_block.values():
        candidates = sorted(
            (c for c in block_changes if c.status != "skipped"),
            key=lambda c: (-(c.end - c.start), rank.get(c.stage, len(rank)), c.start),
        )
        taken: list[Change] = []
        for change in candidates:
            if not is_applicable(change):
                taken.append(change)
                continue
            rival = next((t for t in taken if is_applicable(t) and _overlaps(t, change)), None)
            if rival is not None:
                change.status = "skipped"
                change.detail["overlapped_by"] = f"{rival.stage}:{rival.rule}"
            taken.append(change)
        settled.extend(block_changes)
    return sorted(settled, key=lambda c: (c.block_id, c.start, c.end))


def is_applicable(change: Change) -> bool:
    """True for changes that edit text (as opposed to skipped, kept or flag-only ones)."""
    return change.status in ("applied", "redacted-by-review") and change.before != change.after


def _overlaps(a: Change, b: Change) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start < b.end and b.start < a.end if a.start != b.start else True
    return a.start < b.end and b.start < a.end


def apply_to_text(text: str, changes: Iterable[Change]) -> str:
    """Apply settled (non-overlapping) changes to one block's text with Presidio's
    `AnonymizerEngine`, which edits right to left: `replace` for placeholders, our custom
    operators for pseudonyms and date reductions (`OPERATORS`).

    Raises ValueError when a change's `before` is not the text at its offsets (the text and
    the changes do not belong together), and when the anonymizer would leave a change out.
    Presidio settles conflicts by its own rule (a span touching or inside another is dropped:
    a zero-width insertion at the end of a replaced span, for one), not by ours
    (`prefer_wider_then_earlier_stage`), so the changes come settled and none may be dropped.
    """
    changes = sorted(changes, key=lambda c: c.start)
    if not changes:
        return text
    results, operators = [], {}
    for index, change in enumerate(changes):
        if text[change.start:change.end] != change.before:
            raise ValueError(
                f"change {change.rule} at {change.block_id}[{change.start}:{change.end}] "
                f"expected {change.before!r} but found {text[change.start:change.end]!r}"
            )
        key = f"{change.stage}#{index}"  # one entity type per change: no merging, own value
        results.append(RecognizerResult(key, change.start, change.end, 1.0))
        operators[key] = operator_for(change)
    result = _anonymizer().anonymize(text, results, operators)
    if len(result.items) != len(changes):
        kept = {item.entity_type for item in result.items}
        lost = ", ".join(f"{c.rule} at {c.block_id}[{c.start}:{c.end}]"
                         for i, c in enumerate(changes) if f"{c.stage}#{i}" not in kept)
        raise ValueError(f"changes {lost} conflict with another change of the block "
                         "(not settled)")
    return result.text


# Stage -> Presidio operator: "replace" puts a fixed placeholder ("[phone number]"); the custom
# operators hand Presidio the pseudonym or reduced date the stage worked out for that mention.
OPERATORS = {"identifiers": "replace", "pseudonyms": "pseudonym", "dates": "date-reduction"}


def operator_for(change: Change) -> OperatorConfig:
    """The anonymizer operator that makes `change`: Presidio's `replace` with the new value,
    or its `custom` operator returning it (also for an empty value: `replace` would write
    "<ENTITY>")."""
    if OPERATORS.get(change.stage) == "replace" and change.after:
        return OperatorConfig("replace", {"new_value": change.after})
    after = change.after
    return OperatorConfig("custom", {"lambda": lambda _original: after})


@cache
def _anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()


def applicable_by_block(changes: Iterable[Change]) -> dict[str, list[Change]]:
    """The changes to apply, grouped by block id, each list in document order."""
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if is_applicable(change) and change.block_id:
            grouped[change.block_id].append(change)
    return {k: sorted(v, key=lambda c: c.start) for k, v in grouped.items()}


NAME_KEY = "name:"


# --- review decisions: their keys, and marking what they decided -------------------------


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

    A pronoun is keyed by the words around it in its paragraph (`detail["context"]`), so the
    same sentence in two drafts, or in a version with a paragraph inserted above it, is one
    item (asked once); decisions keyed by place in earlier versions still apply
    (`place_key`).
    """
    if is_name_change(change):
        return NAME_KEY + normalise_name(change.before)
    if change.stage not in PLACE_STAGES:
        digest = hashlib.sha256(f"{normalise(change.before)}\x00{change.stage}".encode()
                                ).hexdigest()[:10]
        return f"{change.stage}:text:{digest}"
    context = change.detail.get("context")
    if not context:
        return place_key(change)
    digest = hashlib.sha256(f"{change.before}\x00{change.rule}\x00{context}".encode()
                            ).hexdigest()[:12]
    return f"{change.stage}:context:{digest}"  # the words around it: an edit above keeps it


def place_key(change: Change) -> str:
    """The key of one occurrence (by place); earlier versions keyed every mention so."""
    digest = hashlib.sha256(f"{change.before}\x00{change.rule}".encode()).hexdigest()[:10]
    return f"{change.stage}:{change.block_id}:{change.start}:{digest}"


PLACE_STAGES = ("gender",)  # decided occurrence by occurrence


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


def normalised_variants(person: Person) -> set[str]:
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
            for variant in normalised_variants(person):
                names.setdefault(variant, decision)
    return names


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
        block_id=block_id, start=start, end=end, before=text, after=text, stage=REVIEW_STAGE,
        rule="review.keep.v1", reason=f"kept by review: {_summary(decision)}",
        status="kept-by-review", location=location, detail={"decision": decision.get("key")},
    )


def _summary(decision: dict[str, Any]) -> str:
    value = f" {decision['value']}" if decision.get("value") else ""
    return f"{decision.get('action')}{value} (by {decision.get('by')}, {decision.get('at')})"


def _location_in(changes: list[Change], block_id: str) -> str:
    return next((c.location for c in changes if c.block_id == block_id and c.location), "")
