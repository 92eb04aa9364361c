"""Checks on what the text says: known names (LEAK), unlisted identifiers (PII),
day-precise dates (DATE) and children's genders (CHILD)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from redactor.case import Case
from redactor.casematch import CASE_FILE_SOURCE, CaseMatcher, keep_terms
from redactor.checks.config import CheckConfig
from redactor.checks.inspection import Inspection, Unit
from redactor.dates import find_day_precise_dates
from redactor.detect import Detection
from redactor.model import Block, Document, Finding, join_blocks
from redactor.names import is_label, name_variants
from redactor.stages.gender import child_references

_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$")


def one_line(text: str) -> str:
    """`text` with every run of white space (a line break in a PDF) as one space."""
    return " ".join(text.split())


def protected_case(case: Case) -> Case:
    """`case` with every form of every pseudonym added to its keep terms: not leaks."""
    pseudonym_forms = [
        form
        for person in case.people
        if person.pseudonym and not _PLACEHOLDER.match(person.pseudonym)
        for form in ([person.pseudonym] if is_label(person.pseudonym)  # "GP 1" is used whole
                     else [variant.text for variant in name_variants(person.pseudonym)])
    ]
    return dataclasses.replace(case, keep=[*case.keep, *pseudonym_forms])


def known_by_either_name(case: Case) -> Case:
    """`case` with each pseudonym added to its person's aliases, so a finder that links
    mentions to people (ages, roles) works on a redacted file as on the draft."""
    people = [
        dataclasses.replace(person, aliases=[*person.aliases, person.pseudonym])
        if person.pseudonym and not _PLACEHOLDER.match(person.pseudonym) else person
        for person in case.people
    ]
    return dataclasses.replace(case, people=people)


def leaks(inspection: Inspection, case: Case, config: CheckConfig) -> list[Finding]:
    """LEAK: every case-file name, alias, variant and `redact` term, in every unit."""
    matcher = CaseMatcher(protected_case(case))
    if not matcher.may_find([unit.text for unit in inspection.units]):
        return []
    roles = {person.id: person.role for person in case.people}
    unconfirmed = {person.id for person in case.people if person.new}
    findings = []
    for unit in inspection.units:
        for entity in matcher.find(unit.location, unit.text):
            where = unit.where_at(entity.start, entity.end)
            location = unit.locate(entity.start)
            text = one_line(entity.text)
            if entity.label == "PERSON":
                # A name detection added (not the chair) is often a word: "Key Findings".
                unsure = entity.person_id in unconfirmed and text.islower()
                findings.append(config.finding(
                    "LEAK003" if unsure else "LEAK001", str(inspection.path), location,
                    text=text,
                    person=entity.person_id, role=roles.get(entity.person_id or "", "?"),
                    where=where))
            elif entity.label == "REDACT_TERM":
                findings.append(config.finding("LEAK002", str(inspection.path), location,
                                               text=text, where=where))
    return findings


def content_document(inspection: Inspection) -> tuple[Document, dict[str, Unit]]:
    """The units a person wrote, as a `Document` for detection; block id -> unit."""
    units = {f"u{index}": unit for index, unit in enumerate(inspection.units) if unit.content}
    blocks = [Block(id=block_id, text=unit.text, location=unit.location, page=unit.page)
              for block_id, unit in units.items()]
    document = Document(path=inspection.path, kind=inspection.kind, blocks=join_blocks(blocks))
    return document, units


def identifiers(inspection: Inspection, detection: Detection, units: dict[str, Unit],
                case: Case, config: CheckConfig) -> list[Finding]:
    """PII: what detection (re-run on the text) found that the case file does not explain."""
    allowed = {term.lower() for term in keep_terms(protected_case(case))}
    findings = []
    order = {block_id: index for index, block_id in enumerate(units)}
    for entity in sorted(detection.entities, key=lambda e: (order[e.block_id], e.start)):
        label = entity.label
        if entity.source == CASE_FILE_SOURCE or label in config.ignore_labels:
            continue
        text = one_line(entity.text)
        if text.lower().removesuffix("'s") in allowed or _PLACEHOLDER.match(text):
            continue
        unit = units[entity.block_id]
        values: dict[str, Any] = {
            "text": text, "source": entity.source,
            "label": config.pii_labels.get(label, label.replace("_", " ").lower()),
            "where": unit.where_at(entity.start, entity.end),
        }
        unsure = label == "PERSON" and entity.score < config.pii_warn_below
        if label in config.warn_labels or unsure:
            code = "PII003"
        else:
            code = "PII001" if label == "PERSON" else "PII002"
        findings.append(config.finding(code, str(inspection.path),
                                       unit.locate(entity.start), **values))
    return findings


def day_precise_dates(inspection: Inspection, config: CheckConfig) -> list[Finding]:
    """DATE: every date that still carries a day (`redactor.dates`); unsure ones warn."""
    findings = []
    for unit in inspection.units:
        if not unit.content:
            continue
        for match in find_day_precise_dates(unit.text):
            findings.append(config.finding(
                "DATE002" if match.flagged else "DATE001", str(inspection.path),
                unit.locate(match.start), text=one_line(match.text), rule=match.rule,
                where=unit.where_at(match.start, match.end)))
    return findings


def child_genders(inspection: Inspection, document: Document, units: dict[str, Unit],
                  case: Case, config: CheckConfig,
                  parses: Mapping[str, Any] | None = None) -> list[Finding]:
    """CHILD: gendered words that refer (or may) to a child (`redactor.stages.gender`)."""
    findings = []
    for reference in child_references(document, known_by_either_name(case), parses=parses):
        unit = units[reference.block_id]
        # A word that surely means a child fails the check; one that may mean a child or an
        # adult asks a person to look (the redaction left it, as `--child-pronouns cautious`).
        code = "CHILD002" if reference.verdict == "ambiguous" else "CHILD001"
        findings.append(config.finding(code, str(inspection.path), unit.locate(reference.start),
                                       text=one_line(reference.text), reason=reference.reason,
                                       where=unit.where_at(reference.start, reference.end)))
    return findings
