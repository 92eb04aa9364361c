"""The publication manifest: what `redact` put in a published file, without the originals.

`redact` writes `<stem>.manifest.json` beside `<stem>.redacted.<ext>`. It is NOT
confidential: it lists only what the published file itself shows (the pseudonyms and role
labels used, with each person's role; the placeholders used; the keep terms found in the
output) and the tool version. No original name, alias, gender or age is in it. A CSP officer
who does not hold the case file gives it to `redactor check --manifest FILE` (or leaves it
beside the document), so pseudonyms and named panel members are known, not name alarms.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.case import Case, Person
from redactor.case.forms import is_label
from redactor.errors import InputError
from redactor.model import Change

MANIFEST_SUFFIX = ".manifest.json"
FORMAT = "redactor publication manifest"
FORMAT_VERSION = 1
PSEUDONYM_STAGE = "pseudonyms"
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")


@dataclass
class Manifest:
    """What a published file may show by design: never reported as a leak."""

    document: str = ""
    people: list[dict[str, str]] = field(default_factory=list)  # {"pseudonym", "role"}
    forms: list[str] = field(default_factory=list)  # pseudonym forms as written ("Mrs Smith")
    role_labels: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    tool_version: str = ""

    def as_case(self) -> Case:
        """A case of pseudonyms only (name == pseudonym): every form is a keep term, and the
        roles tell a child from an adult. It holds no original name, so LEAK cannot use it."""
        people = [Person(id=f"M{index}", name=entry["pseudonym"], role=entry.get("role", "other"),
                         pseudonym=entry["pseudonym"])
                  for index, entry in enumerate(self.people, start=1)]
        return Case(people=people, keep=[*self.forms, *self.role_labels, *self.kept])

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "confidential": False,
            "tool": {"name": "redactor", "version": self.tool_version},
            "document": self.document,
            "people": self.people, "pseudonym_forms": self.forms,
            "role_labels": self.role_labels, "placeholders": self.placeholders,
            "kept": self.kept,
        }
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        return text.encode("utf-8", errors="replace")  # (a file name not in UTF-8: "?")


def manifest_path(output_path: Path) -> Path:
    """`DIR/<stem>.manifest.json` for `DIR/<stem>.redacted.<ext>` (or any `DIR/<stem>.<ext>`)."""
    stem = output_path.stem.removesuffix(".redacted")
    return output_path.with_name(stem + MANIFEST_SUFFIX)


PUBLIC_ROLE_RULE = "public-life.public-role.v1"


def build_manifest(output_name: str, output_text: str, case: Case,
                   changes: list[Change]) -> Manifest:
    """The manifest of one output: from the applied changes and the case, with no original.

    `output_text` is the published text (every part), used to list only keep terms that
    the file itself shows.
    """
    applied = [c for c in changes if c.status == "applied"]
    used = {c.person for c in applied if c.stage == PSEUDONYM_STAGE and c.person}
    people, labels = [], set()
    for person in case.people:
        if person.id not in used or not person.pseudonym:
            continue
        people.append({"pseudonym": person.pseudonym, "role": person.role})
        if is_label(person.pseudonym):
            labels.add(person.pseudonym)
    originals = {c.before.lower() for c in applied}
    forms = {c.after for c in applied if c.stage == PSEUDONYM_STAGE and c.after.strip()
             and not _PLACEHOLDER.fullmatch(c.after) and c.after.lower() not in originals}
    placeholders = {m.group(0) for c in applied for m in _PLACEHOLDER.finditer(c.after)}
    kept = {term for term in case.keep if term and term in output_text}
    # people kept by default in a public role (the chair, the panel, cited authors): named in
    # the file by design, and not originals of anyone the file hides
    kept |= {c.before for c in changes if c.status == "kept-by-default"
             and c.rule == PUBLIC_ROLE_RULE and c.before in output_text}
    return Manifest(
        document=output_name,
        people=sorted(people, key=lambda p: (p["pseudonym"], p["role"])),
        forms=sorted(forms), role_labels=sorted(labels), placeholders=sorted(placeholders),
        kept=sorted(kept), tool_version=__version__,
    )


def load_manifest(path: Path) -> Manifest:
    """Read a manifest; a file that is not one raises `InputError` naming it."""
    from redactor.io.limits import MANIFEST_MB, check_input_file, read_input_bytes

    try:
        check_input_file(Path(path), MANIFEST_MB)  # never a FIFO or a device
        data = json.loads(read_input_bytes(Path(path), MANIFEST_MB).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read the manifest: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(path, f"not a manifest: invalid JSON ({error.msg}, line "
                               f"{error.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(path, f"not a manifest: no \"format\": \"{FORMAT}\"")

    def strings(key: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(path, f"not a manifest: {key!r} must be a list of strings")
        return value

    people: Any = data.get("people", [])
    if not isinstance(people, list) or not all(
            isinstance(p, dict) and isinstance(p.get("pseudonym"), str) for p in people):
        raise InputError(path, "not a manifest: 'people' must be a list of {pseudonym, role}")
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    return Manifest(
        document=str(data.get("document", "")),
        people=[{"pseudonym": p["pseudonym"], "role": str(p.get("role", "other"))}
                for p in people],
        forms=strings("pseudonym_forms"), role_labels=strings("role_labels"),
        placeholders=strings("placeholders"), kept=strings("kept"),
        tool_version=str(tool.get("version", "")),
    )


def find_manifest(document: Path) -> Path | None:
    """The manifest `redact` wrote beside `document`, if it is there."""
    candidate = manifest_path(Path(document))
    return candidate if candidate.is_file() else None
