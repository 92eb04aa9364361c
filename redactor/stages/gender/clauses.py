"""Pronoun passes that read who reports, who is asked and whose thing it is: "Chloe said
she used it", "asked her whether she felt safe", "her Reception teacher". A mixin of
`PronounRules` (it uses the resolver's `_known`, `_salience` and `_reading`)."""

from __future__ import annotations

from typing import Any

from redactor.stages.gender.block import BlockState
from redactor.stages.gender.grammar import (
    ANSWERING_VERBS,
    ASKING_VERBS,
    CHILDRENS_THINGS,
    PROFESSIONAL_CARE_VERBS,
    QUESTION_WORDS,
    SELF_REPORTS,
)
from redactor.stages.gender.referents import Answer, Question


class ClauseRules:
    """Passes of `PRONOUN_SIEVE` settled by the clause a pronoun is in."""

    _known: Any
    _salience: Any
    _reading: Any
    _referent: Any
    case: Any

    def _child_reporter(self, ask: Question, state: BlockState) -> Answer | None:
        """"Chloe said she used it", "Elis told Mr Rees that his mam ...": the subject of a
        clause a child reports (or the owner of that subject) is the child. Only a child's
        report is this certain: an adult's "she said that she ..." is as often about the
        child the adult is reporting on."""
        token = ask.token
        node = token.head if token.dep_ == "poss" else token
        if node.dep_ not in ("nsubj", "nsubjpass") or state.quote_of(token) is not None:
            return None
        verb = node.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "ccomp" or verb.head.i == verb.i or verb.head.lemma_ not in SELF_REPORTS:
            return None
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and c.i < token.i]
        found = state.mention(subjects[0]) if subjects else None
        if found is None or found[0] != "child" or found[2] != ask.gender:
            return None
        return self._known((found[0], found[1]), ask, "its clause is reported by", local=True)

    def _the_one_asked(self, ask: Question, state: BlockState) -> Answer | None:
        """"Dr Nair asked her whether she felt safe": the subject of what is asked is the one
        asked (its answer, child or adult, once the object has one)."""
        token = ask.token
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        verb = token.head
        if verb.dep_ not in ("ccomp", "advcl") or verb.head.i == verb.i \
                or verb.head.lemma_ not in ASKING_VERBS or not any(
                    c.lower_ in QUESTION_WORDS and c.i < token.i for c in verb.children):
            return None  # "asked her whether she", not a clause conjoined further on
        asked = [c for c in verb.head.children if c.dep_ in ("dobj", "dative") and c.i < token.i]
        found = state.mention(asked[0]) if asked else None
        if found is None or found[0] == "ambiguous" or not found[1] \
                or found[2] not in (ask.gender, "unknown"):
            return None
        return self._known((found[0], found[1]), ask, "the one asked is", local=True)

    def _childs_thing(self, ask: Question, state: BlockState) -> Answer | None:
        """"her Reception teacher", "his school bag", "small for her age": the owner of a
        child's thing is the most salient child of the pronoun's sex, when there is one."""
        if ask.role != "possessor" or ask.adults_only \
                or ask.token.head.lemma_.lower() not in CHILDRENS_THINGS:
            return None
        scores = self._salience(ask.gender, ask.sentence, ask.role, ask.excluded)
        children = sorted((v for v in scores.values()
                           if v[0].child is True and v[0].gender == ask.gender),
                          key=lambda v: -v[1])
        if not children:
            return None
        return "child", children[0][0], (f"'{ask.token.head.text}' is a child's: "
                                         f"{self._reading(children[0][0])}")

    def _the_answerer(self, ask: Question, state: BlockState) -> Answer | None:
        """"Dr Nair asked her whether anyone had hurt her. She said no.": the subject of an
        answer right after a sentence that asks a child of its sex is that child."""
        token = ask.token
        if token.dep_ != "nsubj" or token.head.dep_ != "ROOT" \
                or token.head.lemma_ not in ANSWERING_VERBS or token.sent.start == 0:
            return None
        question = state.tokens[token.sent.start - 1].sent.root
        if question.lemma_ not in ASKING_VERBS:
            return None
        asked = [c for c in question.children if c.dep_ in ("dobj", "dative")]
        found = state.mention(asked[0]) if asked else None
        if found is None or found[0] != "child" or not found[1] \
                or found[2] not in (ask.gender, "unknown"):
            return None  # a child asked: an adult asked is left to the other passes
        return self._known((found[0], found[1]), ask, "the answer of the one asked,", local=True)

    def _professional_over(self, ask: Question, state: BlockState) -> Any:
        """"Mr Qureshi asked him whether ...", "He reassured him": the professional (a case
        person with that role) of the pronoun's sex who asks, tells or takes the object
        pronoun, or None. A child and an adult left equally likely are then told apart: the
        professional is there for the child."""
        token = ask.token
        verb = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ not in ("dobj", "dative", "pobj") or verb.lemma_ not in \
                PROFESSIONAL_CARE_VERBS:
            return None
        subject = state.clause_subject_token(verb if token.dep_ == "pobj" else token)
        found = state.mention(subject) if subject is not None else None
        if found is None or found[0] != "adult" or found[2] != ask.gender:
            return None
        referent = self._referent(found[1])
        try:
            person = self.case.person(referent.key) if referent and referent.listed else None
        except KeyError:
            person = None
        return referent if person is not None and person.role == "professional" else None

    def _the_asker(self, ask: Question, state: BlockState) -> Answer | None:
        """"She asked her whether ... She said no. She asked her ...": in a paragraph where a
        professional of the pronoun's sex has asked a child, the one who asks someone of that
        sex again is the professional."""
        token = ask.token
        if token.dep_ != "nsubj" or token.head.lemma_ not in ASKING_VERBS:
            return None
        interviewer = state.interviewers.get(ask.gender)
        asked = [c for c in token.head.children if c.dep_ in ("dobj", "dative")
                 and c.lower_ in ("him", "her") and c.i > token.i]
        if interviewer is None or not asked or interviewer.label in ask.excluded:
            return None
        return "adult", interviewer, f"the one asking, as before: {self._reading(interviewer)}"
