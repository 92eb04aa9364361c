"""The candidate searches of `BlockState` (a mixin): who a pronoun may stand for, by owner,
earlier in the sentence, earlier in the paragraph, in the previous sentence; and who contests
an answer (a child close behind an adult)."""

from __future__ import annotations

from typing import Any

from redactor.stages.gender.grammar import (
    ADJUNCT_PREPS,
    OBSERVING_VERBS,
    PRONOUNS,
    REPORTING_VERBS,
    Verdict,
    clause_verb,
    role_of,
    shared_subjects,
    subjects_of,
)


class CandidateSearch:
    """Who a pronoun may stand for; mixed into `BlockState`, whose state it reads."""

    def _compatible(self, token: Any, gender: str, excluded: set[str], *,
                    unknown: bool = False) -> tuple[Verdict, str] | None:
        """A mention at `token` the pronoun may refer to: of its gender, a child of no known
        gender ("the older child ... he"), or with `unknown` anyone of none known ("the health
        visitor ... she")."""
        found = self.mention(token)
        if found is None or (found[1] and found[1] in excluded):
            return None
        if found[2] != gender and not (found[2] == "unknown" and (unknown or found[0] == "child")):
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
            first = possessed.head
            parallel = next((c for c in first.children if c.dep_ == "poss"
                             and c.lower_ == token.lower_), None)
            if parallel is not None:  # "his mum, his dad and his sister": one owner
                found = self.verdict_at.get(parallel.i)
                return found if found is not None and found[0] != "ambiguous" else None
            found = self._compatible(first, gender, excluded)
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
            if node.pos_ == "NOUN" and child.dep_ == "prep":
                owner = next((c for c in node.children if c.dep_ == "poss"), None)
                found = self._compatible(owner, gender, excluded) if owner is not None else None
                if found is not None:  # "her mother's account of her own health": the mother
                    return found
            if node.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            if child.dep_ == "conj" and subjects_of(child):
                continue  # "his dad shouts and [his sister cries]": not the dad's clause
            subjects = [c for c in subjects_of(node) if c.i not in inside] \
                or _controller(node) or [c for c in shared_subjects(node) if c.i not in inside]
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
        verb = clause_verb(token)
        for subject in subjects_of(verb):
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
        found = self.mentions_before(token, gender, excluded)
        if not found:
            return None
        verdicts = {m[0] for _, m in found}
        agreed = found[-1][1] if len(verdicts) == 1 and "ambiguous" not in verdicts else None
        nearest = next((k for k in range(len(found) - 1, -1, -1)
                        if role_of(found[k][0]) == "subject"), None)
        conjoined = self.conjoined_subject(token)
        if conjoined is not None:  # "noted that the boy ..., but he did not ask"
            nearest = next((k for k, (t, _) in enumerate(found) if t.i == conjoined.i), nearest)
        if nearest is None or self._contested(token, gender, excluded, found, nearest):
            return agreed, None
        return agreed, found[nearest][1]

    @staticmethod
    def conjoined_subject(token: Any) -> Any:
        """The subject of the clause a subject pronoun's clause is conjoined to ("Dr Jenkins
        dressed the burn and noted that the boy ..., but he did not ask"): the pronoun
        continues it, not a subject inside its complement."""
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "conj":
            return None
        subjects = [s for s in subjects_of(token.head.head) if s.i < token.i]
        return subjects[0] if subjects else None

    def mentions_before(self, token: Any, gender: str, excluded: set[str]
                         ) -> list[tuple[Any, tuple[Verdict, str]]]:
        """The mentions of that gender before `token` in its segment, on its side of any
        quotation; none when someone of unknown gender is the nearest subject ("Had Ellie's
        health visitor known ..., she told the panel")."""
        quoted = self.quote_of(token) is not None
        fragment = self.fragment_subject(token)
        found: list[tuple[Any, tuple[Verdict, str]]] = []
        for earlier in self.segment(token).tokens:
            if earlier.i >= token.i:
                break
            if (self.quote_of(earlier) is not None) != quoted \
                    and (fragment is None or earlier.i != fragment.i):
                continue
            if earlier.dep_ == "nsubj" and earlier.head.dep_ == "parataxis":
                continue  # "Sophie, she said, coped": the aside's speaker is not the topic
            if self.opening_possessor(earlier, token):
                continue  # "At Poppy's review she saw Jade": Poppy's is no subject's topic
            mention = self._compatible(earlier, gender, excluded, unknown=True)
            if mention is not None and (mention[1] or mention[0] == "ambiguous"):
                found.append((earlier, mention))
        def unknown_adult(mention: tuple[Verdict, str, str] | None) -> bool:
            return mention is not None and mention[2] == "unknown" and mention[0] != "child"

        while found and unknown_adult(self.mention(found[-1][0])):
            last = found[-1][0]
            if role_of(last) == "subject" and not self.reports_on_owner(last, token, gender):
                return []
            found.pop()
        return [f for f in found if not unknown_adult(self.mention(f[0]))]

    @staticmethod
    def opening_possessor(earlier: Any, token: Any) -> bool:
        """A possessor inside a phrase that opens the clause of a subject pronoun ("At
        Poppy's one-year review she saw Jade", "In Liam's file he recorded")."""
        if earlier.dep_ != "poss" or token.dep_ not in ("nsubj", "nsubjpass"):
            return False
        owned = earlier.head
        return owned.dep_ == "pobj" and owned.head.dep_ == "prep" \
            and owned.head.head.i == token.head.i and owned.head.i < token.i

    def _contested(self, token: Any, gender: str, excluded: set[str],
                   found: list[tuple[Any, tuple[Verdict, str]]], nearest: int) -> bool:
        """Whether someone of the other age group is as likely as the nearest subject."""
        subject, mention = found[nearest]
        if mention[0] == "ambiguous" or self.owner_disagrees(subject, gender, mention):
            return True
        reporter = self.reporter_of(token)
        told = self.reporting_verb(token)
        if told is None or reporter is None or reporter.i != subject.i or told.lemma_ == "ask" \
                or token.dep_ not in ("nsubj", "nsubjpass"):
            told = None  # "asked him whether he was all right": the one asked
        rivals = [t for t, m in found if m[0] != mention[0] and t.dep_ != "poss"
                  and not self.parent_of_mention(t, mention)
                  and not (told is not None and t.head.i == told.i
                           and t.dep_ in ("dobj", "dative"))]  # "Zain told him that he"
        if reporter is not None and reporter.i == subject.i and rivals:
            return True  # "Mia stayed with her grandmother, who said that she"
        verb = clause_verb(token)
        continued = verb.dep_ == "conj" and verb.head.i == subject.head.i and any(
            c.dep_ == "cc" and c.lower_ == "and" for c in verb.head.children)
        if not continued and any(t.i > subject.i and role_of(t) in ("subject", "object")
               and not (t.dep_ == "pobj" and t.head.lower_ in ADJUNCT_PREPS) for t in rivals):
            return True  # "She took her daughter to school, where she ...": open
        group = [t for t in (subject.head, *subject.children, *subject.head.children)
                 if t.i != subject.i and (t.dep_ == "conj" or t.dep_ == subject.dep_ == "nsubj"
                                          or t.i == subject.head.i and subject.dep_ == "conj")]
        if any((other := self._compatible(t, gender, excluded)) is not None
               and other[0] != mention[0] for t in group):
            return True  # "Maisie and Ellie were crying and she ..."
        observed = self.reporting_verb(token)
        if reporter is not None and reporter.i != subject.i and not (
                observed is not None and observed.lemma_ in OBSERVING_VERBS):
            # ("Mrs Alden recorded that Child 2 was small ... and that she chatted": what is
            # recorded is about someone else than the recorder)
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
        verb = self.reporting_verb(token)
        if verb is None:
            return None
        subjects = subjects_of(verb) or shared_subjects(verb)
        return subjects[0] if subjects else None

    @staticmethod
    def reporting_verb(token: Any) -> Any:
        """The reporting or observing verb whose clause `token` is in, if any."""
        node = token
        while node.head.i != node.i:
            child, node = node, node.head
            if child.dep_ in ("ccomp", "parataxis") and (
                    node.lemma_ in REPORTING_VERBS or node.lemma_ in OBSERVING_VERBS):
                return node
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
                              and clause_verb(r).i == t.head.i
                              and not (r.dep_ == "pobj" and r.head.lower_ in ADJUNCT_PREPS)]
                    if rivals or self.owner_disagrees(t, gender, mention):
                        return None  # "Mark shouted at his son. He was crying."
                    return mention
        return None


def _controller(verb: Any) -> list[Any]:
    """The object that is the subject of an infinitive with none of its own: "warned him to
    keep his mouth shut", "told her to tidy her room" (object control)."""
    if verb.dep_ != "xcomp" or subjects_of(verb):
        return []
    return [c for c in verb.head.children if c.dep_ in ("dobj", "dative") and c.i < verb.i][:1]
