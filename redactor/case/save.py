"""Saving the case file: an existing file is the chair's document, updated in place with a
round-trip YAML library so comments, key order and layout stay (`save_case`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from redactor.atomic import atomic_write_bytes
from redactor.case.file import Case, read_limited

HEADER = "# redactor case file: holds real names. Keep it with the confidential papers.\n"
BACKUP_SUFFIX = ".bak"


def save_case(case: Case, path: Path | str) -> bool:
    """Write the case file atomically; returns False (and writes nothing) when its content
    would not change.

    An existing file is the chair's document: it is updated in place with a round-trip YAML
    library, so comments, key order, flow lists and layout stay; only what changed is
    touched. The previous version is kept first as `<name>.bak` (owner-only).
    """
    path = Path(path)
    old_text = None
    if path.is_file():
        old_text = read_limited(path).decode("utf-8")
    text = _updated_text(case, old_text)
    if text == old_text:
        return False
    if old_text is not None:
        atomic_write_bytes(path.with_name(path.name + BACKUP_SUFFIX),
                           old_text.encode("utf-8"), mode=0o600)
    atomic_write_bytes(path, text.encode("utf-8"), mode=0o600)
    return True


def _round_trip_yaml(old_text: str | None) -> Any:
    from ruamel.yaml import YAML

    handler = YAML()  # round-trip: keeps comments, order, flow style and quotes
    handler.preserve_quotes = True
    handler.width = 4096
    if old_text is not None and re.search(r"^- ", old_text, re.M):
        handler.indent(mapping=2, sequence=2, offset=0)  # "people:\n- name: …"
    else:
        handler.indent(mapping=2, sequence=4, offset=2)  # "people:\n  - name: …"
    return handler


def _updated_text(case: Case, old_text: str | None) -> str:
    """The case file's text: `old_text` with what `case` changed, or a new file."""
    import io

    from ruamel.yaml.comments import CommentedMap

    handler = _round_trip_yaml(old_text)
    document = handler.load(old_text) if old_text and old_text.strip() else None
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
        old_text = None
    _merge_mapping(document, case.to_yaml(), drop_missing=False)
    stream = io.StringIO()
    handler.dump(document, stream)
    text = stream.getvalue()
    if old_text is not None:
        return text
    if case.keep_checks or any(person.checks for person in case.people):
        document = handler.load(text)  # round-trip types, which can carry comments
        _add_check_comments(document, case)
        stream = io.StringIO()
        handler.dump(document, stream)
        text = stream.getvalue()
    return HEADER + text


def _add_check_comments(document: Any, case: Case) -> None:
    """`# check: …` after the lines a chair should look at (a new file only)."""
    people = {person.id: person for person in case.people}
    for entry in document.get("people") or []:
        person = people.get(str(entry.get("id")))
        if person is not None and person.checks:
            entry.yaml_add_eol_comment("check: " + "; ".join(person.checks), "name")
    keep = document.get("keep")
    for index, term in enumerate(keep or []):
        if str(term) in case.keep_checks:
            keep.yaml_add_eol_comment("check: " + case.keep_checks[str(term)], index)


def _merge_mapping(target: Any, new: dict[str, Any], *, drop_missing: bool,
                   defaults: dict[str, Any] | None = None) -> None:
    """Make `target` (a round-trip mapping) hold `new`, touching only what differs. Keys
    `new` lacks are dropped only with `drop_missing` (a person's; top-level keys the case
    writes only when set, such as `children`, stay as the chair wrote them); a key the chair
    left out is not added for an empty or default value."""
    if drop_missing:
        for key in [k for k in target if k not in new]:
            del target[key]
    for position, (key, value) in enumerate(new.items()):
        if key not in target:
            if value in ([], {}, None) or (defaults or {}).get(key) == value:
                continue
            target.insert(min(position, len(target)), key, value)
        elif key == "people":
            _merge_people(target[key], value)
        elif isinstance(value, dict) and isinstance(target[key], dict):
            _merge_mapping(target[key], value, drop_missing=False)
        elif isinstance(value, list) and isinstance(target[key], list) and all(
                isinstance(v, str) for v in value):
            _merge_strings(target[key], value)
        elif _plain(target[key]) != value:
            target[key] = value


def _merge_strings(target: list[Any], new: list[str]) -> None:
    """Remove what `new` lacks and append what it adds; items (and their comments) kept."""
    if [str(v) for v in target] == new:
        return
    for index in reversed(range(len(target))):
        if str(target[index]) not in new:
            del target[index]
    present = {str(v) for v in target}
    target.extend(v for v in new if v not in present)


def _merge_people(target: Any, new: list[dict[str, Any]]) -> None:
    """People matched by id (as `parse_case` gives it); the removed dropped, the new added."""
    if not isinstance(target, list):
        return
    by_id = {}
    for index, entry in enumerate(target, start=1):
        if isinstance(entry, dict):
            by_id[str(entry.get("id") or f"P{index}")] = entry
    positions = {person_id: f"P{i}" for i, person_id in enumerate(by_id, start=1)}
    wanted = {person["id"] for person in new}
    for index in reversed(range(len(target))):
        entry = target[index]
        if not isinstance(entry, dict) or str(entry.get("id") or f"P{index + 1}") not in wanted:
            del target[index]
    for person in new:
        entry = by_id.get(person["id"])
        if entry is None:
            target.append(person)
        else:
            _merge_mapping(entry, person, drop_missing=True, defaults={
                "role": "other", "gender": "unknown", "id": positions.get(person["id"])})


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
