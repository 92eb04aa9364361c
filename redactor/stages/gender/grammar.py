"""The resolver's words and parse helpers: pronouns, gendered nouns
(`patterns/gendered_terms.csv`), word lists (`patterns/coref_grammar.yaml`), ages in the
text, and small questions about a spaCy token (its role, its clause's verb and subject)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from redactor.detect.casematch import TriePattern, compile_terms
from redactor.paths import pattern_file

Verdict = Literal["child", "adult", "ambiguous"]
TermKind = Literal["child", "offspring", "sibling", "relative", "parent", "adult",
                   "neutral-child", "youth", "sex"]

PRONOUNS: dict[str, tuple[str, str]] = {  # word -> (gender, form)
    "he": ("male", "subject"), "she": ("female", "subject"),
    "him": ("male", "object"), "her": ("female", "object-or-possessive"),
    "his": ("male", "possessive-or-standalone"), "hers": ("female", "standalone"),
    "himself": ("male", "reflexive"), "herself": ("female", "reflexive"),
}
TERM_KINDS = ("child", "offspring", "sibling", "relative", "parent", "adult", "neutral-child",
              "youth", "sex")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
OBJECT_DEPS = ("dobj", "iobj", "dative", "pobj", "obj")

NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
)
_NUMBER = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
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


GRANDPARENTS = frozenset({"nan", "gran", "granny", "nana", "nain", "taid"})


@dataclass(frozen=True)
class Term:
    """One row of `patterns/gendered_terms.csv`."""

    term: str
    neutral: str
    plural: str
    neutral_plural: str
    gender: str
    kind: TermKind

    @property
    def grand(self) -> bool:
        """A grandparent or grandchild word ("grandson", "nan", "nain")."""
        word = self.term.lower()
        return word.startswith("grand") or word in GRANDPARENTS


@dataclass(frozen=True)
class TermMatch:
    """A gendered noun found in a block."""

    block_id: str
    start: int
    end: int
    text: str
    term: Term
    plural: bool


# Quotations: double quotes, and the single quotes British writers use ('Dad's cross,' she
# said): an apostrophe inside a word (didn't, Ellie's) does not close one.
QUOTE = re.compile(r'"[^"\n]{1,600}?"|\u201c[^\u201d\n]{1,600}?\u201d'
                   r"|(?<![\w'\u2019])'(?=\S)(?:[^'\n]|'(?=\w)){1,600}?(?<=\S)'(?![\w'])"
                   r"|\u2018(?:[^\u2019\n]|\u2019(?=\w)){1,600}?\u2019(?!\w)")


def load_grammar() -> dict[str, frozenset[str]]:
    """`patterns/coref_grammar.yaml`: the resolver's word lists. Fails loudly when malformed."""
    path = pattern_file("coref_grammar.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = ("reporting_verbs", "observing_verbs", "self_reports", "adjunct_prepositions",
            "relative_pronouns", "childrens_things", "asking_verbs", "answering_verbs",
            "carrying_verbs", "professional_care_verbs", "younger_words", "older_words",
            "question_words", "child_predicates", "spouse_words", "adult_verbs")
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of word lists")
    for key in keys:
        words = data.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{path}: {key!r} must be a list of words")
    grammar = {key: frozenset(w.lower() for w in data[key]) for key in keys}
    stages = data.get("school_stages")
    if not isinstance(stages, list) or not all(isinstance(w, str) and w for w in stages):
        raise ValueError(f"{path}: 'school_stages' must be a list of words")
    grammar["school_stages"] = frozenset(stages)  # as written: matched case-sensitively
    return grammar


_GRAMMAR = load_grammar()
REPORTING_VERBS = _GRAMMAR["reporting_verbs"]
OBSERVING_VERBS = _GRAMMAR["observing_verbs"]
SELF_REPORTS = _GRAMMAR["self_reports"]
ADJUNCT_PREPS = _GRAMMAR["adjunct_prepositions"]
RELATIVE_WORDS = _GRAMMAR["relative_pronouns"]
CHILD_WORDS = _GRAMMAR["child_predicates"]
SPOUSE_WORDS = _GRAMMAR["spouse_words"]
ADULT_VERBS = _GRAMMAR["adult_verbs"]
CHILDRENS_THINGS = _GRAMMAR["childrens_things"]
ASKING_VERBS = _GRAMMAR["asking_verbs"]
ANSWERING_VERBS = _GRAMMAR["answering_verbs"]
CARRYING_VERBS = _GRAMMAR["carrying_verbs"]
PROFESSIONAL_CARE_VERBS = _GRAMMAR["professional_care_verbs"]
YOUNGER_WORDS = _GRAMMAR["younger_words"]
QUESTION_WORDS = _GRAMMAR["question_words"]
RANK = re.compile(r"\b(" + "|".join(sorted(YOUNGER_WORDS | _GRAMMAR["older_words"]))
                  + r")\s+$", re.IGNORECASE)  # a rank word right before a kin noun
SCHOOL_STAGE = re.compile(r"\b(?:" + "|".join(
    re.escape(w) for w in sorted(_GRAMMAR["school_stages"], key=len, reverse=True)) + r")\b")


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
    terms += [_with_prefix(prefix, t) for t in terms if t.term.lower().startswith("grand")
              for prefix in GREAT_PREFIXES]  # "great-granddaughter" -> "great-grandchild"
    return tuple(sorted(terms, key=lambda t: len(t.term), reverse=True))


GREAT_PREFIXES = ("great-", "great ", "great-great-", "great great ")


def _with_prefix(prefix: str, term: Term) -> Term:
    def add(word: str) -> str:
        return prefix + word if word else ""

    return Term(add(term.term), add(term.neutral), add(term.plural), add(term.neutral_plural),
                term.gender, term.kind)


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
                and term.kind in ("sibling", "youth"):
            continue  # a nursing title or a name: "Sister Jones", "Prince Charles Hospital"
        found.append(TermMatch(block_id, start, end, matched, term, plural))
    return found


def age_evidence(text: str, start: int, end: int) -> tuple[bool | None, str]:
    """Whether the words around a noun at text[start:end] say a child (True) or an adult."""
    before = text[max(0, start - 40):start]
    before = re.split(r"[.;:()]", before)[-1]
    if match := _AGE_BEFORE.search(before):
        return is_child_age(match.group(1), match.group(2)), match.group(0).strip()
    if match := _ADULT_BEFORE.search(before):
        return False, match.group(1)
    if (match := _CHILD_BEFORE.search(before)) and not (
            match.group(1).lower() == "baby" and _SIBLING_WORD.match(text, start)):
        return True, match.group(1)  # ("our baby brother" of a man of 35: the youngest)
    after = text[end:end + 60]
    match = _AGE_AFTER.search(after)
    if match and (match.group(1) or match.group(3) or not re.match(r"\s+\d", after)):
        return is_child_age(match.group(2), match.group(3)), match.group(0).strip(" ,(")
    return None, ""


_SIBLING_WORD = re.compile(r"(?i)(?:half-|step)?(?:brother|sister|sibling)s?\b")


def is_child_age(number: str, unit: str | None) -> bool:
    if unit and not unit.lower().startswith("y"):
        return True  # months, weeks, days
    if number.isdigit():
        return int(number) < 18
    index = NUMBER_WORDS.index(number.lower())
    return index < 18  # "zero" .. "seventeen"


AGE_BEFORE_SUBJECT = re.compile(
    r"(?:^|[,;]\s*)(?:now|then|aged?|at)\s+" + _NUMBER + r"(?:\s+years?\s+old)?\s*,\s*$",
    re.IGNORECASE)


def is_relative_subject(token: Any) -> bool:
    return (token.lower_ in RELATIVE_WORDS and token.dep_ in ("nsubj", "nsubjpass")
            and token.head.dep_ == "relcl")



def common_noun(text: str) -> bool:
    """A lower-case word of `gendered_terms.csv` ("child" matched to the label "Child A"):
    a noun, not a name."""
    _pattern, forms = _terms_pattern()
    return text.islower() and " ".join(text.split()) in forms


def clause_verb(token: Any) -> Any:
    """The verb of the clause `token` is in."""
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def subjects_of(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def shared_subjects(verb: Any) -> list[Any]:
    """The subject a verb without one shares: "arrived and took ...", "refused to go"."""
    while verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and verb.head.i != verb.i \
            and not subjects_of(verb):
        verb = verb.head
    return subjects_of(verb)


def token_span(token: Any) -> tuple[int, int]:
    return token.idx, token.idx + len(token.text)


def role_of(token: Any) -> str:
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


def title_gender(text: str) -> str:
    first = text.split()[0].rstrip(".") if text.split() else ""
    if first == "Mr":
        return "male"
    if first in ("Mrs", "Ms", "Miss"):
        return "female"
    return "unknown"
