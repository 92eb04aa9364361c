"""Who a gendered word may refer to, and the weights of salience: `Referent` (a case
person or someone a noun introduced), `Mention`, the resolver's answer `Reference`, and
the pronoun being resolved (`Question`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from redactor.case import Person
from redactor.stages.gender.grammar import Term, Verdict

DECISIVE = 2.0  # a class of antecedents wins only when this many times more salient
ADULT_DECISIVE = 2.5  # ... and an adult this many times: a child left unchanged is a leak
RECENCY = 100.0  # salience of a mention in the current sentence, halved per sentence back
ROLE_WEIGHT = {"subject": 80.0, "object": 50.0, "other": 20.0, "possessor": 0.0,
               "quoted": 0.0}
PARALLEL = 35.0  # the pronoun and the mention have the same grammatical role
SIBLING_GAP = 15  # years between siblings, at most, when guessing a sibling's age group
TEEN_AGE = 13  # a child this old may be called "a young man" or "a young woman"
UNKNOWN_GENDER = 0.25  # weight of a mention whose gender is unknown ("the GP")
GENERATION = (14, 45)  # a son or daughter is this many years younger than the parent
GRAND_GENERATION = (30, 90)
ADULT_AGE = 18  # a son or daughter this old is an adult (with `GENERATION`, from a parent's age)
LOCAL_SUBJECT = 200.0  # the subject of a possessive's clause, or of a reporting verb
PARENT_PRIOR = 150.0  # "his mum", "her dad": in a DHR, most often a child's parent
CHILD_RIVAL = 4.0  # an adult answer is flagged when a child is this close in salience
WINDOW = 3  # sentences back to look first
FAR_WINDOW = 20  # then this far; beyond it, the case file decides


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
    doubt: str = ""  # an adult verdict a child may still be meant by: the child's reading
    rule: str = ""  # the pass of the pronoun sieve that answered (pronouns)


@dataclass
class Question:
    """One pronoun being resolved, and what binding rules out."""

    token: Any
    gender: str
    role: str
    sentence: int
    excluded: set[str] = field(default_factory=set)
    adults_only: bool = False  # "her son": the owner of a son or daughter is a parent
    guessed: set[str] = field(default_factory=set)  # ruled out by a pronoun's own guess


Answer = tuple[Verdict, "Referent | None", str]


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


class SpanMap(dict[tuple[int, int], "Referent"]):
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
