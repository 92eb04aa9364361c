"""Child-gender neutralisation: children's gendered nouns and pronouns become neutral.

`redactor.stages.gender.resolver` decides who each gendered word refers to; this stage
writes the neutral form: nouns from `patterns/gendered_terms.csv` ("son" -> "child", plurals
and capitals kept), pronouns with the verb that agrees ("she was" -> "they were", "his" ->
"their" or "theirs"). A word resolved to a child is changed; to an adult, left; when both are
plausible the change is proposed with status "flagged" (text unchanged) unless
`child_pronouns` is "aggressive".

Parses come from `ctx.parses`; missing ones are made here with one `nlp.pipe` pass. With
`use_model` off nothing is parsed, so only nouns are judged (pronouns need the parse).

The package: `resolver` (the `Resolver`, walking blocks in reading order), `nouns` and
`pronouns` (its two halves: kin nouns, the pronoun sieve and salience; `clauses`
holds the sieve's passes read from the pronoun's clause: who reports, who is asked, whose
thing), `block` (what it asks
of one block's parse), `referents` (who may be meant, and salience weights), `grammar` (word
lists, gendered terms, ages in the text, token helpers).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

import regex

from redactor.case import Case
from redactor.case.forms import is_label, name_variants
from redactor.detect.casematch import CaseMatcher
from redactor.detect.nlp import load_nlp, pipe_in_pieces
from redactor.model import Change, Document, Entity
from redactor.options import DEFAULT_MODEL
from redactor.spans import SpanIndex
from redactor.stages import StageContext
from redactor.stages.gender.referents import Reference
from redactor.stages.gender.resolver import Resolver

NAME = "gender"

NEUTRAL_PRONOUN = {"he": "they", "she": "they", "him": "them", "hers": "theirs",
                   "himself": "themselves", "herself": "themselves"}
VERB_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do"}


def propose(ctx: StageContext) -> list[Change]:
    """Neutralise gendered references to children; flag the doubtful ones."""
    parses = _parses(ctx)
    entities = [*ctx.entities, *pseudonym_mentions(ctx.document, ctx.case, ctx.entities)]
    references = Resolver(ctx.case, entities).resolve(ctx.document.blocks, parses)
    aggressive = ctx.options.child_pronouns == "aggressive"
    taken = SpanIndex([*((c.block_id, c.start, c.end) for c in ctx.proposed if c.stage != NAME),
                       *((e.block_id, e.start, e.end) for e in ctx.kept)])

    def free(change: Change) -> bool:  # never touch other stages' spans or keep terms
        return not taken.overlaps(change.block_id, change.start, change.end)

    texts = {block.id: block.text for block in ctx.document.blocks}
    people = {person.id for person in ctx.case.people}
    changes = []
    pairs = coordinated_pairs(references, texts)
    paired = {id(r) for change, pair in pairs for r in pair}
    for reference in references:
        if (reference.verdict == "adult" and not reference.doubt) \
                or neutral_form(reference) == reference.text or id(reference) in paired:
            continue
        for change in reference_changes(reference, texts[reference.block_id], people):
            if not free(change):
                continue
            if reference.verdict == "ambiguous":
                change.flagged = True
                change.status = "applied" if aggressive else "flagged"
            elif reference.verdict == "adult":  # an adult, probably: asked, in either mode
                change.flagged = True
                change.status = "flagged"
                change.reason = f"{reference.reason}; a child may be meant: {reference.doubt}"
            changes.append(change)
    changes += [change for change, _pair in pairs if free(change)]
    return sorted(changes, key=lambda c: (c.block_id, c.start))


def coordinated_pairs(references: list[Reference], texts: Mapping[str, str]
                      ) -> list[tuple[Change, tuple[Reference, Reference]]]:
    """"son and daughter" -> "children", "a boy and a girl" -> "two children" (both children).

    Two singular nouns with the same neutral form joined by "and" become one plural change,
    so the output does not read "child and child".
    """
    pairs = []
    nouns = [r for r in references if r.kind == "noun" and r.term is not None]
    for first, second in zip(nouns, nouns[1:], strict=False):
        if first.block_id != second.block_id or first.plural or second.plural \
                or first.verdict != "child" or second.verdict != "child" \
                or first.term is None or second.term is None \
                or first.term.neutral != second.term.neutral or first.term.term == second.term.term:
            continue
        text = texts[first.block_id]
        between = text[first.end:second.start]
        article = re.search(r"\b(an?)\s+$", text[:first.start], re.IGNORECASE)
        plural = match_case(first.text, first.term.neutral_plural)
        if re.fullmatch(r"\s+and\s+", between):
            start, before, after = first.start, text[first.start:second.end], plural
        elif re.fullmatch(r"\s+and\s+an?\s+", between, re.IGNORECASE) and article:
            start = article.start()
            before = text[start:second.end]
            after = match_case(article.group(1), "two") + " " + plural.lower()
        else:
            continue
        change = Change(block_id=first.block_id, start=start, end=second.end, before=before,
                        after=after, stage=NAME, rule="gender.noun-pair.v1",
                        reason=f"{first.reason}; {second.reason}",
                        detail={"antecedent": f"{first.antecedent}; {second.antecedent}",
                                "verdict": "child"})
        pairs.append((change, (first, second)))
    return pairs


def child_gender_references(
    document: Document, case: Case, parses: Mapping[str, Any] | None = None
) -> list[tuple[str, int, int, str, str]]:
    """(block_id, start, end, text, reason) of gendered words that refer (or may) to a child.

    What `propose` changes plus what it flags. People are found by their names and, for a
    redacted output, by their pseudonyms. Parses every block with the default model when
    `parses` is None.
    """
    return [(r.block_id, r.start, r.end, r.text, r.reason)
            for r in child_references(document, case, parses)]


def child_references(
    document: Document, case: Case, parses: Mapping[str, Any] | None = None
) -> list[Reference]:
    """The `Reference`s behind `child_gender_references` (verdict "child" or "ambiguous")."""
    entities = entities_for(document, case)
    entities += [e for e in entities_for(document, pseudonym_case(case))
                 if not any(e.block_id == o.block_id and e.start < o.end and o.start < e.end
                            for o in entities)]
    if parses is None:
        parses = parse_blocks(document, DEFAULT_MODEL, {})
    references = Resolver(case, entities, redacted=True).resolve(document.blocks, parses)
    return [r for r in references if r.verdict != "adult" and neutral_form(r) != r.text]


def parse_blocks(document: Document, model: str, parses: Mapping[str, Any]) -> dict[str, Any]:
    """`parses`, completed with one `nlp.pipe` pass over the blocks it lacks."""
    done = dict(parses)
    missing = [b for b in document.blocks if b.id not in done and b.text.strip()]
    if missing:
        nlp = load_nlp(model)
        for block, doc in zip(missing, pipe_in_pieces(nlp, (b.text for b in missing)),
                              strict=True):
            done[block.id] = doc
    return done


def _parses(ctx: StageContext) -> Mapping[str, Any]:
    if not ctx.options.use_model:
        return {}
    return parse_blocks(ctx.document, ctx.options.model, ctx.parses)


def reference_changes(reference: Reference, block_text: str = "",
                      people: Collection[str] = ()) -> list[Change]:
    """The changes that neutralise one reference (a pronoun may bring its verb along).

    `people` are the case's person ids: a change whose antecedent is one names it.
    """
    after = neutral_form(reference)
    why = f"{reference.reason} ({reference.verdict})"
    detail: dict[str, Any] = {"antecedent": reference.antecedent, "verdict": reference.verdict}
    if reference.candidates:
        detail["candidates"] = reference.candidates
    person = reference.antecedent if reference.antecedent in people else None

    def change(start: int, end: int, before: str, after: str, rule: str, reason: str) -> Change:
        return Change(block_id=reference.block_id, start=start, end=end, before=before,
                      after=after, stage=NAME, rule=rule, reason=reason, person=person,
                      detail=dict(detail))

    if reference.kind == "noun":
        end, before = reference.end, reference.text
        apostrophe = block_text[end:end + 1]
        if reference.plural and apostrophe in ("'", "\u2019") and not after.endswith("s") \
                and not block_text[end + 1:end + 2].isalpha():
            end, before, after = end + 1, before + apostrophe, after + apostrophe + "s"
        return [change(reference.start, end, before, after, "gender.noun.v1", why)]
    verbs = agreeing_verbs(reference.token)
    if not verbs:
        return [change(reference.start, reference.end, reference.text, after,
                       "gender.pronoun.v1", why)]
    changes = []
    first, *rest = verbs
    text = block_text or reference.token.doc.text  # doc.text is rebuilt at each call
    between = text[reference.end:first.idx]
    if re.fullmatch(r"\s?", between):
        end = first.idx + len(first.text)
        changes.append(change(reference.start, end, text[reference.start:end],
                              after + between + verb_form(first), "gender.pronoun-verb.v1",
                              why + "; the verb agrees"))
    else:
        changes.append(change(reference.start, reference.end, reference.text, after,
                              "gender.pronoun.v1", why))
        rest = verbs
    for verb in rest:
        changes.append(change(verb.idx, verb.idx + len(verb.text), verb.text, verb_form(verb),
                              "gender.agreement.v1", f"agrees with '{reference.text}' -> "
                              f"'{after}'"))
    return changes


def neutral_form(reference: Reference) -> str:
    """The neutral word for a reference, in the original's capitalisation."""
    text = reference.text
    if reference.kind == "pronoun":
        word = text.lower()
        token = reference.token
        if word == "her":
            neutral = "their" if token.tag_ == "PRP$" or token.dep_ == "poss" else "them"
        elif word == "his":
            neutral = "their" if token.dep_ == "poss" else "theirs"
        else:
            neutral = NEUTRAL_PRONOUN[word]
        return match_case(text, neutral)
    term = reference.term
    assert term is not None
    if not reference.plural:
        return match_case(text, term.neutral)
    return match_case(text, term.neutral_plural)


def agreeing_verbs(pronoun: Any) -> list[Any]:
    """Finite present-tense or "was" verbs whose subject is `pronoun` and that must change."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ not in ("he", "she"):
        return []
    if any(c.dep_ in ("conj", "cc") for c in pronoun.children):
        return []  # "he and his sister were": plural already
    verbs: list[Any] = []
    _collect_verbs(pronoun, pronoun.head, verbs)
    return [v for v in verbs if needs_agreement(v)]


def _collect_verbs(pronoun: Any, verb: Any, verbs: list[Any]) -> None:
    """The finite verb of `verb`'s clause, and of conjoined or complement verbs sharing it."""
    auxiliaries = sorted((c for c in verb.children
                          if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"),
                         key=lambda c: c.i)
    finite = auxiliaries[0] if auxiliaries else verb
    if finite.i > pronoun.i:
        verbs.append(finite)
    for conjunct in verb.children:
        shares_subject = not any(c.dep_ in ("nsubj", "nsubjpass") for c in conjunct.children) \
            and not _own_subject_between(verb, conjunct)
        if conjunct.dep_ in ("conj", "xcomp") and conjunct.pos_ in ("VERB", "AUX") \
                and shares_subject:
            _collect_verbs(pronoun, conjunct, verbs)


_NOMINATIVE = frozenset({"i", "you", "he", "she", "we", "they"})


def _own_subject_between(verb: Any, conjunct: Any) -> bool:
    """"she was a kind sister and he, Darren, was said": a subject pronoun after the last
    "and" or "but" before the conjunct, which a bad parse hung elsewhere, is its own."""
    doc = verb.doc
    tokens = [doc[k] for k in range(verb.i + 1, conjunct.i)]
    joins = [k for k, t in enumerate(tokens) if t.dep_ == "cc" or t.lower_ in ("and", "but")]
    after = tokens[joins[-1] + 1:] if joins else []
    return any(t.lower_ in _NOMINATIVE for t in after)


def needs_agreement(verb: Any) -> bool:
    lower = verb.lower_.replace("\u2019", "'")
    return lower in VERB_AGREEMENT or lower == "'s" or verb.tag_ == "VBZ"


def verb_form(verb: Any) -> str:
    """The plural form of a third-person singular verb: was -> were, 's -> 're, goes -> go."""
    lower = verb.lower_.replace("\u2019", "'")
    if lower == "'s":
        apostrophe = verb.text[0]
        return apostrophe + ("ve" if _is_has(verb) else "re")
    if lower in VERB_AGREEMENT:
        return match_case(verb.text, VERB_AGREEMENT[lower])
    lemma = verb.lemma_.lower()
    if lemma and lemma != lower and lemma.isalpha():
        return match_case(verb.text, lemma)
    return match_case(verb.text, _strip_s(lower))


def _is_has(verb: Any) -> bool:
    """Whether "'s" is "has" (he's been, he's got, he's seen it) rather than "is"."""
    following = [t for t in verb.doc[verb.i + 1:verb.i + 4] if t.pos_ not in ("ADV", "PART")]
    if verb.lemma_ == "have" or (following and following[0].lower_ in ("been", "got")):
        return True
    return verb.dep_ != "auxpass" and bool(following) and following[0].tag_ == "VBN"


def _strip_s(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(s|x|z|ch|sh|o)es$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def match_case(original: str, replacement: str) -> str:
    """`replacement` capitalised like `original` (all capitals, first capital, or lower)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def pseudonym_case(case: Case) -> Case:
    """The case's people under their pseudonyms (same ids, roles, ages), to read an output."""
    people = [replace(p, name=p.pseudonym, aliases=[]) for p in case.people if p.pseudonym]
    return Case(people=people)


PSEUDONYM_SOURCE = "case-file-pseudonym"


def pseudonym_mentions(document: Document, case: Case, entities: list[Entity]) -> list[Entity]:
    """Mentions of people by the pseudonym the case file gives them ("Child A", "Anna"),
    already written in the draft: not changed (they are keep terms), but the resolver must
    know whom they name, or "Child A ... he" has no antecedent that is a child."""
    forms: dict[str, str] = {}
    for person in case.people:
        if person.pseudonym:
            variants = [person.pseudonym] if is_label(person.pseudonym) else [
                v.text for v in name_variants(person.pseudonym) if v.form != "initials"]
            for form in variants:
                forms.setdefault(form, person.id)
    if not forms:
        return []
    pattern = regex.compile(r"(?<![\w'’-])(?:" + "|".join(
        regex.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
    taken = SpanIndex((e.block_id, e.start, e.end) for e in entities if e.label == "PERSON")
    found = []
    for block in document.blocks:
        for match in pattern.finditer(block.text):
            if not taken.overlaps(block.id, match.start(), match.end()):
                found.append(Entity(block_id=block.id, start=match.start(), end=match.end(),
                                    label="PERSON", text=match.group(0), score=1.0,
                                    source=PSEUDONYM_SOURCE, person_id=forms[match.group(0)],
                                    form="pseudonym"))
    return found


def entities_for(document: Document, case: Case) -> list[Entity]:
    """Case-file mentions in every block, as detection would give them (no model)."""
    matcher = CaseMatcher(case, include_keep=False)
    return [e for b in document.blocks for e in matcher.find(b.id, b.text)]
