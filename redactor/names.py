"""Moved to `redactor.case.forms` (issue 19). Kept only for `redactor/stages/gender.py`, which
moves to `redactor/stages/gender/` separately: delete this file when it imports from the new
place."""

from redactor.case.forms import is_label, name_variants

__all__ = ["is_label", "name_variants"]
