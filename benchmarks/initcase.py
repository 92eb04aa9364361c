"""`init-case` against the bundled gold case files: how well does the first case file start?

For each corpus case (`corpus/<case>/case.yaml` with the drafts its `*.gold.yaml` files
name), builds a case file from the drafts as `redactor init-case` does and compares it with
the gold one: people (matched by name or alias, titles ignored), roles and aliases of the
matched people, the area, and the `keep` terms. Prints precision and recall of each.

    python benchmarks/initcase.py [--show]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from redactor.case import Case, Person, load_case
from redactor.case.forms import split_name
from redactor.case.init import build_case
from redactor.detect.engine import Detector
from redactor.options import RunOptions

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@dataclass
class Tally:
    """Counts for one measure: found (proposed), gold, and right (in both)."""

    found: int = 0
    gold: int = 0
    right: int = 0

    def add(self, found: set[str], gold: set[str]) -> None:
        self.found += len(found)
        self.gold += len(gold)
        self.right += len(found & gold)

    def row(self, name: str) -> str:
        precision = self.right / self.found if self.found else 1.0
        recall = self.right / self.gold if self.gold else 1.0
        return f"| {name} | {self.right}/{self.found} | {precision:.2f} | {recall:.2f} |"


def bare(name: str) -> str:
    """A name without its title, lower case ("Dr Amir Shah" -> "amir shah")."""
    parts = split_name(name)
    words = [*parts.given, *([parts.surname] if parts.surname else [])]
    return " ".join(words).lower() if words else name.lower()


def forms(person: Person) -> set[str]:
    return {bare(person.name), *(bare(a) for a in person.aliases)}


def match(found: Person, gold: list[Person]) -> Person | None:
    """The gold person whose full name is one of `found`'s forms, or whose forms share
    the found person's full name."""
    for person in gold:
        if bare(person.name) in forms(found) or bare(found.name) in forms(person) and (
                " " in bare(found.name)):
            return person
    lone = [p for p in gold if " " not in bare(found.name)
            and split_name(bare(p.name)).first == bare(found.name)]
    return lone[0] if len(lone) == 1 else None  # "Ellie" found, "Ellie Marsh" listed


def written(person: Person) -> set[str]:
    """Aliases a chair has to write: not the first name or the name with a title, which
    redactor derives itself."""
    derived = {bare(person.name), split_name(bare(person.name)).first or ""}
    return {a.lower() for a in person.aliases if bare(a) not in derived}


def drafts_of(folder: Path) -> list[Path]:
    names = []
    for gold in sorted(folder.glob("*.gold.yaml")):
        data = yaml.safe_load(gold.read_text(encoding="utf-8"))
        names.append(folder / data["document"])
    return names


def measure(show: bool = False) -> dict[str, Tally]:
    tallies = {key: Tally() for key in ("people", "roles", "aliases", "area", "keep")}
    detector = Detector(RunOptions())
    for gold_path in sorted(CORPUS.glob("*/case.yaml")):
        gold = load_case(gold_path)
        drafts = drafts_of(gold_path.parent)
        if not drafts:
            continue
        built: Case = build_case(drafts, detector)
        pairs = [(p, match(p, gold.people)) for p in built.people]
        tallies["people"].add({g.id if g else f"x{p.id}" for p, g in pairs},
                              {g.id for g in gold.people})
        tallies["roles"].add({f"{g.id}:{p.role}" if g else f"x{p.id}" for p, g in pairs},
                             {f"{g.id}:{g.role}" for g in gold.people})
        for p, g in pairs:
            if g is not None:
                tallies["aliases"].add(written(p) - {bare(g.name)}, written(g))
        tallies["area"].add({built.area.lower()} if built.area else set(),
                            {gold.area.lower()} if gold.area else set())
        tallies["keep"].add({bare(k) for k in built.keep}, {bare(k) for k in gold.keep})
        if show:
            print(f"## {gold_path.parent.name}", file=sys.stderr)
            for p, g in pairs:
                print(f"  {p.name!r} {p.role} {p.aliases} -> "
                      f"{(g.name, g.role, g.aliases) if g else 'NO GOLD'}", file=sys.stderr)
            print(f"  area {built.area!r} vs {gold.area!r}", file=sys.stderr)
            print(f"  keep {built.keep}", file=sys.stderr)
            print(f"  gold keep {gold.keep}", file=sys.stderr)
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each case's comparison")
    args = parser.parse_args()
    tallies = measure(args.show)
    print("| measure | right/proposed | precision | recall |")
    print("| --- | --- | --- | --- |")
    for name, tally in tallies.items():
        print(tally.row(name))


if __name__ == "__main__":
    main()
