"""Two of the English model's components, giving spaCy's own annotations faster.

`IndexedAttributeRuler`: the model's `attribute_ruler` maps each fine-grained tag to a part
of speech and morphology, with exceptions by word ("his", "gonna"). spaCy finds its 179 one-
and two-token patterns with the general `Matcher`, about a tenth of the pipeline's time. This
ruler finds exactly the same matches by looking up each token's lower-case form, tag and
dependency in an index of the patterns' first tokens, then lets spaCy's own
`set_annotations` assign the attributes. Patterns it cannot index (operators, other
attributes or predicates) make it use the Matcher as spaCy does.

`CachedLemmatizer`: the English rule lemmatizer, looking lemmas up by (form, part of speech,
morphology) from token arrays instead of building a `Token` per word.

`use_fast_components` swaps both into a loaded pipeline; tests/test_spacy_components.py checks
that every token of the corpus is annotated as by the model as shipped.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

FACTORY = "redactor_indexed_attribute_ruler"
LEMMATIZER_FACTORY = "redactor_cached_lemmatizer"
# the token attributes patterns may test, in `Doc.to_array` column order: True where the
# array holds a string's hash, False for a boolean
KEYS = {"LOWER": True, "TAG": True, "DEP": True, "IS_SPACE": False}
COLUMNS = list(KEYS)
INDEX_ORDER = ("LOWER", "TAG", "DEP", "IS_SPACE")  # most selective first


class _Unsupported(Exception):
    """A pattern the index cannot represent; the Matcher is used instead."""


class _TokenTest:
    """One token of a pattern: every attribute condition, on `Doc.to_array` values."""

    def __init__(self, spec: dict[str, Any], strings: Any) -> None:
        self.checks: list[tuple[int, str, Any]] = []  # column, operator, operand
        for key, value in spec.items():
            if key not in KEYS:
                raise _Unsupported(key)
            column = COLUMNS.index(key)
            hashed = KEYS[key]
            if isinstance(value, dict):
                if len(value) != 1:
                    raise _Unsupported(value)
                (operator, operand), = value.items()
                if operator in ("IN", "NOT_IN") and hashed:
                    self.checks.append((column, operator,
                                        frozenset(strings.add(v) for v in operand)))
                elif operator == "REGEX" and hashed:
                    self.checks.append((column, "REGEX", re.compile(operand)))
                else:
                    raise _Unsupported(operator)
            elif isinstance(value, bool) and not hashed:
                self.checks.append((column, "==", int(value)))
            elif isinstance(value, str) and hashed:
                self.checks.append((column, "==", strings.add(value)))
            else:
                raise _Unsupported(value)

    def keys(self) -> tuple[int, list[int]] | None:
        """(column, values) to index this token by: a token must have one of the values."""
        for key in INDEX_ORDER:
            column = COLUMNS.index(key)
            for check_column, operator, operand in self.checks:
                if check_column != column:
                    continue
                if operator == "==":
                    return column, [operand]
                if operator == "IN":
                    return column, sorted(operand)
        return None

    def passes(self, row: tuple[int, ...], strings: Any) -> bool:
        for column, operator, operand in self.checks:
            value = row[column]
            if operator == "==":
                ok = value == operand
            elif operator == "IN":
                ok = value in operand
            elif operator == "NOT_IN":
                ok = value not in operand
            else:
                ok = bool(operand.search(strings[value] if value else ""))
            if not ok:
                return False
        return True


class _PatternIndex:
    """Patterns by a value their first token must have, for finding candidates quickly."""

    def __init__(self) -> None:
        self.by_value: list[dict[int, list[int]]] = [{} for _ in COLUMNS]
        self.always: list[int] = []

    def add(self, number: int, first: _TokenTest) -> None:
        keys = first.keys()
        if keys is None:
            self.always.append(number)
            return
        column, values = keys
        for value in values:
            self.by_value[column].setdefault(value, []).append(number)

    def candidates(self, row: tuple[int, ...]) -> list[int]:
        found = list(self.always)
        for column, index in enumerate(self.by_value):
            found += index.get(row[column], ())
        return found


class IndexedAttributeRuler(AttributeRuler):
    """`AttributeRuler` with `match` answered from an index of its patterns; what the
    one-token patterns make of a token depends only on its attribute values, so that is
    worked out once per distinct (form, tag, dependency, space) and remembered."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler", **kwargs: Any) -> None:
        self._reset()
        super().__init__(vocab, name, **kwargs)

    def _reset(self) -> None:
        self._patterns: list[tuple[int, int, list[_TokenTest]]] = []  # attr id, key, tokens
        self._single, self._multi = _PatternIndex(), _PatternIndex()
        self._hits: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        self._supported = True

    def clear(self) -> None:
        super().clear()
        self._reset()

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        attr_id = len(self.attrs) - 1
        key = self.vocab.strings[str(attr_id)]
        self._hits.clear()
        for pattern in patterns:
            try:
                if not pattern:
                    raise _Unsupported("empty")
                tests = [_TokenTest(spec, self.vocab.strings) for spec in pattern]
            except _Unsupported:
                self._supported = False
                continue
            self._patterns.append((attr_id, key, tests))
            (self._single if len(tests) == 1 else self._multi).add(
                len(self._patterns) - 1, tests[0])

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What `AttributeRuler.match` returns: (attr id, key, start, end), sorted."""
        if not self._supported:
            return super().match(doc)
        rows = [tuple(row) for row in doc.to_array(COLUMNS).tolist()]
        strings = self.vocab.strings
        found = set()
        for start, row in enumerate(rows):
            hits = self._hits.get(row)
            if hits is None:
                hits = self._hits[row] = [
                    (attr_id, key) for attr_id, key, tests in
                    (self._patterns[number] for number in self._single.candidates(row))
                    if tests[0].passes(row, strings)]
            found.update((attr_id, key, start, start + 1) for attr_id, key in hits)
            for number in self._multi.candidates(row):
                attr_id, key, tests = self._patterns[number]
                end = start + len(tests)
                if end <= len(rows) and all(
                        test.passes(rows[start + k], strings) for k, test in enumerate(tests)):
                    found.add((attr_id, key, start, end))
        return sorted(found)


@Language.factory(FACTORY)
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name)


def use_indexed_attribute_ruler(nlp: Language) -> None:
    """Replace the pipeline's `attribute_ruler` by an `IndexedAttributeRuler` with the same
    patterns (in the same order, so later patterns still win)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    if type(old) is not AttributeRuler:
        return
    patterns = old.patterns
    new = nlp.replace_pipe("attribute_ruler", FACTORY)
    new.add_patterns(patterns)


class CachedLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, reading each token's form, part of speech and
    morphology as arrays and looking the lemma up in a table keyed as spaCy's own cache is
    (a lemma depends on nothing else), instead of building a `Token` per word; a form not
    seen yet is lemmatized by spaCy's code. Identical lemmas."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        strings, lemmas = self.vocab.strings, self._lemmas
        rows = doc.to_array(["ORTH", "POS", "MORPH", "LEMMA"]).tolist()
        values = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                values.append(lemma)
                continue
            key = (orth, pos, morph)
            if key not in lemmas:
                lemmas[key] = strings.add(self.lemmatize(doc[i])[0])
            values.append(lemmas[key])
        doc.from_array(["LEMMA"], numpy.asarray(values, dtype="uint64"))
        return doc



@Language.factory(LEMMATIZER_FACTORY, default_config={"mode": "rule", "overwrite": False})
def make_cached_lemmatizer(nlp: Language, name: str, mode: str,
                           overwrite: bool) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)


def use_cached_lemmatizer(nlp: Language) -> None:
    """Replace an English rule `lemmatizer` by a `CachedLemmatizer` with its tables."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("lemmatizer")
    if type(old) is not EnglishLemmatizer or old.mode != "rule":
        return
    new = nlp.replace_pipe("lemmatizer", LEMMATIZER_FACTORY,
                           config={"mode": old.mode, "overwrite": old.overwrite})
    new.lookups = old.lookups


def use_fast_components(nlp: Language) -> None:
    """Swap the indexed attribute ruler and the cached lemmatizer into `nlp` (each only
    where the pipeline has spaCy's own component of that name)."""
    use_indexed_attribute_ruler(nlp)
    use_cached_lemmatizer(nlp)
