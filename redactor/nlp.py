"""Moved to `redactor.detect.nlp` (issue 19). Kept only for `redactor/stages/gender.py` and
the gender tests and benchmark, which move separately: delete this file when they import
from the new place."""

from redactor.detect.nlp import load_nlp, pipe_in_pieces

__all__ = ["load_nlp", "pipe_in_pieces"]
