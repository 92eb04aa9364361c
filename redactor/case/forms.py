"""Name forms: the variants of a known person's name, and rendering a pseudonym in a form.

A case file lists "Sarah Jenkins" with aliases; drafts say "Sarah", "Mrs Jenkins", "S.J.",
"SARAH", "Sarah's". Every variant carries its *form* so the pseudonym can be rendered in the
same form ("Mrs Jenkins" -> "Mrs Price"). Titles come from `patterns/titles.txt`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from redactor.paths import pattern_file, read_word_list


@cache
def titles() -> tuple[str, ...]:
    """Personal and rank titles (Mr, Mrs, Dr, PC, DS…), longest first, without dots."""
    return tuple(sorted(read_word_list("titles.txt"), key=len, reverse=True))


@cache
def name_words() -> frozenset[str]:
    """Names that are also ordinary words ("will", "rose"): matched only when capitalised."""
    return frozenset(word.lower() for word in read_word_list("name_words.txt"))


_INITIALS = re.compile(r"^(?:[A-Z]\.?\s?){2,3}$")


@dataclass(frozen=True)
class NameParts:
    """A name split into title, given names and surname."""

    title: str | None
    given: tuple[str, ...]
    surname: str | None

    @property
    def first(self) -> str | None:
        return self.given[0] if self.given else None


def split_name(name: str) -> NameParts:
    """Split "Mrs Sarah Jane Jenkins" into title, given names and surname."""
    words = name.split()
    title = None
    known = {t.lower() for t in titles()}
    ranks = rank_words()
    lead = 0  # "Police Constable", "Detective Chief Inspector": rank words before a title
    while lead < min(len(words) - 1, 3) and words[lead].lower() in ranks \
            and words[lead][:1].isupper():
        lead += 1
    if lead and words[lead].rstrip(".").lower() in known:
        title = " ".join([*words[:lead], words[lead].rstrip(".")])
        words = [w for w in words[lead + 1:] if not any(c.isdigit() for c in w)]
    elif words and words[0].rstrip(".").lower() in known:
        title = words[0].rstrip(".")
        words = [w for w in words[1:] if not any(c.isdigit() for c in w)]  # "PC 4471 Rachel"
    if not words:
        return NameParts(title, (), None)
    if len(words) == 1:
        # "Mrs Jenkins" is a surname; a lone "Sally" is a given name.
        return NameParts(title, (), words[0]) if title else NameParts(None, (words[0],), None)
    return NameParts(title, tuple(words[:-1]), words[-1])


@cache
def rank_words() -> frozenset[str]:
    """Words of a police or service rank before its title ("Police", "Chief", "Detective")."""
    return frozenset(w.lower() for w in read_word_list("person_names/rank_words.txt"))


def is_initials(text: str) -> bool:
    """True for "S.J.", "S J", "SJ" (two or three capitals, optional dots/spaces)."""
    return bool(_INITIALS.match(text.strip()))


def initials_of(parts: NameParts) -> str:
    letters = [word[0] for word in (*parts.given[:1], parts.surname) if word]
    return "".join(letter.upper() + "." for letter in letters)


BARE_INITIALS_WORD_ZIPF = 4.0  # wordfreq: "AM", "IT", "WE" are words, not initials


@cache
def _not_bare_initials() -> frozenset[str]:
    """Letter runs drafts use for other things: abbreviations and acronyms
    (`person_names/not_initials.txt`: "GP", "DS", "PC") and post-nominals ("QC")."""
    return frozenset(w.replace(".", "").upper() for name in (
        "person_names/not_initials.txt", "person_names/postnominals.txt")
        for w in read_word_list(name))


def bare_initials_allowed(run: str) -> bool:
    """Whether a person's initials run together ("LP") may stand for them: two or three
    capitals that are no listed acronym and no common word."""
    from wordfreq import zipf_frequency

    return run.isalpha() and run.isupper() and 2 <= len(run) <= 3 \
        and run not in _not_bare_initials() \
        and zipf_frequency(run.lower(), "en") < BARE_INITIALS_WORD_ZIPF


@dataclass(frozen=True)
class Variant:
    """One way a person's name is written, and the form it is in."""

    text: str
    form: str  # full | first | last | plural | title_last | title_full | initials | alias
    explicit: bool = False  # the name or an alias as the case file writes it (not derived)


@cache
def _title_genders() -> dict[str, str]:
    path = pattern_file("pseudonyms/roles.yaml")
    table = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("title_gender")
    if not isinstance(table, dict):
        raise ValueError("patterns/pseudonyms/roles.yaml needs a 'title_gender' mapping")
    return {title.lower(): str(gender) for gender, names in table.items() for title in names}


@cache
def sexed_title_before() -> re.Pattern[str]:
    """A title that gives its bearer's sex (`title_gender` in patterns/pseudonyms/roles.yaml:
    "Master", "Miss", "Mr" ...) ending just before a name."""
    titles = sorted((t.capitalize() for t in _title_genders()), key=len, reverse=True)
    return re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, titles))})\.?\s+$")


def gender_of_title(title: str | None) -> str:
    """"female" for Mrs/Ms/Miss, "male" for Mr, "unknown" otherwise (Dr, PC…)."""
    return _title_genders().get(title.rstrip(".").lower(), "unknown") if title else "unknown"


CHILD_TITLES = frozenset({"miss", "master"})


def name_variants(
    name: str, aliases: tuple[str, ...] | list[str] = (), gender: str = "unknown", *,
    child: bool = False,
) -> list[Variant]:
    """Every written form of `name` and its aliases, longest first, without duplicates.

    With a known `gender`, derived title forms of the other gender are left out ("Mr
    Jenkins" is not Sarah Jenkins); for a `child`, an adult's ("Mrs O'Neill" is the mother,
    not Seren O'Neill, 12). Titles written in the name or an alias always count.
    """
    found: dict[str, Variant] = {}
    written = {text.strip().lower() for text in (name, *aliases)}

    def add(text: str | None, form: str) -> None:
        if text and len(text.strip(". ")) >= 2 and text.lower() not in found:
            found[text.lower()] = Variant(text, form, explicit=text.lower() in written)

    for source in (name, *aliases):
        source = source.strip()
        if is_letter_label(source):  # a name written as a label ("Child A"): only whole
            add(source, "full")
            continue
        if is_initials(source):
            letters = [c for c in source if c.isalpha()]
            add(".".join(letters) + ".", "initials")
            add(".".join(letters), "initials")
            add(" ".join(letters), "initials")
            add("".join(letters), "initials")
            continue
        parts = split_name(source)
        if parts.title and parts.surname:
            add(source, "title_full" if parts.given else "title_last")
        if parts.given and parts.surname:
            add(" ".join((*parts.given, parts.surname)), "full")
            add(f"{parts.given[0]} {parts.surname}", "full")
            for piece in parts.surname.split("-") if "-" in parts.surname else ():
                if len(piece) >= 3:  # "Joanne Fothergill" of Joanne Fothergill-Brown
                    add(f"{parts.given[0]} {piece}", "full")
            add(parts.surname, "last")
            if len(parts.surname) >= 3 and parts.surname.isalpha():  # not "Child A"
                add(plural(parts.surname), "plural")  # "the Tremaynes": the family
            add(parts.given[0], "first")
            if len(parts.given[0]) > 1 and parts.given[0].isalpha():
                add(f"{parts.given[0][0]}. {parts.surname}", "full")  # "S. Barrow"
            for title in titles():
                if gender in ("female", "male") and gender_of_title(title) not in (
                    "unknown", gender
                ) or child and title.rstrip(".").lower() not in CHILD_TITLES:
                    continue
                add(f"{title} {parts.surname}", "title_last")
                add(f"{title}. {parts.surname}", "title_last")
            if source is name:  # "Joanne (Jo) Whitworth", "Joanne 'Jo' Whitworth": one name
                for alias in (a.strip() for a in aliases if len(a.split()) == 1):
                    add(f"{alias} {parts.surname}", "full")  # "Seun Adeyemi": one mention
                    for quoted in (f"({alias})", f"'{alias}'", f'"{alias}"', f"\u2018{alias}\u2019",
                                   f"\u201c{alias}\u201d"):
                        add(f"{parts.given[0]} {quoted} {parts.surname}", "full")
            letters = [parts.given[0][0], parts.surname[0]]
            if source is name:
                add(".".join(letters) + ".", "initials")
                add(" ".join(letters), "initials")
                for run in {"".join(letters), "".join(w[0] for w in (*parts.given,
                                                                        parts.surname))}:
                    if bare_initials_allowed(run):
                        add(run, "initials")  # "LP", "LJP": drafts write people so
        elif parts.surname:
            add(parts.surname, "last")
        elif parts.given:
            add(parts.given[0], "first" if source is name else "alias")
    return sorted(found.values(), key=lambda v: len(v.text), reverse=True)


_POSSESSIVE = re.compile(r"['\u2019][sS]?$")
# a word no name has: lower case and not a particle ("the", "mother"), or a possessive
# before another word ("Hazel's mother")
_DESCRIPTION_WORD = re.compile(r"(?:^|\s)([a-z][\w-]*)(?=\s|$)|['\u2019]s\s+\w")
_LABEL = re.compile(r"^\[.*\]$|\s(?:\d+|[A-Z]\d{0,2}|\d+[A-Z])$")


def is_letter_label(text: str) -> bool:
    """True for a letter or number label ("Child A", "Victim 1", "[Person 3]", "Mr X")."""
    return bool(_LABEL.search(text.strip()))


def is_label(pseudonym: str) -> bool:
    """True for label pseudonyms ("Child 1", "GP 2", "[Person 3]", "Child A", "Mr X") and
    descriptions ("the investigating officer", "Hazel's mother"): always used whole, in every
    form of the person's name (never "Mrs mother" or "DS officer")."""
    text = pseudonym.strip()
    return bool(_LABEL.search(text)) or any(
        not match.group(1) or match.group(1) not in name_particles()
        for match in _DESCRIPTION_WORD.finditer(text))


@cache
def name_particles() -> frozenset[str]:
    """Lower-case words inside names ("de", "van", "ap": `patterns/person_names/particles.txt`)."""
    return frozenset(w.lower() for w in read_word_list("person_names/particles.txt"))


def split_possessive(text: str) -> tuple[str, str]:
    """("Sarah", "'s") for "Sarah's"; ("James", "'") for "James'"; (text, "") otherwise."""
    match = _POSSESSIVE.search(text)
    if match and match.start() > 0:
        return text[: match.start()], match.group(0)
    return text, ""


def name_parts_lower(text: str) -> set[str]:
    """The lower-case words of a name without titles, dots or possessives ("Sarah", "jenkins")."""
    bare = split_possessive(text.strip())[0]
    if is_initials(bare):
        return set()
    parts = split_name(bare)
    words = [*parts.given, parts.surname or ""]
    pieces = (piece.strip(".").lower() for word in words for piece in word.split("-"))
    return {piece for piece in pieces if len(piece) > 1}


def match_case(replacement: str, original: str) -> str:
    """Give `replacement` the casing style of `original` (ALL CAPS stays all caps)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    return replacement


def render_pseudonym(pseudonym: str, form: str, original: str) -> str:
    """The pseudonym in the form of the mention it replaces.

    With "Anna Price": full -> "Anna Price", first/alias -> "Anna", last -> "Price",
    plural "the Jenkinses" -> "the Prices",
    title_last "Mrs Jenkins" -> "Mrs Price" (the title kept as written), initials -> "A.P.".
    A one-word pseudonym or a label ("Child 1", "GP 2") replaces every form whole
    ("Mrs Jenkins" -> "Anna", "PC Smith" -> "Police Officer 1"). A possessive ending stays
    ("Sarah's" -> "Anna's"); ALL CAPS stays all caps.
    """
    original, ending = split_possessive(original)
    words = pseudonym.split()
    if is_label(pseudonym):
        rendered = pseudonym
    elif form == "plural":
        rendered = plural(words[-1])
    elif len(words) < 2:
        rendered = pseudonym
    elif form in ("first", "alias"):
        rendered = words[0]
    elif form == "last":
        rendered = words[-1]
    elif form in ("title_last", "title_full"):
        title = original.split()[0] if split_name(original).title else None
        if title is None:
            rendered = words[-1] if form == "title_last" else pseudonym
        else:
            rendered = f"{title} {words[-1] if form == 'title_last' else pseudonym}"
    elif form == "initials":
        dotted = "." in original
        spaced = " " in original.strip()
        letters = [w[0].upper() for w in (words[0], words[-1])]
        rendered = (
            "".join(f"{c}." for c in letters) if dotted
            else " ".join(letters) if spaced
            else "".join(letters)
        )
        return rendered + _possessive_for(rendered, ending)
    else:
        rendered = pseudonym
    if form != "initials":
        rendered = match_case(rendered, original)
    return rendered + _possessive_for(rendered, ending)


def plural(surname: str) -> str:
    """A family by its surname: "Tremayne" -> "Tremaynes", "Jones" -> "Joneses"."""
    return surname + ("es" if re.search(r"(?:s|x|z|ch|sh)$", surname, re.IGNORECASE) else "s")


def _possessive_for(rendered: str, ending: str) -> str:
    """The original's possessive, fitted to the new word: "James'" -> "Anna's", not "Anna'"."""
    if len(ending) == 1 and not rendered.lower().endswith("s"):
        return ending + ("S" if rendered.isupper() and len(rendered) > 1 else "s")
    return ending
