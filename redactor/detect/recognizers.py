"""Recognizers for Presidio: Presidio's own (`patterns/presidio_recognizers.yaml`), our
patterns (`patterns/recognizers.yaml`) and offline fixes.

`load_recognizer_config` reads and checks the YAML (Presidio's schema plus `examples`, which
the tests run, and `entity_requires`, the label gates) and fails loudly on a bad entry: a
silently skipped recognizer would leak. `presidio_recognizers` builds Presidio's predefined
recognizers from the list and settings in `patterns/presidio_recognizers.yaml` (Presidio's
own schema, checked the same way). `OfflineEmailRecognizer` is Presidio's email
recognizer with a TLD check that never touches the network. `SharedSpacyNlpEngine` lets
Presidio use an already loaded spaCy pipeline, with `LazyNlpArtifacts`; `LeanAnalyzerEngine`
and `OrderedRegistry` give Presidio's results faster and in a fixed order (a test checks they
find what Presidio's own engine finds).
"""

from __future__ import annotations

import bisect
import inspect
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import regex
import tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from redactor.errors import RedactorError
from redactor.paths import pattern_file

RECOGNIZERS_FILE = "recognizers.yaml"
PRESIDIO_FILE = "presidio_recognizers.yaml"
LANGUAGE = "en"
RULE_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*\.v\d+$")
RECOGNIZER_KEYS = {"name", "supported_language", "supported_entity", "patterns", "context"}
PATTERN_KEYS = {"name", "regex", "score", "examples"}
# Patterns run case-sensitively; Presidio's default adds IGNORECASE.
REGEX_FLAGS = regex.DOTALL | regex.MULTILINE


@dataclass(frozen=True)
class Example:
    """A text a pattern must find `expected` in (or nothing, when `expected` is None)."""

    text: str
    expected: str | None


@dataclass(frozen=True)
class PatternSpec:
    """One regex of a recognizer, with its stable rule id."""

    rule_id: str
    regex: str
    score: float
    entity: str
    recognizer: str
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class RecognizerConfig:
    """What `patterns/recognizers.yaml` says: Presidio recognizer dicts and the model mapping."""

    recognizers: tuple[dict[str, Any], ...]
    patterns: tuple[PatternSpec, ...]
    model_entities: dict[str, str]
    organisation_words: frozenset[str] = frozenset()
    entity_requires: dict[str, str] = field(default_factory=dict)  # label -> gate regex


def _recognizers_yaml(path: Path) -> dict[str, Any]:
    """A recognizers file read as YAML: a mapping with a `recognizers` list, or a
    `RedactorError` naming the file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RedactorError(path, f"not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("recognizers"), list):
        raise RedactorError(path, "expected a mapping with a 'recognizers' list")
    return data


@cache
def load_recognizer_config(path: Path | None = None) -> RecognizerConfig:
    """Read and check the recognizers file; raises `RedactorError` naming the bad entry."""

    path = path or pattern_file(RECOGNIZERS_FILE)
    data = _recognizers_yaml(path)
    mapping = data.get("model_entities") or {}
    if not isinstance(mapping, dict):
        raise RedactorError(path, "'model_entities' must map model labels to labels")
    recognizers: list[dict[str, Any]] = []
    patterns: list[PatternSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["recognizers"], 1):
        name = entry.get("name", "?") if isinstance(entry, dict) else "?"
        where = f"recognizer {number} ({name})"
        recognizer, specs = _check_recognizer(path, where, entry)
        for spec in specs:
            if spec.rule_id in seen:
                raise RedactorError(path, f"{where}: pattern id {spec.rule_id!r} is used twice")
            seen.add(spec.rule_id)
        recognizers.append(recognizer)
        patterns.extend(specs)
    words = data.get("organisation_words") or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise RedactorError(path, "'organisation_words' must be a list of words")
    model_entities = {str(k): str(v) for k, v in mapping.items()}
    return RecognizerConfig(tuple(recognizers), tuple(patterns), model_entities,
                            frozenset(w.lower() for w in words),
                            _entity_requires(path, data.get("entity_requires") or {},
                                             set(model_entities.values())))


def _entity_requires(path: Path, gates: Any, model_labels: set[str]) -> dict[str, str]:
    """The `entity_requires` gates, checked: a mapping of pattern-only labels to regexes."""
    if not isinstance(gates, dict):
        raise RedactorError(path, "'entity_requires' must map labels to regexes")
    for label, gate in gates.items():
        if label in model_labels:
            raise RedactorError(path, f"entity_requires: {label} is also a model label; the "
                                "model finds it without any pattern, so it cannot be gated")
        try:
            regex.compile(str(gate), REGEX_FLAGS)
        except regex.error as error:
            raise RedactorError(path, f"entity_requires: {label} has a bad regex: {error}") \
                from None
    return {str(label): str(gate) for label, gate in gates.items()}


def _check_recognizer(
    path: Path, where: str, entry: Any
) -> tuple[dict[str, Any], list[PatternSpec]]:
    if not isinstance(entry, dict):
        raise RedactorError(path, f"{where}: expected a mapping")
    unknown = set(entry) - RECOGNIZER_KEYS
    if unknown:
        raise RedactorError(path, f"{where}: unknown keys {sorted(unknown)}")
    for key in ("name", "supported_entity", "patterns"):
        if not entry.get(key):
            raise RedactorError(path, f"{where}: '{key}' is missing")
    context = entry.get("context") or []
    if not isinstance(context, list) or not all(isinstance(w, str) for w in context):
        raise RedactorError(path, f"{where}: 'context' must be a list of words (quote yes/no)")
    specs: list[PatternSpec] = []
    presidio_patterns: list[dict[str, Any]] = []
    for pattern in entry["patterns"]:
        if not isinstance(pattern, dict) or set(pattern) - PATTERN_KEYS:
            raise RedactorError(path, f"{where}: each pattern has only {sorted(PATTERN_KEYS)}")
        rule_id = str(pattern.get("name", ""))
        if not RULE_ID.match(rule_id):
            raise RedactorError(path, f"{where}: pattern name {rule_id!r} is not a versioned "
                                "rule id like 'uk-phone.mobile.v1'")
        score = pattern.get("score")
        if not isinstance(score, int | float) or not 0 < score <= 1:
            raise RedactorError(path, f"{where}: {rule_id} needs a score in (0, 1]")
        try:
            regex.compile(str(pattern.get("regex", "")), REGEX_FLAGS)
        except regex.error as error:
            raise RedactorError(path, f"{where}: {rule_id} has a bad regex: {error}") from None
        specs.append(PatternSpec(rule_id, pattern["regex"], float(score),
                                 entry["supported_entity"], entry["name"],
                                 _examples(path, rule_id, pattern.get("examples") or {})))
        presidio_patterns.append({"name": rule_id, "regex": pattern["regex"], "score": score})
    recognizer = {**entry, "patterns": presidio_patterns}
    recognizer.setdefault("supported_language", "en")
    return recognizer, specs


def _examples(path: Path, rule_id: str, examples: dict[str, Any]) -> tuple[Example, ...]:
    found: list[Example] = []
    for item in examples.get("match", []):
        if isinstance(item, str):
            found.append(Example(item, item))
        elif isinstance(item, list) and len(item) == 2:
            found.append(Example(str(item[0]), str(item[1])))
        else:
            raise RedactorError(path, f"{rule_id}: a 'match' example is a text or [text, match]")
    found.extend(Example(str(item), None) for item in examples.get("no_match", []))
    return tuple(found)


def pattern_recognizers(config: RecognizerConfig) -> list[PatternRecognizer]:
    """Presidio recognizers for our patterns (one per YAML entry)."""
    built = []
    for entry in config.recognizers:
        recognizer = PatternRecognizer.from_dict(
            {**entry, "patterns": [dict(p) for p in entry["patterns"]]})
        recognizer.global_regex_flags = REGEX_FLAGS
        built.append(recognizer)
    return built


def pattern_matches(spec: PatternSpec, text: str) -> list[str]:
    """What one pattern finds in `text` on its own (for tests and debugging)."""
    recognizer = PatternRecognizer(
        supported_entity=spec.entity,
        patterns=[Pattern(spec.rule_id, spec.regex, spec.score)],
        global_regex_flags=REGEX_FLAGS,
    )
    return [text[r.start:r.end] for r in recognizer.analyze(text, [spec.entity])]


@dataclass(frozen=True)
class PredefinedSpec:
    """One of Presidio's predefined recognizers: its class name and the arguments it gets."""

    name: str
    arguments: dict[str, Any]
    case_sensitive: bool = False  # Presidio matches ignoring case unless told otherwise


@cache
def load_presidio_config(path: Path | None = None) -> tuple[PredefinedSpec, ...]:
    """Read and check `patterns/presidio_recognizers.yaml`; raises `RedactorError` naming the
    bad entry (an unknown class, key or language: a recognizer silently dropped would leak)."""
    from presidio_analyzer import EntityRecognizer
    from presidio_analyzer import predefined_recognizers as presidio

    path = path or pattern_file(PRESIDIO_FILE)
    data = _recognizers_yaml(path)
    if data.get("supported_languages") != [LANGUAGE]:
        raise RedactorError(path, f"'supported_languages' must be [{LANGUAGE}]")
    specs = []
    for number, entry in enumerate(data["recognizers"], 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"recognizer {number} ({name or '?'})"
        found = getattr(presidio, name, None) if isinstance(name, str) else None
        if not (isinstance(found, type) and issubclass(found, EntityRecognizer)):
            raise RedactorError(path, f"{where}: not a recognizer of Presidio's "
                                "predefined_recognizers (our own go in recognizers.yaml)")
        if entry.get("type") != "predefined":
            raise RedactorError(path, f"{where}: 'type' must be 'predefined'")
        arguments = {k: v for k, v in entry.items()
                     if k not in ("name", "type", "supported_languages", "case_sensitive")}
        arguments |= _language_context(path, where, entry.get("supported_languages"))
        accepted = set(inspect.signature(found.__init__).parameters) - {
            "self", "supported_language", "name"}
        if name == "SpacyRecognizer":  # its entities are the model's (model_entities)
            accepted.discard("supported_entities")
        unknown = sorted(set(arguments) - accepted)
        if unknown:
            raise RedactorError(path, f"{where}: unknown keys {unknown} (this recognizer takes "
                                f"{', '.join(sorted(accepted))})")
        specs.append(PredefinedSpec(name, arguments, entry.get("case_sensitive") is True))
    return tuple(specs)


def _language_context(path: Path, where: str, languages: Any) -> dict[str, list[str]]:
    """Absent (the file's languages), `[en]`, or `[{language: en, context: [words]}]`: the
    context words as an argument."""
    if languages is None or languages == [LANGUAGE]:
        return {}
    if (isinstance(languages, list) and len(languages) == 1
            and isinstance(languages[0], dict) and languages[0].get("language") == LANGUAGE
            and set(languages[0]) <= {"language", "context"}):
        context = languages[0].get("context")
        if context is None:
            return {}
        if not isinstance(context, list) or not all(isinstance(w, str) for w in context):
            raise RedactorError(path, f"{where}: 'context' must be a list of words (quote "
                                "yes/no)")
        return {"context": list(context)}
    raise RedactorError(path, f"{where}: 'supported_languages' must be English only: [{LANGUAGE}]"
                        f" or [{{language: {LANGUAGE}, context: [...]}}]")


def presidio_recognizers(model_entities: list[str] | None = None) -> list[Any]:
    """Presidio's predefined recognizers, as `patterns/presidio_recognizers.yaml` lists them and
    in its order. EmailRecognizer is `OfflineEmailRecognizer`; SpacyRecognizer is left out
    without a model, and otherwise gives `model_entities`."""
    from presidio_analyzer import predefined_recognizers as presidio

    found = []
    for spec in load_presidio_config():
        arguments = dict(spec.arguments)
        if spec.name == "SpacyRecognizer":
            if model_entities is None:
                continue
            arguments["supported_entities"] = model_entities
        kind = OfflineEmailRecognizer if spec.name == "EmailRecognizer" else getattr(
            presidio, spec.name)
        recognizer = kind(**arguments)
        if spec.case_sensitive:  # "on the M6 and", "A1 The": no plates in lower case
            recognizer.global_regex_flags = re.DOTALL | re.MULTILINE
        found.append(recognizer)
    return found


@cache
def offline_tld_extractor() -> tldextract.TLDExtract:
    """A TLD extractor that uses only the suffix list bundled with tldextract (no download)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recognizer; its domain check uses the bundled public-suffix snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text).fqdn != ""


class OrderedRegistry(RecognizerRegistry):
    """Presidio's registry, but recognizers asked for by label come back in the order they
    were added, as they do for "all labels" (Presidio returns them in a set's order, which
    differs between processes, and so could the order of equal-scoring findings)."""

    def get_recognizers(self, language: str, entities: list[str] | None = None,
                        all_fields: bool = False,
                        ad_hoc_recognizers: list[Any] | None = None) -> list[Any]:
        found = super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        order = {id(recognizer): i for i, recognizer in enumerate(self.recognizers)}
        return sorted(found, key=lambda recognizer: order.get(id(recognizer), len(order)))


class LeanAnalyzerEngine(AnalyzerEngine):
    """Presidio's analyzer, with context enhancement given only the findings it can change:
    those of recognizers with context words (Presidio deep-copies every finding, the model's
    many included, and returns the others unchanged). The findings keep Presidio's order
    (grouped by recognizer). Only valid while no recognizer overrides
    `enhance_using_context` (its default returns the findings as they are), which
    `redactor.detect.engine_for` checks."""

    def _enhance_using_context(self, text: str, raw_results: list[Any], nlp_artifacts: Any,
                               recognizers: list[Any], context: list[str] | None = None
                               ) -> list[Any]:
        if context:
            return super()._enhance_using_context(text, raw_results, nlp_artifacts,
                                                  recognizers, context)
        by_recognizer: dict[str, list[Any]] = {}
        for result in raw_results:
            by_recognizer.setdefault(_recognizer_id(result), []).append(result)
        ordered = [result for recognizer in recognizers
                   for result in by_recognizer.get(recognizer.id, ())]
        with_context = {recognizer.id for recognizer in recognizers if recognizer.context}
        wanted = [result for result in ordered if _recognizer_id(result) in with_context]
        if not wanted:
            return ordered
        enhanced = iter(self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=wanted, nlp_artifacts=nlp_artifacts,
            recognizers=recognizers, context=context))
        return [next(enhanced) if _recognizer_id(result) in with_context else result
                for result in ordered]


def _recognizer_id(result: Any) -> str:
    return result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, "")


class LazyNlpArtifacts(NlpArtifacts):
    """Presidio's NLP artifacts for a spaCy Doc, with the per-token lists (lemmas, token
    offsets, keywords) made only when context enhancement asks for them."""

    def __init__(self, doc: Any, entities: Any, scores: list[float], nlp_engine: Any) -> None:
        self.tokens = doc
        self.entities = entities
        self.scores = scores if scores else [0.85] * len(entities)
        self.nlp_engine = nlp_engine

    @cached_property
    def lemmas(self) -> list[str]:  # type: ignore[override]
        strings = self.tokens.vocab.strings
        return [strings[key] for key in self.tokens.to_array("LEMMA").tolist()]

    @cached_property
    def tokens_indices(self) -> list[int]:  # type: ignore[override]
        return self.tokens.to_array("IDX").tolist()

    @cached_property
    def keywords(self) -> list[str]:  # type: ignore[override]
        return self.set_keywords(self.nlp_engine, self.lemmas, "en")

    @cached_property
    def keyword_set(self) -> frozenset[str]:
        return frozenset(self.keywords)

    @cached_property
    def token_ends(self) -> list[int]:
        """Where each token ends (its offset plus its length), from the Doc's arrays: a
        token's text and trailing space run up to the next token's offset."""
        doc = self.tokens
        if not len(doc):
            return []
        spaces = doc.to_array("SPACY").tolist()
        starts = self.tokens_indices
        return [start - space for start, space in zip(starts[1:], spaces, strict=False)] + [
            starts[-1] + len(doc[-1])]


class LazyContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer with the same results, for `LazyNlpArtifacts`: a
    finding's token is found by bisection over the token ends (Presidio walks the Doc from
    its first token for every finding) and the context lemmas are looked up in a set."""

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str,
                                   start: int) -> list[str]:
        if not isinstance(nlp_artifacts, LazyNlpArtifacts) or not nlp_artifacts.tokens:
            return super()._extract_surrounding_words(nlp_artifacts, word, start)
        # Presidio's token: the first whose offset is `start` or whose end is after it
        index = bisect.bisect_right(nlp_artifacts.token_ends, start)
        if index == len(nlp_artifacts.token_ends):  # Presidio raises: not found
            return super()._extract_surrounding_words(nlp_artifacts, word, start)
        lemmas, keywords = nlp_artifacts.lemmas, nlp_artifacts.keyword_set
        found = self._add_n_words(index, self.context_prefix_count, lemmas, keywords, True) \
            + self._add_n_words(index, self.context_suffix_count, lemmas, keywords, False)
        return list(set(found))


class SharedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over an nlp object loaded elsewhere (never loads or downloads)."""

    def __init__(self, nlp: Any, ner_model_configuration: NerModelConfiguration) -> None:
        super().__init__(models=[{"lang_code": "en", "model_name": nlp.meta.get("name", "")}],
                         ner_model_configuration=ner_model_configuration)
        self.nlp = {"en": nlp}

    def load(self) -> None:
        """Nothing to load: the pipeline was given."""

    def artifacts(self, doc: Any) -> NlpArtifacts:
        """Presidio's view of a spaCy Doc made by `nlp.pipe` (as `_doc_to_nlp_artifact`
        makes it, the per-token lists on demand)."""
        entities = doc.ents  # spaCy rebuilds `ents` on each access: once here, not twice
        scores = [self.ner_model_configuration.default_score] * len(entities)
        entities, scores = self._get_updated_entities(entities, scores)
        return LazyNlpArtifacts(doc, entities, scores, self)
