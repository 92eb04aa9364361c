"""Find the case file's people, `redact` terms and `keep` terms in text, without a model.

Every listed person's name, aliases and derived variants are matched case-insensitively at
word boundaries, longest first, and labelled with the person they belong to. A lower-case
match of a name that is also a word ("will", "rose") is not taken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from redactor.case import Case
from redactor.case.forms import name_variants, name_words
from redactor.case.terms import keep_terms, pseudonym_forms
from redactor.model import Entity

CASE_FILE_SOURCE = "case-file"
_LEFT = r"(?<!\w)(?<!\w-)"
_RIGHT = r"(?!\w|-\w)"
# a word joined by _ @ . + or digits ("lauren_pengelly_2017.jpg", "@lauren.pengelly88")
_COMPOUND = re.compile(r"(?<![\w@.+-])@?[\w+-]+(?:[_@.][\w+-]+)+|(?<![\w@])@[\w+-]+"
                       r"|(?<![\w-])[A-Za-z]+_?\d+(?![\w-])")
_COMPONENTS = re.compile(r"[\W_\d]+")
_WEB_ADDRESS = re.compile(r"(?<![\w@])(?:(?:https?|ftp)://|www\.)[^\s<>\"'\]\[]+")
_FILE_NAME = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|heic|mp[34]|mov|wav|m4a|txt|"
                        r"msg|eml|zip|csv|rtf|odt)$", re.IGNORECASE)
_EMAIL = re.compile(r"\w@[\w-]+\.\w")
_NAME_PREFIXES = frozenset({"Mc", "Mac", "Fitz", "De", "Di", "Da", "Du", "La", "Le", "Van",
                            "Von", "Jo", "St"})
# A capitalised name glued to letters before it: "NHSNatalie", "2020Great", "HospitalNatalie".
_GLUED_NAME = re.compile(r"(?<=[A-Za-z0-9])([A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)?)(?![\w-])")
_WORD_END = re.compile(r"\w*$")
# a word of parts joined by hyphens or dashes, and its parts: "Osei-Jenkins", "DHR-Jenkins-2022"
_HYPHENS = "\\-\u2010\u2011\u2012\u2013"
_COMPOUND_WORD = re.compile(rf"(?<![\w{_HYPHENS}])\w[\w'\u2019]*(?:[{_HYPHENS}]\w[\w'\u2019]*)+")
_COMPOUND_PART = re.compile(r"\w[\w'\u2019]*")
_NEXT_WORD = re.compile(r"\s+(\w[\w'\u2019-]*)")
_GLUED_SENTENCE = re.compile(r"^[^_@]*\.[A-Z][^_@]*$")  # "Lauren.She": no _ or @ in it


@dataclass(frozen=True)
class Term:
    """A string to find, and what it stands for."""

    text: str
    label: str  # PERSON | REDACT_TERM | KEEP
    person_id: str | None = None
    form: str | None = None
    case_sensitive: bool = False
    priority: int = 0  # for the same text, the lower wins (see `case_terms`)


# For the same text: a name or alias written in the case file, or a `redact` term, wins;
# then a `keep` term; then a variant derived from a name; last, a pseudonym's forms.
WRITTEN, KEPT, DERIVED, PSEUDONYM = range(4)


def case_terms(case: Case, *, include_keep: bool = True) -> list[Term]:
    """Every term the case file asks to find, longest first, then by priority ("Mrs
    O'Neill" as the mother's alias beats the victim's derived title form; a real name beats
    a pseudonym that happens to share it), then people in case order. Derived title forms
    follow the person's gender ("Mr Jones" is not Sarah Jones)."""
    terms: list[Term] = []
    for person in case.people:
        for variant in name_variants(person.name, person.aliases, gender=person.gender,
                                     child=bool(person.is_child)):
            if person.new and not spreads(variant.text):
                continue
            terms.append(Term(variant.text, "PERSON", person.id, variant.form,
                              case_sensitive=variant.form in ("initials", "plural")
                              or bool(_INITIAL_FIRST.match(variant.text)),  # not "s. Jenkins"
                              priority=WRITTEN if variant.explicit else DERIVED))
    terms += [Term(t, "REDACT_TERM") for t in case.redact]
    if include_keep:
        terms += [Term(t, "KEEP", priority=KEPT) for t in keep_terms(case, pseudonyms=False)]
        terms += [Term(t, "KEEP", priority=PSEUDONYM) for t in pseudonym_forms(case)]
    return sorted(terms, key=lambda t: (-len(t.text), t.priority))


SPREAD_ZIPF = 4.0  # wordfreq: a lone form this common is a word, not a name, to search for


def spreads(form: str) -> bool:
    """Whether a form of a person detection found (not the chair) is searched for in the
    rest of the document and batch: not a single letter, not a place or public body, and,
    alone, not a common English word unless it is a known given name ("Reviews" of a guessed
    "Homicide Reviews" is not; "Gary" and "Holt" are)."""
    from redactor.detect.personnames import name_lists
    from redactor.detect.publiclife import find_public_spans, is_place

    words = form.split()
    if re.fullmatch(r"([A-Z])\1", form):  # a doubled-letter label ("AA", "BB")
        return True
    if len(form.strip(". ")) < 2 or is_place(form):
        return False
    spans = find_public_spans(form)
    if spans and spans[0].start == 0 and spans[0].end >= len(form.rstrip(". ")):
        return False
    if len(words) > 1:
        return True
    from wordfreq import zipf_frequency

    lists = name_lists()
    word = words[0].strip(".")
    name = word.capitalize() if word.isupper() else word
    return name in lists.given or name in lists.given_words or (
        not word.isupper() and zipf_frequency(word.lower(), "en") < SPREAD_ZIPF)


class CaseMatcher:
    """Finds a case's terms in block texts with one compiled pattern."""

    def __init__(self, case: Case, *, include_keep: bool = True) -> None:
        self.terms = case_terms(case, include_keep=include_keep)
        self._by_text: dict[str, Term] = {}
        for term in self.terms:  # first (longest, earliest-listed) wins for equal text
            self._by_text.setdefault(_normalise_space(term.text).lower(), term)

    @cached_property
    def _pattern(self) -> TriePattern | None:
        """One regex for all terms, as a trie: at each character only one branch can go on,
        so hundreds of names cost little more than a few (the longest match is preferred)."""
        if not self.terms:
            return None
        return _compiled(frozenset(_normalise_space(term.text) for term in self.terms))

    def find(self, block_id: str, text: str) -> list[Entity]:
        """Non-overlapping mentions of case terms in `text` (leftmost, then longest)."""
        if self._pattern is None:
            return []
        found: list[Entity] = []
        for start, end in self._accepted_spans(text):
            matched = text[start:end]
            term = self._term_for(matched)
            assert term is not None
            found.append(Entity(
                block_id=block_id, start=start, end=end, label=term.label,
                text=matched, score=1.0, source=CASE_FILE_SOURCE,
                person_id=term.person_id, form=term.form,
                explanation=f"listed in the case file as {term.label.lower()}"
                + (f" ({term.form} form)" if term.form else ""),
            ))
        return found

    def _accepted_spans(self, text: str) -> list[tuple[int, int]]:
        """The leftmost-longest matches a term accepts; where the longest is refused (the
        case-sensitive "S. Jenkins" read in "Jenkins's. Jenkins’"), the shorter ones inside
        and after it are looked for again."""
        assert self._pattern is not None
        spans: list[tuple[int, int]] = []
        for start, end in self._pattern.spans(text):
            term = self._term_for(text[start:end])
            if term is not None and self._accept(term, text[start:end]):
                if not spans or spans[-1][1] <= start:
                    spans.append((start, end))
                continue
            stop = min(len(text), end + RESCAN_CHARS)
            for inner_start, inner_end in self._pattern.spans(text[start + 1:stop]):
                inner_start, inner_end = inner_start + start + 1, inner_end + start + 1
                inner = text[inner_start:inner_end]
                term = self._term_for(inner)
                whole = inner_end < stop or stop == len(text)  # not cut by the window
                if whole and term is not None and self._accept(term, inner) \
                        and (not spans or spans[-1][1] <= inner_start):
                    spans.append((inner_start, inner_end))
        return spans

    def find_embedded(self, block_id: str, text: str) -> list[Entity]:
        """File names, user names and handles that hold a listed person's name
        ("lauren_pengelly_statement.pdf", "@lauren.pengelly88", "jtremayne_81"): the whole
        word, label ONLINE_NAME (the word boundaries of `find` never look inside them)."""
        found = []
        for match in _WEB_ADDRESS.finditer(text):  # any host: "http://sharepoint/sites/
            address = match.group(0).rstrip(".,;:!?)'\"")  # DHR/mohammed-khan-review/"
            pieces = [p for p in _COMPONENTS.split(address.lower()) if p]
            person_id = next((self._embedded_names[p] for p in [
                *pieces, *("".join(pair) for pair in zip(pieces, pieces[1:], strict=False))]
                if p in self._embedded_names), None)
            if person_id is not None:
                found.append(Entity(
                    block_id=block_id, start=match.start(), end=match.start() + len(address),
                    label="URL", text=address, score=1.0, source="case-file.web-address.v1",
                    person_id=person_id,
                    explanation=f"a web address holding a name of {person_id}"))
        for match in _COMPOUND.finditer(text):
            word = match.group(0).rstrip(".-")
            if "://" in word or word.lower().startswith("www.") or _EMAIL.search(word):
                continue  # web and email addresses have patterns of their own
            if _GLUED_SENTENCE.search(word) and not _FILE_NAME.search(word):
                continue  # "Lauren.She went": a missing space, not a name of its own
            person_id = next((self._embedded_names[part] for part in
                              _COMPONENTS.split(word.lower()) if part in self._embedded_names),
                             None)
            if person_id is None:
                continue
            kind = "file-name" if _FILE_NAME.search(word) else "handle"
            found.append(Entity(
                block_id=block_id, start=match.start(), end=match.start() + len(word),
                label="ONLINE_NAME", text=word, score=1.0,
                source=f"case-file.{kind}.v1", person_id=person_id,
                explanation=f"a {kind.replace('-', ' ')} holding a name of {person_id}"))
        return found

    def find_glued(self, block_id: str, text: str) -> list[Entity]:
        """Listed names glued to the word before them at a capital ("NHSNatalie" where a
        PDF's justified table cell ran into the next column): the name alone, as `find`
        would give it, so the word before stays. Also a listed surname or first name that is
        one part of a hyphenated word ("Osei-Jenkins", "DHR-Jenkins-2022"), which the word
        boundaries of `find` never look inside."""
        found = self._in_compounds(block_id, text)
        for match in _GLUED_NAME.finditer(text):
            term = self._term_for(match.group(1))
            if term is None or term.label != "PERSON" or len(match.group(1)) < 3 \
                    or term.form not in ("first", "last", "full", "alias"):
                continue
            prefix = _WORD_END.search(text, max(0, match.start(1) - 20), match.start(1)).group(0)
            if prefix in _NAME_PREFIXES:
                continue  # "McDonald", "MacKenzie", "DeShawn": one name
            start, form = match.start(1), term.form
            first = self._term_for(prefix) if prefix[:1].isupper() else None
            if first is not None and first.person_id == term.person_id and term.form == "last":
                start, form = start - len(prefix), "full"  # "SarahJenkins": her whole name
            found.append(Entity(
                block_id=block_id, start=start, end=match.end(1), label="PERSON",
                text=text[start:match.end(1)], score=1.0, source=CASE_FILE_SOURCE,
                person_id=term.person_id, form=form, flagged=True,
                explanation=f"listed in the case file as person ({term.form} form), glued "
                "to the word before it"))
        return found

    def _in_compounds(self, block_id: str, text: str) -> list[Entity]:
        found = []
        for compound in _COMPOUND_WORD.finditer(text):
            parts = list(_COMPOUND_PART.finditer(compound.group(0)))
            if self._term_for(compound.group(0)) is not None or any(
                    p.group(0).islower() for p in parts):
                continue  # a listed form whole ("Fothergill-Brown"); "Stoke-on-Trent"
            for part in parts:
                term = self._term_for(part.group(0))
                if term is None or term.label != "PERSON" or len(part.group(0)) < 3 \
                        or term.form not in ("first", "last", "alias") \
                        or not part.group(0)[:1].isupper():
                    continue
                if term.form != "last" and not self._surname_after(
                        text, compound.end(), term.person_id):
                    continue  # "Sarah-Louise" is another name; "Sarah-Jane Jenkins" is hers
                start = compound.start() + part.start()
                found.append(Entity(
                    block_id=block_id, start=start, end=start + len(part.group(0)),
                    label="PERSON", text=part.group(0), score=1.0, source=CASE_FILE_SOURCE,
                    person_id=term.person_id, form=term.form, flagged=True,
                    explanation=f"listed in the case file as person ({term.form} form), one "
                    "part of a hyphenated word"))
        return found

    def _surname_after(self, text: str, end: int, person_id: str | None) -> bool:
        """Whether the word after `end` is a surname of that listed person."""
        following = _NEXT_WORD.match(text, end)
        term = self._term_for(following.group(1)) if following else None
        return term is not None and term.person_id == person_id and term.form == "last"

    @cached_property
    def _embedded_names(self) -> dict[str, str]:
        """Lower-case name pieces a file or user name may hold, by person: first names and
        surnames of three letters or more, and a full name or initial and surname run
        together ("laurenpengelly", "jtremayne")."""
        names: dict[str, str] = {}
        for term in self.terms:
            if term.label != "PERSON" or term.person_id is None:
                continue
            words = [w for w in re.split(r"[\s'\u2019.]+", term.text.lower()) if w]
            if term.form in ("first", "last", "alias") and len(words) == 1 \
                    and len(words[0]) >= 3 and words[0].isalpha():
                names.setdefault(words[0], term.person_id)
            elif term.form == "full" and len(words) == 2:
                names.setdefault("".join(words), term.person_id)
                names.setdefault(words[0][0] + words[1], term.person_id)
        return names

    def may_find(self, texts: list[str]) -> bool:
        """False when no term is in any of `texts`, found with one scan of them joined by
        line breaks (a term inside one text is a match there too), so many short texts that
        hold no term cost one search, not one each."""
        if self._pattern is None:
            return False
        return next(iter(self._pattern.spans("\n".join(texts))), None) is not None

    def _term_for(self, matched: str) -> Term | None:
        return self._by_text.get(_normalise_space(matched).lower())

    @staticmethod
    def _accept(term: Term, matched: str) -> bool:
        if term.case_sensitive and matched != term.text and not matched.isupper():
            return False
        return not (matched.islower() and matched.lower() in name_words())


class TriePattern:
    """A trie regex of lower-case terms, matched case-insensitively: over the lower-cased
    text where lower-casing keeps every offset (almost always; compiling without IGNORECASE
    is several times faster for hundreds of terms), else with IGNORECASE."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.folded = re.compile(source)

    @cached_property
    def ignoring_case(self) -> re.Pattern[str]:
        return re.compile(self.source, re.IGNORECASE)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each leftmost-longest match in `text`, any letter case, with or
        without accents ("Sian" is "Siân")."""
        text = fold_accents(text)
        if _COMBINING.search(text):  # "Zoe" + U+0308, "Jen" + soft hyphen + "kins": without
            hidden = {i for m in _COMBINING.finditer(text) for i in range(m.start(), m.end())}
            kept = [i for i in range(len(text)) if i not in hidden]
            bare = "".join(text[i] for i in kept)
            return ((kept[start], _after_marks(text, kept[end - 1] + 1))
                    for start, end in self.spans(bare))
        lowered = text.lower()
        if len(lowered) == len(text):
            return (match.span() for match in self.folded.finditer(lowered))
        return (match.span() for match in self.ignoring_case.finditer(text))


def compile_terms(terms: Iterable[str], left: str = _LEFT) -> TriePattern:
    """A case-insensitive pattern for lower-case, single-spaced `terms`, as one trie, at a
    right word boundary (`left` is the left boundary): the longest term wins."""
    return TriePattern(f"{left}{_trie_regex(terms)}")


@lru_cache(maxsize=16)
def _compiled(texts: frozenset[str]) -> TriePattern:
    """The compiled trie regex for a set of terms; detection, the pipeline and the check ask
    for the same case's terms, so it is built once (a compiled pattern is immutable)."""
    return TriePattern(f"{_LEFT}{_trie_regex(texts)}")


def _normalise_space(text: str) -> str:
    """How terms are compared: one space for any run of white space or a hyphen or dash
    ("Ruby Mae" is "Ruby-Mae", "Fothergill–Brown" is "Fothergill-Brown"), straight
    apostrophes, no accents or invisible characters."""
    text = _COMBINING.sub("", fold_accents(text))
    text = _DASHES.sub(" ", text.replace("\u2019", "'").replace("-", " "))
    return re.sub(r"\s+", " ", text)


_DASHES = re.compile(f"[{_HYPHENS[2:]}]")  # a hyphen as Word may write it (not "-")


# combining accents, and the invisible characters a name may hold (soft hyphen, zero-width
# space and joiners, word joiner, BOM): matched through, as if absent
_COMBINING = re.compile(r"[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff\u0640\x00]"
                        r"|(?<=[a-z])-[ \t]*\r?\n[ \t]*(?=[a-z])")  # "Jen-" + line end + "kins"
_INITIAL_FIRST = re.compile(r"[A-Z]\.\s")
RESCAN_CHARS = 64  # after a refused match, how far on shorter ones are looked for


def _after_marks(text: str, end: int) -> int:
    """`end` moved past the combining marks that belong to the letter before it."""
    while end < len(text) and _MARK.match(text, end):
        end += 1
    return end


_MARK = re.compile(r"[\u0300-\u036f]")


def fold_accents(text: str) -> str:
    """`text` with each accented letter as its base letter, one character for one, so
    offsets hold ("Siân" -> "Sian", "Zoë" -> "Zoe"); letters that do not decompose ("ł",
    "ß") stay."""
    if text.isascii():
        return text
    return text.translate(_AccentTable())


class _AccentTable(dict[int, str]):
    """A `str.translate` table that works out each character's base letter once."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))  # "é" -> "e", "Ｓ" -> "S"
        base = decomposed[0]
        folded = base if base.isalpha() and code > 127 and all(
            unicodedata.combining(c) for c in decomposed[1:]) else chr(code)
        _ACCENT_CACHE[code] = folded
        return folded

    def __getitem__(self, code: int) -> str:
        found = _ACCENT_CACHE.get(code)
        return found if found is not None else self.__missing__(code)


_ACCENT_CACHE: dict[int, str] = {}


def _trie_regex(terms: Iterable[str]) -> str:
    """A regex matching any of `terms` (normalised: single spaces, straight apostrophes),
    case-insensitively at a right word boundary, longest first; white space matches any run
    of white space and an apostrophe either apostrophe."""
    root: dict[str, dict] = {}
    for term in terms:
        node = root
        for char in fold_accents(term):
            key = char.lower() if len(char.lower()) == 1 else char
            node = node.setdefault(key, {})
        node[""] = {}
    return _node_regex(root)


def _node_regex(node: dict[str, dict]) -> str:
    branches = [_char_regex(char) + _node_regex(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return _RIGHT
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body}|{_RIGHT})" if "" in node else body


def _char_regex(char: str) -> str:
    if char == " ":  # a space or a hyphen (see `_normalise_space`)
        return rf"(?:\s+|[{_HYPHENS}])"
    if char == "'":
        return "['\u2019]"
    if char == "-":  # (gendered terms: "half-sister", written with any dash)
        return f"[{_HYPHENS}]"
    return re.escape(char)
