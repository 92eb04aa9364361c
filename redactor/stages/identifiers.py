"""Identifiers other than names and dates -> neutral placeholders ("[phone number]").

Policy (what is replaced, what stays):
- Replaced: every identifier of a person (phone numbers, email and web addresses, IP
  addresses, NHS, National Insurance, passport and driving licence numbers, vehicle
  registrations, police crime/occurrence references) and every *identifying place*: street
  addresses and street names, postcodes, estates, named institutions that locate a family
  (schools, GP surgeries, hospitals, workplaces, pubs, places of worship, community
  centres) and towns, cities and other places the model finds (LOCATION).
- Stays: organisations in general (the agencies a DHR names; detection does not report
  them, and an ORGANIZATION finding has no placeholder), nationalities (NRP), and places
  that identify no one (countries, the UK's nations: `keep_places` and `keep_rules` in
  `patterns/placeholders.yaml`), and a place that is part of the CSP's name (`case.area`).
  Keep terms never reach this stage (detection drops them).
- Not this stage's: PERSON (pseudonyms stage), DATE_TIME and DATE_OF_BIRTH (dates stage,
  which reduces precision), REDACT_TERM and KEEP.
Placeholders come from `patterns/placeholders.yaml`: by pattern id first, then by label.
Each change's rule id is the pattern id (`uk-phone.mobile.v1`) or, for Presidio's own
recognizers, `presidio.<Recognizer>.v1`; a flagged finding (low score) is still replaced
unless `RunOptions.redact_flagged` is off, when it is only flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from redactor.case import Case
from redactor.errors import RedactorError
from redactor.model import Change, Entity
from redactor.paths import pattern_file
from redactor.stages import StageContext

NAME = "identifiers"
PLACEHOLDERS_FILE = "placeholders.yaml"
NOT_OURS = frozenset({"PERSON", "DATE_TIME", "DATE_OF_BIRTH", "REDACT_TERM", "KEEP"})
UNMAPPED = "[redacted]"
_VERSION = re.compile(r"\.v\d+$")


@dataclass(frozen=True)
class Placeholders:
    """What replaces each kind of identifier, and the places that stay."""

    by_label: dict[str, str]
    by_rule: dict[str, str]
    keep_places: frozenset[str]
    keep_rules: frozenset[str] = frozenset()
    stage_labels: frozenset[str] = frozenset()
    kept_labels: frozenset[str] = frozenset()

    def unmapped(self, labels: Iterable[str]) -> list[str]:
        """Labels the policy says nothing about (no placeholder, no stage, not kept)."""
        known = set(self.by_label) | self.stage_labels | self.kept_labels | NOT_OURS
        return sorted(set(labels) - known)

    def for_entity(self, entity: Entity) -> str | None:
        """The placeholder for a finding, or None when policy leaves it unchanged."""
        if entity.label in NOT_OURS or entity.label in self.stage_labels \
                or entity.label in self.kept_labels:
            return None
        if entity.label == "LOCATION" and _place_key(entity.text) in self.keep_places:
            return None
        rule = _VERSION.sub("", entity.source)
        if rule in self.keep_rules:
            return None
        # a label the policy missed is never silently left: the engine refuses to start
        # without a policy for every label, and this fallback guards the rest
        return self.by_rule.get(rule) or self.by_label.get(entity.label) or UNMAPPED


@cache
def load_placeholders() -> Placeholders:
    """Read `patterns/placeholders.yaml`; a malformed file stops the run."""
    import yaml

    path = pattern_file(PLACEHOLDERS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RedactorError(path, f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise RedactorError(path, "expected a mapping with 'labels', 'rules', 'keep_places'")
    by_label, by_rule = data.get("labels") or {}, data.get("rules") or {}
    places, keep_rules = data.get("keep_places") or [], data.get("keep_rules") or []
    if not (isinstance(by_label, dict) and isinstance(by_rule, dict)
            and isinstance(places, list) and isinstance(keep_rules, list)):
        raise RedactorError(path, "'labels' and 'rules' map to placeholders; 'keep_places' "
                            "and 'keep_rules' are lists")
    for key, value in {**by_label, **by_rule}.items():
        if not isinstance(value, str) or not value.strip():
            raise RedactorError(path, f"{key}: the placeholder must be non-empty text")
    return Placeholders({str(k): v for k, v in by_label.items()},
                        {str(k): v for k, v in by_rule.items()},
                        frozenset(_place_key(str(p)) for p in places),
                        frozenset(str(r) for r in keep_rules),
                        frozenset(str(x) for x in data.get("stage_labels") or []),
                        frozenset(str(x) for x in data.get("kept_labels") or []))


def _place_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().removeprefix("the ").removeprefix("The ")).lower()


def rule_id(entity: Entity) -> str:
    """The stable rule id of a finding: its pattern id, or Presidio's recognizer, versioned."""
    return entity.source if _VERSION.search(entity.source) else f"presidio.{entity.source}.v1"


def names_the_area(entity: Entity, case: Case) -> bool:
    """True for a place that is part of the CSP's name ("Northshire" in "Safer Northshire
    Partnership"): the published report names the CSP, so the place says nothing new."""
    if entity.label != "LOCATION" or not case.area:
        return False
    words = " ".join(entity.text.split()).lower()
    return f" {words} " in f" {' '.join(case.area.split()).lower()} "


def propose(ctx: StageContext) -> list[Change]:
    """One change per identifier finding the policy replaces."""
    placeholders = load_placeholders()
    changes = []
    for entity in ctx.entities:
        after = placeholders.for_entity(entity)
        if after is None or names_the_area(entity, ctx.case):
            continue
        flagged_only = entity.flagged and not ctx.options.redact_flagged
        changes.append(Change(
            block_id=entity.block_id, start=entity.start, end=entity.end, before=entity.text,
            after=after, stage=NAME, rule=rule_id(entity),
            reason=f"{entity.label.lower().replace('_', ' ')} found by {entity.source} "
            f"(score {entity.score:.2f}" + (", flagged for review" if entity.flagged else "")
            + f"); replaced by {after}",
            status="flagged" if flagged_only else "applied",
            score=entity.score, flagged=entity.flagged,
            detail={"label": entity.label, "explanation": entity.explanation},
        ))
    return changes
