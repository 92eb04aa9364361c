"""People a document names in a public role: the chair, the author, panel members,
officials writing or written to, cited researchers (statutory guidance ¶30, ¶78a).

`public_people(texts, persons)` returns the names (as written) of the people among `persons`
whom the words around them put in a public role; `redactor.detect.labels` keeps every mention
of them. Role words and titles are data in `patterns/public_life.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
import yaml

from redactor.detect.publiclife import (
    CONNECTORS,
    PUBLIC_LIFE_FILE,
    PublicLife,
    find_public_spans,
    public_life,
)
from redactor.model import Document
from redactor.paths import pattern_file


@cache
def role_sentences() -> dict[str, regex.Pattern]:
    """The sentence patterns of `patterns/public_life.yaml` `role_sentences`, compiled."""
    data = yaml.safe_load(pattern_file(PUBLIC_LIFE_FILE).read_text(encoding="utf-8"))
    return {name: regex.compile(pattern) for name, pattern in data["role_sentences"].items()}


@dataclass(frozen=True)
class PersonMention:
    """A name found in a block (the input of `public_people`)."""

    block: int
    start: int
    end: int
    text: str


ROLE_WINDOW = 60  # characters either side of a name where a public role word counts


def public_people(texts: list[str], persons: list[PersonMention],
                  given_names: frozenset[str] = frozenset()) -> set[str]:
    """The names (as written) of people the document names in a public role.

    A name is public when a role word stands right before it ("Independent Chair: ",
    "chaired by ", "Cllr ") or right after it (", Independent Chair", " QPM", a next line
    "Review Co-ordinator"), when it is cited ("Monckton-Smith (2020)", "Bracewell et al."),
    or when a short line names it beside an agency only (a panel list row "Helen Dewbery
    Knightstone Housing"). A role word further away does not count: "the GP, Dr Jones, told
    the Chair" keeps nobody. Research is cited by surname: a first name in `given_names`
    before a year is a pseudonym in a list of reviews ("Charlotte (2015)"), not a citation.
    """
    life = public_life()
    cited: set[str] = set()
    for text in texts:
        for pattern in life.citations:
            for match in pattern.finditer(text):
                names = _AND.split(match.group("name"))
                surely = len(names) > 1 or "et al" in match.group(0)  # authors, not a review
                cited.update(n for n in names if surely or n not in given_names)
    public: set[str] = set()
    rows: dict[int, int] = {}  # block -> lines that start with a public name beside an agency
    for mention in persons:
        text = texts[mention.block]
        left = text[max(0, mention.start - ROLE_WINDOW):mention.start]
        right = text[mention.end:mention.end + ROLE_WINDOW]
        words = [w for w in mention.text.split() if w not in ("et", "al", "al.")]  # "Todd et al"
        beside = _beside_agency(text, mention)
        rows[mention.block] = rows.get(mention.block, 0) + beside
        if _role_before(left, life) or _role_after(right, life) or (
                words and words[-1] in cited) or beside or (
                len(words) > 1 and life.roles.search(mention.text)) or _signed(
                text, mention, life) or _appointed(text, mention) or _cover_author(
                text, mention) or _panel_member(text, mention) or _scholar(text, mention):
            public.add(mention.text)
    public.update(m.text for m in persons if rows.get(m.block, 0) >= PANEL_ROWS
                  and _list_row(texts[m.block], m))
    return public


PANEL_ROWS = 2  # a block with this many "name agency" rows is a panel or attendance list
_ROW_WORD = regex.compile(r"[\p{Lu}&(][\w'’&().,-]*|and|of|for|the|&")  # "(Equalities, SG)"


def _list_row(text: str, mention: PersonMention) -> bool:
    """A short line of a panel list that starts with this name and goes on with a few
    capitalised words only ("Debbie Sheppard Southside" among "Helen Dewbery Knightstone
    Housing" rows): a member whose agency is not one we know by its shape."""
    line_start, line_end = _line_of(text, mention.start, mention.end)
    if text[line_start:mention.start].strip(" \t•-*·"):
        return False
    rest = text[mention.end:line_end].split()
    return len(rest) <= 6 and all(_ROW_WORD.fullmatch(word) for word in rest)


def _cover_author(text: str, mention: PersonMention) -> bool:
    """A full name between a report's title and its month and year on one line of a cover
    ("Domestic Homicide Review South Lakeland Community Safety Partnership Mark Yexley
    April 2014"): the author. Not a name the title is about ("… into the death of …")."""
    if len(mention.text.split()) < 2:
        return False
    line_start, _ = _line_of(text, mention.start, mention.end)
    before = text[line_start:mention.start]
    found = role_sentences()
    return bool(found["cover_date"].match(text, mention.end)
                and found["cover_title"].search(before)
                and not found["cover_about"].search(before) and "death" not in before.lower())


def _scholar(text: str, mention: PersonMention) -> bool:
    """A researcher named in the words of scholarship, with no year beside: "research by
    Walby and Towers", "Evan Stark's concept of coercive control", "Herman's work on
    trauma". (A listed person is never kept: the case file wins over public life.)"""
    found = role_sentences()
    return bool(found["scholar_before"].search(text[max(0, mention.start - ROLE_WINDOW):
                                                    mention.start])
                or found["scholar_after"].match(text, mention.start + len(
                    regex.sub(r"['’]s?$", "", mention.text))))


def _appointed(text: str, mention: PersonMention) -> bool:
    """Appointed or commissioned to chair or write the review, in one sentence: "the
    Partnership appointed Laura Croom, an Associate of …, to chair the review", "Jo Smith
    was commissioned as the independent author". A name after "the death of" in the same
    sentence is not the one appointed."""
    sentence_start = max(text.rfind(c, 0, mention.start) for c in ".;\n") + 1
    ends = [i for i in (text.find(c, mention.end) for c in ".;\n") if i >= 0]
    sentence_end = min(ends) if ends else len(text)
    left, right = text[sentence_start:mention.start], text[mention.end:sentence_end]
    found = role_sentences()
    return bool((found["appointing"].search(left) or found["appointed"].match(right))
                and found["to_review"].search(right))


def _panel_member(text: str, mention: PersonMention) -> bool:
    """A name in a sentence that lists the review panel, after "represented by" or right
    beside an agency ("Devon and Cornwall Police, represented by Julie Searle", "Julie
    Searle (Devon and Cornwall Police)"). A name in such a sentence with neither (the
    family the panel met) is not."""
    sentence_start = max(text.rfind(c, 0, mention.start) for c in ".\n") + 1
    found = role_sentences()
    if not found["panel_sentence"].search(text, sentence_start, mention.start):
        return False
    if found["represented_by"].search(text[max(sentence_start, mention.start - 30):mention.start]):
        return True
    after = text[mention.end:mention.end + 80]
    lead = regex.match(r"\s*[,(]\s*|\s+of\s+(?:the\s+)?", after)  # "Julie Searle of …"
    if lead is None:
        return False
    spans = find_public_spans(after[lead.end():])
    return bool(spans) and spans[0].start == 0 and spans[0].kind == "agency"


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


SIGNATURE_LINES = 3  # lines after a name alone on its line that may hold its title or body


def _signed(text: str, mention: PersonMention, life: PublicLife) -> bool:
    """A name alone on its line, with a job title or a public body on the next lines: a
    letter's signature, its addressee block or a report's author block ("Sam Peterson /
    Service Development Manager", "Ms Alison Sandiford / Bassetlaw, Newark / & Sherwood
    Community / Safety Partnership")."""
    line_start, line_end = _line_of(text, mention.start, mention.end)
    if text[line_start:mention.start].strip() or text[mention.end:line_end].strip(" ,\t"):
        return False
    following = text[line_end + 1:].split("\n")[:SIGNATURE_LINES]
    if not following or not following[0].strip():
        return False
    lines = []
    for line in following:
        if not line.strip():
            break
        lines.append(line.strip())
    if life.signature.search(lines[0]):
        return True
    joined = " ".join(lines)  # a letterhead, not a sentence: no lower-case word but "and"
    if any(word[:1].islower() and word not in CONNECTORS for word in joined.split()):
        return False
    return any(span.kind == "agency" for span in find_public_spans(joined))


_AND = regex.compile(r"\s*,\s+|\s+(?:and|&)\s+")
_ROLE_TAIL = regex.compile(r"(?:[:,\u2013-]|\b(?:is|was|by|the))?\s*$")
_ROLE_LEAD = regex.compile(r"\s*(?:[,(\u2013-]|\bis\b|\bwas\b)?\s*(?:the\s+|an?\s+)?")
_NEXT_NAME = regex.compile(r"[ \t]*:?[ \t]*(\p{Lu}[\w'’-]+)")
_POST_NOMINAL = regex.compile(r"(?=\w*\p{Lu}\w*\p{Lu})[\p{Lu}\p{Ll}]{2,6}")  # "MSc", "PhD", "OBE"


def _role_before(left: str, life: PublicLife) -> bool:
    tail = _ROLE_TAIL.search(left)
    for head in {left, left[:tail.start()] if tail else left}:
        ends = [m.end() for m in life.roles.finditer(head)]
        if ends and not head[ends[-1]:].strip():
            return True
    return False


def _role_after(right: str, life: PublicLife) -> bool:
    lead = _ROLE_LEAD.match(right)
    rest = right[lead.end():] if lead else right
    role = life.roles.match(rest)
    if not role:
        return False
    # "Case of Rose Independent Chair Victoria Hill": the role is the next name's
    following = _NEXT_NAME.match(rest[role.end():])
    return not (following and following.group(1).lower() not in CONNECTORS
                and not life.roles.match(following.group(1))
                and not _POST_NOMINAL.fullmatch(following.group(1)))


def _beside_agency(text: str, mention: PersonMention) -> bool:
    """A line that starts with this name (after at most a rank or title) and goes straight
    on to an agency: a row of a panel or attendance list ("Edward Yaxley Avon and Somerset
    Constabulary", "John Newcombe Dorset Council, Community Safety")."""
    line_start, line_end = _line_of(text, mention.start, mention.end)
    before = text[line_start:mention.start].strip(" \t•-*·")
    if len(before.split()) > 3 or any(w[:1].islower() for w in before.split()) \
            or before.endswith(","):  # "Her GP, Dr Mehta (Castle Medical Group)": a sentence
        return False
    line = text[line_start:line_end]
    start, end = mention.start - line_start, mention.end - line_start
    for span in find_public_spans(line):
        if span.kind == "agency" and span.start >= start - 1 and (
                span.start <= end or not line[end:span.start].strip(" \t,\u2013-|:()")
                or line[end:span.start].strip() in ("of", "of the")):
            return not role_sentences()["prose_tail"].search(line[span.end:])
    return False


_CELL = regex.compile(r"^(?P<table>(?:.+/)?t\d+)/r(?P<row>\d+)c(?P<col>\d+)/p\d+$")
PANEL_LOOKBACK = 3  # paragraphs before a table where "panel" may head it


def panel_table_people(document: Document, persons: list[PersonMention]) -> set[str]:
    """Names that fill a cell of a review panel's table: a table whose first row heads a
    column of names and one of organisations or roles ("Name | Role | Organisation"),
    under a heading or sentence that says "panel". A name must be the cell's whole text
    (after a title or rank): a chronology's cells are sentences and stay as they are."""
    blocks, shapes = document.blocks, role_sentences()
    cells: dict[str, dict[tuple[int, int], str]] = {}
    first_block: dict[str, int] = {}
    for number, block in enumerate(blocks):
        match = _CELL.match(block.id)
        if match:
            table = match.group("table")
            cells.setdefault(table, {})[(int(match.group("row")), int(match.group("col")))] = \
                block.text
            first_block.setdefault(table, number)
    panels = set()
    for table, grid in cells.items():
        header = [text for (row, _), text in grid.items() if row == 0]
        before = [b.text for b in blocks[max(0, first_block[table] - PANEL_LOOKBACK):
                                         first_block[table]] if not _CELL.match(b.id)]
        if any(shapes["panel_name_header"].search(h) for h in header) and any(
                shapes["panel_role_header"].search(h) for h in header) and any(
                shapes["panel_word"].search(text) for text in before + header):
            panels.add(table)
    found = set()
    for mention in persons:
        match = _CELL.match(blocks[mention.block].id)
        if match is None or match.group("table") not in panels or match.group("row") == "0":
            continue
        row = [text for (r, _), text in cells[match.group("table")].items()
               if r == int(match.group("row"))]
        if any(shapes["family_cell"].search(text.strip()) for text in row):
            continue  # "Sarah | Victim | 34": the people of the review, not its panel
        cell = blocks[mention.block].text.strip()
        rest = cell.replace(mention.text, " ").split()
        if mention.text in cell and all(w.rstrip(".").lower() in _title_words() for w in rest):
            found.add(mention.text)
    return found


@cache
def _title_words() -> frozenset[str]:
    """Titles and rank words, lower case: what may stand before a name in a panel's cell."""
    from redactor.case.forms import rank_words, titles

    return frozenset(t.lower() for t in titles()) | rank_words()
