"""Detection: case-file mentions (always win), keep terms (never changed) and model findings.

One `Engine` per process and model (spaCy pipeline + Presidio `AnalyzerEngine` on that same
pipeline object, from `redactor.nlp.load_nlp`), built on first use. `Detector.detect` runs
spaCy once over all blocks of a document with `nlp.pipe` (every enabled component is used:
the parser by names, gender and coreference, the lemmatizer by Presidio's context words),
hands each Doc to Presidio as NLP artifacts (asking only for the labels whose cheap gate,
`entity_requires` in `patterns/recognizers.yaml`, finds something in the block), adds
day-precise dates (`detect.dates`) and person names (`detect.personnames`), drops what the
filters (`detect.filters`) say names no one, and merges everything with the case file's
mentions and the keeps (`detect.merge`).
The spaCy Docs are kept in `Detection.parses` for later stages. Nothing here touches the
network: the model is never downloaded and the email check uses a bundled suffix list.

Labels are Presidio's (PERSON, PHONE_NUMBER, EMAIL_ADDRESS, URL, IP_ADDRESS, UK_NHS, UK_NINO,
UK_POSTCODE, UK_VEHICLE_REGISTRATION, UK_PASSPORT, UK_DRIVING_LICENCE) plus ours from
`patterns/recognizers.yaml` (UK_CRIME_REFERENCE, CASE_REFERENCE, STREET_ADDRESS,
INSTITUTION, DATE_OF_BIRTH); dates are DATE_TIME, places LOCATION. Agencies are not
reported (see `filters.reread_organisation`), nor model guesses that name no one: headings,
table cells, dictionary, role and relation words (see `filters.common_words_guess`). A finding is
`flagged` when its score is below `FLAG_BELOW`, when it is the model's guess, a place or
institution from a pattern less sure than `CERTAIN_PATTERN`, or a PERSON that no case-file
entry explains.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import regex

from redactor.case import Case
from redactor.detect.casematch import CaseMatcher
from redactor.detect.dates import DateMatch, find_day_precise_dates
from redactor.detect.filters import (
    common_word_place,
    common_words_guess,
    defined_acronyms,
    drop_covered,
    drop_places_in_dates,
    in_short_cell,
    is_acronym_guess,
    is_paragraph_number,
    names_in_lists,
    off_identifiers,
    place_abroad,
    plausible,
    reread_organisation,
    titled_names_over_guesses,
    trim_line_run_on,
    trim_structure,
    word_without_name_evidence,
)
from redactor.detect.labels import (
    FLAG_BELOW,
    MODEL_SOURCES,
    drop_pseudonym_labels,
    letter_labels,
    name_words_given,
    public_entity,
    public_role_mentions,
    repeated_labels,
)
from redactor.detect.merge import (
    merge,
    outside_public_life,
    places_over_surnames,
    protected_findings,
)
from redactor.detect.nlp import pipe_in_pieces
from redactor.detect.personnames import NameSpan, find_person_names
from redactor.detect.publiclife import (
    REASONS,
    acronyms,
    agency_short_forms,
    confirmed_places,
    find_public_spans,
)
from redactor.detect.recognizers import RULE_ID
from redactor.errors import RedactorError
from redactor.model import Block, Document, Entity
from redactor.options import DEFAULT_MODEL, RunOptions
from redactor.spans import SpanIndex

# Places and institutions found by a pattern are flagged unless the pattern is this sure; the
# model's guesses are always flagged: nothing uncertain is changed silently (issue 13).
CERTAIN_PATTERN = 0.8
GUESSED_LABELS = frozenset({"LOCATION", "INSTITUTION", "STREET_ADDRESS", "CASE_REFERENCE"})
MIN_SCORE = 0.05  # findings scoring less are dropped (Presidio's own floor is 0)
NO_MODEL = ""  # Engine key for pattern-only detection (a blank English tokenizer)
PIPE_BATCH_SIZE = 64
# A draft's analysis allocates millions of small objects that live until it is written;
# Python's default thresholds (700, 10, 10) collect every 700 allocations to find little.
GC_THRESHOLDS = (10_000, 50, 50)
WARM_UP_TEXT = ("On 14 March 2019 Dr Sarah Jenkins (NHS 943 476 5919) called 01632 960 001 "
                "from Beech Hill Primary School, 12 High Street, Northshire NE1 4AB.")

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

    def analyze(self, doc: Any, text: str | None = None) -> list[Any]:
        """Presidio results for one spaCy Doc. `text` is the text the Doc was made from
        (`doc.text`, which spaCy rebuilds from the tokens at every access), when known."""
        text = doc.text if text is None else text
        return self.analyzer.analyze(
            text=text, language="en", entities=self.entities_for(text),
            nlp_artifacts=self.nlp_engine.artifacts(doc),
            return_decision_process=True, regex_flags=self.regex_flags,
            score_threshold=MIN_SCORE,
        )


@cache
def engine_for(model_name: str) -> Engine:
    """The engine for an installed spaCy model (`NO_MODEL`: patterns only). One per process."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer
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
    # Presidio's own (patterns/presidio_recognizers.yaml), then ours (recognizers.yaml)
    for recognizer in ours.presidio_recognizers(
            sorted(set(mapping.values())) if model_labels else None):
        registry.add_recognizer(recognizer)
    for recognizer in ours.pattern_recognizers(config):
        registry.add_recognizer(recognizer)
    analyzer_class = ours.LeanAnalyzerEngine if all(
        type(r).enhance_using_context is EntityRecognizer.enhance_using_context
        for r in registry.recognizers) else AnalyzerEngine
    analyzer = analyzer_class(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"],
                              context_aware_enhancer=ours.LazyContextEnhancer())
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
        short_forms = defined_acronyms([block.text for block in document.blocks])
        found = [e for e in found if not is_acronym_guess(e, short_forms)]  # "FLO:", "KMPT"
        seen = SpanIndex((e.block_id, e.start, e.end) for e in found)
        found += [e for e in repeated_labels(document, found) + repeated_identifiers(
            document, found) if not seen.overlaps(e.block_id, e.start, e.end)]
        texts = [block.text for block in document.blocks]
        number = {block.id: n for n, block in enumerate(document.blocks)}
        model_places = [(number[e.block_id], e.start, e.end) for e in found
                        if e.label == "LOCATION" and e.source in MODEL_SOURCES]
        model_bodies = [(number[e.block_id], e.start, e.end) for e in found
                        if e.label in ("LOCATION", "ORGANIZATION") and e.source in MODEL_SOURCES]
        public += [public_entity(document.blocks[n], span) for n, span in
                   acronyms(texts, block_spans) + confirmed_places(texts, block_spans,
                                                                   model_places)
                   + agency_short_forms(texts, block_spans, model_bodies)]
        public += public_role_mentions(document, found)
        public += [replace(e, label="KEEP", score=1.0, source=ABROAD_RULE, flagged=False,
                           explanation=REASONS["place"])
                   for e in found if place_abroad(e)]  # "Gdańsk": kept, as towns are
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
            listed += matcher.find_embedded(block.id, block.text)
            listed += matcher.find_glued(block.id, block.text)
        # initials run together ("LP") yield to a body's short form the draft defines or
        # public life knows ("the Public Protection Unit (PPU)")
        known = SpanIndex((k.block_id, k.start, k.end) for k in analysis.kept)
        listed = [m for m in listed if not (
            m.form == "initials" and m.text.isalpha() and known.overlaps(
                m.block_id, m.start, m.end))]
        listed, yielded = places_over_surnames(listed, analysis.kept,
                                               {b.id: b.text for b in document.blocks})
        # the chair's people and `redact` terms beat public life; people detection found
        # (and the review has not confirmed) do not
        named = SpanIndex((m.block_id, m.start, m.end) for m in listed
                          if m.person_id is None or not case.person(m.person_id).new)
        public = [k for k in analysis.kept if not named.overlaps(k.block_id, k.start, k.end)]
        found = drop_pseudonym_labels(analysis.entities, case)
        protected = yielded + protected_findings(public, found)
        found = outside_public_life(found, public)
        return Detection(entities=merge(listed, found, kept),
                         parses=analysis.parses, kept=kept + public, protected=protected)

    def block_findings(self, block: Block, doc: Any, engine: Engine) -> list[Entity]:
        """Presidio's and our recognizers' findings, dates and names for one parsed block,
        with implausible and redundant findings removed."""
        text = block.text  # the Doc's text (spaCy keeps every character), not rebuilt
        findings = []
        for result in engine.analyze(doc, text):
            entity = trim_structure(trim_line_run_on(to_entity(block, result, text), engine))
            if entity is None:
                continue
            if common_words_guess(entity, doc, engine, text):  # doc.text is rebuilt per call
                continue
            entity = reread_organisation(entity, engine,
                                         short_cell=in_short_cell(text, entity.start, entity.end))
            if entity is not None and plausible(entity, text) \
                    and not is_paragraph_number(entity, text):
                findings.append(entity)
        findings += [date_entity(block, match) for match in find_day_precise_dates(text)]
        if self.use_model:
            findings += [name_entity(block, span) for span in find_person_names(doc)]
        findings += letter_labels(block)
        findings = [f for f in findings if not word_without_name_evidence(f, doc, engine)
                    and not common_word_place(f, engine)]
        findings = drop_places_in_dates(drop_covered(off_identifiers(
            titled_names_over_guesses(findings))))
        findings += names_in_lists(block, findings, engine.organisation_words)
        return drop_covered(findings)


REPEATED_LABELS = frozenset({"CASE_REFERENCE", "UK_CRIME_REFERENCE", "UK_NHS", "UK_NINO",
                             "PHONE_NUMBER", "EMAIL_ADDRESS", "UK_VEHICLE_REGISTRATION",
                             "UK_PASSPORT", "UK_DRIVING_LICENCE", "BANK_DETAILS"})
REPEAT_RULE = "identifier.repeated.v1"
ABROAD_RULE = "public-life.place-abroad.v1"


def repeated_identifiers(document: Document, found: list[Entity]) -> list[Entity]:
    """Every other place an identifier found once is written the same way: a review's
    reference found beside "ref" in the body is the same reference in the keywords property
    or a footer, where no word says so. Only identifiers with a digit and five or more
    letters and digits."""
    known: dict[str, Entity] = {}
    for entity in found:
        bare = regex.sub(r"\W", "", entity.text)
        if entity.label in REPEATED_LABELS and len(bare) >= 5 and regex.search(r"\d", bare):
            known.setdefault(entity.text, entity)
    if not known:
        return []
    pattern = regex.compile(r"(?<![\w/.-])(?:" + "|".join(
        regex.escape(t) for t in sorted(known, key=len, reverse=True)) + r")(?![\w/-])")
    return [replace(known[m.group(0)], block_id=block.id, start=m.start(), end=m.end(),
                    source=REPEAT_RULE, explanation=f"{REPEAT_RULE}: the same "
                    f"{known[m.group(0)].label} as found by {known[m.group(0)].source}")
            for block in document.blocks for m in pattern.finditer(block.text)]


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
    """A `detect.personnames` span as an unexplained (so flagged) PERSON finding."""
    return Entity(
        block_id=block.id, start=span.start, end=span.end, label="PERSON",
        text=block.text[span.start:span.end], score=span.score, source=span.rule,
        flagged=True, explanation=f"person name not in the case file, found by {span.rule}",
    )


def date_entity(block: Block, match: DateMatch) -> Entity:
    """A day-precise date from `redactor.dates` as a DATE_TIME finding (the dates stage
    re-finds and reduces dates itself; this makes them visible to `redactor detect`)."""
    return Entity(
        block_id=block.id, start=match.start, end=match.end, label="DATE_TIME",
        text=match.text, score=match.score, source=match.rule,
        flagged=match.flagged or match.score < FLAG_BELOW,
        explanation=f"day-precise date ({match.parsed()}) found by {match.rule}",
    )
