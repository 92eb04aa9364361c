"""What the person-name rules read: rule ids, token sets, the word lists under
`patterns/person_names/` (`name_lists`) and the span they propose (`NameSpan`).
Names starting with an underscore are private to this package."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from redactor.case.forms import name_words, titles
from redactor.paths import read_word_list

RULE_TITLED = "name.titled.v1"
RULE_CAPS = "name.caps.v1"
RULE_GIVEN = "name.given.v1"
RULE_CONTEXT = "name.context.v1"
RULE_INITIALS = "name.initials.v1"
RULE_EXTEND = "name.extend.v1"
RULE_POSTNOMINAL = "name.postnominal.v1"
RULE_REPEAT = "name.repeat.v1"
RULE_LIST = "name.list.v1"
RULE_APPOSED = "name.apposed.v1"
RULE_UNKNOWN = "name.unknown-word.v1"

MAX_NAME_PARTS = 5
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
_AND = frozenset({"and", "&"})
_LIST_SEPARATORS = frozenset({",", "and", "&", "or"})
_ARTICLES = frozenset({"the", "a", "an"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_PEERS = frozenset({"Lord", "Lady", "Baroness", "Baron"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "near", "into", "towards", "across",
                                 "around", "outside", "within", "via", "of"})
_SAINT = frozenset({"st", "st.", "saint"})
_INITIALS = re.compile(r"^(?:[^\W\d_]\.-?){1,3}[^\W\d_]?\.?$")  # J. / W.K. / W.K / J.-P.
_APOSTROPHE_NAME = re.compile(r"^[^\W\d_]+(?:['\u2019\u2010\u2011][^\W\d_]+)*$")


@dataclass(frozen=True)
class NameSpan:
    """A proposed person name: `doc.text[start:end]`, the rule that found it and a score."""

    start: int
    end: int
    rule: str
    score: float


@dataclass(frozen=True)
class NameLists:
    """The word lists the rules read (all lower case except `given`, `given_words`, `titles`)."""

    titles: frozenset[str]
    given: frozenset[str]
    given_words: frozenset[str]
    particles: frozenset[str]
    person_verbs: frozenset[str]
    kinship: frozenset[str]
    not_name_words: frozenset[str]
    role_words: frozenset[str]
    not_initials: frozenset[str]
    calendar: frozenset[str]
    date_prepositions: frozenset[str]
    rank_words: frozenset[str]
    postnominals: frozenset[str]
    apposition_roles: frozenset[str] = frozenset()
    not_apposed: frozenset[str] = frozenset()


def _lower_list(name: str) -> frozenset[str]:
    return frozenset(word.lower() for word in read_word_list(f"person_names/{name}"))


class AccentFreeNames(frozenset[str]):
    """Names written without accents that also hold their accented spellings: "Siobhán" is
    in it when "Siobhan" is."""

    def __contains__(self, word: object) -> bool:
        if super().__contains__(word):
            return True
        if not isinstance(word, str) or word.isascii():
            return False
        bare = without_accents(word)
        return bare != word and super().__contains__(bare)


def without_accents(word: str) -> str:
    """"Siobhán" -> "Siobhan" (combining marks dropped; "ł" stays)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@cache
def name_lists() -> NameLists:
    """Read the word lists under `patterns/person_names/` once per process."""
    given_words = {w.capitalize() for w in read_word_list("person_names/given_names_words.txt")}
    given_words |= {w.capitalize() for w in name_words()}
    kinship = _lower_list("kinship.txt")
    # a relation word is no given name on its own ("visit Nana", "Grandma's house")
    given = frozenset(name for name in read_word_list("person_names/given_names.txt")
                      if name.lower() not in kinship) - given_words
    return NameLists(
        titles=frozenset(titles()),
        given=AccentFreeNames(given),
        given_words=frozenset(given_words),
        particles=_lower_list("particles.txt"),
        person_verbs=_lower_list("person_verbs.txt"),
        kinship=kinship,
        not_name_words=_lower_list("not_name_words.txt"),
        role_words=_lower_list("role_words.txt"),
        not_initials=_lower_list("not_initials.txt"),
        calendar=_lower_list("calendar_words.txt"),
        date_prepositions=_lower_list("date_prepositions.txt"),
        rank_words=_lower_list("rank_words.txt"),
        postnominals=frozenset(read_word_list("person_names/postnominals.txt")),
        apposition_roles=_lower_list("apposition_roles.txt"),
        not_apposed=_lower_list("not_apposed.txt"),
    )


@cache
def census_surnames() -> frozenset[str]:
    """Surnames of the US census (the `names` package's data), capitalised."""
    from importlib.resources import files

    text = files("names").joinpath("dist.all.last").read_text(encoding="ascii")
    return frozenset(line.split()[0].capitalize() for line in text.splitlines() if line.strip())


@cache
def census_first_names() -> frozenset[str]:
    """First names of the US census (the `names` package's data): evidence that a word a
    model took for a person can be a first name ("Tracy", "Sally"), beside our own lists."""
    from importlib.resources import files

    found: set[str] = set()
    for part in ("dist.female.first", "dist.male.first"):
        text = files("names").joinpath(part).read_text(encoding="ascii")
        found.update(line.split()[0].capitalize() for line in text.splitlines() if line.strip())
    return frozenset(found)
