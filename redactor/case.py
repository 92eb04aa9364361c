"""The case file: who is in the review, what stays, what goes, and decisions made so far.

It is YAML, written by a chair, so every problem is reported with the file and line. A
case file that cannot be read stops the run: silently falling back to defaults would leak.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from redactor.atomic import atomic_write_bytes
from redactor.errors import CaseFileError

ROLES = ("victim", "perpetrator", "child", "family", "friend", "neighbour", "professional", "other")
GENDERS = ("female", "male", "unknown")
DATE_PRECISIONS = ("day", "month", "part-of-month", "year")

TOP_LEVEL_KEYS = {"area", "people", "keep", "redact", "dates", "decisions", "seed", "children"}
PERSON_KEYS = {"id", "name", "aliases", "role", "gender", "age", "pseudonym", "title", "new", "job",
               "pseudonym_generated"}
DATES_KEYS = {"precision", "dob_precision"}


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
        if self.decisions:
            data["decisions"] = list(self.decisions)
        return data


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping as `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def load_case(path: Path | str | None) -> Case:
    """Read and validate a case file; `None` gives an empty case."""
    if path is None:
        return Case()
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        raise CaseFileError(path, "case file not found") from None
    except OSError as error:
        raise CaseFileError(path, f"cannot read case file ({error.strerror})") from None
    try:
        text = raw_bytes.decode("utf-8")
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except UnicodeDecodeError:
        raise CaseFileError(path, "case file is not UTF-8 text") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise CaseFileError(path, f"{where}invalid YAML ({error.problem})") from None
    except yaml.YAMLError as error:
        raise CaseFileError(path, f"invalid YAML ({error})") from None
    case = parse_case(data, path)
    case.sha256 = hashlib.sha256(raw_bytes).hexdigest()
    return case


def parse_case(data: Any, path: Path | None = None) -> Case:
    """Validate loaded YAML (mappings may carry `__line__`) into a `Case`."""
    where = path or "case file"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CaseFileError(where, "line 1: the case file must be a mapping (key: value)")

    def fail(line: int | None, message: str) -> CaseFileError:
        return CaseFileError(where, f"line {line}: {message}" if line else message)

    top_line = data.get("__line__", 1)
    unknown = sorted(set(data) - TOP_LEVEL_KEYS - {"__line__"})
    if unknown:
        raise fail(top_line, f"unknown key {unknown[0]!r} (expected one of "
                   f"{', '.join(sorted(TOP_LEVEL_KEYS))})")

    def string_list(key: str) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise fail(top_line, f"{key!r} must be a list of strings")
        return [str(v).strip() for v in value if str(v).strip()]

    case = Case(path=path)
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise fail(top_line, "'area' must be a string (the Community Safety Partnership)")
    case.area = area
    case.keep = string_list("keep")
    case.redact = string_list("redact")
    seed = data.get("seed")
    case.seed = str(seed) if seed is not None else None

    dates = data.get("dates") or {}
    if not isinstance(dates, dict):
        raise fail(top_line, "'dates' must be a mapping, e.g. {precision: month}")
    bad = sorted(set(dates) - DATES_KEYS - {"__line__"})
    if bad:
        raise fail(dates.get("__line__"), f"unknown key {bad[0]!r} under 'dates'")
    for key, attr in (("precision", "date_precision"), ("dob_precision", "dob_precision")):
        if key in dates:
            if dates[key] not in DATE_PRECISIONS:
                raise fail(dates.get("__line__"), f"dates.{key} must be one of "
                           f"{', '.join(DATE_PRECISIONS)}, not {dates[key]!r}")
            setattr(case, attr, dates[key])

    children = data.get("children") or {}
    if not isinstance(children, dict):
        raise fail(top_line, "'children' must be a mapping, e.g. {labels: true}")
    case.child_labels = bool(children.get("labels", False))

    decisions = data.get("decisions") or []
    if not isinstance(decisions, list) or not all(isinstance(d, dict) for d in decisions):
        raise fail(top_line, "'decisions' must be a list of mappings")
    case.decisions = [_strip_lines(d) for d in decisions]

    people = data.get("people") or []
    if not isinstance(people, list):
        raise fail(top_line, "'people' must be a list")
    seen_ids: set[str] = set()
    for index, entry in enumerate(people, start=1):
        case.people.append(_parse_person(entry, index, seen_ids, fail))
    return case


def _parse_person(entry: Any, index: int, seen_ids: set[str], fail: Any) -> Person:
    if not isinstance(entry, dict):
        raise fail(None, f"people entry {index} must be a mapping with at least a name")
    line = entry.get("__line__")
    unknown = sorted(set(entry) - PERSON_KEYS - {"__line__"})
    if unknown:
        raise fail(line, f"unknown key {unknown[0]!r} for a person (expected one of "
                   f"{', '.join(sorted(PERSON_KEYS))})")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail(line, "every person needs a 'name'")
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise fail(line, "'aliases' must be a list of strings")
    role = str(entry.get("role", "other")).lower()
    if role not in ROLES:
        raise fail(line, f"role must be one of {', '.join(ROLES)}, not {role!r}")
    gender = str(entry.get("gender", "unknown")).lower()
    if gender not in GENDERS:
        raise fail(line, f"gender must be one of {', '.join(GENDERS)}, not {gender!r}")
    age = entry.get("age")
    if age is not None and (not isinstance(age, int) or isinstance(age, bool) or age < 0):
        raise fail(line, f"age must be a whole number of years, not {age!r}")
    pseudonym = entry.get("pseudonym")
    if pseudonym is not None and (not isinstance(pseudonym, str) or not pseudonym.strip()):
        raise fail(line, "pseudonym must be a non-empty string")
    person_id = str(entry.get("id") or f"P{index}")
    if person_id in seen_ids:
        raise fail(line, f"duplicate person id {person_id!r}")
    seen_ids.add(person_id)
    title = entry.get("title")
    job = entry.get("job")
    if job is not None and (not isinstance(job, str) or not job.strip()):
        raise fail(line, "job must be a role label such as 'GP' or 'Social Worker'")
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
    )


def save_case(case: Case, path: Path | str) -> None:
    """Write the case file atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    text = "# redactor case file: holds real names. Keep it with the confidential papers.\n"
    text += yaml.safe_dump(case.to_yaml(), sort_keys=False, allow_unicode=True, width=100)
    atomic_write_bytes(path, text.encode("utf-8"), mode=0o600)
