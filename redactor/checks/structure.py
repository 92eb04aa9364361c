"""Checks on the shape of the file: hidden content (HIDDEN), the Home Office template
(TEMPLATE) and the data collection form that must not be published (FORM)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from redactor.case import Case
from redactor.case.forms import name_variants
from redactor.checks.config import CheckConfig, Section, TitleItem
from redactor.checks.inspection import Inspection, Unit
from redactor.model import Finding

TITLE_PAGE = "title-page"
WHOLE_DOCUMENT = "document"
_CELL_SEPARATOR = re.compile(r"\t|\|")
_LABEL_NOISE = " *#_>:.-\u2013\u2014\u2022"
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-z]\)|\(?[ivx]+\))\s+", re.IGNORECASE)


def hidden_content(inspection: Inspection, config: CheckConfig) -> list[Finding]:
    """HIDDEN: what the reader found that a reader of the published report cannot see."""
    return [config.finding(mark.code, str(inspection.path), mark.location, **mark.values)
            for mark in inspection.marks]


# --- The Home Office template --------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def _contains_phrase(text: str, phrase: str) -> bool:
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def _victim_pseudonyms(case: Case) -> list[str]:
    return [person.pseudonym for person in case.people
            if person.role == "victim" and person.pseudonym]


def _title_item_found(item: TitleItem, title_text: str, case: Case | None) -> bool:
    if case is not None and item.from_case == "area" and case.area:
        return _contains_phrase(_normalise(title_text), _normalise(case.area))
    if case is not None and item.from_case == "victim_pseudonym" and _victim_pseudonyms(case):
        forms = [*_victim_pseudonyms(case),  # as written: initials too ("WX")
                 *(v.text for p in _victim_pseudonyms(case) for v in name_variants(p)
                   if v.form in ("full", "first", "last", "alias"))]
        return any(_contains_phrase(title_text, form) for form in forms)
    return any(pattern.search(title_text) for pattern in item.patterns)


def template(inspection: Inspection, case: Case | None, config: CheckConfig) -> list[Finding]:
    """TEMPLATE: the title page and the sections the Home Office template asks for."""
    path = str(inspection.path)
    title_text = "\n".join(u.text for u in inspection.units if u.title_page and u.content)
    findings = [
        config.finding("TEMPLATE001", path, TITLE_PAGE, expected=item.expected)
        for item in config.title_page
        if not _title_item_found(item, title_text, case)
    ]
    body = [u for u in inspection.units if u.content]
    for section in config.sections:
        if not _section_found(section, body, config.heading_max_chars):
            findings.append(config.finding("TEMPLATE002", path, WHOLE_DOCUMENT,
                                           section=section.section))
    return findings


def _section_found(section: Section, body: list[Unit], heading_max_chars: int) -> bool:
    """A heading or short line (or, for `anywhere`, any line) matching the section, with at
    least `min_listed` lines after it before the next heading."""
    lines = [(line, unit.heading) for unit in body for line in unit.text.splitlines()
             if line.strip()]
    for index, (line, heading) in enumerate(lines):
        short = heading or len(line.strip()) <= heading_max_chars
        if not (section.anywhere or short) \
                or not any(pattern.search(line) for pattern in section.patterns):
            continue
        listed = 0
        for _, next_is_heading in lines[index + 1:]:
            if next_is_heading or listed >= section.min_listed:
                break
            listed += 1
        if listed >= section.min_listed:
            return True
    return False


# --- The data collection form --------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    """A short label-like piece of text (a table cell, the part of a line before a colon)."""

    unit: Unit
    offset: int
    field: str | None


def _labels(units: list[Unit], config: CheckConfig) -> list[_Label]:
    rules = config.form
    labels = []
    for unit in units:
        offset = 0
        for line in unit.text.split("\n"):
            for cell in _CELL_SEPARATOR.split(line):
                label = cell.split(":", 1)[0]
                label = _NUMBERING.sub("", _normalise(label).strip(_LABEL_NOISE))
                if not label or len(label) > rules.label_max_chars:
                    continue
                label = rules.role_words.sub("", label).strip(_LABEL_NOISE)
                field = next((name for name, pattern in rules.fields.items()
                              if pattern.match(label)), None)
                labels.append(_Label(unit, offset, field))
            offset += len(line) + 1
    return labels


def data_collection_form(inspection: Inspection, config: CheckConfig) -> list[Finding]:
    """FORM: enough of the form's field labels close together (a table or "Label:" lines)."""
    rules = config.form
    labels = _labels([u for u in inspection.units if u.content], config)
    findings = []
    index = 0
    while index < len(labels):
        window = labels[index:index + rules.window]
        fields = {label.field for label in window if label.field}
        if len(fields) >= rules.min_fields \
                and len(fields & rules.incident_fields) >= rules.min_incident_fields:
            first = next(label for label in window if label.field)
            findings.append(config.finding(
                "FORM001", str(inspection.path), first.unit.locate(first.offset),
                labels=", ".join(sorted(fields))))
            index += rules.window
        else:
            index += 1
    return findings
