"""The case file: who is in the review, what stays, what goes, and decisions made so far.

It is YAML, written by a chair, so every problem is reported with the file and line. A
case file that cannot be read stops the run: silently falling back to defaults would leak.
Saving it (keeping the chair's comments) is in `redactor.case.save`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from redactor.case.forms import is_label, is_letter_label, split_name
from redactor.errors import CaseFileError
from redactor.paths import read_word_list

ROLES = ("victim", "perpetrator", "child", "family", "friend", "neighbour", "professional", "other")
GENDERS = ("female", "male", "unknown")
DATE_PRECISIONS = ("day", "month", "part-of-month", "year")

TOP_LEVEL_KEYS = {"area", "people", "keep", "redact", "dates", "decisions", "seed", "children",
                  "allow_common", "pseudonym_generator"}
PERSON_KEYS = {"id", "name", "aliases", "role", "gender", "age", "pseudonym", "title", "new", "job",
               "pseudonym_generated", "allow_common"}

# Limits: a case file is a few kilobytes; these stop a hostile one before it costs memory.
MAX_CASE_BYTES = 1_000_000  # REDACTOR_MAX_CASE_BYTES raises it
MAX_YAML_ALIASES = 20  # YAML aliases ("*name"): a "billion laughs" file needs thousands
# A one-word name, alias or redact term at least this common in English (wordfreq's Zipf
# scale: 5 is once per 100,000 words) is refused unless the chair insists (`allow_common`).
COMMON_ZIPF = 5.0
DATES_KEYS = {"precision", "dob_precision"}
# Pseudonym generation is versioned (`redactor.case.pseudonyms.GENERATORS`): a case file
# records the version its generated pseudonyms came from, so a later redactor makes the same
# ones. A file without the key was written before versions existed: version 1.
PSEUDONYM_GENERATORS = (1,)
CURRENT_PSEUDONYM_GENERATOR = 1  # for a new case (init-case, a run without a case file)
UNVERSIONED_PSEUDONYM_GENERATOR = 1  # for a case file without `pseudonym_generator`


@dataclass
class Person:
    """One person in the review. `id` is stable and never contains the real name."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    role: str = "other"
    gender: str = "unknown"
    age: int | None = None
    pseudonym: str | None = None
    title: str | None = None
    new: bool = False  # found by detection, not listed by the chair
    job: str | None = None  # a professional's role label, e.g. "GP", "Social Worker"
    pseudonym_generated: bool = False  # made by redactor, not chosen by the family
    allow_common: bool = False  # the chair insists on a name or alias that is a common word
    # what the chair should look at, written as "# check: …" comments by init-case
    checks: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def is_child(self) -> bool:
        return self.role == "child" or (self.age is not None and self.age < 18)

    def to_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        data["role"] = self.role
        data["gender"] = self.gender
        for key in ("age", "pseudonym", "title", "job"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.pseudonym_generated:
            data["pseudonym_generated"] = True
        if self.new:
            data["new"] = True
        if self.allow_common:
            data["allow_common"] = True
        return data


@dataclass
class Case:
    """A parsed case file (or an empty one when none is given)."""

    area: str | None = None
    people: list[Person] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    redact: list[str] = field(default_factory=list)
    date_precision: str = "month"
    dob_precision: str = "year"
    decisions: list[dict[str, Any]] = field(default_factory=list)
    seed: str | None = None
    child_labels: bool = False
    allow_common: list[str] = field(default_factory=list)  # redact terms the chair insists on
    pseudonym_generator: int = CURRENT_PSEUDONYM_GENERATOR
    # keep term -> why it was proposed, written as "# check: …" comments by init-case
    keep_checks: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    path: Path | None = None
    sha256: str | None = None

    def person(self, person_id: str) -> Person:
        for person in self.people:
            if person.id == person_id:
                return person
        raise KeyError(person_id)

    def next_person_id(self) -> str:
        used = {p.id for p in self.people}
        n = len(self.people) + 1
        while f"P{n}" in used:
            n += 1
        return f"P{n}"

    def to_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.area:
            data["area"] = self.area
        if self.seed:
            data["seed"] = self.seed
        data["people"] = [p.to_yaml() for p in self.people]
        data["keep"] = list(self.keep)
        data["redact"] = list(self.redact)
        data["dates"] = {"precision": self.date_precision, "dob_precision": self.dob_precision}
        if self.child_labels:
            data["children"] = {"labels": True}
        if self.allow_common:
            data["allow_common"] = list(self.allow_common)
        if self.decisions:
            data["decisions"] = list(self.decisions)
        if any(person.pseudonym_generated for person in self.people):
            data["pseudonym_generator"] = self.pseudonym_generator
        return data


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping as `__line__`, of every key
    as `__keys__`, and of every list item (`_Lines.lines`); it refuses a file that uses more
    than `MAX_YAML_ALIASES` aliases (entity expansion, "billion laughs")."""

    aliases_seen = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark
                raise _TooManyAliases(mark.line + 1)
        return super().compose_node(parent, index)


class _TooManyAliases(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Lines(list):  # type: ignore[type-arg]
    """A YAML list that knows the line of each item."""

    lines: list[int]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__keys__"] = {key.value: key.start_mark.line + 1 for key, _ in node.value
                           if isinstance(key, yaml.ScalarNode)}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list[Any]:
    items = _Lines(loader.construct_sequence(node, deep=True))
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

_META_KEYS = ("__line__", "__keys__")


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in _META_KEYS}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _key_line(mapping: dict[str, Any], key: str) -> int | None:
    """The line of `key` in a loaded mapping, else the mapping's own line."""
    return mapping.get("__keys__", {}).get(key) or mapping.get("__line__")


# PyYAML's problems, said so a chair can fix the line.
_YAML_PROBLEMS = (
    ("expected <block end>", "this line is indented differently from the lines above it "
     "(line up the spaces at the start with its neighbours)"),
    ("mapping values are not allowed", "a ':' where YAML does not expect one (put a value "
     "containing ': ' in quotes, or check the indentation)"),
    ("could not find expected ':'", "a line without 'key: value' (a missing ':' or quote?)"),
    ("that cannot start any token", "a character YAML cannot start a value with (a tab? use "
     "spaces for indentation; put values starting with @, ` or % in quotes)"),
    ("found unexpected end of stream", "a quote or bracket opened and never closed"),
    ("but found '<stream end>'", "a quote or bracket opened and never closed"),
    ("found unknown escape character", "a backslash in double quotes (use single quotes)"),
    ("expected ',' or ']'", "a list in [ ] not closed, or a comma missing"),
    ("expected ',' or '}'", "a mapping in { } not closed, or a comma missing"),
    ("found undefined alias", "a '*' starts a value (put it in quotes)"),
    ("found duplicate anchor", "an '&' starts a value (put it in quotes)"),
)


def _plain_yaml_problem(problem: str | None) -> str:
    text = problem or "unreadable YAML"
    for needle, plain in _YAML_PROBLEMS:
        if needle in text:
            return f"{plain} [YAML: {text}]"
    return f"invalid YAML ({text})"


def max_case_bytes() -> int:
    """The case-file size limit (`REDACTOR_MAX_CASE_BYTES` raises it)."""
    value = os.environ.get("REDACTOR_MAX_CASE_BYTES", "")
    return int(value) if value.isdigit() else MAX_CASE_BYTES


def load_case(path: Path | str | None) -> Case:
    """Read and validate a case file; `None` gives an empty case."""
    if path is None:
        return Case()
    path = Path(path)
    raw_bytes = read_limited(path)
    try:
        text = raw_bytes.decode("utf-8")
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except UnicodeDecodeError:
        raise CaseFileError(path, "case file is not UTF-8 text") from None
    except _TooManyAliases as error:
        raise CaseFileError(path, f"line {error.line}: more than {MAX_YAML_ALIASES} YAML "
                            "aliases ('*name'); a case file needs none: write each value "
                            "out") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise CaseFileError(path, f"{where}{_plain_yaml_problem(error.problem)}") from None
    except yaml.YAMLError as error:
        raise CaseFileError(path, f"invalid YAML ({error})") from None
    case = parse_case(data, path)
    case.sha256 = hashlib.sha256(raw_bytes).hexdigest()
    return case


def read_limited(path: Path) -> bytes:
    """The case file's bytes: a regular file no larger than `max_case_bytes()`."""
    limit = max_case_bytes()
    try:
        if path.is_dir():
            raise IsADirectoryError
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or not end
            raise CaseFileError(path, "the case file is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise CaseFileError(path, "case file not found") from None
    except IsADirectoryError:
        raise CaseFileError(path, "the case file is a folder, not a file") from None
    except OSError as error:
        raise CaseFileError(path, f"cannot read case file ({error.strerror})") from None
    if len(data) > limit:
        raise CaseFileError(path, f"the case file is larger than {limit:,} bytes; a case file "
                            "is a few kilobytes (set REDACTOR_MAX_CASE_BYTES to raise the "
                            "limit)")
    return data


def parse_case(data: Any, path: Path | None = None) -> Case:
    """Validate loaded YAML (mappings may carry `__line__`, `__keys__`) into a `Case`."""
    where = path or "case file"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CaseFileError(where, "line 1: the case file must be a mapping (key: value)")

    def fail(line: int | None, message: str) -> CaseFileError:
        return CaseFileError(where, f"line {line}: {message}" if line else message)

    top_line = data.get("__line__", 1)
    unknown = sorted(set(data) - TOP_LEVEL_KEYS - set(_META_KEYS))
    if unknown:
        raise fail(_key_line(data, unknown[0]), f"unknown key {unknown[0]!r}"
                   f"{_did_you_mean(unknown[0], TOP_LEVEL_KEYS)} (expected one of "
                   f"{', '.join(sorted(TOP_LEVEL_KEYS))})")

    def string_list(key: str) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise fail(_key_line(data, key), f"{key!r} must be a list of strings")
        return [str(v).strip() for v in value if str(v).strip()]

    case = Case(path=path)
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise fail(_key_line(data, "area"),
                   "'area' must be a string (the Community Safety Partnership)")
    case.area = area
    case.keep = string_list("keep")
    case.redact = string_list("redact")
    case.allow_common = string_list("allow_common")
    insisted = {term.lower() for term in case.allow_common}
    redact_lines = getattr(data.get("redact"), "lines", [])
    for index, term in enumerate(case.redact):
        problem = term_problem(term)
        if problem and term.lower() not in insisted:
            line = redact_lines[index] if index < len(redact_lines) else _key_line(data, "redact")
            raise fail(line, f"redact term {term!r} {problem}; it would be removed everywhere "
                       "it appears. Remove it, or insist by adding it under a top-level "
                       f"'allow_common: [{term}]'")
    seed = data.get("seed")
    case.seed = str(seed) if seed is not None else None
    generator = data.get("pseudonym_generator", UNVERSIONED_PSEUDONYM_GENERATOR)
    if isinstance(generator, bool) or generator not in PSEUDONYM_GENERATORS:
        raise fail(_key_line(data, "pseudonym_generator"),
                   f"'pseudonym_generator' is {generator!r}; this redactor makes pseudonyms "
                   f"by version {', '.join(map(str, PSEUDONYM_GENERATORS))} (a newer redactor "
                   "wrote this file? use that version)")
    case.pseudonym_generator = generator

    dates = data.get("dates") or {}
    if not isinstance(dates, dict):
        raise fail(_key_line(data, "dates"), "'dates' must be a mapping, e.g. {precision: month}")
    bad = sorted(set(dates) - DATES_KEYS - set(_META_KEYS))
    if bad:
        raise fail(_key_line(dates, bad[0]), f"unknown key {bad[0]!r} under 'dates' "
                   f"(expected {', '.join(sorted(DATES_KEYS))})")
    for key, attr in (("precision", "date_precision"), ("dob_precision", "dob_precision")):
        if key in dates:
            if dates[key] not in DATE_PRECISIONS:
                raise fail(_key_line(dates, key), f"dates.{key} must be one of "
                           f"{', '.join(DATE_PRECISIONS)}, not {dates[key]!r}")
            setattr(case, attr, dates[key])

    children = data.get("children") or {}
    if not isinstance(children, dict):
        raise fail(_key_line(data, "children"),
                   "'children' must be a mapping, e.g. {labels: true}")
    case.child_labels = bool(children.get("labels", False))

    decisions = data.get("decisions") or []
    if not isinstance(decisions, list) or not all(isinstance(d, dict) for d in decisions):
        raise fail(_key_line(data, "decisions"), "'decisions' must be a list of mappings")
    case.decisions = [_strip_lines(d) for d in decisions]

    people = data.get("people") or []
    if not isinstance(people, list):
        raise fail(_key_line(data, "people"), "'people' must be a list")
    seen_ids: set[str] = set()
    people_lines = getattr(people, "lines", [])
    for index, entry in enumerate(people, start=1):
        line = people_lines[index - 1] if index <= len(people_lines) else top_line
        case.people.append(_parse_person(entry, index, line, seen_ids, fail))
    problem = _pseudonym_problem(case.people)
    if problem is not None:
        index, message = problem
        raise fail(people_lines[index] if index < len(people_lines) else top_line, message)
    return case


def _pseudonym_problem(people: list[Person]) -> tuple[int, str] | None:
    """The first pseudonym that would publish or confuse a real name, as (person index,
    message): one given to two people ("Amy was killed by Amy"), or one holding another
    listed person's real first name or surname, or the person's own surname (a first name
    the family chose to keep stays allowed)."""
    def words(text: str) -> set[str]:
        parts = split_name(text)
        return {w.lower() for w in (*parts.given, parts.surname or "") if len(w) > 1}

    owners: dict[str, str] = {}
    for index, person in enumerate(people):
        if not person.pseudonym:
            continue
        key = " ".join(person.pseudonym.lower().split())
        if key in owners:
            return index, (f"pseudonym {person.pseudonym!r} is given to both {owners[key]!r} "
                           f"and {person.name!r}; each person needs their own")
        owners[key] = person.name
        if is_label(person.pseudonym):
            continue
        chosen = words(person.pseudonym)
        own = split_name(person.name)
        if own.given and own.surname and own.surname.lower() in chosen:
            return index, (f"pseudonym {person.pseudonym!r} of {person.name!r} holds their "
                           f"real surname {own.surname!r}; choose another")
        for other in people:
            if other is person or other.new:
                continue
            shared = chosen & (words(other.name) | {w for a in other.aliases for w in words(a)})
            if shared:
                return index, (f"pseudonym {person.pseudonym!r} of {person.name!r} holds "
                               f"{sorted(shared)[0]!r}, a real name of {other.name!r}; the "
                               "report would name them; choose another")
    return None


def _did_you_mean(word: str, choices: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _parse_person(entry: Any, index: int, entry_line: int, seen_ids: set[str],
                  fail: Any) -> Person:
    if not isinstance(entry, dict):
        raise fail(entry_line, f"people entry {index} must be a mapping with at least a name")
    line = entry.get("__line__")

    def at(key: str) -> int | None:
        return _key_line(entry, key)

    unknown = sorted(set(entry) - PERSON_KEYS - set(_META_KEYS))
    if unknown:
        raise fail(at(unknown[0]), f"unknown key {unknown[0]!r} for a person"
                   f"{_did_you_mean(unknown[0], PERSON_KEYS)} (expected one of "
                   f"{', '.join(sorted(PERSON_KEYS))})")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail(at("name") or line, "every person needs a 'name'")
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise fail(at("aliases"), "'aliases' must be a list of strings")
    role = str(entry.get("role", "other")).lower()
    if role not in ROLES:
        raise fail(at("role"), f"role must be one of {', '.join(ROLES)}, not {role!r}")
    gender = str(entry.get("gender", "unknown")).lower()
    if gender not in GENDERS:
        raise fail(at("gender"), f"gender must be one of {', '.join(GENDERS)}, not {gender!r}")
    age = entry.get("age")
    if age is not None and (not isinstance(age, int) or isinstance(age, bool) or age < 0):
        raise fail(at("age"), f"age must be a whole number of years, not {age!r}")
    pseudonym = entry.get("pseudonym")
    if pseudonym is not None and (not isinstance(pseudonym, str) or not pseudonym.strip()):
        raise fail(at("pseudonym"), "pseudonym must be a non-empty string")
    person_id = str(entry.get("id") or f"P{index}")
    if person_id in seen_ids:
        raise fail(at("id"), f"duplicate person id {person_id!r}")
    seen_ids.add(person_id)
    title = entry.get("title")
    job = entry.get("job")
    if job is not None and (not isinstance(job, str) or not job.strip()):
        raise fail(at("job"), "job must be a role label such as 'GP' or 'Social Worker'")
    allow_common = entry.get("allow_common", False)
    if not isinstance(allow_common, bool):
        raise fail(at("allow_common"), "allow_common must be true or false")
    if not allow_common:
        alias_lines = getattr(entry.get("aliases"), "lines", [])
        for key, term, term_line in (
            ("name", name.strip(), at("name")),
            *(("alias", a.strip(), alias_lines[i] if i < len(alias_lines) else at("aliases"))
              for i, a in enumerate(aliases)),
        ):
            problem = term_problem(term)
            if problem:
                raise fail(term_line, f"{key} {term!r} of {name.strip()!r} {problem}; it would "
                           "be replaced everywhere it appears. Remove it, or insist by adding "
                           "'allow_common: true' to this person")
    return Person(
        id=person_id,
        name=name.strip(),
        aliases=[a.strip() for a in aliases if a.strip()],
        role=role,
        gender=gender,
        age=age,
        pseudonym=pseudonym.strip() if pseudonym else None,
        title=str(title) if title else None,
        new=bool(entry.get("new", False)),
        job=job.strip() if job else None,
        pseudonym_generated=bool(entry.get("pseudonym_generated", False)),
        allow_common=allow_common,
    )


# --- sanity of names and terms ----------------------------------------------------------


@cache
def _known_names() -> frozenset[str]:
    """Lower-case given names and surnames the project lists: a name, even when a word."""
    names: set[str] = set()
    for listed in ("person_names/given_names.txt", "person_names/given_names_words.txt",
                   "name_words.txt", "pseudonyms/female.txt", "pseudonyms/male.txt",
                   "pseudonyms/neutral.txt", "pseudonyms/surnames.txt"):
        names |= {word.lower() for word in read_word_list(listed)}
    return frozenset(names)


@cache
def _always_common() -> frozenset[str]:
    """Kinship and role words ("mum", "son"): never a name on their own."""
    return frozenset(word.lower() for word in read_word_list("person_names/kinship.txt"))


_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def term_problem(term: str) -> str | None:
    """Why a name, alias or `redact` term is unsafe to replace everywhere, or `None`.

    Refused: a single letter, fewer than three characters, or (every word being) a common
    English word that is not a known name ("and", "her", "school")."""
    compact = "".join(term.split())
    letters = [c for c in compact if c.isalpha()]
    if len(letters) <= 1:
        return "is a single letter" if letters else "has no letters"
    if is_letter_label(term):
        return None  # "Child A", "Adult L", "Victim 1": a label, matched whole
    if len(compact) < 3:  # initials ("WX") are matched as written, unless also a word
        if not (compact.isalpha() and compact.isupper()):
            return "is shorter than three characters"
        if _is_common(compact.lower()):
            return "is a common English word"  # "IT", "US"
    words = [word for word in _WORD.findall(term) if len(word) > 1]  # not initials ("S.J.")
    if words and all(_is_common(word) for word in words):
        return ("is a common English word" if len(words) == 1
                else "is made only of common English words")
    return None


def _is_common(word: str) -> bool:
    lowered = word.lower()
    if lowered in _always_common():
        return True
    if len(word) > 1 and word.isupper() and lowered not in _known_names():
        return False  # an acronym ("NHS") is matched as written
    if lowered in _known_names():
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(lowered, "en") >= COMMON_ZIPF
