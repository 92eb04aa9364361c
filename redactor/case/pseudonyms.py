"""Generated pseudonyms.

A pseudonym the family chose (the case file's `pseudonym`) is never changed. Everyone else
gets one generated here, deterministically: the choice depends only on the case (its `seed`,
each person's id and name) and on the names already taken, never on time or process state.
Names come from `patterns/pseudonyms/` (female, male, neutral first names; surnames; role
labels in `roles.yaml`). A generated pseudonym never uses a word of any real name in the case
or the draft, never repeats another person's, never equals a keep term, and is recorded on
the case's `Person` (`pseudonym_generated`), so every document of a run agrees and
`--update-case` can persist it. Grouping the people nobody listed is in `redactor.case.people`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import yaml

from redactor.case.file import Case, Person
from redactor.case.forms import (
    is_label,
    name_parts_lower,
    split_name,
)
from redactor.case.terms import keep_terms
from redactor.paths import pattern_file, read_word_list

ROLES_FILE = "pseudonyms/roles.yaml"
CHILD_LABEL = "Child"
FALLBACK_LABEL = "Person"
PROFESSIONAL_LABEL = "Professional"
# words that may stand lower-case in a name-like mention (see the file for why it differs
# from patterns/person_names/particles.txt)
NAME_PARTICLES = frozenset(read_word_list("pseudonyms/name_particles.txt"))


# --- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameLists:
    """The first names and surnames generated pseudonyms are drawn from."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    neutral: tuple[str, ...]
    surnames: tuple[str, ...]

    def first_names(self, gender: str) -> tuple[str, ...]:
        return {"female": self.female, "male": self.male}.get(gender, self.neutral)

    @cached_property
    def _female_lower(self) -> frozenset[str]:
        return frozenset(n.lower() for n in self.female)

    @cached_property
    def _male_lower(self) -> frozenset[str]:
        return frozenset(n.lower() for n in self.male)

    def gender_of_first_name(self, name: str) -> str:
        """"female"/"male" when the name is only on that list, else "unknown"."""
        lowered = name.lower()
        in_female = lowered in self._female_lower
        in_male = lowered in self._male_lower
        if in_female != in_male:
            return "female" if in_female else "male"
        return "unknown"


@cache
def name_lists() -> NameLists:
    """The lists in `patterns/pseudonyms/`; a missing file stops the run."""
    return NameLists(*(tuple(read_word_list(f"pseudonyms/{name}.txt"))
                       for name in ("female", "male", "neutral", "surnames")))


@cache
def nicknames() -> dict[str, frozenset[str]]:
    """`patterns/pseudonyms/nicknames.txt` both ways: "daniel" -> {"dan", "danny"}, and
    "danny" -> {"daniel"} (lower case)."""
    related: dict[str, set[str]] = {}
    for line in read_word_list("pseudonyms/nicknames.txt"):
        full, _, shorts = line.partition(":")
        if not shorts.strip():
            raise ValueError(f"patterns/pseudonyms/nicknames.txt: {line!r} is not "
                             "'Full: short, short'")
        for short in (s.strip().lower() for s in shorts.split(",") if s.strip()):
            related.setdefault(full.strip().lower(), set()).add(short)
            related.setdefault(short, set()).add(full.strip().lower())
    return {name: frozenset(others) for name, others in related.items()}


class Stems:
    """Name words, and the test whether another word shares one's stem: equal, one a
    nickname of the other ("Danny", "Daniel"), one (3+ letters) starting the other ("Beth",
    "Bethany"), or the first four letters shared ("Christine", "Christopher")."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        self.nicknames: set[str] = set()
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        word = word.lower().strip(".")
        if len(word) < 2 or word in self.words:
            return
        self.words.add(word)
        self.prefixes.update(word[:k] for k in range(3, len(word) + 1))
        self.nicknames |= nicknames().get(word, frozenset())

    def clashes(self, word: str) -> bool:
        word = word.lower().strip(".")
        if word in self.words or word in self.nicknames:
            return True
        if len(word) >= 3 and word in self.prefixes:
            return True
        if len(word) >= 4 and word[:4] in self.prefixes:
            return True
        return any(word[:k] in self.words for k in range(3, len(word)))


def names_clash(a: str, b: str) -> bool:
    """True when two name words would read as the same name (see `Stems`)."""
    return Stems([b]).clashes(a)


def is_nickname(a: str | None, b: str | None) -> bool:
    """True when one first name is a short form of the other ("Danny", "Daniel")."""
    if not a or not b:
        return False
    a, b = a.lower().strip("."), b.lower().strip(".")
    return b in nicknames().get(a, frozenset())


@dataclass(frozen=True)
class RoleLabel:
    """A professional's label ("Police Officer") and the titles and words that mean it."""

    label: str
    titles: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@cache
def role_data() -> dict[str, Any]:
    """`patterns/pseudonyms/roles.yaml`, checked for the keys the code reads."""
    path = pattern_file(ROLES_FILE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    required = ("labels", "roles", "kin", "kin_titles", "panel", "pronouns", "title_gender",
                "killed_by")
    if not isinstance(data, dict) or any(key not in data for key in required):
        raise ValueError(f"patterns/{ROLES_FILE} must be a mapping with keys {required}")
    return data


@cache
def role_labels() -> tuple[RoleLabel, ...]:
    return tuple(
        RoleLabel(entry["label"], tuple(entry.get("titles", ())), tuple(entry.get("words", ())))
        for entry in role_data()["labels"]
    )


def kin_title(text: str) -> tuple[int, str] | None:
    """For "Uncle Steve": (6, "male"), the length of the kinship word and its space, and
    the gender it tells; `None` when `text` does not start with such a word."""
    match = re.match(r"(\S+)\s+(?=\S)", text)
    if match is None:
        return None
    word = match.group(1).lower()
    for gender, words in role_data()["kin_titles"].items():
        if word in {w.lower() for w in words}:
            return match.end(), str(gender)
    return None


def label_for_job(job: str) -> str:
    """The role label for a job as written ("general practitioner" -> "GP")."""
    lowered = job.strip().lower()
    for role in role_labels():
        if lowered == role.label.lower() or lowered in {w.lower() for w in role.words}:
            return role.label
    return job.strip()


def role_label(person: Person) -> str:
    """A professional's label: from `job`, else from the title (PC -> Police Officer)."""
    if person.job:
        return label_for_job(person.job)
    title = person.title or split_name(person.name).title
    # a rank of several words leads the name: "Police Constable", "Detective Sergeant"
    leading = [*(title.split() if title else []), *person.name.split()[:3]]
    for word in leading:
        bare = word.rstrip(".").lower()
        for role in role_labels():
            if bare in {t.lower() for t in role.titles}:
                return role.label
    return PROFESSIONAL_LABEL


# --- generation ---------------------------------------------------------------------------


@dataclass
class TakenNames:
    """What no generated pseudonym may use, and what the case's pseudonyms use already."""

    forbidden: set[str] = field(default_factory=set)  # lower-case words of real names, keep
    keep: set[str] = field(default_factory=set)  # lower-case keep terms
    full: set[str] = field(default_factory=set)  # lower-case pseudonyms in use
    first: set[str] = field(default_factory=set)  # lower-case first words in use
    surnames: set[str] = field(default_factory=set)  # lower-case pseudonym surnames in use
    surname_for: dict[str, str] = field(default_factory=dict)  # real surname -> pseudonym's
    real_stems: Stems = field(default_factory=Stems)  # words of real names and keep terms
    used_stems: Stems = field(default_factory=Stems)  # words of pseudonyms in use

    @classmethod
    def of(cls, case: Case, draft_names: Iterable[str] = ()) -> TakenNames:
        taken = cls()
        for person in case.people:
            for name in (person.name, *person.aliases):
                taken.forbidden |= name_parts_lower(name)
        for name in draft_names:
            taken.forbidden |= name_parts_lower(name)
        for term in keep_terms(case):
            taken.keep.add(term.lower())
            taken.forbidden |= {w.strip(".,'()").lower() for w in term.split()}
        for word in taken.forbidden:
            taken.real_stems.add(word)
        for person in case.people:
            taken.add(person)
        return taken

    def reads_apart(self, word: str) -> bool:
        """`word` shares no stem with a real name, a keep term or a pseudonym in use."""
        return not self.real_stems.clashes(word) and not self.used_stems.clashes(word)

    def add(self, person: Person) -> None:
        if not person.pseudonym:
            return
        self.full.add(person.pseudonym.lower())
        words = person.pseudonym.split()
        if is_label(person.pseudonym):
            return
        for word in words:
            self.used_stems.add(word)
        self.first.add(words[0].lower())
        real_surname = split_name(person.name).surname
        if len(words) > 1:
            self.surnames.add(words[-1].lower())
            if real_surname and len(words[-1]) > 1:
                self.surname_for.setdefault(real_surname.lower(), words[-1])

    def allows(self, first: str, surname: str | None, *, reuse_first: bool = False,
               apart: bool = False) -> bool:
        """May `first` (+ `surname`) be generated? With `apart`, the first name must also
        share no stem with any real name, keep term or pseudonym in use (`reads_apart`)."""
        full = f"{first} {surname}" if surname else first
        return (
            (not apart or self.reads_apart(first))
            and first.lower() not in self.forbidden
            and (reuse_first or first.lower() not in self.first)
            and full.lower() not in self.full
            and full.lower() not in self.keep
            and (surname is None or first.lower() != surname.lower())
        )


def assign_pseudonyms(
    case: Case, *, child_labels: bool = False, draft_names: Iterable[str] = ()
) -> list[Person]:
    """Give every person of `case` without a pseudonym a generated one, in case order.

    `draft_names` are the names detection found in the draft (no pseudonym may use them).
    With `child_labels`, children are then "Child 1", "Child 2" (also replacing earlier
    generated names); everyone is first given a name as without labels, so the option never
    changes an adult's pseudonym. Returns the people given a pseudonym now.
    """
    taken = TakenNames.of(case, draft_names)
    given = []
    for person in case.people:
        if person.pseudonym:
            continue
        person.pseudonym = generate_pseudonym(case, person, taken)
        person.pseudonym_generated = True
        taken.add(person)
        given.append(person)
    if child_labels:
        for person in case.people:
            if (person.is_child and person.pseudonym_generated and bool(person.pseudonym)
                    and not is_label(person.pseudonym or "")):
                person.pseudonym = next_label(CHILD_LABEL, taken)
                taken.add(person)
                if person not in given:
                    given.append(person)
    return given


def generate_pseudonym(
    case: Case, person: Person, taken: TakenNames, *, child_labels: bool = False
) -> str:
    """One pseudonym for `person` that `taken` allows (not yet recorded anywhere), made by
    the generator version the case file records (`Case.pseudonym_generator`)."""
    return GENERATORS[case.pseudonym_generator](case, person, taken, child_labels)


def generate_v1(case: Case, person: Person, taken: TakenNames, child_labels: bool) -> str:
    """Version 1 (every case file before versions): a professional gets a role label
    ("GP 1"); anyone else a first name from the gender's list and a surname shared with
    their family, both rotated by the case seed. Preferred: a first name sharing no stem
    with any real name, keep term or other pseudonym. Never a given name and an initial
    ("Kenneth A")."""
    if person.is_child and child_labels:
        return next_label(CHILD_LABEL, taken)
    if person.role == "professional":
        return next_label(role_label(person), taken)
    lists = name_lists()
    gender = "unknown" if person.is_child else person.gender
    firsts = _rotated(lists.first_names(gender), _seed_index(
        case, person, "first", len(lists.first_names(gender))))
    surname = _surname_for(case, person, taken, lists.surnames)
    for reuse_first, apart in ((False, True), (False, False), (True, False)):
        for first in firsts:
            if taken.allows(first, surname, reuse_first=reuse_first, apart=apart):
                return f"{first} {surname}" if surname else first
    return next_label(FALLBACK_LABEL, taken)


Generator = Callable[[Case, Person, TakenNames, bool], str]

# version -> generator. A new style is a new function and a new version here (never an edit
# of an old one: case files that name a version must keep getting the same pseudonyms), with
# `PSEUDONYM_GENERATORS` and `CURRENT_PSEUDONYM_GENERATOR` in `redactor.case.file`.
GENERATORS: dict[int, Generator] = {1: generate_v1}


def next_label(base: str, taken: TakenNames) -> str:
    """The first free "<base> N" ("GP 1", "GP 2"…)."""
    number = 1
    while f"{base} {number}".lower() in taken.full:
        number += 1
    return f"{base} {number}"


def _surname_for(
    case: Case, person: Person, taken: TakenNames, surnames: Sequence[str]
) -> str | None:
    """The pseudonym surname: shared with family already given one, else a fresh one."""
    real = split_name(person.name).surname
    if not real or len(real.strip(".")) < 2:
        return None
    if real.lower() in taken.surname_for:
        return taken.surname_for[real.lower()]
    order = _rotated(surnames, _seed_index(case, person, "surname", len(surnames)))
    for apart in (True, False):
        for surname in order:
            lowered = surname.lower()
            if (lowered not in taken.forbidden and lowered not in taken.surnames
                    and (not apart or taken.reads_apart(surname))):
                return surname
    return None


def _seed_index(case: Case, person: Person, purpose: str, size: int) -> int:
    """A stable index from the case seed and the person: same case, same choice."""
    key = "\x1f".join((case.seed or "", person.id, person.name, purpose))
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % size


def _rotated(items: Sequence[str], start: int) -> list[str]:
    return [*items[start:], *items[:start]]
