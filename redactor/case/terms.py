"""What a case leaves unchanged: its keep terms and the written forms of its pseudonyms.

Shared by detection (`redactor.detect.casematch`), pseudonym generation (a generated name is
never a keep term) and the check; it lives with the case so that the case layer never
imports detection.
"""

from __future__ import annotations

from redactor.case.file import Case
from redactor.case.forms import is_label, name_variants
from redactor.paths import read_word_list


def keep_terms(case: Case, *, pseudonyms: bool = True) -> list[str]:
    """Case-file keep terms, the CSP's name, the defaults in `patterns/keep.txt`, and (unless
    `pseudonyms` is False) every form of every pseudonym: a pseudonym written in a draft is
    not a new person."""
    terms = list(case.keep) + read_word_list("keep.txt")
    if case.area:
        terms.append(case.area)
    return terms + pseudonym_forms(case) if pseudonyms else terms


def pseudonym_forms(case: Case) -> list[str]:
    """The written forms of every name pseudonym of the case (labels like "GP 1" stay out)."""
    return [variant.text for person in case.people
            if person.pseudonym and not is_label(person.pseudonym)
            for variant in name_variants(person.pseudonym) if variant.form != "initials"]
