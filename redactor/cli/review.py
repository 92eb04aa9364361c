"""`redactor review DRAFT... --case CASE`: walk the flagged findings, one question at a time.

Each answer is saved to the case file at once, so a review can stop and resume; `redact`
afterwards applies every decision and asks nothing. Works without colour and in a pipe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from redactor.batch import collect_inputs
from redactor.case import Case, load_case, save_case
from redactor.cli.common import EXIT_FOUND, EXIT_OK, fail
from redactor.detect.engine import Detector
from redactor.errors import RedactorError
from redactor.io import NAMED_SUFFIXES
from redactor.options import DEFAULT_MODEL, RunOptions
from redactor.review import (
    Item,
    decide_accept,
    decide_change,
    decide_keep,
    decide_new_person,
    decide_same_person,
    findable_location,
    names_containing,
    pending_items,
    plain_reason,
    prepare_drafts,
    reviewer_name,
    sentence_around,
)

NAME_CHOICES = {"n": "new person", "s": "same person as…", "k": "keep", "c": "change",
                "l": "later", "q": "quit"}
MENTION_CHOICES = {"a": "accept", "k": "keep", "c": "change", "l": "later", "q": "quit"}


class Quit(Exception):
    """The reviewer chose to stop (or input ended)."""


@click.command()
@click.argument("drafts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", "case_path", required=True, type=click.Path(path_type=Path),
              help="Case file (YAML): decisions are saved into it as they are made.")
@click.option("--reviewer", help="Your name for the record. Default: the login name.")
@click.option("--no-input", is_flag=True,
              help="Only list what would be asked; exit 1 if anything is pending.")
@click.option("--no-model", is_flag=True,
              help="Only case-file names and patterns: faster, but finds fewer people.")
@click.option("--accept-changes", is_flag=True,
              help="Accept the draft's tracked changes first (as 'redact' will).")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, hidden=True)
def review(drafts: tuple[Path, ...], case_path: Path, reviewer: str | None, no_input: bool,
           no_model: bool, accept_changes: bool, model: str) -> None:
    """Decide each flagged finding in the DRAFTs; every answer is saved to the case file."""
    options = RunOptions(accept_changes=accept_changes, use_model=not no_model, model=model)
    detector = Detector(options)
    try:
        case = load_case(case_path)
        paths = collect_inputs(drafts)
        if not paths:
            raise RedactorError(None, f"no drafts found ({', '.join(NAMED_SUFFIXES)}) in the "
                                "inputs")
        prepared = prepare_drafts(paths, options, detector)
        items = pending_items(prepared, case, options, detector)
    except RedactorError as error:
        fail(error)
    if no_input:
        for item in items:
            click.echo(_one_line(item))
        click.echo(f"{len(items)} item(s) pending review", err=True)
        raise SystemExit(EXIT_FOUND if items else EXIT_OK)

    by = reviewer_name(reviewer)
    later: set[str] = set()
    decided = 0
    try:
        asking = items
        while asking:
            item = asking[0]
            _show(item, decided + len(later) + 1, decided + len(later) + len(asking))
            decision = _ask(item, items, case, by)
            if decision is not None:
                save_case(case, case_path)
                decided += 1
                click.echo(f"  {_described(decision)}; saved to {case_path}")
            else:
                later.add(item.key)
            items = pending_items(prepared, case, options, detector)
            asking = [i for i in items if i.key not in later]
    except Quit:
        pass
    except RedactorError as error:
        fail(error)
    click.echo(f"{decided} decided this session, {len(items)} pending")
    raise SystemExit(EXIT_FOUND if items else EXIT_OK)


def _one_line(item: Item) -> str:
    change = item.change
    times = f" ({item.mentions} mentions)" if item.mentions > 1 else ""
    times += "".join(f" (with {f.before!r} -> {f.after!r})" for f in item.followers)
    where = findable_location(change, item.block_text)
    return (f"{item.document}:{where}: {item.kind} {change.before!r} -> {change.after!r}"
            f"{times}: {plain_reason(change)} [{change.stage} {change.rule}]")


def _show(item: Item, number: int, total: int) -> None:
    change = item.change
    click.echo("")
    click.echo(f"[{number}/{total}] {item.document.name}, "
               f"{findable_location(change, item.block_text)}")
    left, text, right = sentence_around(item.block_text, change.start, change.end)
    highlighted = click.style(f"[[{text}]]", reverse=True, bold=True)
    click.echo(f"  {left}{highlighted}{right}")
    times = f" ({item.mentions} mentions)" if item.mentions > 1 else ""
    status = "" if change.status != "flagged" else " (not applied unless accepted)"
    click.echo(f"  Proposed: {change.before!r} -> {change.after!r}{times}{status}")
    for follower in item.followers:
        click.echo(f"  With: {follower.before!r} -> {follower.after!r} ({follower.reason})")
    click.echo(f"  Why: {plain_reason(change)}")
    person = item.proposed_person
    if person is not None:
        click.echo(f"  Grouped as a new person: {person.name!r}, pseudonym {person.pseudonym!r}")


def _ask(item: Item, items: list[Item], case: Case, by: str) -> dict[str, Any] | None:
    """Ask about one item and record the answer; None for "later". Raises `Quit`."""
    choices = NAME_CHOICES if item.kind == "name" else MENTION_CHOICES
    menu = "  ".join(f"[{key}] {label}" for key, label in choices.items())
    while True:
        answer = _prompt(menu, type=click.Choice(list(choices)), show_choices=False)
        if answer == "q":
            raise Quit
        if answer == "l":
            return None
        try:
            decision = _decide(answer, item, items, case, by)
        except ValueError as error:
            click.echo(f"  {error}; choose again")
            continue
        if decision is not None:
            return decision


def _decide(answer: str, item: Item, items: list[Item], case: Case,
            by: str) -> dict[str, Any] | None:
    """Record the answer; None when the reviewer thought better of it."""
    if answer == "k":
        inside = names_containing(item.text, items)
        if inside and not _confirm(f"  Keeping {item.text!r} also keeps it inside "
                                   f"{', '.join(map(repr, inside))}. Keep it anyway?"):
            return None
        return decide_keep(case, item, by)
    if answer == "a":
        return decide_accept(case, item, by)
    if answer == "n":
        proposed = item.proposed_person.pseudonym if item.proposed_person else None
        return decide_new_person(case, item, _prompt("  Pseudonym", default=proposed or ""), by)
    if answer == "s":
        for person in case.people:
            click.echo(f"    {person.id}  {person.name}  ({person.role}"
                       f"{', ' + person.pseudonym if person.pseudonym else ''})")
        person_id = _prompt("  Same person as (id)").strip()
        if person_id not in {p.id for p in case.people}:
            raise ValueError(f"no person {person_id!r} in the case file")
        return decide_same_person(case, item, person_id, by)
    hint = " (a pseudonym, or 'redact')" if item.kind == "name" else ""
    return decide_change(case, item, _prompt(f"  Replace with{hint}"), by)


def _described(decision: dict[str, Any]) -> str:
    """What was decided, in a few words."""
    text, action, value = decision["text"], decision["action"], decision.get("value")
    person = f" {decision['person']}" if decision.get("person") else ""
    if action == "keep":
        return f"{text!r}: kept"
    if action == "redact":
        return f"{text!r}: listed under redact ([redacted])"
    if action == "same-person":
        return f"{text!r}: an alias of{person}"
    return f"{text!r}: {action}{person} -> {value!r}"


def _confirm(text: str) -> bool:
    try:
        return bool(click.confirm(text, default=False))
    except click.Abort:
        raise Quit from None


def _prompt(text: str, **kwargs: object) -> str:
    """`click.prompt`, with end of input meaning quit."""
    try:
        return str(click.prompt(text, **kwargs))
    except click.Abort:
        raise Quit from None
