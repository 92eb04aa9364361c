"""Gendered nouns: a verdict from their own words (an age beside them, apposition with a
case person, "like a daughter to me"), else from their owner: the owner's children named
before, the case people the owner can have as a son or sister, a child's sibling being a
child. Coordinated kin ("his sister and brother") share one verdict."""

from __future__ import annotations

import re

from redactor.case import Person
from redactor.stages.gender.block import BlockState
from redactor.stages.gender.grammar import (
    GRANDPARENTS,
    RANK,
    YOUNGER_WORDS,
    Term,
    TermMatch,
    Verdict,
    age_evidence,
)
from redactor.stages.gender.referents import (
    ADULT_AGE,
    DECISIVE,
    GENERATION,
    GRAND_GENERATION,
    SIBLING_GAP,
    TEEN_AGE,
    Reference,
    Referent,
    verdict_for,
)

_SEX_BEFORE = re.compile(r"\b(male|female)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


class NounRules:
    """The noun half of `Resolver` (a mixin: it uses the resolver's memory)."""

    def _noun(self, match: TermMatch, state: BlockState) -> Reference:
        term = match.term
        linked = state.apposed_person(match)
        referent = self._person(linked.person_id, linked.text) if linked and \
            linked.person_id else None
        if referent is not None and "unknown" not in (referent.gender, term.gender) \
                and referent.gender != term.gender:
            linked = referent = None  # "put a question to Rania, the boy would": not her
        if referent is not None and referent.gender == "unknown" and term.gender != "unknown":
            referent.gender = term.gender
        if term.kind == "neutral-child":
            head = state.head_token(match.start, match.end)
            if head is None or head.dep_ in ("compound", "amod", "nmod", "npadvmod"):
                return Reference(match.block_id, match.start, match.end, match.text, "noun",
                                 "child", "", f"'{match.text}' is a child (not gendered)",
                                 term=term, plural=match.plural)  # "child protection plan"
        verdict, why, referent = self._noun_verdict(match, state, referent)
        if term.kind == "sex" and verdict == "adult" and referent is None:
            return Reference(match.block_id, match.start, match.end, match.text, "noun",
                             "adult", "", f"'{match.text}' refers to an adult: {why}",
                             term=term, plural=match.plural)  # "female caller": no one new
        if referent is None and not match.plural:
            referent = self._noun_referent(match, verdict)
            sex = _SEX_BEFORE.search(state.block.text[max(0, match.start - 30):match.start])
            if referent.gender == "unknown" and sex is not None:  # "a male teaching assistant"
                referent.gender = sex.group(1).lower()
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

    def _noun_verdict(self, match: TermMatch, state: BlockState, referent: Referent | None
                      ) -> tuple[Verdict, str, Referent | None]:
        """A gendered noun's verdict, most certain evidence first: the word itself, the case
        person it names, an age beside it, what it describes, its owner."""
        term = match.term
        evidence, evidence_text = age_evidence(state.block.text, match.start, match.end)
        if term.kind in ("adult", "parent"):
            return "adult", "a word for an adult", referent
        if term.kind == "neutral-child":
            return "child", f"'{match.text}' is a child (not gendered)", referent
        named = [self._person(e.person_id, e.text) for e in state.apposed_people(match)]
        if named and len({r.child for r in named}) == 1 and named[0].child is not None:
            return verdict_for(named[0].child), (f"'{match.text}' names " + " and ".join(
                self._reading(r) for r in named)), referent  # "daughters, Freya and Poppy"
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
        if term.kind == "sex":  # "a male officer": an adult unless an age or a child is beside
            return "adult", f"'{match.text}' is an adult's unless an age is beside it", referent
        if term.kind == "youth":  # "a capable young man", "the lads": adults unless shown
            described = state.described_by_predicate(match)
            if described and described[0] != "ambiguous" and described[1]:
                return described[0], f"'{match.text}' describes {described[1]}", referent
            teens = [p for p in self.case.people if p.is_child and p.age is not None
                     and p.age >= TEEN_AGE and p.gender in (term.gender, "unknown")]
            if teens:  # "a capable young man" may be the 16-year-old: asked
                return "ambiguous", (f"a child: {self._reading(self._person(teens[0].id))} / "
                                     f"an adult: '{match.text}'"), referent
            return "adult", f"'{match.text}' is an adult unless the text says", referent
        described = state.described_by_predicate(match, kin=True)
        if described and described[0] != "ambiguous" and described[1]:
            return described[0], f"'{match.text}' describes {described[1]}", referent
        return self._noun_without_evidence(match, state, referent)

    def _relation(self, match: TermMatch, referent: Referent, state: BlockState) -> None:
        """Remember who is whose child: "her son Paul", "Paul, Tyler's father"."""
        owner = state.possessor_verdict(match, known_only=False)
        if owner is None or not owner[1] or owner[1] == referent.label:
            return
        grand = match.term.grand
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

    def _the_child(self, match: TermMatch, state: BlockState) -> Referent | None:
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
                            f"'{match.text}' ({self._where(match.block_id)})", match.term.gender,
                            child, kin)
        if match.term.kind not in ("adult", "parent"):
            self.nouns.setdefault(kin, []).append(referent)
        return referent

    def _noun_without_evidence(
        self, match: TermMatch, state: BlockState, referent: Referent | None
    ) -> tuple[Verdict, str, Referent | None]:
        """A son, brother or niece with no age: their possessor's known children, an earlier
        mention, the case people it can be (by the possessor's age and surname), the most
        salient of them."""
        term = match.term
        owner = state.possessor_verdict(match)
        rank = RANK.search(state.block.text[max(0, match.start - 12):match.start])
        if owner is not None and owner[0] == "adult" and term.kind == "sibling" \
                and rank is not None and rank.group(1).lower() in YOUNGER_WORDS:
            children = [p for p in self.case.people
                        if p.is_child and p.gender in (term.gender, "unknown")]
            if children:  # "his younger brother and sister": an adult's may be children
                return "ambiguous", (f"a child: {self._reading(self._person(children[0].id))}"
                                     f" / an adult: a younger {term.term} of "
                                     f"{owner[1] or 'an adult'}"), referent
        if owner is not None and (found := self._kin_of_owner(term, owner, referent)):
            return found
        possible = self._possible_people(term, owner)
        if all(possible) and (ranked := self._by_rank([*possible[0], *possible[1]], state, match)):
            person, rank = ranked  # "her younger son", before "her son" said earlier
            return ("child" if person.is_child else "adult"), (
                f"'{rank}': {self._reading(self._person(person.id))} of those it can be"), \
                referent or self._person(person.id)
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
            return owner[0], f"the sibling of {owner[1] or 'its owner'}", referent
        if term.kind == "sibling" and not children:
            return "adult", "no child of that gender in the case file", referent
        if children and adults:
            children, adults = self._narrow(children, adults, owner, state, match)
        if children and not adults and match.plural and len(children) < 2:
            return "ambiguous", (f"'{match.text}' are more people than the case file's "
                                 f"{len(children)} child of that sex: some are not listed"), \
                referent  # "the three brothers" with one boy in the case file
        if children and not adults:
            if referent is None and len(children) == 1:
                referent = self._person(children[0].id)
            names = ", ".join(self._reading(self._person(p.id)) for p in children)
            return "child", f"it can only be a child in the case file ({names})", referent
        if adults and not children:
            if referent is None and len(adults) == 1:
                referent = self._person(adults[0].id)
            return "adult", "the only people it can be in the case file are adults", referent
        owner_age = self._owner_age(term, owner)
        if children and adults and owner_age is not None \
                and owner_age - (GRAND_GENERATION if term.grand else GENERATION)[0] < ADULT_AGE:
            if referent is None and len(children) == 1:  # "Siobhán (31) and her daughter"
                referent = self._person(children[0].id)
            return "child", f"the {term.term} of {self._owner_reading(owner)}: a child by " \
                "that age", referent
        if children and adults:
            return "ambiguous", (f"a child: {self._reading(self._person(children[0].id))} / "
                                 f"an adult: {self._reading(self._person(adults[0].id))}"), referent
        if (age := owner_age) is not None \
                and age - (GRAND_GENERATION if term.grand else GENERATION)[1] \
                >= ADULT_AGE:  # "Doris's daughter", Doris 84: an adult, whoever it is
            return "adult", f"the {term.term} of {self._owner_reading(owner)}: an adult by " \
                "that age", referent
        return "ambiguous", "no age given", referent

    def _owner_reading(self, owner: tuple[Verdict, str] | None) -> str:
        holder = self._referent(owner[1]) if owner is not None and owner[1] else None
        return self._reading(holder) if holder is not None else "its owner"

    def _owner_age(self, term: Term, owner: tuple[Verdict, str] | None) -> int | None:
        """The listed age of a son's or daughter's owner ("Doris's daughter": Doris's)."""
        holder = self._referent(owner[1]) if owner is not None and owner[1] else None
        return self._age(holder) if holder is not None and term.kind == "offspring" else None

    @staticmethod
    def _by_rank(people: list[Person], state: BlockState, match: TermMatch
                 ) -> tuple[Person, str] | None:
        """"the younger son", "her eldest daughter": the youngest or oldest of the case
        people it can be, when all their ages are known."""
        before = state.block.text[max(0, match.start - 12):match.start]
        rank = RANK.search(before)
        if rank is None or any(p.age is None for p in people):
            return None
        young = rank.group(1).lower() in YOUNGER_WORDS
        ordered = sorted(people, key=lambda p: p.age if young else -p.age)
        if len(ordered) > 1 and ordered[0].age == ordered[1].age:
            return None
        return ordered[0], rank.group(0).strip()

    def _kin_of_owner(self, term: Term, owner: tuple[Verdict, str], referent: Referent | None
                      ) -> tuple[Verdict, str, Referent | None] | None:
        """What the owner settles: "Adam's father ... his son" is Adam; "her son Paul ...
        his son" is Paul's child named before; a grandparent's son is a parent, an adult
        ("her grandmother, who repeated it to her son"); a child's sister is a child."""
        holder = self._referent(owner[1]) if owner[1] else None
        if term.kind == "offspring" and not term.grand and holder is not None \
                and holder.kin is not None and holder.child is False \
                and (holder.kin in GRANDPARENTS or holder.kin.startswith("grand")
                     and not holder.kin.startswith(("grandson", "granddaughter", "grandchild"))):
            return "adult", f"the {term.term} of {holder.label}, a grandparent", referent
        if term.kind == "offspring":
            child_of = self._child_of(owner[1], term.gender)
            if child_of is not None:  # "Adam's father ... his son": Adam
                return verdict_for(child_of.child), f"the {term.term} of {owner[1]}", child_of
            named = [] if term.grand else \
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
                if adults and not children:  # a child's half-sister of 21
                    return "adult", (f"the sibling of {owner[1] or 'its owner'}: the only "
                                     "people it can be in the case file are adults"), referent
                if adults and children:
                    nearest = self._nearest_in_age(term, owner[1], children + adults)
                    if nearest is None:
                        return None  # the case file has a child and an adult it may be
                    if not nearest.is_child:  # "his sister" of a 17-year-old: Ashleigh,
                        child = children[0]    # 20, or Lily, 9: nearness in age is no proof
                        return "ambiguous", (
                            f"a child: {self._reading(self._person(child.id))} / an adult: "
                            f"{self._reading(self._person(nearest.id))}, the sibling of "
                            f"{owner[1] or 'its owner'} nearest in age"), referent
                    if referent is None:
                        referent = self._person(nearest.id)
                    return verdict_for(nearest.is_child), (
                        f"the sibling of {owner[1] or 'its owner'} nearest in age: "
                        f"{self._reading(self._person(nearest.id))}"), referent
                return owner[0], f"the sibling of {owner[1] or 'its owner'}", referent
            if not self._has_age(owner[1]):
                return self._sibling_of_adult(term, owner[1]), \
                    f"the sibling of {owner[1] or 'its owner'}", referent
        return None

    def _nearest_in_age(self, term: Term, owner: str, people: list[Person]) -> Person | None:
        """Of the case people a child's brother or sister may be, the one nearest the
        owner's age, when one is strictly nearest (not for a half- or step-sibling, often
        of another generation)."""
        try:
            age = self.case.person(owner).age
        except KeyError:
            return None
        if age is None or term.term.lower().startswith(("half", "step")):
            return None
        aged = sorted((abs(p.age - age), p.id) for p in people if p.age is not None)
        if len(aged) < 2 or aged[0][0] == aged[1][0]:
            return None
        return next(p for p in people if p.id == aged[0][1])

    def _has_age(self, label: str) -> bool:
        try:
            return self.case.person(label).age is not None
        except KeyError:
            return False

    def _narrow(self, children: list[Person], adults: list[Person],
                owner: tuple[Verdict, str] | None, state: BlockState, match: TermMatch
                ) -> tuple[list[Person], list[Person]]:
        """Both a child and an adult may be that son or sister: the children, when only they
        share the owner's surname or one of them is decisively the most salient. Never
        narrowed to the adults: a child left unchanged is a leak, a doubt is a flag."""
        try:
            surname = self.case.person(owner[1]).name.split()[-1] if owner else ""
        except KeyError:
            surname = ""
        same = [p for p in children + adults if surname and p.name.split()[-1] == surname]
        if match.term.term.lower().startswith(("half", "step")):
            same = []  # a half-sister or stepbrother often has another surname
        if same and all(p.is_child for p in same):
            return [p for p in children if p in same], []
        head = state.head_token(match.start, match.end)
        sentence = self.sentence + (state.sentence_of.get(head.i, 0) if head is not None else 0)
        scores = self._salience(match.term.gender, sentence, "other", set())
        best_child = max((scores[p.id][1] for p in children if p.id in scores), default=0.0)
        best_adult = max((scores[p.id][1] for p in adults if p.id in scores), default=0.0)
        if best_child and best_child >= DECISIVE * best_adult and match.term.kind != "sibling":
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
            low, high = GRAND_GENERATION if term.grand else GENERATION
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



_COORDINATED = re.compile(r"\s*(?:,\s*)?\b(?:and|or)\s+(?:(?:his|her|their|the|a|an)\s+)?"
                          r"(?:[\w-]+\s+)?", re.IGNORECASE)
_KIN = ("child", "offspring", "sibling", "relative")


def unify_coordinated(references: list[Reference], text: str) -> list[Reference]:
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
