"""Who a finding comes from and the people named by a label or a public role.

How sure a finding is (`FLAG_BELOW`, `is_model_finding`), person labels ("Subject A",
`patterns/person_names/labels.yaml`), people the document names in a public role (kept),
and the name word lists the filters share: given names and titles (the census's names are in
`redactor.detect.personnames.vocabulary`).
"""

from __future__ import annotations

from functools import cache

import regex

from redactor.case import Case
from redactor.case.forms import titles
from redactor.detect.personnames import name_lists
from redactor.detect.personnames.vocabulary import census_first_names
from redactor.detect.publiclife import PublicSpan
from redactor.detect.publicroles import PersonMention, panel_table_people, public_people
from redactor.detect.recognizers import RULE_ID
from redactor.model import Block, Document, Entity
from redactor.paths import pattern_file

FLAG_BELOW = 0.5  # findings scoring less are flagged for review (still replaced by default)
MODEL_SOURCES = frozenset({"SpacyRecognizer"})
MODEL_GUESSES = ("LOCATION", "PERSON", "ORGANIZATION")  # labels `reread_organisation` checks
PUBLIC_SOURCE = "public-life"
LABEL_RULE = "person.letter-label.v1"


def is_model_finding(entity: Entity) -> bool:
    """True for the statistical model's guesses and name heuristics (not patterns)."""
    return entity.source in MODEL_SOURCES or not (
        RULE_ID.match(entity.source) or entity.source.endswith("Recognizer"))


@cache
def label_patterns() -> tuple[regex.Pattern, tuple[regex.Pattern, ...], regex.Pattern]:
    """(letter label, bare labels, words that make the next name a person), compiled from
    `patterns/person_names/labels.yaml`."""
    import yaml

    data = yaml.safe_load(pattern_file("person_names/labels.yaml").read_text(encoding="utf-8"))
    return (regex.compile(data["letter_label"]),
            tuple(regex.compile(r) for r in data["bare_labels"]),
            regex.compile(data["person_before"]))


@cache
def name_words_given() -> frozenset[str]:
    """Given names, including those that are also words ("Mark", "Rose")."""
    lists = name_lists()
    return lists.given | lists.given_words


@cache
def title_words() -> frozenset[str]:
    """Titles in lower case without their full stop ("mr", "dr", "cllr")."""
    return frozenset(t.rstrip(".").lower() for t in titles())


def public_entity(block: Block, span: PublicSpan) -> Entity:
    """A public-life span as a keep entity (never changed by a model or pattern guess)."""
    return Entity(block_id=block.id, start=span.start, end=span.end, label="KEEP",
                  text=block.text[span.start:span.end], score=1.0, source=span.rule,
                  explanation=span.reason)


def public_role_mentions(document: Document, found: list[Entity]) -> list[Entity]:
    """Keep entities for every mention of a person the document names in a public role:
    the full name wherever it stands, and the surname alone when it is no given name."""
    index = {block.id: number for number, block in enumerate(document.blocks)}
    texts = [block.text for block in document.blocks]
    persons = [PersonMention(index[e.block_id], e.start, e.end, e.text.strip())
               for e in found if e.label in ("PERSON", "LOCATION", "ORGANIZATION")
               and e.block_id in index and e.source != LABEL_RULE]
    names = public_people(texts, persons, name_words_given() | census_first_names())
    names |= panel_table_people(document, persons)
    if not names:
        return []
    given = name_words_given()
    forms = set(names)
    for name in names:
        words = name.split()
        if len(words) > 1 and words[-1][:1].isupper():
            if words[-1] not in given:
                forms.add(words[-1])
            # "Dear Mr Williams," to "Chris Williams, Head of Community Safety"
            forms.update(f"{title} {words[-1]}" for title in titles())
    pattern = regex.compile(r"(?<![\w'’-])(?:" + "|".join(
        regex.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
    # the first name alone only where a letter greets its addressee ("Dear Sam,")
    firsts = {words[0] for words in ([w for w in name.split()
                                      if w.rstrip(".").lower() not in title_words()]
                                     for name in names) if len(words) > 1}
    salutation = regex.compile(
        r"(?<=^[ \t]*Dear[ \t]+)(?:" + "|".join(regex.escape(f) for f in sorted(firsts))
        + r")(?=[ \t]*[,:]?[ \t]*$)", regex.MULTILINE) if firsts else None
    span = PublicSpan(0, 0, "public-role", f"{PUBLIC_SOURCE}.public-role.v1")
    return [Entity(block_id=block.id, start=m.start(), end=m.end(), label="KEEP",
                   text=m.group(0), score=1.0, source=span.rule, explanation=span.reason)
            for block in document.blocks
            for found in (pattern, salutation) if found is not None
            for m in found.finditer(block.text)]


def drop_pseudonym_labels(found: list[Entity], case: Case) -> list[Entity]:
    """A letter label the case file gives as a pseudonym ("Child A") is that person's
    pseudonym already written, not a new person."""
    labels = {p.pseudonym.lower() for p in case.people if p.pseudonym}
    if not labels:
        return found
    return [e for e in found if not (e.source == LABEL_RULE and e.text.lower() in labels)]


def letter_labels(block: Block) -> list[Entity]:
    """"Subject A", "Adult B", "Mrs C", "Child D", "Victim 1": a person named by a label;
    and a bare letter label where only a person can stand: "the death of X", "AA's"."""
    return [Entity(block_id=block.id, start=m.start(), end=m.end(), label="PERSON",
                   text=m.group(0), score=0.85, source=LABEL_RULE, flagged=True,
                   explanation=f"{LABEL_RULE}: a person named by a letter or number label")
            for pattern in (label_patterns()[0], *label_patterns()[1])
            for m in pattern.finditer(block.text)]


_BARE_LABEL = regex.compile(r"[A-Z]{1,2}\d?")


def repeated_labels(document: Document, found: list[Entity]) -> list[Entity]:
    """Every other mention of a bare label found where only a person can stand: once "the
    death of LF" and "her partner, RC" name them, "LF and RC" later are those people too.
    Only whole tokens, written the same way; a keep term (an agency's short form) still wins
    over them later."""
    labels = {e.text for e in found if e.source == LABEL_RULE and _BARE_LABEL.fullmatch(e.text)}
    if not labels:
        return []
    pattern = regex.compile(r"(?<![\w'’.&/-])(?:" + "|".join(
        regex.escape(t) for t in sorted(labels, key=len, reverse=True))
        + r")(?![\w&/-])(?![.’'](?!s\b)\w)")
    taken = {(e.block_id, e.start) for e in found if e.source == LABEL_RULE}
    return [Entity(block_id=block.id, start=m.start(), end=m.end(), label="PERSON",
                   text=m.group(0), score=0.85, source=LABEL_RULE, flagged=True,
                   explanation=f"{LABEL_RULE}: the same label as a person named elsewhere")
            for block in document.blocks for m in pattern.finditer(block.text)
            if (block.id, m.start()) not in taken]
