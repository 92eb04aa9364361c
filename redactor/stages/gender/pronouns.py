"""Pronouns: binding first, then the passes of `PRONOUN_SIEVE`, most certain first, then
Lappin-Leass salience; what nothing settles is "ambiguous" with both readings named."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redactor.stages.gender.block import BlockState
from redactor.stages.gender.clauses import ClauseRules
from redactor.stages.gender.grammar import (
    ADJUNCT_PREPS,
    ADULT_VERBS,
    CARRYING_VERBS,
    OBSERVING_VERBS,
    PRONOUNS,
    REPORTING_VERBS,
    SPOUSE_WORDS,
    Verdict,
    role_of,
    shared_subjects,
    subjects_of,
    token_span,
)
from redactor.stages.gender.referents import (
    ADULT_DECISIVE,
    CHILD_RIVAL,
    DECISIVE,
    FAR_WINDOW,
    GENERATION,
    GRAND_GENERATION,
    LOCAL_SUBJECT,
    PARALLEL,
    PARENT_PRIOR,
    RECENCY,
    ROLE_WEIGHT,
    UNKNOWN_GENDER,
    WINDOW,
    Answer,
    Mention,
    Question,
    Reference,
    Referent,
    person_is_child,
    verdict_for,
)

# The passes of the pronoun resolver, most certain first; salience decides the rest.
# Passes whose adult answer is settled by grammar, a stated age or a verb only adults do: no
# flag for a child nearby. An adult answer of any other pass (or of salience) is flagged when
# a child of the pronoun's gender is at least 1/`CHILD_RIVAL` as salient as that adult.
SETTLED_BY = ("_apposed_name", "_reflexive", "_stated_age", "_adult_verb", "_parent_chain",
              "_parent_by_age", "_the_asker")
# Passes that guess from topic rather than grammar: an adult answer of one of these is also
# flagged when a child of the pronoun's gender is mentioned earlier in the paragraph.
TOPICAL = ("_previous_sentence", "_by_salience")
RECENT_MENTIONS = 20  # mentions back that a redacted file's "they" may be (the check)
PRONOUN_SIEVE = ("_apposed_name", "_reflexive", "_stated_age", "_adult_verb", "_parent_chain",
                 "_parent_by_age", "_child_reporter", "_the_one_asked", "_the_answerer",
                 "_the_asker", "_local_owner", "_childs_thing", "_same_sentence",
                 "_previous_sentence")


class PronounRules(ClauseRules):
    """The pronoun half of `Resolver` (a mixin: it uses the resolver's memory)."""

    def _pronoun(self, token: Any, state: BlockState) -> Reference:
        """Resolve one pronoun: the passes of `PRONOUN_SIEVE` in order (each either settles
        it or passes), then salience."""
        role = role_of(token)
        if token.lower_ == "him" or (token.lower_ == "her" and token.tag_ == "PRP"
                                     and token.dep_ != "poss"):
            role = "object"  # "judged her too young": her is the small clause's subject
        ask = Question(token, PRONOUNS[token.lower_][0], role,
                        self.sentence + state.sentence_of.get(token.i, 0))
        ask.excluded = self._binding_exclusions(ask, state)
        for rule in PRONOUN_SIEVE:
            found = getattr(self, rule)(ask, state)
            if found is not None:
                reference = self._settle(ask, state, *found)
                break
        else:
            rule, reference = "_by_salience", self._by_salience(ask, state)
        reference.rule = rule
        if reference.verdict == "child" and ask.role == "object":
            professional = self._professional_over(ask, state)
            if professional is not None:  # an interview: "She asked her ..." is theirs
                state.interviewers[ask.gender] = professional
        if reference.verdict == "adult" and rule not in SETTLED_BY:
            reference.doubt = self._child_rival(ask, reference)
            if not reference.doubt and (rule in TOPICAL or (
                    rule == "_same_sentence" and reference.antecedent.startswith("'"))):
                # ("Mother reports she is scratching": a kin word, no name, agrees)
                reference.doubt = self._child_in_paragraph(ask, state, reference)
            if not reference.doubt and rule in ("_same_sentence", "_local_owner"):
                reference.doubt = self._inherited_doubt(ask, state)
            if not reference.doubt:
                reference.doubt = self._guessed_away(ask)
        if reference.doubt:
            state.doubt_at[ask.token.i] = reference.doubt
        return reference

    def _guessed_away(self, ask: Question) -> str:
        """A child of the pronoun's sex ruled out only because another pronoun was guessed
        to be them ("he sat with him", "he" guessed the child): their reading."""
        for label in sorted(ask.guessed):
            referent = self._referent(label)
            if referent is not None and referent.child is True \
                    and referent.gender in (ask.gender, "unknown"):
                return self._reading(referent)
        return ""

    @staticmethod
    def _inherited_doubt(ask: Question, state: BlockState) -> str:
        """"She said she did", "she noticed a bruise on her wrist": an answer taken from the
        pronouns before it in the sentence, the nearest the subject of its clause or of one
        its own hangs from, is as doubtful as they were (a child meant by the first may be)."""
        before = state.mentions_before(ask.token, ask.gender, ask.excluded)
        doubts = [state.doubt_at[t.i] for t, _mention in before if t.i in state.doubt_at]
        if not doubts or len(doubts) != len(before):
            return ""
        governors = {t.i for node in ask.token.ancestors for t in subjects_of(node)}
        return doubts[-1] if before[-1][0].i in governors else ""

    def _child_in_paragraph(self, ask: Question, state: BlockState, reference: Reference
                            ) -> str:
        """A child of the pronoun's gender (or of none stated: "the older child") mentioned
        earlier in its paragraph and not ruled out by binding: their reading."""
        if ask.adults_only:
            return ""
        for mention in reversed(self.mentions):
            if mention.sentence < self.sentence:  # the paragraph's first sentence
                break
            referent = mention.referent
            if referent.child is True and referent.gender in (ask.gender, "unknown") \
                    and referent.label not in ask.excluded \
                    and referent.label != reference.antecedent:
                return self._reading(referent)
        return ""

    def _child_rival(self, ask: Question, reference: Reference) -> str:
        """A child of the pronoun's gender, not ruled out by binding, mentioned recently
        enough to be meant instead of the adult a heuristic pass chose: their reading."""
        if ask.adults_only:
            return ""
        scores = self._salience(ask.gender, ask.sentence, ask.role, ask.excluded)
        adult = scores.get(reference.antecedent, (None, 0.0))[1]
        children = sorted((v for v in scores.values()
                           if v[0].child is True and v[0].gender == ask.gender
                           and v[0].label != reference.antecedent),
                          key=lambda v: -v[1])
        if not children or children[0][1] * CHILD_RIVAL < adult:
            return ""
        return self._reading(children[0][0])

    def _settle(self, ask: Question, state: BlockState, verdict: Verdict,
                referent: Referent | None, why: str, candidates: Sequence[str] = ()
                ) -> Reference:
        """Record the answer (a mention of the referent, the verdict at the token)."""
        token = ask.token
        start, end = token_span(token)
        if referent is not None:
            if referent.gender == "unknown" and verdict != "ambiguous":
                referent.gender = ask.gender  # "the baby ... he": male from then on
            self.mentions.append(Mention(referent, ask.sentence, ask.role))
            state.referent_at[(start, end)] = referent
        state.verdict_at[token.i] = (verdict, referent.label if referent else "")
        return Reference(state.block.id, start, end, token.text, "pronoun", verdict,
                         referent.label if referent else "", why, token=token,
                         candidates=list(candidates))

    def _binding_exclusions(self, ask: Question, state: BlockState) -> set[str]:
        """Who the pronoun cannot be: its clause's subject (for an object), the owner of the
        noun it possesses, people named later in its clause, the speaker of its quotation."""
        token, excluded = ask.token, set()
        accompanying = token.dep_ == "pobj" and token.head.lower_ in ADJUNCT_PREPS \
            and token.head.head.pos_ in ("VERB", "AUX") \
            and token.head.head.lemma_ in CARRYING_VERBS \
            and any(c.dep_ == "dobj" for c in token.head.head.children)  # "took the dog with him"
        if ask.role == "object" and not accompanying:
            anchor = token
            subject = state.clause_subject(token)
            if subject is None and token.dep_ in ("nsubj", "nsubjpass"):
                anchor = token.head  # "saw him arrive": the subject of "saw"
                subject = state.clause_subject(anchor)
            subject_token = state.clause_subject_token(anchor)  # "Her grandchild, Ellie":
            if subject and subject[1] or subject_token is not None and (state.term_at(
                    subject_token) or state.set_apart_appos(subject_token)):  # a neutral noun
                excluded |= state.subject_and_apposed(anchor)
            if subject is not None and subject[1]:
                excluded.add(subject[1])
                if subject_token is not None and subject_token.lower_ in PRONOUNS:
                    ask.guessed.add(subject[1])  # "he sat with him": as sure as "he" is
            elif self.redacted and subject_token is not None and subject_token.lower_ == "they":
                # a redacted file's "they" is often a child's: "Marley, who was injured when
                # they tried to protect her" (the original "she ... her": not the child)
                excluded |= {m.referent.label for m in self.mentions[-RECENT_MENTIONS:]
                             if m.referent.child is True}
        if ask.role == "possessor":
            owned = state.referent_at.get(token_span(token.head)) \
                if token.head.i != token.i else None
            if owned is not None:
                excluded.add(owned.label)
            excluded |= state.copula_subject(token)
            head_term = state.term_at(token.head)
            ask.adults_only = head_term is not None and (  # "her son", "her child", "his wife"
                head_term.kind in ("offspring", "child", "neutral-child")
                or head_term.term.lower() in SPOUSE_WORDS)
        if ask.role == "subject" and state.parent_subject(token):
            ask.adults_only = True
        if ask.role in ("subject", "object"):
            excluded |= state.named_later_in_clause(token) | self._named_later(ask, state)
        for conjunct in (c for c in token.children if c.dep_ == "conj"):
            found = state.verdict_of(conjunct)  # "for her and her child": not the child
            if found is not None and found[1]:
                excluded.add(found[1])
        return excluded | self._speakers(ask, state)

    def _named_later(self, ask: Question, state: BlockState) -> set[str]:
        """"he said that the boy was lazy": not the boy named later in the clause (but "described
        him as the boy who ...": a predicate is the pronoun's own person)."""
        token, excluded = ask.token, set()
        end = token.head.right_edge.idx + len(token.head.right_edge.text)
        for match in state.terms:
            if token.idx < match.start < end and match.term.kind == "child" \
                    and match.term.gender == ask.gender and not match.plural:
                head = state.head_token(match.start, match.end)
                if head is not None and (head.dep_ in ("attr", "acomp") or (
                        head.dep_ == "pobj" and head.head.lower_ in ("as", "like"))):
                    continue
                if head is not None and _in_subordinate_clause(head, token.head):
                    continue  # "took him into the garden, where the boy asked him": not bound
                child = self._the_child(match, state)
                if child is not None:
                    excluded.add(child.label)
        return excluded

    @staticmethod
    def _speakers(ask: Question, state: BlockState) -> set[str]:
        """A pronoun is not the speaker of its quotation, nor the person an aside interrupts
        ("Sophie, she said, coped ...")."""
        token, excluded = ask.token, set()
        if token.dep_ == "nsubj" and token.head.dep_ == "parataxis" \
                and (token.head.lemma_ in REPORTING_VERBS or token.head.lemma_ in OBSERVING_VERBS):
            for before in state.tokens[max(state.segment(token).start, token.i - 3):token.i]:
                found = state.mention(before)
                if found is not None and found[1]:
                    excluded.add(found[1])
        if token.dep_ == "nsubj" and token.head.lemma_ in REPORTING_VERBS \
                and state.quote_of(token) is None:  # '"Zain is who I was," he said': not Zain
            excluded |= state.named_in_quotes(token)
        speaker = state.speaker_of(token)
        if speaker is not None and token.lower_ not in ("himself", "herself") \
                and state.fragment_subject(token) is None:
            excluded.add(speaker)
        return excluded

    # -- the sieve: each pass returns (verdict, referent, why) or None ----------------------

    def _apposed_name(self, ask: Question, state: BlockState) -> Answer | None:
        """"that he, Abdiweli, had been beaten": a name set off right after the pronoun."""
        token = ask.token
        if token.i + 2 >= len(state.tokens) or state.tokens[token.i + 1].text != ",":
            return None
        name = state.tokens[token.i + 2]
        entity = next((e for e in state.entities if e.start == name.idx and e.person_id), None)
        if entity is None:
            return None
        after = state.tokens[name.i + 1] if name.i + 1 < len(state.tokens) else None
        while after is not None and after.idx < entity.end:
            after = state.tokens[after.i + 1] if after.i + 1 < len(state.tokens) else None
        referent = self._person(entity.person_id, entity.text)
        if after is None or after.text != "," or referent.gender not in (ask.gender, "unknown"):
            return None
        return referent.verdict, referent, f"the name apposed to it: {self._reading(referent)}"

    def _reflexive(self, ask: Question, state: BlockState) -> Answer | None:
        """"herself": the noun it stands beside ("the younger child herself", "Omar himself"),
        else the subject of its clause."""
        if ask.token.lower_ not in ("himself", "herself"):
            return None
        token = ask.token
        beside = state.tokens[token.i - 1] if token.i > 0 else None
        if beside is not None and beside.pos_ in ("NOUN", "PROPN") \
                and (token.head.i == beside.i or token.dep_ in ("appos", "npadvmod")):
            found = state.verdict_of(beside)
            if found is not None and found[1] and found[0] != "ambiguous":
                return found[0], self._referent(found[1]), \
                    "an emphatic reflexive: the person named before it"
        bound = state.clause_subject(ask.token)
        if bound is None:
            return None
        verdict, label = bound
        return verdict, self._referent(label), "a reflexive: the subject of its clause"

    def _stated_age(self, ask: Question, state: BlockState) -> Answer | None:
        """The sentence says how old the pronoun's person is: "when he was eleven", "she was
        a baby", "Now nine, she ..."."""
        if ask.role != "subject":
            return None
        child, evidence = state.stated_age(ask.token)
        unaged = self._unaged_topic(ask)
        now = ask.token.head.tag_ in ("VBZ", "VBP")  # "He is only ten": nobody's past
        if child is None or (child and not now and not state.child_nearby(ask.token, ask.gender)
                             and unaged is None):
            return None  # an adult was a teenager once: "when she was a teenager"
        if child and state.adult_subject_above(ask.token, ask.gender, ask.excluded):
            return None  # "She described how, when she was fourteen, ...": her own past
        referent = unaged or self._best_of_class(ask, state, child=child)
        if referent.child is None and not referent.listed:
            referent.child = child  # "Agnieszka's son ... He was then 13": a child from now on
        who = "a child" if child else "an adult"
        return verdict_for(child), referent, f"'{evidence}' says {who}"

    def _unaged_topic(self, ask: Question) -> Referent | None:
        """The most salient referent of the pronoun's gender when nobody knows its age ("her
        son") and no child of known age is among those it may be: the one a stated age is
        about."""
        scores = self._salience(ask.gender, ask.sentence, ask.role, ask.excluded)
        ranked = sorted(scores.values(), key=lambda v: -v[1])
        if any(r.child is True for r, _score in ranked):
            return None  # a child whose age is known is there to be meant
        if ranked and ranked[0][0].child is None and not ranked[0][0].listed \
                and ranked[0][0].gender == ask.gender:
            return ranked[0][0]
        return None

    def _adult_verb(self, ask: Question, state: BlockState) -> Answer | None:
        """The active subject of a verb only adults do ("He recorded that ...", "Nusrat, she
        recorded, was"): the most salient adult of that gender."""
        token = ask.token
        if token.dep_ != "nsubj" or token.head.lemma_ not in ADULT_VERBS:
            return None
        referent = self._best_of_class(ask, state, child=False)
        return "adult", referent, f"'{token.head.text}' is done by an adult"

    def _parent_chain(self, ask: Question, state: BlockState) -> Answer | None:
        """"his dad ... his mum": the owner of an earlier parent in the sentence."""
        chained = state.parent_chain(ask.token)
        if chained is None:
            return None
        verdict, label = chained
        return verdict, self._referent(label), ("possessive chain: the same owner as the "
                                                "parent named before in the sentence")

    def _parent_by_age(self, ask: Question, state: BlockState) -> Answer | None:
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
        grand = match.term.grand
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

    def _local_owner(self, ask: Question, state: BlockState) -> Answer | None:
        """A possessive belongs to the person its own clause is about: "Liam holding his bag",
        "Maisie asleep in her car seat", "a liar like his dad"; so does a participle's
        adjunct: "taking Ruby with her"."""
        token = ask.token
        if token.dep_ == "pobj" and token.head.lower_ in ADJUNCT_PREPS \
                and token.head.head.tag_ in ("VBG", "VBN") and not subjects_of(token.head.head):
            subjects = shared_subjects(token.head.head)
            found = state.mention(subjects[0]) if subjects else None
            if found is not None and found[2] == ask.gender and found[1] not in ask.excluded:
                return self._known((found[0], found[1]), ask, "the participle is about",
                                   local=True)
        if ask.role != "possessor":
            return None
        term = state.term_at(ask.token.head)
        parent = term is not None and term.kind == "parent"
        child = state.child_object_before(ask.token, ask.gender) if parent else None
        if child is not None:  # "drove him to his grandmother's"
            return self._known(child, ask, "the child taken to their parent is", local=True)
        found = state.local_owner(ask.token, ask.gender, ask.excluded)
        subject = state.later_subject(ask.token, ask.gender)
        if found is None and subject is not None:  # "In her interview she said": as "she"
            found = state.previous_sentence(subject, ask.gender, ask.excluded)
        if found is not None and found[0] == "adult" and parent \
                and state.child_nearby(ask.token, ask.gender, previous=False):
            return None  # "Dean goes mad at his mum" said by a boy: whose mum is open
        return self._known(found, ask, "its clause is about", local=True)

    def _same_sentence(self, ask: Question, state: BlockState) -> Answer | None:
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

    def _previous_sentence(self, ask: Question, state: BlockState) -> Answer | None:
        """Nobody of that gender earlier in the sentence: the previous sentence's main subject,
        or everyone of that gender there when they agree."""
        if state.any_earlier_in_sentence(ask.token, ask.gender):
            return None
        found = state.previous_sentence(ask.token, ask.gender, ask.excluded,
                                        agreed_only=ask.role == "object")
        return self._known(found, ask, "the previous sentence is about")

    def _known(self, found: tuple[Verdict, str] | None, ask: Question, why: str, *,
               local: bool = False) -> Answer | None:
        """The answer a pass found, unless binding rules it out; a child of no stated gender
        ("her child") only from the pronoun's own clause (`local`)."""
        if found is None or found[0] == "ambiguous" or not found[1]:
            return None
        verdict, label = found
        if ask.adults_only and verdict == "child":
            return None
        referent = self._referent(label)
        if verdict == "child" and referent is not None and referent.gender == "unknown" \
                and not local:
            return None  # "her child": of no stated gender, salience weighs the adults too
        return verdict, referent, f"{why} {self._reading(referent) if referent else label}"

    def _by_salience(self, ask: Question, state: BlockState) -> Reference:
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
        unsexed = best_child is not None and best_child[0].gender == "unknown"
        if best_child and (not best_adult or child_score >= DECISIVE * adult_score
                           and not unsexed):  # "AA ... her child ... called her": asked
            earlier = self._adult_beside_earlier_child(best_child[0], best_adult)
            if earlier is not None:  # the child is not in this paragraph; an adult may be
                return self._settle(ask, state, "ambiguous", None, earlier, names)
            return self._settle(ask, state, "child", best_child[0], "resolved to a child "
                                f"({self._reading(best_child[0])})", names)
        if best_adult and (not best_child or adult_score >= ADULT_DECISIVE * child_score):
            return self._settle(ask, state, "adult", best_adult[0], "resolved to an adult",
                                names)
        assert best_child is not None and best_adult is not None
        professional = self._professional_over(ask, state)
        if professional is not None and not unsexed:
            return self._settle(ask, state, "child", best_child[0],
                                f"{self._reading(professional)}, a professional, deals with "
                                f"them: the child {self._reading(best_child[0])}", names)
        return self._settle(ask, state, "ambiguous", None,
                            f"a child: {self._reading(best_child[0])} / an adult: "
                            f"{self._reading(best_adult[0])}", names)

    def _best_of_class(self, ask: Question, state: BlockState, *, child: bool
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

    def _stand_in(self, token: Any, state: BlockState, gender: str, *, child: bool
                  ) -> Referent:
        """The one case person of that gender and age group, or an unnamed one."""
        people = [p for p in self.case.people if p.gender in (gender, "unknown")
                  and (person_is_child(p) is True) == child]
        if len(people) == 1:
            return self._person(people[0].id)
        return Referent(f"{state.block.id}:{token.idx}",
                        f"'{token.text}' ({self._where(state.block.id)})", gender, child)

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

    def _case_fallback(self, ask: Question, state: BlockState) -> Reference:
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


def _in_subordinate_clause(token: Any, top: Any) -> bool:
    """Whether `token` sits in a relative or adverbial clause below `top`."""
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "advcl"):
            return True
        node = node.head
    return False

