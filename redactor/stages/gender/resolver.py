"""Who each gendered word refers to: a small heuristic resolver over a spaCy parse.

It walks a document's blocks in order and keeps a list of *referents* (case-file people and
the people that gendered nouns introduce: "her son", "the boy", "his father"). It only needs
the age group, child or adult, not the person.

Nouns: a verdict from their own words (an age beside them, apposition with a case person,
"like a daughter to me"), else from their owner: the owner's children named before ("her son
Paul ... his son"), the case people the owner can have as a son or sister (by age, then the
children alone by surname or salience), a child's sibling being a child. Coordinated kin
("his sister and brother") share one verdict.

Pronouns: binding first (an object is not its clause's subject, a quotation's pronoun not its
speaker, "he" not "the boy" named later in its clause), then `PRONOUN_SIEVE`, most certain
pass first: a reflexive's subject; an age the sentence states ("when he was eleven"); a
possessive chain ("his dad ... his mum"); a parent named with an age ("her mother Maria");
the possessive's own clause ("Maisie asleep in her car seat", "Liam holding his bag"); the
same sentence (everyone of that gender agrees, or the nearest subject unless contested);
the previous sentence. What no pass settles goes to Lappin-Leass salience (recency halved
per sentence, role, parallelism); a class wins when `DECISIVE` (an adult `ADULT_DECISIVE`)
times more salient, else the verdict is "ambiguous" and the reason names both readings
("a child: Maisie Dunmore (4) / an adult: Nicola Reid (38)"). A listed person with no age
counts as an adult. The word lists are data: `patterns/coref_grammar.yaml`. The result is a
list of `Reference`s; `redactor.stages.gender` decides what to write.

Without parses only nouns are judged (pronouns need the parse for their role and agreement).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import yaml

from redactor.case import Case, Person
from redactor.casematch import TriePattern, compile_terms
from redactor.model import Block, Entity
from redactor.paths import pattern_file

Verdict = Literal["child", "adult", "ambiguous"]
TermKind = Literal["child", "offspring", "sibling", "relative", "parent", "adult",
                   "neutral-child"]

DECISIVE = 2.0  # a class of antecedents wins only when this many times more salient
ADULT_DECISIVE = 2.5  # ... and an adult this many times: a child left unchanged is a leak
RECENCY = 100.0  # salience of a mention in the current sentence, halved per sentence back
ROLE_WEIGHT = {"subject": 80.0, "object": 50.0, "other": 20.0, "possessor": 0.0}
PARALLEL = 35.0  # the pronoun and the mention have the same grammatical role
SIBLING_GAP = 15  # years between siblings, at most, when guessing a sibling's age group
UNKNOWN_GENDER = 0.25  # weight of a mention whose gender is unknown ("the GP")
GENERATION = (14, 45)  # a son or daughter is this many years younger than the parent
GRAND_GENERATION = (30, 90)
LOCAL_SUBJECT = 200.0  # the subject of a possessive's clause, or of a reporting verb
PARENT_PRIOR = 150.0  # "his mum", "her dad": in a DHR, most often a child's parent
WINDOW = 3  # sentences back to look first
FAR_WINDOW = 20  # then this far; beyond it, the case file decides

PRONOUNS: dict[str, tuple[str, str]] = {  # word -> (gender, form)
    "he": ("male", "subject"), "she": ("female", "subject"),
    "him": ("male", "object"), "her": ("female", "object-or-possessive"),
    "his": ("male", "possessive-or-standalone"), "hers": ("female", "standalone"),
    "himself": ("male", "reflexive"), "herself": ("female", "reflexive"),
}
TERM_KINDS = ("child", "offspring", "sibling", "relative", "parent", "adult", "neutral-child")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
OBJECT_DEPS = ("dobj", "iobj", "dative", "pobj", "obj")

_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
)
_NUMBER = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = r"(years?|yrs|months?|weeks?|days?)"
_AGE_BEFORE = re.compile(
    _NUMBER + r"[- ]" + _UNIT + r"[- ]old(?:\s+[\w-]+)?\s+$", re.IGNORECASE)
_CHILD_BEFORE = re.compile(
    r"\b(teenage|infant|baby|toddler|young|little|newborn|new-born|unborn|school-age)"
    r"(?:\s+[\w-]+)?\s+$", re.IGNORECASE)
_ADULT_BEFORE = re.compile(r"\b(adult|grown-up|grown up)(?:\s+[\w-]+)?\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(
    r"^(?:\s+(?-i:[A-Z][\w'\u2019-]*|\[[^\]]*\]))*"  # an appositive name ("son Liam")
    r"(?:\s*[,(]\s*|\s+)(?:who\s+(?:was|is)\s+|then\s+|now\s+|at\s+the\s+time\s+)?"
    r"(?:(aged?)\s+)?(?:then\s+)?" + _NUMBER + r"(?:\s*" + _UNIT + r"(?:\s+old)?)?"
    r"(?=\s*[),.;:]|\s+and\b|\s+at\b|\s+(?:years?|months?)\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One row of `patterns/gendered_terms.csv`."""

    term: str
    neutral: str
    plural: str
    neutral_plural: str
    gender: str
    kind: TermKind


@dataclass(frozen=True)
class TermMatch:
    """A gendered noun found in a block."""

    block_id: str
    start: int
    end: int
    text: str
    term: Term
    plural: bool


@dataclass
class Referent:
    """Someone a gendered word may refer to: a case person or a person a noun introduced."""

    key: str  # the person id, or "block:start" for a noun phrase
    label: str  # what the audit log says ("P3", "'her son' (body/p2)")
    gender: str  # female | male | unknown
    child: bool | None  # None: unknown
    kin: str | None = None  # the noun that introduced it ("son"), to find it again
    parent_of: str | None = None  # "Adam's father": the label of Adam's referent
    listed: bool = False  # a case-file person: with no age, an adult unless the text says

    @property
    def verdict(self) -> Verdict:
        """child, adult, or ambiguous; a listed person of unknown age counts as an adult."""
        if self.child is None and self.listed:
            return "adult"
        return verdict_for(self.child)


@dataclass
class Mention:
    referent: Referent
    sentence: int
    role: str  # subject | object | possessor | other


@dataclass
class Reference:
    """A gendered word and the verdict on who it refers to."""

    block_id: str
    start: int
    end: int
    text: str
    kind: Literal["noun", "pronoun"]
    verdict: Verdict
    antecedent: str  # person id or phrase; "" when nothing was found
    reason: str
    term: Term | None = None
    plural: bool = False
    token: Any = None  # the spaCy Token of a pronoun, for agreement
    candidates: list[str] = field(default_factory=list)


@dataclass
class _Question:
    """One pronoun being resolved, and what binding rules out."""

    token: Any
    gender: str
    role: str
    sentence: int
    excluded: set[str] = field(default_factory=set)
    adults_only: bool = False  # "her son": the owner of a son or daughter is a parent


_Answer = tuple[Verdict, "Referent | None", str]

# The passes of the pronoun resolver, most certain first; salience decides the rest.
PRONOUN_SIEVE = ("_reflexive", "_stated_age", "_parent_chain", "_parent_by_age",
                 "_local_owner", "_same_sentence", "_previous_sentence")
QUOTE = re.compile(r'"[^"\n]{1,600}?"|\u201c[^\u201d\n]{1,600}?\u201d')


def load_grammar() -> dict[str, frozenset[str]]:
    """`patterns/coref_grammar.yaml`: the resolver's word lists. Fails loudly when malformed."""
    path = pattern_file("coref_grammar.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = ("reporting_verbs", "observing_verbs", "adjunct_prepositions", "relative_pronouns",
            "child_predicates", "spouse_words")
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of word lists")
    for key in keys:
        words = data.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{path}: {key!r} must be a list of words")
    return {key: frozenset(w.lower() for w in data[key]) for key in keys}


_GRAMMAR = load_grammar()
REPORTING_VERBS = _GRAMMAR["reporting_verbs"]
OBSERVING_VERBS = _GRAMMAR["observing_verbs"]
ADJUNCT_PREPS = _GRAMMAR["adjunct_prepositions"]
RELATIVE_WORDS = _GRAMMAR["relative_pronouns"]
CHILD_WORDS = _GRAMMAR["child_predicates"]
SPOUSE_WORDS = _GRAMMAR["spouse_words"]


@cache
def load_terms() -> tuple[Term, ...]:
    """The gendered nouns, longest first. Fails loudly on a malformed row."""
    path = pattern_file("gendered_terms.csv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    terms = []
    for number, row in enumerate(csv.DictReader(lines), start=2):
        kind = row.get("kind", "")
        if kind not in TERM_KINDS or not row["term"]:
            raise ValueError(f"patterns/gendered_terms.csv row {number}: bad kind {kind!r} "
                             "or empty term")
        if kind not in ("adult", "parent") and not (row["neutral"] and row["neutral_plural"]):
            raise ValueError(f"patterns/gendered_terms.csv row {number}: {row['term']!r} "
                             "needs neutral and neutral_plural")
        terms.append(Term(row["term"], row["neutral"], row["plural"], row["neutral_plural"],
                          row["gender"], kind))  # type: ignore[arg-type]
    return tuple(sorted(terms, key=lambda t: len(t.term), reverse=True))


@cache
def _terms_pattern() -> tuple[TriePattern, dict[str, tuple[Term, bool]]]:
    forms: dict[str, tuple[Term, bool]] = {}
    for term in load_terms():
        forms.setdefault(" ".join(term.term.lower().split()), (term, False))
        if term.plural:
            forms.setdefault(" ".join(term.plural.lower().split()), (term, True))
    return compile_terms(forms, left=r"(?<![\w-])"), forms


def find_terms(block_id: str, text: str) -> list[TermMatch]:
    """Gendered nouns in `text`; titles only before a name, not "Sister Jones"."""
    pattern, forms = _terms_pattern()
    found = []
    for start, end in pattern.spans(text):
        matched = text[start:end]
        term, plural = forms[" ".join(matched.lower().split())]
        after = text[end:end + 30]
        if term.term in ("Mr", "Mrs", "Ms", "Dr"):
            if not matched[0].isupper():
                continue
        elif matched[0].isupper() and re.match(r"\s+[A-Z][a-z]", after) \
                and term.kind == "sibling":
            continue  # a nursing title: "Sister Jones"
        found.append(TermMatch(block_id, start, end, matched, term, plural))
    return found


def age_evidence(text: str, start: int, end: int) -> tuple[bool | None, str]:
    """Whether the words around a noun at text[start:end] say a child (True) or an adult."""
    before = text[max(0, start - 40):start]
    before = re.split(r"[.;:()]", before)[-1]
    if match := _AGE_BEFORE.search(before):
        return _is_child_age(match.group(1), match.group(2)), match.group(0).strip()
    if match := _ADULT_BEFORE.search(before):
        return False, match.group(1)
    if match := _CHILD_BEFORE.search(before):
        return True, match.group(1)
    after = text[end:end + 60]
    match = _AGE_AFTER.search(after)
    if match and (match.group(1) or match.group(3) or not re.match(r"\s+\d", after)):
        return _is_child_age(match.group(2), match.group(3)), match.group(0).strip(" ,(")
    return None, ""


def _is_child_age(number: str, unit: str | None) -> bool:
    if unit and not unit.lower().startswith("y"):
        return True  # months, weeks, days
    if number.isdigit():
        return int(number) < 18
    index = _NUMBER_WORDS.index(number.lower())
    return index < 18  # "zero" .. "seventeen"


def verdict_for(child: bool | None) -> Verdict:
    """True -> "child", False -> "adult", None -> "ambiguous"."""
    if child is None:
        return "ambiguous"
    return "child" if child else "adult"


def person_is_child(person: Person) -> bool | None:
    """True or False from the case file; None for family or other with no age (the text's
    "her son Liam (aged 7)" may then decide; for pronouns such a person counts as an adult)."""
    if person.is_child:
        return True
    if person.age is not None or person.role not in ("family", "other"):
        return False
    return None


class Resolver:
    """Resolves the gendered words of one document, block by block, in reading order."""

    def __init__(self, case: Case, entities: Iterable[Entity]) -> None:
        self.case = case
        self.people: dict[str, Referent] = {}
        self.entities: dict[str, list[Entity]] = {}
        for entity in entities:
            if entity.label == "PERSON":
                self.entities.setdefault(entity.block_id, []).append(entity)
        self.mentions: list[Mention] = []
        self.sentence = 0  # sentences so far, across blocks
        self.nouns: dict[str, list[Referent]] = {}  # kin noun -> referents it introduced
        self.kin_of: dict[tuple[str, str], Referent] = {}  # (owner, "son") -> the son
        self.children_of: dict[str, list[str]] = {}  # "her son Paul": her label -> [Paul]
        self._listed = {person.id for person in case.people}

    def resolve(self, blocks: Sequence[Block], parses: Mapping[str, Any]) -> list[Reference]:
        references: list[Reference] = []
        for block in blocks:
            doc = parses.get(block.id)
            references += self._block(block, doc)
            self.sentence += 1  # a paragraph break weighs like a sentence
        return references

    # -- referents -------------------------------------------------------------------------

    def _person(self, person_id: str, mention_text: str = "") -> Referent:
        if person_id not in self.people:
            try:
                person = self.case.person(person_id)
                gender, child = person.gender, person_is_child(person)
            except KeyError:
                gender, child = "unknown", None
            if gender == "unknown":
                gender = _title_gender(mention_text)
            self.people[person_id] = Referent(person_id, person_id, gender, child,
                                              listed=person_id in self._listed)
        return self.people[person_id]

    def _new_person(self, entity: Entity) -> Referent:
        key = f"{entity.block_id}:{entity.start}"
        return Referent(key, repr(entity.text), _title_gender(entity.text), False)

    # -- one block -------------------------------------------------------------------------

    def _block(self, block: Block, doc: Any) -> list[Reference]:
        listed = [e for e in self.entities.get(block.id, []) if not _common_noun(e.text)]
        found = [e for e in _named_by_parser(block, doc)
                 if not any(e.start < o.end and o.start < e.end for o in listed)]
        entities = sorted(listed + found, key=lambda e: e.start)
        terms = [t for t in find_terms(block.id, block.text)
                 if not any(e.start < t.end and t.start < e.end for e in entities)]
        events: list[tuple[int, str, Any]] = [(e.start, "entity", e) for e in entities]
        events += [(t.start, "noun", t) for t in terms]
        tokens: list[Any] = []
        if doc is not None:  # one pass over the tokens (each visit builds a Token object)
            pronouns: list[tuple[int, str, Any]] = []
            relatives: list[tuple[int, str, Any]] = []
            sentence_of = {}
            for number, sent in enumerate(doc.sents):
                for tok in sent:
                    tokens.append(tok)
                    sentence_of[tok.i] = number
                    lower = tok.lower_
                    if lower in PRONOUNS:
                        pronouns.append((tok.idx, "pronoun", tok))
                    if lower in RELATIVE_WORDS and _is_relative_subject(tok):
                        relatives.append((tok.idx, "relative", tok))
            events += pronouns + relatives
        references: list[Reference] = []
        state = _BlockState(block, doc, entities, terms, sentence_of if doc is not None else {},
                            tokens)
        for _start, kind, item in sorted(events, key=lambda e: e[0]):
            if kind == "entity":
                self._entity(item, state)
            elif kind == "noun":
                references.append(self._noun(item, state))
            elif kind == "relative":
                self._relative(item, state)
            else:
                references.append(self._pronoun(item, state))
        self.sentence += len(set(state.sentence_of.values())) if doc is not None else 1
        return _unify_coordinated(references, block.text)

    def _relative(self, token: Any, state: _BlockState) -> None:
        """"who" in "a quiet girl who kept ...": another mention of the girl, as a subject."""
        noun = token.head.head
        referent = state.referent_of(noun)
        if referent is not None:
            self.mentions.append(Mention(referent, self.sentence + state.sentence_of.get(
                token.i, 0), "subject"))
            state.referent_at[_span(token)] = referent
        verdict = state.verdict_of(noun)
        if verdict is not None:
            state.verdict_at[token.i] = verdict

    def _entity(self, entity: Entity, state: _BlockState) -> None:
        referent = (self._person(entity.person_id, entity.text) if entity.person_id
                    else self._new_person(entity))
        titled = _title_gender(entity.text)
        if titled != "unknown" and referent.gender not in (titled, "unknown"):
            referent = self._new_person(entity)  # "Mr Jones" matched to Sarah Jones: trust "Mr"
        state.referent_at[(entity.start, entity.end)] = referent
        self._mention(referent, state, entity.start, entity.end)

    def _mention(self, referent: Referent, state: _BlockState, start: int, end: int) -> None:
        token = state.head_token(start, end)
        sentence = self.sentence + (state.sentence_of.get(token.i, 0) if token is not None else 0)
        self.mentions.append(Mention(referent, sentence, _role(token)))

    # -- nouns -----------------------------------------------------------------------------

    def _noun(self, match: TermMatch, state: _BlockState) -> Reference:
        term = match.term
        linked = state.apposed_person(match)
        referent = self._person(linked.person_id, linked.text) if linked and \
            linked.person_id else None
        if referent is not None and referent.gender == "unknown" and term.gender != "unknown":
            referent.gender = term.gender
        if term.kind == "neutral-child":
            head = state.head_token(match.start, match.end)
            if head is None or head.dep_ in ("compound", "amod", "nmod", "npadvmod"):
                return Reference(match.block_id, match.start, match.end, match.text, "noun",
                                 "child", "", f"'{match.text}' is a child (not gendered)",
                                 term=term, plural=match.plural)  # "child protection plan"
        verdict, why, referent = self._noun_verdict(match, state, referent)
        if referent is None and not match.plural:
            referent = self._noun_referent(match, verdict)
            if term.kind == "parent":
                owner = state.possessor_verdict(match, known_only=False)
                referent.parent_of = owner[1] if owner else None
        elif referent is not None and referent.child is None and verdict != "ambiguous":
            referent.child = verdict == "child"
        if linked is not None and referent is not None and not match.plural:
            self._relation(match, referent, state)
        if referent is not None and not match.plural:
            state.referent_at[(match.start, match.end)] = referent
            self._mention(referent, state, match.start, match.end)
            owner = state.possessor_verdict(match, known_only=False)
            if owner is not None and term.kind in ("offspring", "sibling", "relative"):
                self.kin_of[(owner[1], term.term.lower())] = referent
        who = {"child": "a child", "adult": "an adult"}.get(verdict, "a child or an adult")
        return Reference(match.block_id, match.start, match.end, match.text, "noun", verdict,
                         referent.label if referent else repr(match.text),
                         f"'{match.text}' refers to {who}: {why}",
                         term=term, plural=match.plural)

    def _noun_verdict(self, match: TermMatch, state: _BlockState, referent: Referent | None
                      ) -> tuple[Verdict, str, Referent | None]:
        """A gendered noun's verdict, most certain evidence first: the word itself, the case
        person it names, an age beside it, what it describes, its owner."""
        term = match.term
        evidence, evidence_text = age_evidence(state.block.text, match.start, match.end)
        if term.kind in ("adult", "parent"):
            return "adult", "a word for an adult", referent
        if term.kind == "neutral-child":
            return "child", f"'{match.text}' is a child (not gendered)", referent
        if referent is not None and referent.child is not None:
            if evidence is not None and evidence != referent.child:
                return "ambiguous", f"the case file and '{evidence_text}' disagree", referent
            return verdict_for(referent.child), \
                f"the same person as {referent.key} in the case file", referent
        if evidence is not None:
            return verdict_for(evidence), f"'{evidence_text}'", referent
        if referent is not None and referent.listed:
            return "adult", f"{self._reading(referent)}, listed with no age", referent
        if term.kind == "child":
            described = state.described_by_predicate(match)
            if described and described[0] != "ambiguous" and described[1]:
                label = described[1]  # the same person: "Priya ... as a quiet girl who ..."
                referent = next((m.referent for m in reversed(self.mentions)
                                 if m.referent.label == label), referent)
                return described[0], f"'{match.text}' describes {label}", referent
            if referent is None and not match.plural:
                referent = self._the_child(match, state)  # "his son ... the boy"
            return "child", f"'{match.text}' names a child", referent
        described = state.described_by_predicate(match, kin=True)
        if described and described[0] != "ambiguous" and described[1]:
            return described[0], f"'{match.text}' describes {described[1]}", referent
        return self._noun_without_evidence(match, state, referent)

    def _relation(self, match: TermMatch, referent: Referent, state: _BlockState) -> None:
        """Remember who is whose child: "her son Paul", "Paul, Tyler's father"."""
        owner = state.possessor_verdict(match, known_only=False)
        if owner is None or not owner[1] or owner[1] == referent.label:
            return
        grand = match.term.term.lower().startswith("grand") or match.term.term == "nan"
        if grand:
            return
        if match.term.kind == "parent":
            parent, child = referent.label, owner[1]
        elif match.term.kind == "offspring":
            parent, child = owner[1], referent.label
        else:
            return
        children = self.children_of.setdefault(parent, [])
        if child not in children:
            children.append(child)

    def _the_child(self, match: TermMatch, state: _BlockState) -> Referent | None:
        """"the boy": the child of that gender most recently mentioned, if only one."""
        if not re.search(r"\bthe\s+$", state.block.text[max(0, match.start - 5):match.start],
                         re.IGNORECASE):
            return None
        head = state.head_token(match.start, match.end)
        sentence = self.sentence + (state.sentence_of.get(head.i, 0) if head is not None else 0)
        scores = self._salience(match.term.gender, sentence, "other", set())
        children = [r for r, _score in scores.values()
                    if r.child is True and r.gender == match.term.gender]
        return children[0] if len(children) == 1 else None

    def _noun_referent(self, match: TermMatch, verdict: Verdict) -> Referent:
        child = {"child": True, "adult": False}.get(verdict)
        kin = match.term.term.lower()
        referent = Referent(f"{match.block_id}:{match.start}",
                            f"'{match.text}' ({match.block_id})", match.term.gender, child, kin)
        if match.term.kind not in ("adult", "parent"):
            self.nouns.setdefault(kin, []).append(referent)
        return referent

    def _noun_without_evidence(
        self, match: TermMatch, state: _BlockState, referent: Referent | None
    ) -> tuple[Verdict, str, Referent | None]:
        """A son, brother or niece with no age: their possessor's known children, an earlier
        mention, the case people it can be (by the possessor's age and surname), the most
        salient of them."""
        term = match.term
        owner = state.possessor_verdict(match)
        if owner is not None and (found := self._kin_of_owner(term, owner, referent)):
            return found
        same_owner = self.kin_of.get((owner[1], term.term.lower())) if owner else None
        if same_owner is not None and same_owner.child is not None:  # "Alison's son ... her son"
            return ("child" if same_owner.child else "adult"), \
                f"{owner[1]}'s {term.term} before: {same_owner.label}", same_owner
        earlier = [r for r in self.nouns.get(term.term.lower(), []) if r.child is not None]
        if earlier and owner is None:
            same = earlier[-1]
            return ("child" if same.child else "adult"), f"as {same.label} before", same
        children, adults = self._possible_people(term, owner)
        if term.kind == "sibling" and not children and not adults and owner is not None:
            return owner[0], f"the sibling of {owner[1]}", referent
        if term.kind == "sibling" and not children:
            return "adult", "no child of that gender in the case file", referent
        if children and adults:
            children, adults = self._narrow(children, adults, owner, state, match)
        if children and not adults:
            if referent is None and len(children) == 1:
                referent = self._person(children[0].id)
            names = ", ".join(self._reading(self._person(p.id)) for p in children)
            return "child", f"it can only be a child in the case file ({names})", referent
        if adults and not children:
            if referent is None and len(adults) == 1:
                referent = self._person(adults[0].id)
            return "adult", "the only people it can be in the case file are adults", referent
        if children and adults:
            return "ambiguous", (f"a child: {self._reading(self._person(children[0].id))} / "
                                 f"an adult: {self._reading(self._person(adults[0].id))}"), referent
        return "ambiguous", "no age given", referent

    def _kin_of_owner(self, term: Term, owner: tuple[Verdict, str], referent: Referent | None
                      ) -> tuple[Verdict, str, Referent | None] | None:
        """What the owner settles: "Adam's father ... his son" is Adam; "her son Paul ...
        his son" is Paul's child named before; a child's sister is a child."""
        if term.kind == "offspring":
            child_of = self._child_of(owner[1], term.gender)
            if child_of is not None:  # "Adam's father ... his son": Adam
                return verdict_for(child_of.child), f"the {term.term} of {owner[1]}", child_of
            named = [] if term.term.lower().startswith("grand") else \
                self.children_of.get(owner[1], [])
            known = [self._person(k) for k in named]
            known = [k for k in known if k.gender in (term.gender, "unknown")]
            if len(known) == 1 and known[0].child is not None:  # "her son Paul ... his son"
                return verdict_for(known[0].child), f"{self._reading(known[0])}, the " \
                    f"{term.term} of {owner[1]} named before", known[0]
        if term.kind == "sibling":
            if owner[0] != "adult":
                children, adults = self._possible_people(term, owner)
                if referent is None and len(children) == 1 and not adults:
                    referent = self._person(children[0].id)  # "Oliver and his sister": Lily
                return owner[0], f"the sibling of {owner[1]}", referent
            if not self._has_age(owner[1]):
                return self._sibling_of_adult(term, owner[1]), \
                    f"the sibling of {owner[1]}", referent
        return None

    def _has_age(self, label: str) -> bool:
        try:
            return self.case.person(label).age is not None
        except KeyError:
            return False

    def _narrow(self, children: list[Person], adults: list[Person],
                owner: tuple[Verdict, str] | None, state: _BlockState, match: TermMatch
                ) -> tuple[list[Person], list[Person]]:
        """Both a child and an adult may be that son or sister: the children, when only they
        share the owner's surname or one of them is decisively the most salient. Never
        narrowed to the adults: a child left unchanged is a leak, a doubt is a flag."""
        try:
            surname = self.case.person(owner[1]).name.split()[-1] if owner else ""
        except KeyError:
            surname = ""
        same = [p for p in children + adults if surname and p.name.split()[-1] == surname]
        if same and all(p.is_child for p in same):
            return [p for p in children if p in same], []
        head = state.head_token(match.start, match.end)
        sentence = self.sentence + (state.sentence_of.get(head.i, 0) if head is not None else 0)
        scores = self._salience(match.term.gender, sentence, "other", set())
        best_child = max((scores[p.id][1] for p in children if p.id in scores), default=0.0)
        best_adult = max((scores[p.id][1] for p in adults if p.id in scores), default=0.0)
        if best_child and best_child >= DECISIVE * best_adult:
            return children, []
        return children, adults

    def _child_of(self, parent_label: str, gender: str) -> Referent | None:
        """The referent a parent noun was introduced for ("Rhys's mother" -> Rhys)."""
        parent = next((m.referent for m in reversed(self.mentions)
                       if m.referent.label == parent_label), None)
        if parent is None or parent.parent_of is None:
            return None
        child = next((m.referent for m in reversed(self.mentions)
                      if m.referent.label == parent.parent_of), None)
        if child is None or child.gender not in (gender, "unknown"):
            return None
        return child

    def _possible_people(self, term: Term, owner: tuple[Verdict, str] | None
                         ) -> tuple[list[Person], list[Person]]:
        """Case people a son, niece or sister may be: children, and adults.

        With the possessor's age known, a son or daughter is `GENERATION` years younger (a
        grandchild `GRAND_GENERATION`); otherwise adults count only as family or other.
        """
        people = {p.id: p for p in self.case.people}
        holder = people.get(owner[1]) if owner else None
        candidates = [p for p in self.case.people if p.gender in (term.gender, "unknown")
                      and p.role != "professional" and p is not holder]
        if holder is not None and holder.age is not None and term.kind == "offspring":
            low, high = GRAND_GENERATION if term.term.startswith("grand") else GENERATION
            candidates = [p for p in candidates
                          if p.age is None or holder.age - high <= p.age <= holder.age - low]
        elif holder is not None and holder.age is not None and term.kind == "relative":
            candidates = [p for p in candidates if p.age is None or p.age < holder.age]
        elif holder is not None and holder.age is not None and term.kind == "sibling":
            candidates = [p for p in candidates
                          if p.age is not None and abs(p.age - holder.age) <= SIBLING_GAP
                          and p.role not in ("professional",)]
        elif holder is not None:  # an owner of unknown age may have a son of any age
            candidates = [p for p in candidates if p.is_child or p.role != "professional"]
        else:
            candidates = [p for p in candidates if p.is_child or p.role in ("family", "other")]
        children = [p for p in candidates if p.is_child]
        adults = [p for p in candidates if not p.is_child]
        return children, adults

    def _sibling_of_adult(self, term: Term, owner: str) -> Verdict:
        """A young adult's sister may be a child: one within `SIBLING_GAP` years of age."""
        try:
            age = self.case.person(owner).age
        except KeyError:
            return "adult"
        if age is None:
            return "adult"
        near = [p for p in self.case.people if p.is_child and p.age is not None
                and p.gender in (term.gender, "unknown") and abs(age - p.age) <= SIBLING_GAP]
        return "child" if near else "adult"

    # -- pronouns --------------------------------------------------------------------------

    def _pronoun(self, token: Any, state: _BlockState) -> Reference:
        """Resolve one pronoun: the passes of `PRONOUN_SIEVE` in order (each either settles
        it or passes), then salience."""
        role = _role(token)
        if token.lower_ == "him" or (token.lower_ == "her" and token.tag_ == "PRP"
                                     and token.dep_ != "poss"):
            role = "object"  # "judged her too young": her is the small clause's subject
        ask = _Question(token, PRONOUNS[token.lower_][0], role,
                        self.sentence + state.sentence_of.get(token.i, 0))
        ask.excluded = self._binding_exclusions(ask, state)
        for rule in PRONOUN_SIEVE:
            found = getattr(self, rule)(ask, state)
            if found is not None:
                return self._settle(ask, state, *found)
        return self._by_salience(ask, state)

    def _settle(self, ask: _Question, state: _BlockState, verdict: Verdict,
                referent: Referent | None, why: str, candidates: Sequence[str] = ()
                ) -> Reference:
        """Record the answer (a mention of the referent, the verdict at the token)."""
        token = ask.token
        start, end = _span(token)
        if referent is not None:
            if referent.gender == "unknown" and verdict != "ambiguous":
                referent.gender = ask.gender  # "the baby ... he": male from then on
            self.mentions.append(Mention(referent, ask.sentence, ask.role))
            state.referent_at[(start, end)] = referent
        state.verdict_at[token.i] = (verdict, referent.label if referent else "")
        return Reference(state.block.id, start, end, token.text, "pronoun", verdict,
                         referent.label if referent else "", why, token=token,
                         candidates=list(candidates))

    def _binding_exclusions(self, ask: _Question, state: _BlockState) -> set[str]:
        """Who the pronoun cannot be: its clause's subject (for an object), the owner of the
        noun it possesses, people named later in its clause, the speaker of its quotation."""
        token, excluded = ask.token, set()
        accompanying = token.dep_ == "pobj" and token.head.lower_ in ADJUNCT_PREPS \
            and token.head.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ == "dobj" for c in token.head.head.children)  # "took the dog with him"
        if ask.role == "object" and not accompanying:
            subject = state.clause_subject(token)
            if subject is None and token.dep_ in ("nsubj", "nsubjpass"):
                subject = state.clause_subject(token.head)
            if subject is not None and subject[1]:
                excluded.add(subject[1])
        if ask.role == "possessor":
            owned = state.referent_at.get(_span(token.head)) if token.head.i != token.i else None
            if owned is not None:
                excluded.add(owned.label)
            head_term = state.term_at(token.head)
            ask.adults_only = head_term is not None and (
                head_term.kind == "offspring" or head_term.term.lower() in SPOUSE_WORDS)
        if ask.role == "subject" and state.parent_subject(token):
            ask.adults_only = True
        if ask.role in ("subject", "object"):
            excluded |= state.named_later_in_clause(token) | self._named_later(ask, state)
        return excluded | self._speakers(ask, state)

    def _named_later(self, ask: _Question, state: _BlockState) -> set[str]:
        """"he said that the boy was lazy": not the boy named later in the clause."""
        token, excluded = ask.token, set()
        end = token.head.right_edge.idx + len(token.head.right_edge.text)
        for match in state.terms:
            if token.idx < match.start < end and match.term.kind == "child" \
                    and match.term.gender == ask.gender and not match.plural:
                child = self._the_child(match, state)
                if child is not None:
                    excluded.add(child.label)
        return excluded

    @staticmethod
    def _speakers(ask: _Question, state: _BlockState) -> set[str]:
        """A pronoun is not the speaker of its quotation, nor the person an aside interrupts
        ("Sophie, she said, coped ...")."""
        token, excluded = ask.token, set()
        if token.dep_ == "nsubj" and token.head.dep_ == "parataxis" \
                and token.head.lemma_ in REPORTING_VERBS:
            for before in state.tokens[max(state.segment(token).start, token.i - 3):token.i]:
                found = state.mention(before)
                if found is not None and found[1]:
                    excluded.add(found[1])
        speaker = state.speaker_of(token)
        if speaker is not None and token.lower_ not in ("himself", "herself"):
            excluded.add(speaker)
        return excluded

    # -- the sieve: each pass returns (verdict, referent, why) or None ----------------------

    def _reflexive(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """"herself": the subject of its clause."""
        if ask.token.lower_ not in ("himself", "herself"):
            return None
        bound = state.clause_subject(ask.token)
        if bound is None:
            return None
        verdict, label = bound
        return verdict, self._referent(label), "a reflexive: the subject of its clause"

    def _stated_age(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """The sentence says how old the pronoun's person is: "when he was eleven", "she was
        a baby", "Now nine, she ..."."""
        if ask.role != "subject":
            return None
        child, evidence = state.stated_age(ask.token)
        if child is None or (child and not state.child_nearby(ask.token, ask.gender)):
            return None  # an adult was a teenager once: "when she was a teenager"
        referent = self._best_of_class(ask, state, child=child)
        who = "a child" if child else "an adult"
        return verdict_for(child), referent, f"'{evidence}' says {who}"

    def _parent_chain(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """"his dad ... his mum": the owner of an earlier parent in the sentence."""
        chained = state.parent_chain(ask.token)
        if chained is None:
            return None
        verdict, label = chained
        return verdict, self._referent(label), ("possessive chain: the same owner as the "
                                                "parent named before in the sentence")

    def _parent_by_age(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """"Her mother Maria" with Maria 61: "her" is someone Maria can be the mother of (a
        generation younger), when everyone that fits is of one age group."""
        if ask.role != "possessor":
            return None
        match = state.match_at(ask.token.head)
        if match is None or match.term.kind != "parent":
            return None
        linked = state.apposed_person(match)
        try:
            parent = self.case.person(linked.person_id) if linked and linked.person_id else None
        except KeyError:
            parent = None
        if parent is None or parent.age is None:
            return None
        grand = match.term.term.lower().startswith("grand") or match.term.term == "nan"
        low, high = GRAND_GENERATION if grand else GENERATION
        fits = []
        for referent, _score in self._salience(ask.gender, ask.sentence, ask.role,
                                               ask.excluded).values():
            age = self._age(referent)
            if age is not None and low <= parent.age - age <= high:
                fits.append(referent)
        if not fits or len({r.verdict for r in fits}) != 1:
            return None
        return fits[0].verdict, fits[0], (f"{self._reading(fits[0])}: the one "
                                          f"{self._reading(self._person(parent.id))} can be "
                                          f"the {match.term.term} of")

    def _age(self, referent: Referent) -> int | None:
        try:
            return self.case.person(referent.key).age if referent.listed else None
        except KeyError:
            return None

    def _local_owner(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """A possessive belongs to the person its own clause is about: "Liam holding his bag",
        "Maisie asleep in her car seat", "a liar like his dad"; so does a participle's
        adjunct: "taking Ruby with her"."""
        token = ask.token
        if token.dep_ == "pobj" and token.head.lower_ in ADJUNCT_PREPS \
                and token.head.head.tag_ in ("VBG", "VBN") and not _subjects(token.head.head):
            subjects = _shared_subjects(token.head.head)
            found = state.mention(subjects[0]) if subjects else None
            if found is not None and found[2] == ask.gender and found[1] not in ask.excluded:
                return self._known((found[0], found[1]), ask, "the participle is about")
        if ask.role != "possessor":
            return None
        term = state.term_at(ask.token.head)
        parent = term is not None and term.kind == "parent"
        child = state.child_object_before(ask.token, ask.gender) if parent else None
        if child is not None:  # "drove him to his grandmother's"
            return self._known(child, ask, "the child taken to their parent is")
        found = state.local_owner(ask.token, ask.gender, ask.excluded)
        subject = state.later_subject(ask.token, ask.gender)
        if found is None and subject is not None:  # "In her interview she said": as "she"
            found = state.previous_sentence(subject, ask.gender, ask.excluded)
        if found is not None and found[0] == "adult" and parent \
                and state.child_nearby(ask.token, ask.gender, previous=False):
            return None  # "Dean goes mad at his mum" said by a boy: whose mum is open
        return self._known(found, ask, "its clause is about")

    def _same_sentence(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """Earlier in the sentence: every person it may be agrees in age group, or the
        nearest subject of that gender (subject continuity: "Liam said that he ...")."""
        found = state.earlier_in_sentence(ask.token, ask.gender, ask.excluded)
        if found is None:
            return None
        agreed, nearest_subject = found
        if agreed is not None:
            return self._known(agreed, ask, "everyone of that gender before it in the "
                               "sentence is the same age group as")
        return self._known(nearest_subject, ask, "the nearest subject of that gender is")

    def _previous_sentence(self, ask: _Question, state: _BlockState) -> _Answer | None:
        """Nobody of that gender earlier in the sentence: the previous sentence's main subject,
        or everyone of that gender there when they agree."""
        if state.any_earlier_in_sentence(ask.token, ask.gender):
            return None
        found = state.previous_sentence(ask.token, ask.gender, ask.excluded,
                                        agreed_only=ask.role == "object")
        return self._known(found, ask, "the previous sentence is about")

    def _known(self, found: tuple[Verdict, str] | None, ask: _Question, why: str
               ) -> _Answer | None:
        if found is None or found[0] == "ambiguous" or not found[1]:
            return None
        verdict, label = found
        if ask.adults_only and verdict == "child":
            return None
        referent = self._referent(label)
        return verdict, referent, f"{why} {self._reading(referent) if referent else label}"

    def _by_salience(self, ask: _Question, state: _BlockState) -> Reference:
        """Lappin-Leass salience over the last sentences; a class wins when `DECISIVE` times
        more salient than the other."""
        token, gender, role = ask.token, ask.gender, ask.role
        scores = self._salience(gender, ask.sentence, role, ask.excluded)
        favoured = state.favoured_subject(token)
        if favoured is not None and favoured in scores and scores[favoured][0].gender == gender:
            referent, score = scores[favoured]
            scores[favoured] = (referent, score + LOCAL_SUBJECT)
        head_term = state.term_at(token.head) if role == "possessor" else None
        if head_term is not None and head_term.kind == "parent":
            scores = {k: (r, v + PARENT_PRIOR if r.child else v) for k, (r, v) in scores.items()}
        if ask.adults_only:
            scores = {k: v for k, v in scores.items() if self._is_adult(v[0])}
            if not scores:
                return self._settle(ask, state, "adult",
                                    self._stand_in(token, state, gender, child=False),
                                    "a parent of the son or daughter named in the clause")
        if not scores:
            return self._case_fallback(ask, state)
        best_child = max((v for v in scores.values() if v[0].child is True),
                         key=lambda v: v[1], default=None)
        best_adult = max((v for v in scores.values() if self._is_adult(v[0])),
                         key=lambda v: v[1], default=None)
        unknown = max((v for v in scores.values()
                       if v[0].child is None and not self._is_adult(v[0])),
                      key=lambda v: v[1], default=None)
        names = [f"{r.label}={s:.0f}" for r, s in sorted(scores.values(), key=lambda v: -v[1])]
        child_score = best_child[1] if best_child else 0.0
        adult_score = best_adult[1] if best_adult else 0.0
        if unknown and unknown[1] * DECISIVE > max(child_score, adult_score):
            return self._settle(ask, state, "ambiguous", unknown[0],
                                f"the age of {self._reading(unknown[0])} is not known", names)
        if best_child and (not best_adult or child_score >= DECISIVE * adult_score):
            return self._settle(ask, state, "child", best_child[0], "resolved to a child "
                                f"({self._reading(best_child[0])})", names)
        if best_adult and (not best_child or adult_score >= ADULT_DECISIVE * child_score):
            return self._settle(ask, state, "adult", best_adult[0], "resolved to an adult",
                                names)
        assert best_child is not None and best_adult is not None
        return self._settle(ask, state, "ambiguous", None,
                            f"a child: {self._reading(best_child[0])} / an adult: "
                            f"{self._reading(best_adult[0])}", names)

    def _referent(self, label: str) -> Referent | None:
        """The referent with that label, as last mentioned."""
        found = next((m.referent for m in reversed(self.mentions) if m.referent.label == label),
                     None)
        return found if found is not None else self.people.get(label)

    def _reading(self, referent: Referent) -> str:
        """How a flag names a person: "Maisie Dunmore (4)", or the phrase that introduced
        them."""
        try:
            person = self.case.person(referent.key)
        except KeyError:
            return referent.label
        return f"{person.name} ({person.age})" if person.age is not None else person.name

    def _best_of_class(self, ask: _Question, state: _BlockState, *, child: bool
                       ) -> Referent | None:
        """The most salient referent of the pronoun's gender in that age group."""
        scores = self._salience(ask.gender, ask.sentence, ask.role, ask.excluded)
        ranked = sorted((v for v in scores.values()
                         if (v[0].child is True) == child and v[0].gender == ask.gender),
                        key=lambda v: -v[1])
        if ranked:
            return ranked[0][0]
        return self._stand_in(ask.token, state, ask.gender, child=child)

    def _is_adult(self, referent: Referent) -> bool:
        """Adults, and case people the case file does not call children."""
        return referent.child is False or (referent.child is None and referent.key in self.people)

    def _stand_in(self, token: Any, state: _BlockState, gender: str, *, child: bool
                  ) -> Referent:
        """The one case person of that gender and age group, or an unnamed one."""
        people = [p for p in self.case.people if p.gender in (gender, "unknown")
                  and (person_is_child(p) is True) == child]
        if len(people) == 1:
            return self._person(people[0].id)
        return Referent(f"{state.block.id}:{token.idx}", f"'{token.text}' ({state.block.id})",
                        gender, child)

    def _salience(self, gender: str, sentence: int, role: str,
                  excluded: set[str]) -> dict[str, tuple[Referent, float]]:
        """Salience of each compatible referent: per sentence back, recency plus each role
        it had there (counted once) plus parallelism, halved per sentence (Lappin-Leass)."""
        roles: dict[tuple[str, int], set[str]] = {}
        referents: dict[str, Referent] = {}
        for window in (WINDOW, FAR_WINDOW):
            for mention in reversed(self.mentions):
                referent = mention.referent
                distance = sentence - mention.sentence
                if distance > window:
                    break
                if referent.label in excluded or referent.gender not in (gender, "unknown"):
                    continue
                if referent.gender == "unknown" and referent.child is not True \
                        and (window != WINDOW or distance > 1):
                    continue
                roles.setdefault((referent.label, mention.sentence), set()).add(mention.role)
                referents[referent.label] = referent
            if roles:
                break
        scores: dict[str, tuple[Referent, float]] = {}
        for (label, mention_sentence), seen in roles.items():
            referent = referents[label]
            weight = RECENCY + sum(ROLE_WEIGHT.get(r, 20.0) for r in seen)
            if role in seen:
                weight += PARALLEL
            weight *= 0.5 ** max(sentence - mention_sentence, 0)
            if referent.gender == "unknown" and referent.child is not True:
                weight *= UNKNOWN_GENDER
            scores[label] = (referent, scores.get(label, (referent, 0.0))[1] + weight)
        return scores

    def _case_fallback(self, ask: _Question, state: _BlockState) -> Reference:
        """No antecedent in the text: the case people of that gender not named later on."""
        token, gender = ask.token, ask.gender

        def result(verdict: Verdict, referent: Referent | None, why: str) -> Reference:
            return self._settle(ask, state, verdict, referent, why)

        people = [p for p in self.case.people if p.gender in (gender, "unknown")
                  and p.id not in ask.excluded]  # "I don't want to see him," said Oliver
        if not people:
            return result("adult", None, "no antecedent and no such person in the case file")
        claimed_people, claimed_adults, claimed_children = state.claims_after(token, gender)
        unclaimed = [p for p in people if p.id not in claimed_people] or people
        adults = [p for p in unclaimed if person_is_child(p) is not True]
        children = [p for p in unclaimed if p.is_child]
        if len(adults) > claimed_adults or len(children) > claimed_children:
            adults = adults[claimed_adults:]
            children = children[claimed_children:]
        if children and not adults:
            return result("child", self._stand_in(token, state, gender, child=True),
                          "no antecedent; the only people of that gender left in the case "
                          "file are children")
        if adults and not children:
            return result("adult", self._stand_in(token, state, gender, child=False),
                          "no antecedent; only adults of that gender are left")
        return result("ambiguous", None, "no antecedent; the case file has a child and an "
                      "adult of that gender")


class _SpanMap(dict[tuple[int, int], "Referent"]):
    """Referents by (start, end) of their mention, with a lookup by any character in it
    (the first mention set over a character wins)."""

    def __init__(self) -> None:
        super().__init__()
        self._by_char: dict[int, Referent] = {}

    def __setitem__(self, span: tuple[int, int], referent: Referent) -> None:
        super().__setitem__(span, referent)
        for offset in range(*span):
            self._by_char.setdefault(offset, referent)

    def at(self, offset: int) -> Referent | None:
        return self._by_char.get(offset)


@dataclass(frozen=True)
class _Segment:
    """A sentence, or the part of one between semicolons: token indices and tokens."""

    start: int
    end: int
    tokens: list[Any]


class _BlockState:
    """What the resolver knows about the block it is in."""

    def __init__(self, block: Block, doc: Any, entities: list[Entity], terms: list[TermMatch],
                 sentence_of: dict[int, int], tokens: list[Any]) -> None:
        self.block = block
        self.doc = doc
        self.entities = entities
        self.terms = terms
        self.sentence_of = sentence_of
        self.referent_at: _SpanMap = _SpanMap()
        self.verdict_at: dict[int, tuple[Verdict, str]] = {}
        self.quotes = [(m.start(), m.end()) for m in QUOTE.finditer(block.text)]
        self._segments: dict[int, _Segment] = {}
        self.tokens = tokens  # the doc's tokens, made once

    def segment(self, token: Any) -> _Segment:
        """The sentence `token` is in, cut at semicolons (each side is a clause of its own)."""
        if token.i not in self._segments:
            sent = token.sent
            start = sent.start
            for t in self.tokens[sent.start:sent.end]:
                if t.text == ";" or t.i == sent.end - 1:
                    segment = _Segment(start, t.i + 1, self.tokens[start:t.i + 1])
                    for k in range(start, t.i + 1):
                        self._segments[k] = segment
                    start = t.i + 1
        return self._segments[token.i]

    @staticmethod
    def is_main_subject(token: Any, segment: _Segment) -> bool:
        """The subject of the verb a segment hangs from."""
        verb = token.head
        return token.dep_ in ("nsubj", "nsubjpass") and (
            verb.dep_ == "ROOT" or not segment.start <= verb.head.i < segment.end)

    # -- mentions the parse can see ----------------------------------------------------------

    def quote_of(self, token: Any) -> int | None:
        """The index of the quotation `token` is in, if any."""
        for number, (start, end) in enumerate(self.quotes):
            if start < token.idx < end:
                return number
        return None

    def mention(self, token: Any) -> tuple[Verdict, str, str] | None:
        """(verdict, label, gender) of a person mention already seen at `token`."""
        if token.i in self.verdict_at:
            verdict, label = self.verdict_at[token.i]
            if token.lower_ in PRONOUNS:
                return verdict, label, PRONOUNS[token.lower_][0]
            referent = self.referent_of(token)
            return verdict, label, referent.gender if referent else "unknown"
        referent = self.referent_of(token)
        if referent is None:
            return None
        return referent.verdict, referent.label, referent.gender

    def _compatible(self, token: Any, gender: str, excluded: set[str], *,
                    unknown: bool = False) -> tuple[Verdict, str] | None:
        """A mention at `token` the pronoun may refer to: of its gender (or, with `unknown`,
        of none known: "the health visitor ... she")."""
        found = self.mention(token)
        if found is None or found[2] not in ((gender, "unknown") if unknown else (gender,)) \
                or (found[1] and found[1] in excluded):
            return None
        return found[0], found[1]

    def local_owner(self, token: Any, gender: str, excluded: set[str]
                    ) -> tuple[Verdict, str] | None:
        """Who a possessive's clause is about. Climbing from the possessed noun: a noun that a
        predicate describes ("Maisie asleep in her seat", "Ruby, living with her parents"),
        else the subject of each verb on the way up (a verb with none shares its head's),
        else an object before the pronoun ("spoke to Liam on his own"). A conjoined clause
        with its own subject does not look into its neighbour's."""
        possessed = token.head
        if possessed.dep_ == "conj" and possessed.head.i < token.i:
            found = self._compatible(possessed.head, gender, excluded)
            if found is not None:
                return found  # "Sophie and her brothers"
        inside = range(possessed.left_edge.i, possessed.right_edge.i + 1)
        node = possessed
        while node.head.i != node.i:
            child, node = node, node.head
            if node.pos_ in ("NOUN", "PROPN") and (
                    child.dep_ in ("amod", "acl", "relcl") or node.dep_ == "npadvmod"):
                found = self._compatible(node, gender, excluded)
                if found is not None:
                    return found
            if node.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            if child.dep_ == "conj" and _subjects(child):
                continue  # "his dad shouts and [his sister cries]": not the dad's clause
            subjects = [c for c in _subjects(node) if c.i not in inside] \
                or [c for c in _shared_subjects(node) if c.i not in inside]
            objects = [g for c in node.children if c.i < token.i and c.i not in inside
                       for g in ([c] if c.dep_ in ("dobj", "dative") else
                                 [x for x in c.children if x.dep_ == "pobj"]
                                 if c.dep_ == "prep" else [])]
            candidates = [(c, m) for c in [*subjects, *sorted(objects, key=lambda t: -t.i)]
                          if (m := self._compatible(c, gender, excluded)) is not None]
            if not candidates:
                continue
            candidate, found = candidates[0]
            direct = possessed.head.i == node.i and possessed.dep_ == "dobj"  # "had his hands"
            if len({m[0] for _, m in candidates}) > 1 \
                    or (not direct and self.owner_disagrees(candidate, gender, found)):
                return None  # "Karen spoke to Chloe in her bedroom": either
            return found
        return None

    def owner_disagrees(self, token: Any, gender: str, found: tuple[Verdict, str]) -> bool:
        """"his son was the only good thing in his life": the subject is owned by someone of
        the same gender and another age group, who is as likely."""
        for child in token.children:
            if child.dep_ == "poss":
                owner = self._compatible(child, gender, set())
                if owner is None and child.lower_ in PRONOUNS \
                        and PRONOUNS[child.lower_][0] == gender:
                    return True  # an unresolved "his"
                if owner is not None and owner[0] != found[0]:
                    return True
        return False

    def later_subject(self, token: Any, gender: str) -> Any:
        """The subject pronoun of that gender after a possessive in its own clause ("In her
        interview with the panel she said")."""
        verb = _clause_verb(token)
        for subject in _subjects(verb):
            if subject.i > token.i and subject.lower_ in PRONOUNS \
                    and PRONOUNS[subject.lower_][0] == gender:
                return subject
        return None

    def earlier_in_sentence(self, token: Any, gender: str, excluded: set[str]
                            ) -> tuple[tuple[Verdict, str] | None,
                                       tuple[Verdict, str] | None] | None:
        """The mentions of that gender before `token` in its sentence (on the same side of
        any quotation): (their common verdict and the nearest's label, if they all agree;
        the nearest subject among them, if nobody of another age group comes after it, is
        coordinated with it or reports the clause). None when there are none."""
        found = self._mentions_before(token, gender, excluded)
        if not found:
            return None
        verdicts = {m[0] for _, m in found}
        agreed = found[-1][1] if len(verdicts) == 1 and "ambiguous" not in verdicts else None
        nearest = next((k for k in range(len(found) - 1, -1, -1)
                        if _role(found[k][0]) == "subject"), None)
        if nearest is None or self._contested(token, gender, excluded, found, nearest):
            return agreed, None
        return agreed, found[nearest][1]

    def _mentions_before(self, token: Any, gender: str, excluded: set[str]
                         ) -> list[tuple[Any, tuple[Verdict, str]]]:
        """The mentions of that gender before `token` in its segment, on its side of any
        quotation; none when someone of unknown gender is the nearest subject ("Had Ellie's
        health visitor known ..., she told the panel")."""
        quoted = self.quote_of(token) is not None
        found: list[tuple[Any, tuple[Verdict, str]]] = []
        for earlier in self.segment(token).tokens:
            if earlier.i >= token.i:
                break
            if (self.quote_of(earlier) is not None) != quoted:
                continue
            if earlier.dep_ == "nsubj" and earlier.head.dep_ == "parataxis":
                continue  # "Sophie, she said, coped": the aside's speaker is not the topic
            mention = self._compatible(earlier, gender, excluded, unknown=True)
            if mention is not None and (mention[1] or mention[0] == "ambiguous"):
                found.append((earlier, mention))
        while found and self.mention(found[-1][0])[2] == "unknown":  # type: ignore[index]
            last = found[-1][0]
            if _role(last) == "subject" and not self.reports_on_owner(last, token, gender):
                return []
            found.pop()
        return [f for f in found if self.mention(f[0])[2] != "unknown"]  # type: ignore[index]

    def _contested(self, token: Any, gender: str, excluded: set[str],
                   found: list[tuple[Any, tuple[Verdict, str]]], nearest: int) -> bool:
        """Whether someone of the other age group is as likely as the nearest subject."""
        subject, mention = found[nearest]
        if mention[0] == "ambiguous" or self.owner_disagrees(subject, gender, mention):
            return True
        rivals = [t for t, m in found if m[0] != mention[0] and t.dep_ != "poss"
                  and not self.parent_of_mention(t, mention)]
        reporter = self.reporter_of(token)
        if reporter is not None and reporter.i == subject.i and rivals:
            return True  # "Mia stayed with her grandmother, who said that she"
        verb = _clause_verb(token)
        continued = verb.dep_ == "conj" and verb.head.i == subject.head.i and any(
            c.dep_ == "cc" and c.lower_ == "and" for c in verb.head.children)
        if not continued and any(t.i > subject.i and _role(t) in ("subject", "object")
               and not (t.dep_ == "pobj" and t.head.lower_ in ADJUNCT_PREPS) for t in rivals):
            return True  # "She took her daughter to school, where she ...": open
        group = [t for t in (subject.head, *subject.children, *subject.head.children)
                 if t.i != subject.i and (t.dep_ == "conj" or t.dep_ == subject.dep_ == "nsubj"
                                          or t.i == subject.head.i and subject.dep_ == "conj")]
        if any((other := self._compatible(t, gender, excluded)) is not None
               and other[0] != mention[0] for t in group):
            return True  # "Maisie and Ellie were crying and she ..."
        if reporter is not None and reporter.i != subject.i:
            found_reporter = self._compatible(reporter, gender, excluded, unknown=True)
            if found_reporter is not None and found_reporter[0] != mention[0]:
                return True  # "Mrs Lowe said that Sophie wrote ... and that she"
        return False

    def parent_of_mention(self, token: Any, mention: tuple[Verdict, str]) -> bool:
        """"her mother" where "her" is `mention`: a parent word owned by that person."""
        term = self.term_at(token)
        if term is None or term.kind != "parent":
            return False
        owners = [c for c in token.children if c.dep_ == "poss"]
        return any((found := self.mention(o)) is not None and found[1] == mention[1]
                   for o in owners)

    def reports_on_owner(self, subject: Any, token: Any, gender: str) -> bool:
        """"Will's teacher noted that he ...": an unnamed professional owned by someone of
        the pronoun's gender, reporting the clause the pronoun is in."""
        owners = [c for c in subject.children if c.dep_ == "poss"
                  and self._compatible(c, gender, set()) is not None]
        if not owners:
            return False
        verb = subject.head
        node = token
        while node.head.i != node.i and node.i != verb.i:
            if node.dep_ in ("ccomp", "xcomp") and node.head.i == verb.i:
                return True
            node = node.head
        return False

    def reporter_of(self, token: Any) -> Any:
        """The subject of the reporting verb whose clause `token` is in, if any."""
        node = token
        while node.head.i != node.i:
            child, node = node, node.head
            if child.dep_ in ("ccomp", "parataxis") and (
                    node.lemma_ in REPORTING_VERBS or node.lemma_ in OBSERVING_VERBS):
                subjects = _subjects(node) or _shared_subjects(node)
                return subjects[0] if subjects else None
        return None

    def child_object_before(self, token: Any, gender: str) -> tuple[Verdict, str] | None:
        """A child of that gender who is an object of the pronoun's verb, before it."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and child.i < token.i:
                found = self._compatible(child, gender, set())
                if found is not None and found[0] == "child":
                    return found
        return None

    def child_nearby(self, token: Any, gender: str, *, previous: bool = True) -> bool:
        """Whether a child of that gender is mentioned before `token` in its sentence (or,
        with `previous`, in the sentence before)."""
        first = self.segment(token).start
        if first > 0 and previous:
            first = self.segment(self.tokens[first - 1]).start
        return any((m := self._compatible(t, gender, set())) is not None and m[0] == "child"
                   for t in self.tokens[first:token.i])

    def any_earlier_in_sentence(self, token: Any, gender: str) -> bool:
        """Whether someone of that gender is mentioned before `token` in its sentence."""
        return any(self._compatible(t, gender, set()) is not None
                   for t in self.segment(token).tokens if t.i < token.i)

    def previous_sentence(self, token: Any, gender: str, excluded: set[str], *,
                          agreed_only: bool = False) -> tuple[Verdict, str] | None:
        """The previous sentence of the block that mentions someone of that gender (at most
        two back): everyone there, when of one age group; else (unless `agreed_only`) its
        main subject, which a main subject continues."""
        segment = self.segment(token)
        found: list[tuple[Any, tuple[Verdict, str]]] = []
        previous = segment
        for _back in range(2):
            if previous.start == 0:
                return None
            previous = self.segment(self.tokens[previous.start - 1])
            found = [(t, m) for t in previous.tokens
                     if (m := self._compatible(t, gender, excluded)) is not None and m[1]]
            if found:
                break
        if found and len({m[0] for _, m in found}) == 1:
            return found[-1][1]
        if agreed_only:
            return None
        main = token if token.dep_ != "poss" else token.head
        if self.is_main_subject(main, segment):
            for t, mention in found:  # "Chloe was 14 when her mother died. She now lives"
                if self.is_main_subject(t, previous) and self.quote_of(t) is None:
                    last = max(r.i for r, m in found if m[1] == mention[1]
                               and r.dep_ in ("nsubj", "nsubjpass"))
                    rivals = [r for r, m in found if m[0] != mention[0] and r.i > last
                              and _clause_verb(r).i == t.head.i
                              and not (r.dep_ == "pobj" and r.head.lower_ in ADJUNCT_PREPS)]
                    if rivals or self.owner_disagrees(t, gender, mention):
                        return None  # "Mark shouted at his son. He was crying."
                    return mention
        return None

    def speaker_of(self, token: Any) -> str | None:
        """The label of whoever speaks the quotation `token` is in: the subject of the
        reporting verb the quotation hangs from ("Brenda said", "described his father as
        '...'", "Dean said that Tyler was '...'")."""
        number = self.quote_of(token)
        if number is None:
            return None
        start, end = self.quotes[number]
        node = token
        while start < node.idx < end and node.head.i != node.i:
            node = node.head
        if start < node.idx < end:  # the quotation's root is the sentence's: "X said" inside
            node = next((t for t in node.children if t.lemma_ in REPORTING_VERBS), node)
        while node.lemma_ not in REPORTING_VERBS and node.head.i != node.i:
            node = node.head
        if node.lemma_ not in REPORTING_VERBS:
            return None
        subjects = [c for c in _subjects(node) or _shared_subjects(node)
                    if not start < c.idx < end]
        if not subjects:
            return None
        found = self.mention(subjects[0])
        return found[1] if found and found[1] else None

    def stated_age(self, token: Any) -> tuple[bool | None, str]:
        """What the sentence says of a subject's age: "he was eleven", "she was a baby",
        "He's only a kid", "Now nine, she ..."."""
        verb = token.head
        if verb.lemma_ == "be":
            for child in verb.children:
                if child.dep_ not in ("attr", "acomp"):
                    continue
                if child.like_num and child.i == child.head.i + 1 + sum(
                        1 for t in verb.doc[child.head.i + 1:child.i] if t.pos_ == "ADV"):
                    number = child.lower_
                    if number.isdigit() or number in _NUMBER_WORDS:
                        return _is_child_age(number, None), f"{token.text} {verb.text} {number}"
                term = self.term_at(child)
                if (term is not None and term.kind in ("child", "neutral-child")) \
                        or child.lower_ in CHILD_WORDS:
                    return True, f"{token.text} {verb.text} {child.text}"
        before = self.block.text[token.sent.start_char:token.idx]
        if match := _AGE_BEFORE_SUBJECT.search(before):
            return _is_child_age(match.group(1), None), match.group(0).strip(" ,")
        return None, ""

    def head_token(self, start: int, end: int) -> Any:
        if self.doc is None:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def match_at(self, token: Any) -> TermMatch | None:
        for match in self.terms:
            if match.start <= token.idx < match.end:
                return match
        return None

    def term_at(self, token: Any) -> Term | None:
        for match in self.terms:
            if match.start <= token.idx < match.end:
                return match.term
        return None

    def apposed_person(self, match: TermMatch) -> Entity | None:
        """A case person named right after ("her son Liam") or before ("Liam, her son");
        not for a plural, nor a name that starts an aside ("the children, Pauline said")."""
        if match.plural:
            return None
        text = self.block.text
        for entity in self.entities:
            if entity.start >= match.end and re.fullmatch(
                    r"[\s,(]*|\s+(?:from|by|of|in)\s+[^,.;:()\"\u201c]{1,40},\s*",
                    text[match.end:entity.start]):
                after = re.match(r"\s+(\w+)", text[entity.end:entity.end + 30])
                if after and self.doc is not None and "," in text[match.end:entity.start] \
                        and any(t.lemma_ in REPORTING_VERBS for t in self.doc
                                if t.idx == entity.end + after.start(1)):
                    return None
                return entity
        for entity in self.entities:
            if entity.end <= match.start and re.fullmatch(
                    r"\s*,\s*(?:(?:his|her|their|the|[\w'\u2019-]+['\u2019]s)\s+)?"
                    r"(?:[\w-]+\s+){0,2}", text[entity.end:match.start], re.IGNORECASE):
                return entity
        return None

    def possessor_verdict(self, match: TermMatch, known_only: bool = True
                          ) -> tuple[Verdict, str] | None:
        """The verdict on whoever owns the noun: "his sister", "Liam's sister", and "his
        sister and brother" for the brother."""
        if self.doc is None:
            return None
        head = self.head_token(match.start, match.end)
        if head is None:
            return None
        owners = [c for c in head.children if c.dep_ == "poss"]
        if not owners and head.dep_ == "conj" and head.head.i < head.i:
            owners = [c for c in head.head.children if c.dep_ == "poss"]
        for child in owners:
            if child.dep_ != "poss":
                continue
            if child.i in self.verdict_at:
                return self.verdict_at[child.i]
            referent = self.referent_at.at(child.idx)
            if referent is not None and (referent.verdict != "ambiguous" or not known_only):
                return referent.verdict, referent.label
            if child.lower_ in ("their", "the"):
                return None
        return None

    def described_by_predicate(self, match: TermMatch, *, kin: bool = False
                               ) -> tuple[Verdict, str] | None:
        """For "as a boy" or "she was a girl": the verdict on whom the noun describes. With
        `kin`, only a noun with no owner ("like a daughter to me", not "was her son")."""
        if self.doc is None:
            return None
        head = self.head_token(match.start, match.end)
        if head is None:
            return None
        if kin and any(c.dep_ in ("poss",) or c.lower_ in ("the", "this", "that")
                       for c in head.children):
            return None
        if head.dep_ in ("attr", "acomp") and not kin:
            return self.clause_subject(head)
        prep = head.head
        if prep.lower_ not in ("as", "like") or head.dep_ != "pobj":
            return None
        objects = [c for c in prep.head.children if c.dep_ in ("dobj", "nsubjpass")]
        if objects:
            return self.verdict_of(objects[0])
        return self.clause_subject(prep)

    def referent_of(self, token: Any) -> Referent | None:
        return self.referent_at.at(token.idx)

    def verdict_of(self, token: Any) -> tuple[Verdict, str] | None:
        """The verdict on a token already seen (a pronoun, a name, a noun) and its referent."""
        if token.i in self.verdict_at:
            return self.verdict_at[token.i]
        referent = self.referent_of(token)
        return (referent.verdict, referent.label) if referent is not None else None

    def clause_subject(self, token: Any) -> tuple[Verdict, str] | None:
        """The verdict on the subject of the clause a pronoun is in, if known."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        while not subjects and verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            verb = verb.head  # "collected Liam ... and took him": the subject is shared
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        first = verb.left_edge
        if not subjects and first.i < verb.i and first.head.i == verb.i \
                and first.dep_ in ("advmod", "npadvmod", "dep") and self.referent_of(first):
            subjects = [first]  # a name the parser missed as subject: "Lily, aged 4, was"
        if not subjects:
            return None
        return self.verdict_of(subjects[0])

    def favoured_subject(self, token: Any) -> str | None:
        """Whose mention a pronoun leans to: for "his" the subject of its own clause ("Ruth
        told her teacher"); for a subject in a reported clause, the reporter ("Ella told her
        mother that she ...")."""
        role = _role(token)
        if role == "possessor":
            found = self.clause_subject(token) or self.clause_object(token)
        elif role == "subject":
            verb = token.head
            while verb.dep_ == "conj" and verb.head.i != verb.i:
                verb = verb.head
            if verb.dep_ != "ccomp" or verb.head.i == verb.i:
                return None
            found = self.clause_subject(verb.head)
        else:
            return None
        return found[1] if found and found[1] else None

    def clause_object(self, token: Any) -> tuple[Verdict, str] | None:
        """The first object before `token` in its clause, when the subject is nobody we know
        ("Nobody spoke to Will on his own")."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i < token.i]
        objects += [g for c in verb.children if c.dep_ == "prep" and c.i < token.i
                    for g in c.children if g.dep_ == "pobj" and g.i < token.i]
        for candidate in sorted(objects, key=lambda t: t.i):
            found = self.verdict_of(candidate)
            if found is not None and found[1]:
                return found
        return None

    def named_later_in_clause(self, token: Any) -> set[str]:
        """People named after a pronoun inside its clause: it cannot be them ("he saw Ben")."""
        head = token.head
        end = head.right_edge.idx + len(head.right_edge.text)
        return {e.person_id for e in self.entities
                if e.person_id and token.idx < e.start and e.end <= end}

    def parent_chain(self, token: Any) -> tuple[Verdict, str] | None:
        """"his dad ... his mum": the owner of an earlier parent in the sentence owns this one."""
        if _role(token) != "possessor" or token.lower_ not in ("his", "her"):
            return None
        term = self.term_at(token.head)
        if term is None or term.kind != "parent":
            return None
        for earlier in reversed(list(token.sent)[:token.i - token.sent.start]):
            if earlier.lower_ == token.lower_ and earlier.dep_ == "poss" \
                    and earlier.i in self.verdict_at:
                earlier_term = self.term_at(earlier.head)
                if earlier_term is not None and earlier_term.kind == "parent":
                    verdict, label = self.verdict_at[earlier.i]
                    return (verdict, label) if verdict != "ambiguous" else None
        return None

    def parent_subject(self, token: Any) -> bool:
        """A subject pronoun whose verb's object is its own son or daughter ("she took her
        son") or its husband or wife ("he had found his wife"): an adult."""

        def adults_word(term: Term) -> bool:
            return term.kind == "offspring" or term.term.lower() in SPOUSE_WORDS

        if not any(adults_word(match.term) and match.end > token.idx for match in self.terms):
            return False  # no son or wife from here on: nothing in the subtree can be one
        gender = PRONOUNS[token.lower_][0]
        verb = token.head
        for child in verb.subtree:
            term = self.term_at(child) if child.pos_ == "NOUN" else None
            if term is None or not adults_word(term) or child.i < token.i:
                continue
            if any(p.dep_ == "poss" and p.lower_ in PRONOUNS and PRONOUNS[p.lower_][0] == gender
                   for p in child.children):
                return True
        return False

    def claims_after(self, token: Any, gender: str) -> tuple[set[str], int, int]:
        """Who the rest of the pronoun's clause names: people, and adults or children by a
        noun ("He told his sister that their father ...": not the father)."""
        head = token.head
        sent_end = head.right_edge.idx + len(head.right_edge.text)
        people = {e.person_id for e in self.entities
                  if e.person_id and token.idx < e.start < sent_end}
        adults = children = 0
        for match in self.terms:
            if not token.idx < match.start < sent_end or match.plural:
                continue
            if match.term.gender != gender:
                continue
            if match.term.kind in ("adult", "parent"):
                adults += 1
            elif match.term.kind in ("child", "offspring"):
                children += 1
        return {p for p in people if p}, adults, children


def _named_by_parser(block: Block, doc: Any) -> list[Entity]:
    """People spaCy's NER found: adults of unknown gender unless a title says (children
    belong in the case file). Overlaps with case-file mentions are dropped by the caller."""
    if doc is None:
        return []
    return [Entity(block.id, ent.start_char, ent.end_char, "PERSON", ent.text, 0.5, "spacy-ner")
            for ent in doc.ents if ent.label_ == "PERSON"]


_AGE_BEFORE_SUBJECT = re.compile(
    r"(?:^|[,;]\s*)(?:now|then|aged?|at)\s+" + _NUMBER + r"(?:\s+years?\s+old)?\s*,\s*$",
    re.IGNORECASE)


def _is_relative_subject(token: Any) -> bool:
    return (token.lower_ in RELATIVE_WORDS and token.dep_ in ("nsubj", "nsubjpass")
            and token.head.dep_ == "relcl")


_COORDINATED = re.compile(r"\s*(?:,\s*)?\b(?:and|or)\s+(?:(?:his|her|their|the|a|an)\s+)?"
                          r"(?:[\w-]+\s+)?", re.IGNORECASE)
_KIN = ("child", "offspring", "sibling", "relative")


def _unify_coordinated(references: list[Reference], text: str) -> list[Reference]:
    """"his sister and brother", "a son and a daughter": both changed or both left. When
    one of two coordinated kin nouns is a child, so is the other (a child's siblings are
    named together); when one is doubtful, both are."""
    nouns = [r for r in references if r.kind == "noun" and r.term is not None
             and r.term.kind in _KIN]
    for first, second in zip(nouns, nouns[1:], strict=False):
        if first.verdict == second.verdict or first.block_id != second.block_id \
                or not _COORDINATED.fullmatch(text[first.end:second.start]):
            continue
        verdict: Verdict = "child" if "child" in (first.verdict, second.verdict) \
            else "ambiguous"
        for reference, other in ((first, second), (second, first)):
            if reference.verdict != verdict:
                reference.verdict = verdict
                reference.reason += f"; named together with '{other.text}' ({verdict})"
    return references


def _common_noun(text: str) -> bool:
    """A lower-case word of `gendered_terms.csv` ("child" matched to the label "Child A"):
    a noun, not a name."""
    _pattern, forms = _terms_pattern()
    return text.islower() and " ".join(text.split()) in forms


def _clause_verb(token: Any) -> Any:
    """The verb of the clause `token` is in."""
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _shared_subjects(verb: Any) -> list[Any]:
    """The subject a verb without one shares: "arrived and took ...", "refused to go"."""
    while verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and verb.head.i != verb.i \
            and not _subjects(verb):
        verb = verb.head
    return _subjects(verb)


def _span(token: Any) -> tuple[int, int]:
    return token.idx, token.idx + len(token.text)


def _role(token: Any) -> str:
    """The grammatical role of a mention's head: subject, object, possessor or other."""
    if token is None:
        return "other"
    while token.dep_ in ("conj", "appos", "compound") and token.head.i != token.i:
        token = token.head
    if token.dep_ in SUBJECT_DEPS:
        return "subject"
    if token.dep_ in OBJECT_DEPS:
        return "object"
    if token.dep_ == "poss":
        return "possessor"
    return "other"


def _title_gender(text: str) -> str:
    first = text.split()[0].rstrip(".") if text.split() else ""
    if first == "Mr":
        return "male"
    if first in ("Mrs", "Ms", "Miss"):
        return "female"
    return "unknown"
