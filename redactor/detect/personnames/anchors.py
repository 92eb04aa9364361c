"""Anchors: the tokens every name rule starts from."""

from __future__ import annotations

import re
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from redactor.detect.personnames.vocabulary import _INITIALS, name_lists, without_accents

# Where every rule starts: a title, a given name, a post-nominal, a name that is also a word
# (the word anchors, `anchor_forms`), or initials ("J.", "W.K.", "J.-P.", "A B", a lone "K").
_ONE_LETTER = re.compile(r"^[A-Z]$")
_PERSON_LETTER = re.compile(r"^[B-HJ-Z]$")  # "K said": a letter standing for a person
_LONGEST_INITIALS = 11  # the most `_INITIALS` can match: "J.-P.-M.X."


@cache
def anchor_forms() -> dict[str, frozenset[str]]:
    """The exact token texts each word anchor starts from."""
    lists = name_lists()
    title_forms = set()
    for title in lists.titles:
        for form in (title, title.upper()):
            title_forms |= {form, form + "."}
    return {
        "TITLE": frozenset(title_forms),
        "GIVEN": frozenset(lists.given | {name.upper() for name in lists.given}),
        "POSTNOMINAL": lists.postnominals,
        "GIVEN_WORD": lists.given_words,
    }


def anchor_matcher(vocab: Vocab) -> Matcher:
    """The anchors as a spaCy Matcher: the reference `find_anchors` gives the same as."""
    matcher = Matcher(vocab)
    for label, forms in anchor_forms().items():
        matcher.add(label, [[{"ORTH": {"IN": sorted(forms)}}]])
    matcher.add("INITIALS", [
        [{"TEXT": {"REGEX": _INITIALS.pattern}}],
        [{"TEXT": {"REGEX": _ONE_LETTER.pattern}}, {"TEXT": {"REGEX": _ONE_LETTER.pattern}}],
        [{"TEXT": {"REGEX": _PERSON_LETTER.pattern}}],
    ])
    return matcher


@cache
def _anchor_table(vocab: Vocab) -> tuple[dict[int, list[int]], int]:
    """Token text hash -> the label hashes of its word anchors (in `anchor_forms` order),
    and the hash of "INITIALS"."""
    table: dict[int, list[int]] = {}
    for label, forms in anchor_forms().items():
        label_hash = vocab.strings.add(label)
        for form in forms:
            table.setdefault(vocab.strings.add(form), []).append(label_hash)
    return table, vocab.strings.add("INITIALS")


def find_anchors(doc: Doc) -> list[tuple[int, int, int]]:
    """(label hash, start, end) of every anchor in `doc`, as `anchor_matcher` finds them,
    from one array of token texts instead of the general Matcher."""
    table, initials = _anchor_table(doc.vocab)
    strings = doc.vocab.strings
    found: list[tuple[int, int, int]] = []
    rows = doc.to_array(["ORTH", "LENGTH"]).tolist()
    for i, (orth, length) in enumerate(rows):
        labels = table.get(orth, ())
        if not labels and not strings[orth].isascii():  # "Siobhán", "Zoë": as "Siobhan"
            labels = table.get(strings.add(without_accents(strings[orth])), ())
        found += [(label, i, i + 1) for label in labels]
        if length > _LONGEST_INITIALS:
            continue
        text = strings[orth]
        if _INITIALS.search(text) or _PERSON_LETTER.search(text):
            found.append((initials, i, i + 1))
        if (_ONE_LETTER.search(text) and i + 1 < len(rows) and rows[i + 1][1] == 1
                and _ONE_LETTER.search(strings[rows[i + 1][0]])):
            found.append((initials, i, i + 2))
    return sorted(dict.fromkeys(found), key=lambda match: (match[1], match[2]))
