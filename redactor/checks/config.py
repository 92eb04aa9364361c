"""The check's data, `patterns/check.yaml`: finding codes and messages, template sections,
data-collection-form labels. A malformed file stops the run (a check that silently skips
a rule would pass a leaking report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import yaml

from redactor.model import Finding
from redactor.paths import pattern_file

CONFIG_FILE = "check.yaml"
Severity = Literal["error", "warning"]


class CheckConfigError(ValueError):
    """`patterns/check.yaml` is missing a key or holds a bad value."""


@dataclass(frozen=True)
class Code:
    """One finding code: how serious it is and its message template."""

    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class TitleItem:
    """Something the template's title page must show."""

    id: str
    expected: str
    patterns: tuple[re.Pattern[str], ...]
    from_case: str | None = None


@dataclass(frozen=True)
class Section:
    """A section the template asks for, found by its heading (or anywhere)."""

    id: str
    section: str
    patterns: tuple[re.Pattern[str], ...]
    anywhere: bool = False
    min_listed: int = 0  # lines of content (a list, a table) the section must hold


@dataclass(frozen=True)
class FormRules:
    """How to recognise the Home Office data collection form."""

    fields: dict[str, re.Pattern[str]]  # field -> anchored label pattern (role words removed)
    role_words: re.Pattern[str]
    incident_fields: frozenset[str]
    min_fields: int
    min_incident_fields: int
    window: int
    label_max_chars: int


@dataclass(frozen=True)
class CheckConfig:
    """Everything `patterns/check.yaml` holds, validated and compiled."""

    codes: dict[str, Code]
    docx_parts: tuple[tuple[re.Pattern[str], str], ...]
    personal_properties: frozenset[str]
    not_a_person: frozenset[str]
    pii_labels: dict[str, str]
    warn_labels: frozenset[str]
    ignore_labels: frozenset[str]
    pii_warn_below: float
    title_page: tuple[TitleItem, ...]
    title_page_units: int
    sections: tuple[Section, ...]
    heading_max_chars: int
    form: FormRules
    organisation_words: frozenset[str] = frozenset()  # a property value with one: no person
    certain_titles: frozenset[str] = frozenset()  # "Mr Jones": surely a person's name
    professional_titles: frozenset[str] = frozenset()  # "Dr Jones": often a named panel member
    ordinary_words: frozenset[str] = frozenset()  # case-file names that are also words
    confidential_files: tuple[tuple[re.Pattern[str], str], ...] = ()  # never in a publish folder
    service_identifiers: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = field(
        default_factory=dict)  # label -> (pattern, why): a service's number, not a person's
    document_date_before: re.Pattern[str] | None = None  # "Report completed:": its own date

    def finding(self, code: str, file: str, location: str, **values: Any) -> Finding:
        """A `Finding` with the code's severity and its message filled in."""
        entry = self.codes[code]
        return Finding(file=file, location=location, code=code,
                       message=entry.message.format(**values).rstrip(), severity=entry.severity)

    def where(self, part: str) -> str:
        """A DOCX part's name in words ("in a footnote")."""
        for pattern, words in self.docx_parts:
            if pattern.search(part):
                return words
        return "in the file"


def _compile(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: {where}: a pattern must be a string")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: {where}: bad pattern {pattern!r} "
                               f"({error})") from None


def _require(data: dict[str, Any], key: str, kind: type, where: str = "top level") -> Any:
    if key not in data:
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: {where}: missing key {key!r}")
    if not isinstance(data[key], kind):
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: {where}: {key!r} must be a "
                               f"{kind.__name__}")
    return data[key]


def parse_config(data: Any) -> CheckConfig:
    """Validate and compile the loaded YAML."""
    if not isinstance(data, dict):
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: must be a mapping")
    codes = {}
    for code, entry in _require(data, "codes", dict).items():
        if not isinstance(entry, dict) or entry.get("severity") not in ("error", "warning") \
                or not isinstance(entry.get("message"), str):
            raise CheckConfigError(f"patterns/{CONFIG_FILE}: codes.{code}: needs severity "
                                   "(error|warning) and message")
        codes[code] = Code(code, entry["severity"], entry["message"])
    parts = tuple(
        (_compile(entry["part"], "docx_parts"), str(entry["where"]))
        for entry in _require(data, "docx_parts", list)
    )
    title_page = tuple(
        TitleItem(
            id=str(item["id"]), expected=str(item["expected"]),
            patterns=tuple(_compile(p, f"title_page.{item['id']}") for p in item["patterns"]),
            from_case=item.get("from_case"),
        )
        for item in _require(data, "title_page", list)
    )
    sections = tuple(
        Section(
            id=str(item["id"]), section=str(item["section"]),
            patterns=tuple(_compile(p, f"sections.{item['id']}") for p in item["patterns"]),
            anywhere=bool(item.get("anywhere", False)),
            min_listed=int(item.get("min_listed", 0)),
        )
        for item in _require(data, "sections", list)
    )
    form = _require(data, "form", dict)
    fields = {
        name: _compile(r"^(?:" + "|".join(alternatives) + r")(?:\b|$)",
                       f"form.fields.{name}")
        for name, alternatives in _require(form, "fields", dict, "form").items()
    }
    incident = frozenset(_require(form, "incident_fields", list, "form"))
    if not incident <= set(fields):
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: form.incident_fields must name fields")
    role_words = _compile(
        r"\b(?:" + "|".join(_require(form, "role_words", list, "form")) + r")(?:\s+|$)",
        "form.role_words",
    )
    return CheckConfig(
        codes=codes,
        docx_parts=parts,
        personal_properties=frozenset(_require(data, "personal_properties", list)),
        not_a_person=frozenset(v.lower() for v in _require(data, "not_a_person", list)),
        pii_labels={str(k): str(v) for k, v in _require(data, "pii_labels", dict).items()},
        warn_labels=frozenset(_require(data, "warn_labels", list)),
        ignore_labels=frozenset(_require(data, "ignore_labels", list)),
        pii_warn_below=float(_require(data, "pii_warn_below", float)),
        title_page=title_page,
        title_page_units=int(_require(data, "title_page_units", int)),
        sections=sections,
        heading_max_chars=int(_require(data, "heading_max_chars", int)),
        form=FormRules(
            fields=fields,
            role_words=role_words,
            incident_fields=incident,
            min_fields=int(_require(form, "min_fields", int, "form")),
            min_incident_fields=int(_require(form, "min_incident_fields", int, "form")),
            window=int(_require(form, "window", int, "form")),
            label_max_chars=int(_require(form, "label_max_chars", int, "form")),
        ),
        organisation_words=_lower_words(data, "organisation_words"),
        certain_titles=_lower_words(data, "certain_titles"),
        professional_titles=_lower_words(data, "professional_titles"),
        ordinary_words=_lower_words(data, "ordinary_words"),
        document_date_before=_compile(_require(data, "document_date_before", str),
                                      "document_date_before"),
        confidential_files=tuple(
            (_compile(pattern, f"confidential_files.{pattern}"), str(what))
            for pattern, what in (data.get("confidential_files") or {}).items()),
        service_identifiers={
            str(label): tuple((_compile(rule[0], f"service_identifiers.{label}"), str(rule[1]))
                              for rule in rules)
            for label, rules in (data.get("service_identifiers") or {}).items()},
    )


def names_no_one(value: str, config: CheckConfig) -> bool:
    """A document property value that names no person: a tool, a placeholder ("Author"), an
    organisation or a role ("Kingsmere Community Safety Partnership")."""
    words = set(re.findall(r"[a-z]+", value.lower()))
    return value.strip().lower() in config.not_a_person \
        or bool(words & config.organisation_words)


def _lower_words(data: dict[str, Any], key: str) -> frozenset[str]:
    """An optional list of words, lower-cased."""
    words = data.get(key) or []
    if not isinstance(words, list):
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: {key} must be a list")
    return frozenset(str(word).lower() for word in words)


@cache
def load_config() -> CheckConfig:
    """`patterns/check.yaml`, read once (it is immutable data)."""
    text = pattern_file(CONFIG_FILE).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CheckConfigError(f"patterns/{CONFIG_FILE}: invalid YAML ({error})") from None
    return parse_config(data)
