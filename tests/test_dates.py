"""The date recogniser (`redactor.dates`) and every example in `patterns/dates.yaml`."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.case import Case
from redactor.changes import apply_to_text
from redactor.detect.dates import find_day_precise_dates, load_rules
from redactor.model import Block, Document
from redactor.options import RunOptions
from redactor.stages import StageContext
from redactor.stages import dates as dates_stage

RULES = load_rules()
EXAMPLES = [
    pytest.param(before, after, id=f"{p.name}:{before}")
    for p in RULES.patterns for before, after in p.examples
]
COUNTER_EXAMPLES = [
    pytest.param(text, id=f"{p.name}:{text}") for p in RULES.patterns for text in p.counter_examples
]


def test_every_pattern_has_an_example_and_a_counter_example() -> None:
    assert all(p.examples and p.counter_examples for p in RULES.patterns)
    assert all(p.name.startswith("date.") and p.name.endswith(".v1") for p in RULES.patterns)


@pytest.mark.parametrize(("before", "after"), EXAMPLES)
def test_yaml_example_has_a_day_precise_date(before: str, after: str) -> None:
    assert find_day_precise_dates(before)
    assert not find_day_precise_dates(after)


@pytest.mark.parametrize("text", COUNTER_EXAMPLES)
def test_yaml_counter_example_has_no_date(text: str) -> None:
    assert find_day_precise_dates(text) == []


def reduce_at_defaults(text: str) -> str:
    """`text` as one block through the dates stage at the defaults (month; DOB year)."""
    doc = Document(Path("draft.txt"), "text", [Block("body/p0", text, "paragraph 1")])
    ctx = StageContext(document=doc, entities=[], case=Case(), options=RunOptions())
    return apply_to_text(text, dates_stage.propose(ctx))


@pytest.mark.parametrize(("before", "after"), EXAMPLES)
def test_yaml_example_comes_out_as_written(before: str, after: str) -> None:
    assert reduce_at_defaults(before) == after


@pytest.mark.parametrize("text", COUNTER_EXAMPLES)
def test_yaml_counter_example_comes_out_unchanged(text: str) -> None:
    assert reduce_at_defaults(text) == text


@pytest.mark.parametrize(
    ("text", "found", "rule", "parsed"),
    [
        ("On 14 March 2019 she left.", "14 March 2019", "date.dmy-long.v1", "2019-03-14"),
        ("14th March 2019", "14th March 2019", "date.dmy-long.v1", "2019-03-14"),
        ("March 14th, 2019", "March 14th, 2019", "date.mdy-long.v1", "2019-03-14"),
        ("on Tuesday 14 March", "Tuesday 14 March", "date.dmy-long.v1", "????-03-14"),
        ("14/03/2019", "14/03/2019", "date.dmy-numeric.v1", "2019-03-14"),
        ("14/3/19", "14/3/19", "date.dmy-numeric-short.v1", "2019-03-14"),
        ("14.03.2019", "14.03.2019", "date.dmy-numeric.v1", "2019-03-14"),
        ("14-03-2019", "14-03-2019", "date.dmy-numeric.v1", "2019-03-14"),
        ("2019-03-14", "2019-03-14", "date.iso.v1", "2019-03-14"),
        ("14 Mar 19", "14 Mar 19", "date.dmy-short-year.v1", "2019-03-14"),
        ("03/04/2019", "03/04/2019", "date.dmy-numeric.v1", "2019-04-03"),  # day first
        ("3-7 March 2019", "3-7 March 2019", "date.day-range.v1", "2019-03-03/2019-03-07"),
        ("between 3 and 7 March", "between 3 and 7 March", "date.between-days.v1",
         "????-03-03/????-03-07"),
        ("3 March to 7 April 2019", "3 March to 7 April 2019", "date.dmy-long.v1",
         "2019-03-03/2019-04-07"),
        ("between 3 December and 7 January 2020", "between 3 December and 7 January 2020",
         "date.dmy-long.v1", "2019-12-03/2020-01-07"),
        ("on the 14th of that month", "the 14th of that month", "date.relative-day.v1",
         "????-??-14"),
    ],
)
def test_recognises_uk_forms(text: str, found: str, rule: str, parsed: str) -> None:
    [match] = find_day_precise_dates(text)
    assert (match.text, match.rule, match.parsed()) == (found, rule, parsed)
    assert text[match.start:match.end] == match.text


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 she moved.",  # year alone
        "In March 2019 she moved.",  # month and year already
        "The Care Act 2014 and the Domestic Abuse Act 2021.",
        "She was aged 34.",
        "He stayed 14 days.",
        "At 22:15 police arrived.",
        "See paragraph 3.14 and section 2.1.2019.",
        "It cost £14.03 and 1,203 hours.",
        "Version 2.10.19 was installed.",
    ],
)
def test_leaves_non_dates_alone(text: str) -> None:
    assert find_day_precise_dates(text) == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("14/03/2019", False),
        ("14 March 2019", False),
        ("14/3/19", True),  # two-digit year
        ("14 Mar 19", True),
        ("seen on 03/04", True),  # no year
        ("on the 14th", True),  # month from context
        ("31/02/2019", True),  # not in the calendar: a slip, still reduced
        ("31 April 2019", True),
    ],
)
def test_unsure_forms_are_flagged(text: str, flagged: bool) -> None:
    [match] = find_day_precise_dates(text)
    assert match.flagged is flagged


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("DOB: 02/05/1984", True),
        ("D.O.B. 02/05/1984", True),
        ("d.o.b. 2 May 1984", True),
        ("date of birth 02/05/1984", True),
        ("Date of birth: 2 May 1984", True),
        ("born on 2 May 1984", True),
        ("seen on 2 May 1984", False),
    ],
)
def test_date_of_birth_context(text: str, dob: bool) -> None:
    [match] = find_day_precise_dates(text)
    assert match.dob is dob


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("regex: '(?:(?P<weekday>{WEEKDAY}),?", "regex: '((?P<weekday>", 1),
         "pattern date.dmy-long.v1"),
        (lambda t: t.replace("two_digit_year_pivot:", "pivot:"), "missing key"),
        (lambda t: t + "\n  - [unclosed", "not valid YAML"),
    ],
)
def test_a_broken_rules_file_stops_the_run_naming_the_problem(edit, message: str,
                                                               tmp_path: Path) -> None:
    from redactor.errors import RedactorError
    from redactor.paths import pattern_file

    broken = tmp_path / "dates.yaml"
    broken.write_text(edit(pattern_file("dates.yaml").read_text(encoding="utf-8")))
    with pytest.raises(RedactorError, match=message):
        load_rules(broken)


def test_kept_answers_are_the_callers_own_list_and_match_a_fresh_search() -> None:
    from redactor.detect.dates import _dates_in, find_dates

    text = "On 14 March 2019 and the 3rd to the 7th of that month she called."
    first = find_dates(text, RULES)
    first.clear()  # the caller's list: changing it changes nothing kept
    second = find_dates(text, RULES)
    _dates_in.cache_clear()
    assert second == find_dates(text, RULES)
    assert [m.text for m in second] == ["14 March 2019", "the 3rd to the 7th of that month"]
