"""What the resolver knows about the block it is in (`BlockState`): sentences cut at
semicolons, quotations and their speakers, mentions at tokens, clause subjects and owners;
the questions the sieve asks of the parse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from redactor.model import Block, Entity
from redactor.stages.gender.grammar import (
    ADJUNCT_PREPS,
    AGE_BEFORE_SUBJECT,
    CHILD_WORDS,
    NUMBER_WORDS,
    OBSERVING_VERBS,
    PRONOUNS,
    QUOTE,
    REPORTING_VERBS,
    SPOUSE_WORDS,
    Term,
    TermMatch,
    Verdict,
    clause_verb,
    is_child_age,
    role_of,
    shared_subjects,
    subjects_of,
)
from redactor.stages.gender.referents import Referent, SpanMap

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|you|your)\b", re.IGNORECASE)


def own_clause(verb: Any) -> list[Any]:
    """The tokens of `verb`'s subtree outside its relative clauses ("she repeated everything
    to her grandmother, who repeated it to her son": not "her son")."""
    found, stack = [], [verb]
    while stack:
        node = stack.pop()
        found.append(node)
        stack += [c for c in node.children if c.dep_ != "relcl"]
    return sorted(found, key=lambda t: t.i)


def is_direct_speech(quoted: str) -> bool:
    """Whether a quotation is someone's own words (a sentence, or first or second person),
    not a fragment the narrator's sentence goes through ('told the review that he "thought
    he knew the family"', 'Dean "goes mad" at his mum'): in a fragment, pronouns are the
    narrator's."""
    first = next((c for c in quoted if c.isalpha()), "")
    return first.isupper() or bool(_FIRST_PERSON.search(quoted))


@dataclass(frozen=True)
class Segment:
    """A sentence, or the part of one between semicolons: token indices and tokens."""

    start: int
    end: int
    tokens: list[Any]


class BlockState:
    """What the resolver knows about the block it is in."""

    def __init__(self, block: Block, doc: Any, entities: list[Entity], terms: list[TermMatch],
                 sentence_of: dict[int, int], tokens: list[Any]) -> None:
        self.block = block
        self.doc = doc
        self.entities = entities
        self.terms = terms
        self.sentence_of = sentence_of
        self.referent_at: SpanMap = SpanMap()
        self.verdict_at: dict[int, tuple[Verdict, str]] = {}
        self.quotes = [(m.start(), m.end()) for m in QUOTE.finditer(block.text)]
        self.direct = [is_direct_speech(m.group(0)[1:-1]) for m in QUOTE.finditer(block.text)]
        self._segments: dict[int, Segment] = {}
        self.tokens = tokens  # the doc's tokens, made once

    def segment(self, token: Any) -> Segment:
        """The sentence `token` is in, cut at semicolons (each side is a clause of its own)."""
        if token.i not in self._segments:
            sent = token.sent
            start = sent.start
            for t in self.tokens[sent.start:sent.end]:
                if t.text == ";" or t.i == sent.end - 1:
                    segment = Segment(start, t.i + 1, self.tokens[start:t.i + 1])
                    for k in range(start, t.i + 1):
                        self._segments[k] = segment
                    start = t.i + 1
        return self._segments[token.i]

    @staticmethod
    def is_main_subject(token: Any, segment: Segment) -> bool:
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

    def fragment_subject(self, token: Any) -> Any:
        """For a pronoun in a quoted fragment of the narrator's sentence whose verb's subject
        stands outside it ('told the review that he "thought he knew the family"'): that
        subject. The fragment's pronouns then read as the narrator's; None otherwise."""
        number = self.quote_of(token)
        if number is None or self.direct[number]:
            return None
        start, end = self.quotes[number]
        node = token
        while node.head.i != node.i and start < node.head.idx < end:
            node = node.head
        if token.dep_ != "nsubj" or token.head.dep_ != "ccomp" or token.head.head.i != node.i:
            return None  # 'he "thought he knew"', not 'her brother "screams when he does it"'
        subjects = [c for c in subjects_of(node) if not start < c.idx < end and c.i < token.i]
        return subjects[0] if subjects else None

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
                or [c for c in shared_subjects(node) if c.i not in inside]
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

    def speaker_of(self, token: Any) -> str | None:
        """The label of whoever speaks the quotation `token` is in: the subject of the
        reporting verb the quotation hangs from ("Brenda said", "described his father as
        '...'", "Dean said that Tyler was '...'"), or of an aside on that verb ("Simran, he
        said, has not asked ...: '...'")."""
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
        aside = next((c for c in node.children if c.dep_ == "parataxis"
                      and c.lemma_ in REPORTING_VERBS and subjects_of(c)), None)
        if aside is not None:  # 'Mateus, he says, still asks ...: "He's counting"': he speaks
            node = aside
        subjects = [c for c in subjects_of(node) or shared_subjects(node)
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
                    if number.isdigit() or number in NUMBER_WORDS:
                        return is_child_age(number, None), f"{token.text} {verb.text} {number}"
                term = self.term_at(child)
                if (term is not None and term.kind in ("child", "neutral-child")) \
                        or child.lower_ in CHILD_WORDS:
                    return True, f"{token.text} {verb.text} {child.text}"
        before = self.block.text[token.sent.start_char:token.idx]
        if match := AGE_BEFORE_SUBJECT.search(before):
            return is_child_age(match.group(1), None), match.group(0).strip(" ,")
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
        if kin and head.dep_ == "attr" and head.head.lemma_ == "be":
            subjects = [c for c in head.head.children if c.dep_ == "nsubj"
                        and c.lower_ not in PRONOUNS]
            if subjects:  # "whose mother is Surinder's niece": the niece is the mother
                return self.verdict_of(subjects[0])
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
        subject = self.clause_subject_token(token)
        return self.verdict_of(subject) if subject is not None else None

    def subject_and_apposed(self, token: Any) -> set[str]:
        """Everyone the subject of a pronoun's clause names: the subject and the names set
        beside it ("His class teacher, Mr Rohan Mistry, described him": the teacher, Mr,
        Rohan Mistry), not its owner ("His")."""
        subject = self.clause_subject_token(token)
        if subject is None:
            return set()
        found = [self.verdict_of(subject)]
        for apposed in (c for c in subject.children if c.dep_ == "appos"):
            found += [self.verdict_of(t) for t in (apposed, *apposed.children)
                      if t.dep_ in ("appos", "compound")]
        return {f[1] for f in found if f is not None and f[1]}

    def clause_subject_token(self, token: Any) -> Any:
        """The subject of the clause a pronoun is in (shared, controlling, or a name the
        parser missed), or None."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i \
                and not subjects_of(verb):  # "have Child A live with him": 'live' as a noun
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        while not subjects and verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            # "asked Liam to stay with him": Liam stays (object control)
            controller = [c for c in verb.head.children if c.dep_ == "dobj"] \
                if verb.dep_ == "xcomp" else []
            verb = verb.head  # "collected Liam ... and took him": the subject is shared
            subjects = controller or [c for c in verb.children
                                      if c.dep_ in ("nsubj", "nsubjpass")]
        first = verb.left_edge
        if not subjects and first.i < verb.i and first.head.i == verb.i \
                and first.dep_ in ("advmod", "npadvmod", "dep") and self.referent_of(first):
            subjects = [first]  # a name the parser missed as subject: "Lily, aged 4, was"
        before = self.tokens[verb.i - 1] if verb.i > 0 else None
        if not subjects and before is not None and before.pos_ == "PROPN" \
                and before.dep_ in ("pobj", "compound", "npadvmod") \
                and self.referent_of(before):
            subjects = [before]  # "On 2 August Roger brought him": Roger taken into the date
        return subjects[0] if subjects else None

    def favoured_subject(self, token: Any) -> str | None:
        """Whose mention a pronoun leans to: for "his" the subject of its own clause ("Ruth
        told her teacher"); for a subject in a reported clause, the reporter ("Ella told her
        mother that she ...")."""
        role = role_of(token)
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
        """People named after a pronoun inside its clause: it cannot be them ("he saw Ben").
        Not a name in an adverbial or relative clause further down ("He said that when Adeel
        was twelve, ...": writers do mean Adeel)."""
        starts = set()
        stack = [token.head]
        while stack:
            node = stack.pop()
            starts.add(node.idx)
            stack += [c for c in node.children
                      if c.dep_ not in ("advcl", "relcl") or node.i == token.head.i]
        return {e.person_id for e in self.entities
                if e.person_id and token.idx < e.start and e.start in starts}

    def parent_chain(self, token: Any) -> tuple[Verdict, str] | None:
        """"his dad ... his mum": the owner of an earlier parent in the sentence owns this one."""
        if role_of(token) != "possessor" or token.lower_ not in ("his", "her"):
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
        for child in own_clause(token.head):
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
