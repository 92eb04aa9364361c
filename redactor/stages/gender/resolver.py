"""Who each gendered word refers to: a small heuristic resolver over a spaCy parse.

It walks a document's blocks in order and keeps a list of *referents* (case-file people and
the people that gendered nouns introduce: "her son", "the boy", "his father"). It only needs
the age group, child or adult, not the person.

Nouns: a verdict from their own words (an age beside them, apposition with a case person,
"like a daughter to me"), else from their owner: the owner's children named before ("her son
Paul ... his son"), the case people the owner can have as a son or sister (by age, then the
children alone by surname or salience), a child's sibling being a child. Coordinated kin
("his sister and brother") share one verdict.

Pronouns: binding first (an object is not its clause's subject, a quotation's pronoun not
its speaker, "he" not "the boy" named later in its clause), then `PRONOUN_SIEVE`, most
certain pass first: a name set off after it ("he, Abdiweli, had"); a reflexive's subject; an
age the sentence states ("when he was eleven"); a possessive chain ("his dad ... his mum");
a parent named with an age ("her mother Maria"); a clause a child reports ("Chloe said she
used it"); the one asked ("asked her whether she") and the answer after a child is asked
("She said no"); the possessive's own clause ("Maisie asleep in her car seat", "Liam holding
his bag"); a child's thing ("her Reception teacher": the most salient child); the same
sentence (everyone of that gender agrees, or the nearest subject unless contested); the
previous sentence. What no pass settles goes to Lappin-Leass salience (recency halved per
sentence, role, parallelism); a class wins when `DECISIVE` (an adult `ADULT_DECISIVE`) times
more salient, else the verdict is "ambiguous" and the reason names both readings ("a child:
Maisie Dunmore (4) / an adult: Nicola Reid (38)"). A listed person with no age counts as an
adult. The word lists are data: `patterns/coref_grammar.yaml`. The result is a list of
`Reference`s; `redactor.stages.gender` decides what to write.

Without parses only nouns are judged (pronouns need the parse for their role and agreement).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from redactor.case import Case
from redactor.model import Block, Entity
from redactor.stages.gender.block import BlockState
from redactor.stages.gender.grammar import (
    PRONOUNS,
    RELATIVE_WORDS,
    common_noun,
    find_terms,
    is_relative_subject,
    role_of,
    title_gender,
    token_span,
)
from redactor.stages.gender.nouns import NounRules, unify_coordinated
from redactor.stages.gender.pronouns import PronounRules
from redactor.stages.gender.referents import Mention, Reference, Referent, person_is_child


class Resolver(NounRules, PronounRules):
    """Resolves the gendered words of one document, block by block, in reading order."""

    def __init__(self, case: Case, entities: Iterable[Entity], *, redacted: bool = False
                 ) -> None:
        self.case = case
        self.redacted = redacted  # reading a redacted file (the check): "they" may be a child
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
        self._locations: dict[str, str] = {}  # block id -> where a reader finds it

    def _where(self, block_id: str) -> str:
        """How a flag names a paragraph: "paragraph 3", not the internal "body/p2"."""
        return self._locations.get(block_id, block_id)

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

    def _adult_beside_earlier_child(self, child: Referent,
                                    best_adult: tuple[Referent, float] | None) -> str | None:
        """Salience found a child named only before this paragraph, beside an adult of that
        sex ("Tyler ... his dad" and, a paragraph on, "frightened of him"): the two readings,
        asked rather than changed; None when the child is in this paragraph or no adult of
        that sex was named ("Mia was six." then "She liked school")."""
        if best_adult is None or any(m.sentence >= self.sentence for m in self.mentions
                                     if m.referent.label == child.label):
            return None
        return (f"a child: {self._reading(child)} (named before this paragraph) / an adult: "
                f"{self._reading(best_adult[0])}")

    def resolve(self, blocks: Sequence[Block], parses: Mapping[str, Any]) -> list[Reference]:
        references: list[Reference] = []
        for block in blocks:
            doc = parses.get(block.id)
            references += self._block(block, doc)
            self.sentence += 1  # a paragraph break weighs like a sentence
        return self._settle_unknown_ages(references)

    def _settle_unknown_ages(self, references: list[Reference]) -> list[Reference]:
        """Words left open only because their person's age was not known ("Agnieszka's son
        ... after he disclosed ...") are a child's when the text says so later ("He was then
        13"). Never the other way: an adult answer would silence the flag."""
        for reference in references:
            if reference.verdict != "ambiguous" or not reference.antecedent:
                continue  # (an open pronoun with an antecedent is one whose age is unknown)
            referent = self._referent(reference.antecedent)
            if referent is not None and referent.child is True and not referent.listed:
                reference.verdict = "child"
                reference.reason += "; a child, as the text says later"
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
                gender = title_gender(mention_text)
            self.people[person_id] = Referent(person_id, person_id, gender, child,
                                              listed=person_id in self._listed)
        return self.people[person_id]

    def _new_person(self, entity: Entity) -> Referent:
        key = f"{entity.block_id}:{entity.start}"
        return Referent(key, repr(entity.text), title_gender(entity.text), False)

    # -- one block -------------------------------------------------------------------------

    def _block(self, block: Block, doc: Any) -> list[Reference]:
        self._locations[block.id] = block.location or block.id
        listed = [e for e in self.entities.get(block.id, []) if not common_noun(e.text)]
        all_terms = find_terms(block.id, block.text)
        found = [e for e in named_by_parser(block, doc)
                 if not any(e.start < o.end and o.start < e.end for o in listed)
                 and not any(t.start == e.start and t.end == e.end for t in all_terms)]
        entities = sorted(listed + found, key=lambda e: e.start)  # ("Granddaughter" is no name)
        terms = [t for t in all_terms
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
                    if lower in RELATIVE_WORDS and is_relative_subject(tok):
                        relatives.append((tok.idx, "relative", tok))
            events += pronouns + relatives
        references: list[Reference] = []
        state = BlockState(block, doc, entities, terms, sentence_of if doc is not None else {},
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
        settle_quoted_subjects(references, state)
        return unify_coordinated(references, block.text)

    def _relative(self, token: Any, state: BlockState) -> None:
        """"who" in "a quiet girl who kept ...": another mention of the girl, as a subject."""
        noun = token.head.head
        referent = state.referent_of(noun)
        if referent is not None:
            self.mentions.append(Mention(referent, self.sentence + state.sentence_of.get(
                token.i, 0), "subject"))
            state.referent_at[token_span(token)] = referent
        verdict = state.verdict_of(noun)
        if verdict is not None:
            state.verdict_at[token.i] = verdict

    def _entity(self, entity: Entity, state: BlockState) -> None:
        referent = (self._person(entity.person_id, entity.text) if entity.person_id
                    else self._new_person(entity))
        titled = title_gender(entity.text)
        if titled != "unknown" and referent.gender not in (titled, "unknown"):
            referent = self._new_person(entity)  # "Mr Jones" matched to Sarah Jones: trust "Mr"
        state.referent_at[(entity.start, entity.end)] = referent
        self._mention(referent, state, entity.start, entity.end)

    def _mention(self, referent: Referent, state: BlockState, start: int, end: int) -> None:
        token = state.head_token(start, end)
        sentence = self.sentence + (state.sentence_of.get(token.i, 0) if token is not None else 0)
        role = role_of(token)
        if token is not None and referent.kin is not None and state.quote_of(token) is not None:
            role = "quoted"  # 'He hits Mum': a kin word in someone's words is no participant
        self.mentions.append(Mention(referent, sentence, role))


def named_by_parser(block: Block, doc: Any) -> list[Entity]:
    """People spaCy's NER found: adults of unknown gender unless a title says (children
    belong in the case file). Overlaps with case-file mentions are dropped by the caller."""
    if doc is None:
        return []
    return [Entity(block.id, ent.start_char, ent.end_char, "PERSON", ent.text, 0.5, "spacy-ner")
            for ent in doc.ents if ent.label_ == "PERSON"]


def settle_quoted_subjects(references: list[Reference], state: BlockState) -> None:
    """'He is a dreamer,' she said. 'He makes things bigger than they are. He is only ten.':
    in one speaker's quotations in a paragraph the subjects of one sex are one person, so an
    age stated for one settles the others left open (only towards a child: never silences a
    flag)."""
    by_quote: dict[tuple[str, str], list[Reference]] = {}
    for reference in references:
        token = reference.token
        if reference.kind != "pronoun" or token is None or token.dep_ != "nsubj":
            continue
        number = state.quote_of(token)
        if number is not None:  # one speaker's quotations read as one
            speaker = state.speaker_of(token) or f"quote {number}"
            by_quote.setdefault((speaker, PRONOUNS[token.lower_][0]), []).append(reference)
    for group in by_quote.values():
        stated = next((r for r in group if r.verdict == "child" and r.rule == "_stated_age"),
                      None)
        if stated is None:
            continue
        for reference in group:
            if reference.verdict == "ambiguous":
                reference.verdict = "child"
                reference.reason += f"; the quotation says how old: '{stated.text}' " \
                                    f"({stated.reason})"
