"""Person names the statistical NER misses or cuts short, found with rules over a parsed Doc.

`find_person_names(doc)` proposes character spans for names in forms the small spaCy model
handles badly: titled names ("Mrs Jenkins", "DC Patel", "Mr and Mrs Smith"), ALL CAPS names
("SARAH JENKINS"), initials ("J. Smith", "W.K.", "D M said"), hyphenated, apostrophe and
particle names ("Smith-Jones", "O'Neill", "van der Berg"), names that are also words in
person context ("Rose told", "said Will", "Grace's"), model PERSON entities that stopped
short ("Sarah" + "-Jones", "Rustem" + "Bayar"), a surname from a sure name met again alone
("Mr Findlay" ... "Findlay said"), and name-shaped items of a list that holds people
("Aydin Korkmaz, Sinan Dere and Erdem Yavuz"). A possessive "'s" is never part of a span.

`unlikely_person(ent)` says when a model PERSON entity is unlikely to be a name ("Law",
"Legal Adviser", "MARAC", "Articles 44"), for a caller that wants to drop or relabel it.

Every span carries a versioned rule id and a score. Spans include a leading title ("Mrs
Jenkins"), like the case file's `title_last` form. Spans exactly equal to, or inside, a model
PERSON entity are not returned: the caller already has those. Word lists live under
`patterns/person_names/` (see its README); matchers are built once per vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from redactor.detect.personnames.anchors import anchor_matcher, find_anchors
from redactor.detect.personnames.derived import DerivedNames
from redactor.detect.personnames.given import GivenNames
from redactor.detect.personnames.initials import Initials
from redactor.detect.personnames.titled import TitledNames
from redactor.detect.personnames.tokens import unlikely_person
from redactor.detect.personnames.vocabulary import NameLists, NameSpan, name_lists

__all__ = ["NameLists", "NameSpan", "anchor_matcher", "find_anchors", "find_person_names",
           "name_lists", "unlikely_person"]


def find_person_names(doc: Doc) -> list[NameSpan]:
    """Person-name spans in `doc` beyond its PERSON entities, non-overlapping, in text order."""
    finder = _Finder(doc, name_lists())
    return finder.run(find_anchors(doc))


class _Finder(TitledNames, GivenNames, Initials, DerivedNames):
    """The rules, applied to one Doc: one class of rules per name shape (`titled`, `given`,
    `initials`, `derived`), all asking the same questions of the Doc (`tokens`)."""

    def run(self, matches: Iterable[tuple[int, int, int]]) -> list[NameSpan]:
        vocab = self.doc.vocab
        matches = list(matches)
        for match_id, start, end in matches:
            key = vocab.strings[match_id]
            if key == "TITLE":
                self.titled(start)
            elif key == "GIVEN":
                self.given(start)
            elif key == "GIVEN_WORD":
                self.context(start)
            elif key == "POSTNOMINAL":
                self.postnominal(start)
            elif key == "INITIALS":
                self.initials(start, end)
        anchored = {start for _, start, _ in matches}
        for tok in self.doc:  # words no list knows ("Lowri", "Iwan"): see `unknown_word`
            if tok.i not in anchored and tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON":
                self.unknown_word(tok.i)
        for ent in self.persons:
            self.extend(ent)
        self.repeated()
        self.listed()
        self.apposed()
        return self.resolve()

    def resolve(self) -> list[NameSpan]:
        """Longest first, then best score; drop overlaps and spans inside PERSON entities."""
        doc = self.doc
        chosen: list[tuple[int, int, str, float]] = []
        taken: set[int] = set()
        for start, end, rule, score in sorted(self.found, key=lambda f: (f[0] - f[1], -f[3])):
            if taken.intersection(range(start, end)):
                continue
            if all(k in self.in_person for k in range(start, end)) and any(
                    e.start <= start and end <= e.end for e in self.persons):
                continue
            chosen.append((start, end, rule, score))
            taken.update(range(start, end))
        spans = []
        for start, end, rule, score in sorted(chosen):
            last = doc[end - 1]
            char_end = last.idx + len(last.text)
            spans.append(NameSpan(doc[start].idx, char_end, rule, score))
        return spans
