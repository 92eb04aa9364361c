"""Moved to `redactor.detect.casematch` (issue 19). Kept only for `redactor/coref.py` and
`redactor/stages/gender.py`, which move to `redactor/stages/gender/` separately: delete this
file when they import from the new place."""

from redactor.detect.casematch import CaseMatcher, TriePattern, compile_terms

__all__ = ["CaseMatcher", "TriePattern", "compile_terms"]
