"""What the resolver knows about the block it is in (`BlockState`): sentences cut at
semicolons, quotations and their speakers, mentions at tokens, clause subjects and owners;
the questions the sieve asks of the parse."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from redactor.model import Block, Entity
from redactor.stages.gender.candidates import CandidateSearch
from redactor.stages.gender.grammar import (
    AGE_BEFORE_SUBJECT,
    CHILD_WORDS,
    NUMBER_WORDS,
    PRONOUNS,
    QUOTE,
    REPORTING_VERBS,
    SCHOOL_STAGE,
    SPOUSE_WORDS,
    Term,
    TermMatch,
    Verdict,
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


def _clause_of_its_own(token: Any) -> bool:
    """A conjoined clause with its own subject ("AA's mother called her, and AA informed
    her …"): a name there is not "later in the pronoun's clause"."""
    return token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


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


class BlockState(CandidateSearch):
    """What the resolver knows about the block it is in (the candidate searches are in
    `CandidateSearch`)."""

    def __init__(self, block: Block, doc: Any, entities: list[Entity], terms: list[TermMatch],
                 sentence_of: dict[int, int], tokens: list[Any]) -> None:
        self.block = block
        self.doc = doc
        self.entities = entities
        self.terms = terms
        self.sentence_of = sentence_of
        self.referent_at: SpanMap = SpanMap()
        self.verdict_at: dict[int, tuple[Verdict, str]] = {}
        self.doubt_at: dict[int, str] = {}  # a pronoun answered "adult" with a child's reading
        self.interviewers: dict[str, Referent] = {}  # by sex: a professional who asked a child
        self.quotes = [(m.start(), m.end()) for m in QUOTE.finditer(block.text)]
        self._quote_starts = [start for start, _end in self.quotes]
        self.direct = [is_direct_speech(m.group(0)[1:-1]) for m in QUOTE.finditer(block.text)]
        self._segments: dict[int, Segment] = {}
        self._quote_speakers: dict[int, list[tuple[int, str | None]]] = {}
        self.tokens = tokens  # the doc's tokens, made once
        self._token_starts = [t.idx for t in tokens]

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
        """The index of the quotation `token` is in, if any (quotations are in text order
        and do not overlap)."""
        number = bisect.bisect_left(self._quote_starts, token.idx) - 1
        if number >= 0 and token.idx < self.quotes[number][1]:
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

    def speaker_of(self, token: Any) -> str | None:
        """The label of whoever speaks the quotation `token` is in: the subject of the
        reporting verb the quotation hangs from ("Brenda said", "described his father as
        '...'", "Dean said that Tyler was '...'"), or of an aside on that verb ("Simran, he
        said, has not asked ...: '...'")."""
        number = self.quote_of(token)
        if number is None:
            return None
        start, end = self.quotes[number]
        found = self._speaker_from(token, start, end)
        if found is None:  # 'Like we were the problem. She was ...,' Luwam said: one speaker
            if number not in self._quote_speakers:
                self._quote_speakers[number] = self._speakers_by_sentence(start, end)
            found = next((speaker for sentence, speaker in self._quote_speakers[number]
                          if sentence != token.sent.start and speaker is not None), None)
            if found is None:
                found = self._speaker_before(start)
        return found

    def named_in_quotes(self, subject: Any) -> set[str]:
        """Who the direct quotations either side of a reporting verb's subject name, not by
        pronoun ('"Zain is who I was," he said': Zain): not their speaker."""
        near = self.tokens[max(0, subject.i - 3):subject.head.i + 3]
        numbers = {n for n in map(self.quote_of, near) if n is not None and self.direct[n]}
        named = set()
        for number in numbers:
            start, end = self.quotes[number]
            for t in self.tokens[self._token_at(start):self._token_at(end)]:
                found = self.mention(t) if t.lower_ not in PRONOUNS else None
                if found is not None and found[1]:
                    named.add(found[1])
        return named

    def _token_at(self, offset: int) -> int:
        """The index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self._token_starts, offset)

    def _speakers_by_sentence(self, start: int, end: int) -> list[tuple[int, str | None]]:
        """Each sentence of a quotation (by its first token) and the speaker read from its
        last token inside the quotation; worked out once per quotation."""
        last: dict[int, Any] = {}
        for t in self.tokens[self._token_at(start + 1):]:
            if t.idx >= end:
                break
            last[t.sent.start] = t
        return [(sentence, self._speaker_from(t, start, end)) for sentence, t in last.items()]

    def _speaker_before(self, start: int) -> str | None:
        """'…,' Luwam told the Chair. 'Like we were the problem.': a quotation with no
        reporting verb of its own, opening right after a sentence that reports someone named
        speaking, continues that speaker."""
        first = self._token_at(start)
        starts = self.tokens[first:first + 2]  # the mark, or the word after
        opening = next((t for t in starts if t.i == t.sent.start and t.i > 0), None)
        if opening is None:  # (the parser often leaves the mark on the sentence before)
            return None
        before = self.tokens[opening.sent.start - 1].sent
        verb = before.root
        if self.quote_of(verb) is not None:  # "'Mum always said that,' Luwam told": Luwam's
            verb = next((t for t in verb.children if t.lemma_ in REPORTING_VERBS
                         and self.quote_of(t) is None), verb)
        if verb.lemma_ not in REPORTING_VERBS or self.quote_of(verb) is not None:
            return None
        subjects = [t for t in subjects_of(verb) if t.lower_ not in PRONOUNS]
        found = self.mention(subjects[0]) if subjects else None  # a name: a pronoun's
        return found[1] if found and found[1] else None  # answer may be wrong, and then binds

    def _speaker_from(self, token: Any, start: int, end: int) -> str | None:
        """The speaker of a quotation (start, end) read from the sentence of `token`."""
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
        places = [c.right_edge for c in verb.children if c.i > token.i
                  and c.dep_ in ("dobj", "prep", "attr", "xcomp", "npadvmod")]
        end = max((t.idx + len(t.text) for t in places), default=token.idx)
        if match := SCHOOL_STAGE.search(self.block.text[token.idx:min(end, token.idx + 60)]):
            return True, f"{token.text} ... {match.group(0)}"  # "He had started Year 3"
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
        """A case person named right after ("her son Liam") or before ("Liam, her son",
        "Kelechi, the couple's eldest son");
        not for a plural, nor a name that starts an aside ("the children, Pauline said")."""
        if match.plural:
            return None
        text = self.block.text
        for entity in self.entities:
            if entity.start >= match.end and re.fullmatch(
                    r"[\s,(]*|\s+(?:from|by|of|in)\s+[^,.;:()\"\u201c]{1,40},\s*",
                    text[match.end:entity.start]) and not (
                    re.search(r"[,(]", text[match.end:entity.start]) and (
                        entity.text.endswith(("'s", "\u2019s"))
                        or re.match(r"['\u2019]s\b", text[entity.end:entity.end + 3]))):
                # (not an owner set apart: "Grandson (Mark's son)" is Mark's son, not Mark;
                # "her son Jack's bike" is Jack's)
                after = re.match(r"\s+(\w+)", text[entity.end:entity.end + 30])
                if after and self.doc is not None and "," in text[match.end:entity.start] \
                        and any(t.lemma_ in REPORTING_VERBS for t in self.doc
                                if t.idx == entity.end + after.start(1)):
                    return None
                return entity
        for entity in self.entities:
            if entity.end <= match.start and re.fullmatch(
                    r"\s*,\s*(?:(?:his|her|their|the|[\w'\u2019-]+['\u2019]s)\s+){0,2}"
                    r"(?:[\w-]+\s+){0,2}", text[entity.end:match.start], re.IGNORECASE):
                return entity
        return None

    def apposed_people(self, match: TermMatch) -> list[Entity]:
        """For a plural, the case people named right after it ("her daughters, Freya (14)
        and Poppy (8)"), in order; [] when none."""
        if not match.plural:
            return []
        text, found, end = self.block.text, [], match.end
        gap = r"[\s,(:]*"
        for entity in sorted(self.entities, key=lambda e: e.start):
            if entity.start < end or not entity.person_id:
                continue
            if not re.fullmatch(gap, text[end:entity.start]):
                break
            found.append(entity)
            end = entity.end
            gap = r"\s*(?:\(\s*(?:aged\s+)?\d{1,2}\s*\))?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)"
        return found

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

    def adult_subject_above(self, token: Any, gender: str, excluded: set[str]) -> bool:
        """Whether a clause the pronoun's clause hangs from has, before it, an adult subject
        of its gender that binding allows ("She described how, when she was fourteen, ...";
        not the speaker of the pronoun's quotation)."""
        node = token.head
        while node.head.i != node.i:
            node = node.head
            for subject in (c for c in node.children
                            if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i):
                found = self.mention(subject)
                if found is not None and found[0] == "adult" and found[2] == gender \
                        and found[1] not in excluded:
                    return True
        return False

    def copula_subject(self, token: Any) -> set[str]:
        """"Mariam was her favourite grandchild", "Joshua was his everything": the subject of
        the copula whose complement a possessive owns (who the owner is not; but "she was
        her old self" is hers)."""
        noun = token.head
        if noun.dep_ != "attr" or noun.head.lemma_ != "be" or noun.lemma_ == "self":
            return set()
        subjects = [c for c in noun.head.children if c.dep_ == "nsubj"]
        found = self.mention(subjects[0]) if subjects else None
        return {found[1]} if found is not None and found[1] else set()

    def clause_subject(self, token: Any) -> tuple[Verdict, str] | None:
        """The verdict on the subject of the clause a pronoun is in, if known."""
        subject = self.clause_subject_token(token)
        return self.verdict_of(subject) if subject is not None else None

    @staticmethod
    def set_apart_appos(token: Any) -> bool:
        """Whether a noun has a name set beside it by a comma ("Her grandchild, Ellie Clarke,
        aged 12"), not a misparse ("Roger cuff Tristan")."""
        return any(c.dep_ == "appos" and c.left_edge.i > 0
                   and c.doc[c.left_edge.i - 1].text == "," for c in token.children)

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
                      if t.dep_ in ("appos", "compound", "conj")]  # "Freya and Poppy"
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
                      if (c.dep_ not in ("advcl", "relcl") or node.i == token.head.i)
                      and not _clause_of_its_own(c)]
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
                    if verdict == "ambiguous" or self._named_between(earlier, token, label):
                        return None  # "her mother ... when Tianna came ... adored her nan"
                    return verdict, label
        return None

    def _named_between(self, earlier: Any, token: Any, label: str) -> bool:
        """Whether someone of the pronoun's gender other than `label` is mentioned between
        two tokens (a new topic for the second possessive)."""
        gender = PRONOUNS[token.lower_][0]
        for between in self.tokens[earlier.i + 1:token.i]:
            found = self.mention(between)
            if found is not None and found[1] and found[1] != label \
                    and found[2] in (gender, "unknown") and found[0] != "adult" \
                    and between.lower_ not in PRONOUNS:
                return True
        return False

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
