"""Grouping the people nobody listed.

People nobody listed (model PERSON findings without a person) are grouped by name parts —
"Gary Holt", "Mr Holt" and "Gary" are one person — into `Person(new=True)` entries of the case
(`register_unlisted`, across the documents of a run; `place_unlisted`, what is left in one
document); `group_mentions` and `person_for_mention` say which person a written name is,
`mention_form` which form of the name it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from redactor.case.file import Case, Person
from redactor.case.forms import (
    gender_of_title,
    is_initials,
    rank_words,
    split_name,
    split_possessive,
    titles,
)
from redactor.case.pseudonyms import (
    NAME_PARTICLES,
    PROFESSIONAL_LABEL,
    assign_pseudonyms,
    is_nickname,
    kin_title,
    name_lists,
    nicknames,
    role_label,
)
from redactor.model import Entity


@dataclass(frozen=True)
class Mention:
    """A name as written, split: "Mr Gary Holt" -> title Mr, first Gary, surname Holt.

    A lone word without a title ("Gary", "Holt") may be a first name or a surname: `single`.
    """

    text: str
    title: str | None = None
    first: str | None = None
    surname: str | None = None
    single: str | None = None
    initials: bool = False

    @property
    def specificity(self) -> int:
        """0 for a full name, 1 for title + surname, 2 for a lone word or initials."""
        if self.first and self.surname:
            return 0
        return 1 if self.surname else 2

    @property
    def plausible(self) -> bool:
        """Written like a name: capitalised words (or particles such as "de", "van"), no
        possessive inside ("Daniel's outside" is not a name)."""
        words = self.text.split()
        return not re.search(r"['\u2019]s\s", self.text) and all(
            word[:1].isupper() or word in NAME_PARTICLES
            or (word.isdigit() and self.title) for word in words)  # "PC 2231 Sarah Lethbridge"

    @property
    def name(self) -> str:
        """The name a new person is listed under."""
        if self.first and self.surname:
            return f"{self.first} {self.surname}"
        if self.surname:
            return f"{self.title} {self.surname}" if self.title else self.surname
        return self.single or self.first or self.text


def parse_mention(text: str) -> Mention | None:
    """Split a found name into parts; `None` only when it has no letter at all.

    Detection decided it is a name, so odd shapes ("de Souza", "john") are still parsed.
    """
    bare = " ".join(split_possessive(text.strip())[0].split())
    if not any(c.isalpha() for c in bare):
        return None
    if is_initials(bare):
        return Mention(bare, initials=True)
    parts = split_name(bare)
    words = [*parts.given, *([parts.surname] if parts.surname else [])]
    if not words:
        return None
    if parts.title and not parts.given:
        return Mention(bare, title=parts.title, surname=parts.surname)
    if parts.given and parts.surname:
        return Mention(bare, title=parts.title, first=parts.given[0], surname=parts.surname)
    return Mention(bare, title=parts.title, single=words[0]) if not parts.title else Mention(
        bare, title=parts.title, first=words[0])


@dataclass(frozen=True)
class _Parts:
    title: str | None
    first: str | None
    surname: str | None
    single: str | None


def _person_parts(person: Person) -> _Parts:
    return _name_parts(person.name, person.title)


@lru_cache(maxsize=4096)
def _name_parts(name: str, title: str | None) -> _Parts:
    """`_person_parts` of a person with this name and title (asked once per person and
    mention while grouping, so kept for the names of a run)."""
    parts = split_name(name)
    title = title or parts.title
    if not parts.title and len(parts.given) == 1 and not parts.surname:
        return _Parts(title, None, None, parts.given[0])
    return _Parts(title, parts.first, parts.surname, None)


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower().strip(".") == b.lower().strip(".")


def _first_names_agree(a: str | None, b: str | None) -> bool:
    """Equal, or one is the other's initial ("G." and "Gary"); unknown agrees with anything."""
    if a is None or b is None:
        return True
    a, b = a.strip(".").lower(), b.strip(".").lower()
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


def _gender(title: str | None, first: str | None) -> str:
    gender = gender_of_title(title)
    if gender == "unknown" and first:
        gender = name_lists().gender_of_first_name(first)
    return gender


def _match_score(person: Person, mention: Mention) -> int:
    """How well `mention` fits an unlisted `person` (0: not at all; higher: more parts agree)."""
    parts = _person_parts(person)
    person_gender = person.gender if person.gender != "unknown" else _gender(
        parts.title, parts.first or parts.single)
    mention_gender = _gender(mention.title, mention.first or mention.single)
    if "unknown" not in (person_gender, mention_gender) and person_gender != mention_gender:
        return 0
    if mention.initials:
        letters = [c.lower() for c in mention.text if c.isalpha()]
        if is_initials(person.name):  # "LF" again: the person found as "LF" before
            return 2 if letters == _letters(person.name) else 0
        named = [w[0].lower() for w in (parts.first, parts.surname) if w]
        return 1 if len(named) == 2 and letters == named else 0
    if mention.single:
        if any(_same(mention.single, p) for p in (parts.first, parts.surname, parts.single)):
            return 2
        return 1 if is_nickname(mention.single, parts.first or parts.single) else 0
    if parts.single:
        if _same(parts.single, mention.first) or _same(parts.single, mention.surname):
            return 2
        return 1 if is_nickname(parts.single, mention.first) else 0
    if mention.surname and parts.surname:
        if not _same(mention.surname, parts.surname):
            return 0
        if _same(mention.first, parts.first):
            return 4
        if is_nickname(mention.first, parts.first):
            return 3
        return 2 if _first_names_agree(mention.first, parts.first) else 0
    if mention.first and not mention.surname:
        return 2 if _same(mention.first, parts.first) else 0
    return 0


def person_for_mention(case: Case, mention: Mention, *, new: bool = True) -> tuple[Person, int]:
    """The unlisted person `mention` belongs to, created if none fits; and how many fitted.

    Only people with `new == new` are candidates (unlisted ones in a run; everyone found so
    far in `init-case`). The best fit wins; on a tie, the one listed first. The person's name
    is completed from the mention ("Gary" + "Gary Holt" -> "Gary Holt").
    """
    return _best_fit(case, mention, [p for p in case.people if p.new == new], new=new)


def group_mentions(
    case: Case, mentions: Iterable[Mention], *, new: bool = True
) -> list[tuple[Person, int]]:
    """`person_for_mention` for each mention in turn (same people, same results), with the
    candidates looked up by name word instead of scoring every unlisted person for every
    mention: grouping thousands of names stays linear rather than quadratic."""
    index = _CandidateIndex(case, new=new)
    results = []
    for mention in mentions:
        person, rivals = _best_fit(case, mention, index.candidates(mention), new=new)
        index.update(person)
        results.append((person, rivals))
    return results


def _best_fit(case: Case, mention: Mention, candidates: Iterable[Person], *, new: bool
              ) -> tuple[Person, int]:
    """The best-scoring candidate (in case order) absorbing `mention`, or a new person."""
    scored = [(score, person) for person in candidates
              if (score := _match_score(person, mention)) > 0]
    if not scored:
        person = Person(id=case.next_person_id(), name=mention.name, role="other",
                        gender=gender_of_title(mention.title), title=mention.title, new=new)
        if role_label(person) != PROFESSIONAL_LABEL:  # "PC Holt", "Dr Shah"
            person.role = "professional"
        case.people.append(person)
        return person, 0
    best = max(score for score, _ in scored)
    person = next(p for score, p in scored if score == best)
    _absorb(person, mention)
    return person, len([s for s, _ in scored if s == best])


def _letters(initials: str) -> list[str]:
    return [c.lower() for c in initials if c.isalpha()]


def _norm(word: str) -> str:
    """A name word as `_same` and `is_nickname` compare it."""
    return word.lower().strip(".")


class _CandidateIndex:
    """The case's people with `person.new == new`, by the keys a mention must share with
    them to score above 0 in `_match_score`: a name word (first, surname or lone word;
    a mention also asks under the nicknames of its words, which `nicknames` lists both
    ways), or the two initials of first name and surname. A superset of the people who
    fit; `_match_score` still decides."""

    def __init__(self, case: Case, *, new: bool) -> None:
        self.case = case
        self.new = new
        self._order: dict[int, int] = {}  # id(person) -> position in case.people
        self._keys: dict[int, set[tuple[Any, ...]]] = {}  # id(person) -> its keys
        self._people: dict[tuple[Any, ...], dict[int, Person]] = {}  # key -> id -> person
        for position, person in enumerate(case.people):
            self._order[id(person)] = position
            self.update(person)

    @staticmethod
    def _person_keys(person: Person) -> set[tuple[Any, ...]]:
        parts = _person_parts(person)
        keys: set[tuple[Any, ...]] = {("word", _norm(w))
                                      for w in (parts.first, parts.surname, parts.single) if w}
        if is_initials(person.name):
            keys.add(("initials", tuple(_letters(person.name))))
        named = [w[0].lower() for w in (parts.first, parts.surname) if w]
        if len(named) == 2:
            keys.add(("initials", tuple(named)))
        return keys

    @staticmethod
    def _mention_keys(mention: Mention) -> set[tuple[Any, ...]]:
        if mention.initials:
            return {("initials", tuple(c.lower() for c in mention.text if c.isalpha()))}
        words = {_norm(w) for w in (mention.first, mention.surname, mention.single) if w}
        for word in [_norm(w) for w in (mention.first, mention.single) if w]:
            words |= nicknames().get(word, frozenset())
        return {("word", word) for word in words}

    def update(self, person: Person) -> None:
        """(Re)index `person`: newly added to the case, or renamed by a mention."""
        if person.new != self.new:
            return
        key_id = id(person)
        if key_id not in self._order:  # just appended by `_best_fit`
            self._order[key_id] = len(self.case.people) - 1
        for key in self._keys.get(key_id, set()):
            self._people[key].pop(key_id, None)
        self._keys[key_id] = self._person_keys(person)
        for key in self._keys[key_id]:
            self._people.setdefault(key, {})[key_id] = person

    def candidates(self, mention: Mention) -> list[Person]:
        """The people who may fit `mention`, in case order."""
        found: dict[int, Person] = {}
        for key in self._mention_keys(mention):
            found.update(self._people.get(key, {}))
        return [found[k] for k in sorted(found, key=self._order.__getitem__)]


def register_unlisted(
    case: Case, entities: Iterable[Entity], *, child_labels: bool = False
) -> list[Person]:
    """Record the people behind unlisted PERSON findings of one document in `case`.

    For a run's coordinator, called once per document in input order before any document is
    written, so every document sees the same people and pseudonyms. Groups the findings
    (full names first), then gives everyone without a pseudonym a generated one. Returns
    the people the findings belong to.
    """
    mentions = []
    for entity in entities:
        if entity.label != "PERSON" or entity.person_id is not None:
            continue
        kin = kin_title(entity.text)
        mention = parse_mention(entity.text[kin[0]:] if kin else entity.text)
        if mention is not None:
            mentions.append(mention)
    mentions.sort(key=lambda m: m.specificity)
    people = {person.id: None for person, _ in group_mentions(case, mentions)}
    assign_pseudonyms(case, child_labels=child_labels or case.child_labels,
                      draft_names=[e.text for e in entities])
    return [case.person(person_id) for person_id in people]


def _absorb(person: Person, mention: Mention) -> None:
    """Complete `person`'s name and title from a mention that says more."""
    parts = _person_parts(person)
    if mention.title and not person.title:
        person.title = mention.title
        if person.gender == "unknown":
            person.gender = gender_of_title(mention.title)
        if person.role == "other" and role_label(person) != PROFESSIONAL_LABEL:
            person.role = "professional"
    first = parts.first or mention.first or (
        parts.single if _same(parts.single, mention.first) else None)
    surname = parts.surname or mention.surname or (
        parts.single if _same(parts.single, mention.surname) else None)
    if mention.first and len(mention.first.strip(".")) > 1 and (
        first is None or len(first.strip(".")) == 1
    ):
        first = mention.first
    if first and surname and f"{first} {surname}" != person.name:
        if person.name not in person.aliases and not _derivable(person.name, first, surname):
            person.aliases.append(person.name)
        person.name = f"{first} {surname}"


def _derivable(old_name: str, first: str, surname: str) -> bool:
    """True when `old_name` is one of the forms "First Surname" yields anyway."""
    old = split_name(old_name)
    words = {w.lower() for w in (*old.given, old.surname or "") if w}
    return words <= {first.lower(), surname.lower()}


def mention_form(person: Person, mention: Mention) -> str:
    """Which form of `person`'s name `mention` is (full, first, last, title_last…)."""
    if mention.initials:
        return "initials"
    if mention.title:
        return "title_full" if mention.first and mention.surname else (
            "title_last" if mention.surname else "alias")
    if mention.first and mention.surname:
        return "full"
    parts = _person_parts(person)
    if _same(mention.single, parts.surname):
        return "last"
    return "first" if _same(mention.single or mention.first, parts.first or parts.single) \
        else "alias"


@dataclass(frozen=True)
class Placed:
    """An unlisted PERSON finding of one document, placed among the case's people."""

    entity: Entity
    start: int  # where the name starts: a title just before it taken in, a kinship word not
    person_id: str
    mention: Mention
    rivals: int  # unlisted people that fit the mention equally well (more than 1: ambiguous)


@dataclass
class DocumentPeople:
    """What placing one document's unlisted findings did to the case: where each went, and
    each person's role as it was before (what the document's mentions of known people were
    matched against; grouping may make an 'other' a 'professional')."""

    placed: list[Placed] = field(default_factory=list)
    roles_before: dict[str, str] = field(default_factory=dict)


def place_unlisted(case: Case, texts: dict[str, str], entities: Sequence[Entity], *,
                   child_labels: bool, draft_names: Sequence[str]) -> DocumentPeople:
    """Give everyone of `case` a pseudonym, then group the unlisted PERSON findings of one
    document (`entities`, in the text `texts` by block id) into people of the case, full
    names first, so "Gary" and "Mr Holt" later join "Gary Holt" wherever they appear; new
    people get a pseudonym too. `draft_names`: the names the draft holds (no pseudonym may
    use them)."""
    assign_pseudonyms(case, child_labels=child_labels, draft_names=draft_names)
    roles_before = {person.id: person.role for person in case.people}
    found: list[tuple[Entity, int, Mention]] = []
    for entity in entities:
        start = name_start(entity, texts[entity.block_id])
        mention = parse_mention(texts[entity.block_id][start:entity.end])
        if mention is not None:
            found.append((entity, start, mention))
    found.sort(key=lambda item: (item[2].specificity, item[0].block_id, item[0].start))
    placed = [Placed(entity, start, person.id, mention, rivals)
              for (entity, start, mention), (person, rivals)
              in zip(found, group_mentions(case, [m for *_, m in found]), strict=True)]
    assign_pseudonyms(case, child_labels=child_labels, draft_names=draft_names)
    return DocumentPeople(placed, roles_before)


@cache
def title_before() -> re.Pattern[str]:
    """A title ending just before a name: the "Mr " of "Mr Holt" when only "Holt" was found."""
    alternatives = "|".join(re.escape(t) for t in titles())
    ranks = "|".join(re.escape(w.capitalize()) for w in sorted(rank_words()))
    # with the rank words before it: "Police Constable ", "Detective Chief Inspector ";
    # and an officer's collar number after it: "PC 4471 " (the name's change takes it)
    return re.compile(rf"(?<![\w.])(?:(?:{ranks})\s+){{0,3}}(?:{alternatives})\.?\s+"
                      rf"(?:\d{{3,6}}\s+)?$")


def name_start(entity: Entity, text: str) -> int:
    """Where the name of a finding starts: after a kinship word ("Uncle Steve" -> "Steve"),
    or earlier, at a title just before it ("Mr Holt" when only "Holt" was found)."""
    kin = kin_title(entity.text)
    if kin is not None:
        return entity.start + kin[0]
    title = title_before().search(text[:entity.start])
    if title and not _split_name_has_title(entity.text):
        return title.start()
    return entity.start


def _split_name_has_title(text: str) -> bool:
    first = text.split()[0].rstrip(".").lower() if text.split() else ""
    return first in {t.lower() for t in titles()}
