"""Settling findings with the case file and the keeps: `merge` (case-file mentions win,
keep terms stay) and public life (`outside_public_life`, `protected_findings` for the audit).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from redactor.case.people import title_before
from redactor.case.pseudonyms import kin_title
from redactor.detect.filters import (
    COMMON_WORD_ZIPF,
    WORDS,
    is_name_evidence,
    only_relation_words,
    singular,
)
from redactor.detect.labels import is_model_finding, name_words_given
from redactor.detect.personnames.vocabulary import census_first_names
from redactor.model import Entity
from redactor.spans import SpanIndex

#: Findings public life can stop: guesses at people, places and bodies. Contact details,
#: numbers, addresses and dates are never kept by it.
PROTECTABLE = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP", "INSTITUTION", "URL",
                         "CASE_REFERENCE"})
#: A public body's postal address beside its name (a letterhead) also stops these, when it
#: covers them whole.
ADDRESS_LABELS = frozenset({"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS"})
OFFICE_RULE = "public-life.office-address.v1"
SERVICE_RULE = "public-life.service.v1"  # a helpline's number (a phone number it stops)
PLACE_RULES = "public-life.place"  # the rules of kept places (a prefix)
PLACE_RULE = "public-life.place.v1"  # a place by its name or the words around it
AGENCY_RULE = "public-life.agency.v1"
_POSSESSIVE = re.compile(r"['\u2019]s?\s")


def merge(listed: list[Entity], found: list[Entity], kept: list[Entity]) -> list[Entity]:
    """Settle case-file mentions, model/pattern findings and keep spans.

    - A keep span protects what lies inside it; a finding reaching beyond it survives (a
      kept "Gary" must not let the "Holt" of a found "Gary Holt" through).
    - A case-file mention wins over a finding it overlaps, except: an identifier (not
      PERSON) strictly containing it ("14 Jenkins Road"), and a found PERSON strictly
      containing a one-word mention ("Gary Jenkins" is not Sarah Jenkins's surname).
    Case-file mentions never overlap each other (one leftmost-longest scan finds them).
    """
    keep = SpanIndex((k.block_id, k.start, k.end) for k in kept)
    by_block: dict[str, list[Entity]] = {}
    for mention in sorted(listed, key=lambda e: (e.block_id, e.start)):
        by_block.setdefault(mention.block_id, []).append(mention)
    starts = {block: [m.start for m in mentions] for block, mentions in by_block.items()}
    ends = {block: [m.end for m in mentions] for block, mentions in by_block.items()}

    keep_spans: dict[str, list[tuple[int, int]]] = {}
    for k in kept:
        keep_spans.setdefault(k.block_id, []).append((k.start, k.end))
    losers: set[int] = set()
    result: list[Entity] = []
    for entity in found:
        if keep.covers(entity.block_id, entity.start, entity.end):
            continue
        if keep.overlaps(entity.block_id, entity.start, entity.end) and not _whole(entity):
            entity = _outside_keep(entity, keep_spans[entity.block_id])
            # a place or body guess cut down to one common word ("the Health" of "the Health
            # Independent Domestic Violence Advisor"); a person's surname left over stays
            if entity is None or (entity.label != "PERSON" and _lone_common_word(entity)
                                  and not is_name_evidence(entity.text.split()[-1])):
                continue
        mentions = by_block.get(entity.block_id, [])
        first = bisect_right(ends[entity.block_id], entity.start) if mentions else 0
        last = bisect_left(starts[entity.block_id], entity.end) if mentions else 0
        overlapped = mentions[first:last]
        if all(_wins_over(entity, mention) for mention in overlapped):
            losers.update(id(mention) for mention in overlapped if entity.label == "PERSON")
            result.append(entity)
    result += [m for m in listed if id(m) not in losers
               and not keep.covers(m.block_id, m.start, m.end)]
    return sorted(result, key=lambda e: (e.block_id, e.start, -e.end))


WHOLE_LABELS = frozenset({"UK_CRIME_REFERENCE", "CASE_REFERENCE", "INSTITUTION"})
ADDRESS_WHOLE = frozenset({"URL", "EMAIL_ADDRESS", "ONLINE_NAME"})


def _whole(entity: Entity) -> bool:
    """A pattern's reference, institution or address is replaced whole, keep terms inside
    it or not: "SSP/DHR/2022/03" is no "DHR" and a reference, "St Thomas' CE Primary School"
    (with a pseudonym "Thomas") a school, "www.facebook.com/sian.apdafydd" no "Facebook" (a
    keep term never covers it whole here: the caller has checked)."""
    if entity.label in ADDRESS_WHOLE:
        return not is_model_finding(entity)
    return entity.label in WHOLE_LABELS and not is_model_finding(entity) and (
        entity.label == "INSTITUTION" or any(c.isdigit() for c in entity.text))


def _outside_keep(entity: Entity, spans: list[tuple[int, int]]) -> Entity | None:
    """The longest part of `entity` outside every keep span (keep terms never change), or
    None when what is left is not a word, or only lower-case and stop words ("the" of "the
    Children Act 1989", "This" of "This Domestic Homicide Review")."""
    pieces = [(entity.start, entity.end)]
    for start, end in spans:
        pieces = [part for s, e in pieces
                  for part in ((s, min(e, start)), (max(s, end), e)) if part[0] < part[1]]
    best = None
    for s, e in pieces:
        text = entity.text[s - entity.start:e - entity.start]
        stripped = text.strip(" \t\n,.;:()'\u2019-")
        words = WORDS.findall(stripped)
        if sum(c.isalpha() for c in stripped) >= 2 and any(
                w[0].isupper() and w.lower() not in STOP_WORDS for w in words) \
                and not only_relation_words(words):
            s += text.index(stripped)
            if best is None or len(stripped) > best[1] - best[0]:
                best = (s, s + len(stripped))
    if best is None:
        return None
    text = entity.text[best[0] - entity.start:best[1] - entity.start]
    note = "trimmed to stay outside a keep term"
    explanation = f"{entity.explanation}; {note}" if entity.explanation else note
    return replace(entity, start=best[0], end=best[1], text=text, flagged=True,
                   explanation=explanation)


def _wins_over(entity: Entity, mention: Entity) -> bool:
    """Whether a found entity overrides a case-file mention it overlaps."""
    strictly_contains = (entity.start <= mention.start and mention.end <= entity.end
                         and entity.end - entity.start > mention.end - mention.start)
    if not strictly_contains:
        return False
    if entity.label != "PERSON":  # a pattern's identifier ("14 Jenkins Road"), not a guess
        return not is_model_finding(entity)  # ("Bluebird Care (Epping" over a redact term)
    if _POSSESSIVE.match(entity.text, mention.end - entity.start):
        return False  # "Jason’s Dad", "Lauren’s Instagram": the listed person's, not a name
    title = title_before().search(entity.text[:mention.start - entity.start])
    if mention.end == entity.end and title is not None and title.start() == 0 \
            and mention.form in ("first", "alias"):  # (a titled surname may be a relative)
        return False  # "Miss Maisie": a title and the listed name, not someone else
    one_word = " " not in mention.text.strip()
    rest = (entity.text[:mention.start - entity.start] + " "
            + entity.text[mention.end - entity.start:]).split()
    if not all(w[:1].isupper() for w in rest):
        return False  # "rang Susan": a verb taken in, not another person's name
    if kin_title(entity.text) is not None and len(rest) == 1:
        return False  # "Nanna Maureen": the listed Maureen, called by a kin word
    return mention.label == "PERSON" and one_word and mention.form in ("first", "last", "alias")


def places_over_surnames(listed: list[Entity], public: list[Entity],
                         texts: dict[str, str]) -> tuple[list[Entity], list[tuple[Entity, Entity]]]:
    """A case person's surname alone that is also a town, where the words make it the town
    ("convicted at Preston Crown Court", "moved to Preston"), stays the town: a changed court
    is false and points at the surname. The keep is returned with the mention it stopped
    (flagged for the chair). Elsewhere ("Preston hit her") the surname is the person's."""
    from redactor.detect.publiclife import in_place_context

    spans: dict[str, list[Entity]] = {}
    for keep in public:
        if keep.source in (AGENCY_RULE, PLACE_RULE):
            spans.setdefault(keep.block_id, []).append(keep)
    kept, yielded = [], []
    for mention in listed:
        keep = next((k for k in spans.get(mention.block_id, ()) if k.start <= mention.start
                     and mention.end <= k.end), None) if mention.form == "last" else None
        if keep is not None and (keep.source == AGENCY_RULE and keep.end > mention.end or (
                keep.source == PLACE_RULE and in_place_context(
                    texts[mention.block_id], mention.start, mention.end))):
            yielded.append((keep, mention))
        else:
            kept.append(mention)
    return kept, yielded


def outside_public_life(found: list[Entity], public: list[Entity]) -> list[Entity]:
    """`found` less what public-life keeps stop: a guess inside one is dropped, one reaching
    out of it is cut to its longest part outside (`_outside_keep`)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for keep in public:
        spans.setdefault(keep.block_id, []).append((keep.start, keep.end))
    index = SpanIndex((k.block_id, k.start, k.end) for k in public)
    offices = SpanIndex((k.block_id, k.start, k.end) for k in public
                        if k.source in (OFFICE_RULE, SERVICE_RULE))
    others = SpanIndex((k.block_id, k.start, k.end) for k in public
                       if not k.source.startswith(PLACE_RULES))
    bodies = SpanIndex((k.block_id, k.start, k.end) for k in public
                       if k.source == AGENCY_RULE)
    result = []
    for entity in found:
        if entity.label == "INSTITUTION" and not is_model_finding(entity) and not \
                others.overlaps(entity.block_id, entity.start, entity.end) and not \
                index.covers(entity.block_id, entity.start, entity.end):
            result.append(entity)  # "Larkfield Surgery": a village's surgery, not the village
            continue
        if entity.label in ADDRESS_LABELS and offices.covers(entity.block_id, entity.start,
                                                             entity.end):
            continue
        if entity.label in ADDRESS_LABELS and not any(c.isdigit() for c in entity.text) \
                and bodies.covers(entity.block_id, entity.start, entity.end):
            continue  # "Minshull Street Crown Court": a street in a public body's name
        if entity.label in PROTECTABLE and index.overlaps(entity.block_id, entity.start,
                                                          entity.end):
            if index.covers(entity.block_id, entity.start, entity.end):
                continue
            entity = _outside_keep(entity, spans[entity.block_id])
            if entity is None or _lone_common_word(entity) or _no_name_left(entity):
                continue
        result.append(entity)
    return result


def _no_name_left(entity: Entity) -> bool:
    """What is left of a person guess cut by public life is common words only, none of them
    a name ("Aug-Sept –Coroners" of "X Aug-Sept –Coroners" once "region X" is kept)."""
    from wordfreq import zipf_frequency

    words = WORDS.findall(entity.text)
    return entity.label == "PERSON" and bool(words) and not any(
        is_name_evidence(w) for w in words) and all(
        max(zipf_frequency(w.lower(), "en"), zipf_frequency(singular(w).lower(), "en"))
        >= COMMON_WORD_ZIPF for w in words)


def _lone_common_word(entity: Entity) -> bool:
    """What is left of a guess cut by public life is one common word, no name ("Safer" of
    "Safer Devon", "Executive" of "Chief Executive of Devon County Council")."""
    from wordfreq import zipf_frequency

    words = WORDS.findall(entity.text)
    if len(words) == 2 and words[0].lower() == "the":  # "the Health" of "the Health IDVA"
        words = words[1:]
    return len(words) == 1 and entity.label in ("PERSON", "LOCATION", "ORGANIZATION",
                                                "INSTITUTION") \
        and words[0] not in name_words_given() and words[0].capitalize() not in \
        census_first_names() and zipf_frequency(words[0].lower(), "en") >= COMMON_WORD_ZIPF


def protected_findings(public: list[Entity], found: list[Entity]) -> list[tuple[Entity, Entity]]:
    """(public keep, finding) for every finding a public-life keep overlaps, for the audit."""
    by_block: dict[str, list[Entity]] = {}
    for keep in public:
        by_block.setdefault(keep.block_id, []).append(keep)
    pairs = []
    for finding in found:
        if finding.label not in PROTECTABLE | ADDRESS_LABELS:
            continue
        for keep in by_block.get(finding.block_id, ()):
            if finding.label in ADDRESS_LABELS and not (
                    keep.source in (OFFICE_RULE, SERVICE_RULE) and keep.start <= finding.start
                    and finding.end <= keep.end):
                continue
            if keep.start < finding.end and finding.start < keep.end:
                pairs.append((keep, finding))
                break
    return pairs
