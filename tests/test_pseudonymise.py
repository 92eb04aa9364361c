"""Grouping unlisted names: the indexed `group_mentions` agrees with `person_for_mention`."""

from __future__ import annotations

import copy
import random

import pytest

from redactor.case import Case, Person
from redactor.case.people import group_mentions, parse_mention, person_for_mention

FIRST = ["Gary", "Daniel", "Danny", "Dan", "Chris", "Christine", "Kate", "Catherine", "Sarah",
         "Sam", "Alex", "Alexandra", "G.", "D", "Liz", "Elizabeth", "Jo"]
SURNAMES = ["Holt", "Marsh", "Smith", "O'Neill", "de Souza", "Barker", "Price", "Jones"]
TITLES = ["Mr", "Mrs", "Ms", "Dr", "PC", "DC"]


def _random_name(rng: random.Random) -> str:
    first, surname, title = rng.choice(FIRST), rng.choice(SURNAMES), rng.choice(TITLES)
    return rng.choice([
        f"{first} {surname}", f"{title} {surname}", first, surname, f"{title} {first}",
        f"{title} {first} {surname}", f"{first[0]}.{surname[0]}.", f"{first[0]}{surname[0]}",
        f"{surname}'s", f"{first} {rng.choice(FIRST)} {surname}",
    ])


def _random_case(rng: random.Random) -> Case:
    people = [Person(id=f"P{n + 1}", name=_random_name(rng), role="other",
                     gender=rng.choice(["female", "male", "unknown"]), new=rng.random() < 0.7)
              for n in range(rng.randrange(0, 8))]
    return Case(people=people)


def _people(case: Case) -> list[tuple]:
    return [(p.id, p.name, tuple(p.aliases), p.title, p.gender, p.role, p.new)
            for p in case.people]


@pytest.mark.parametrize("seed", range(60))
def test_group_mentions_equals_person_for_mention_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    case = _random_case(rng)
    mentions = [m for m in (parse_mention(_random_name(rng)) for _ in range(rng.randrange(80)))
                if m is not None]
    mentions.sort(key=lambda m: m.specificity)
    for new in (True, False):
        simple, indexed = copy.deepcopy(case), copy.deepcopy(case)
        expected = [(p.id, rivals) for p, rivals in
                    (person_for_mention(simple, m, new=new) for m in mentions)]
        got = [(p.id, rivals) for p, rivals in group_mentions(indexed, mentions, new=new)]
        assert got == expected
        assert _people(indexed) == _people(simple)
