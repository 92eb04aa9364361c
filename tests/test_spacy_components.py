"""The indexed attribute ruler and cached lemmatizer give every token what spaCy's own do."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from redactor.detect.nlp import load_nlp
from redactor.detect.spacy_components import (
    CachedLemmatizer,
    IndexedAttributeRuler,
    use_fast_components,
)
from redactor.io import read_document
from redactor.options import DEFAULT_MODEL, RunOptions
from tests.conftest import CORPUS

# The English model's exceptions: contractions, two-token rules, "there is", spaces, "his".
EXCEPTIONS = [
    "I'm gonna go, y'all. Let's see; c'mon! He ain't here and she isn't either.",
    "There is a cat and there were dogs; there's more.  Two  spaces,\n\nand lines.",
    "His book, her book and this one: she's gotta go, they've done it, we'd not.",
    "Gotta go. Y all. GONNA shout. Ain't n't it 'tis so.",
]


def _annotations(doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc]


@pytest.mark.model
def test_same_annotations_as_spacy_on_the_corpus_and_the_exceptions() -> None:
    stock = spacy.load(DEFAULT_MODEL)
    indexed = load_nlp(DEFAULT_MODEL)
    assert type(stock.get_pipe("attribute_ruler")) is AttributeRuler
    assert type(indexed.get_pipe("attribute_ruler")) is IndexedAttributeRuler
    assert type(indexed.get_pipe("lemmatizer")) is CachedLemmatizer
    assert indexed.pipe_names == stock.pipe_names
    texts = list(EXCEPTIONS)
    for draft in ("northshire/overview.docx", "eastvale/summary.md", "westmere/draft.txt"):
        document = read_document(CORPUS / draft, RunOptions(accept_changes=True))
        texts += [block.text for block in document.blocks]
    expected = [_annotations(doc) for doc in stock.pipe(texts)]
    assert [_annotations(doc) for doc in indexed.pipe(texts)] == expected
    lemmas = {token[4] for doc in expected[:len(EXCEPTIONS)] for token in doc}
    assert {"go", "you", "us", "come", "be"} <= lemmas  # the exception rules did apply


def _blank_rulers(patterns: list[dict]) -> tuple[AttributeRuler, IndexedAttributeRuler, object]:
    nlp = spacy.blank("en")
    stock, indexed = AttributeRuler(nlp.vocab), IndexedAttributeRuler(nlp.vocab)
    stock.add_patterns(patterns)
    indexed.add_patterns(patterns)
    return stock, indexed, nlp


def test_later_patterns_win_and_matches_are_spacys() -> None:
    patterns = [
        {"patterns": [[{"LOWER": "rose"}]], "attrs": {"LEMMA": "flower"}},
        {"patterns": [[{"LOWER": {"IN": ["rose", "rises"]}}]], "attrs": {"LEMMA": "rise"}},
        {"patterns": [[{"LOWER": "the"}, {"LOWER": {"REGEX": "^s"}}]],
         "attrs": {"LEMMA": "sun"}, "index": -1},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"LEMMA": "SPACE"}},
    ]
    stock, indexed, make = _blank_rulers(patterns)
    doc = make("Rose saw the sun  rise, the Sea rose.")
    assert indexed.match(doc) == stock.match(doc)
    indexed(doc)
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in stock(make(doc.text))]
    assert doc[0].lemma_ == "rise" and doc[3].lemma_ == "sun" and doc[4].lemma_ == "SPACE"


def test_a_pattern_it_cannot_index_falls_back_to_the_matcher() -> None:
    patterns = [{"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}]],
                 "attrs": {"LEMMA": "huge"}, "index": -1}]
    stock, indexed, make = _blank_rulers(patterns)
    doc = make("a very very big dog")
    assert indexed.match(doc) == stock.match(doc) != []
    assert indexed(doc)[3].lemma_ == "huge"


def test_a_pipeline_without_these_components_is_left_alone() -> None:
    nlp = spacy.blank("en")
    use_fast_components(nlp)
    assert nlp.pipe_names == []
