"""Recognise day-precise dates in plain text, as UK DHR drafts write them. No model needed.

The formats are data (`patterns/dates.yaml`): each has a stable id, a regex built from named
parts (month names, weekday names, day and year forms), worked examples and counter-examples.
`find_dates` returns every date that carries a day, parsed (day, month, year, range end,
weekday, date-of-birth context) and settled so no two overlap (the longer wins, then the
earlier pattern). Numeric dates are day-first. Forms the recogniser is unsure of (two-digit
years, a day and month with no year, "the 14th") come back `flagged`.

Re-rendering at a coarser precision is the dates stage's job (`redactor.stages.dates`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from redactor.errors import RedactorError
from redactor.paths import pattern_file

DATES_FILE = "dates.yaml"


@dataclass(frozen=True)
class DatePattern:
    """One recognisable form of date, compiled from `patterns/dates.yaml`."""

    name: str  # stable id, e.g. "date.dmy-long.v1"
    regex: re.Pattern[str]
    score: float
    flagged: bool = False
    numeric: bool = False
    requires_before: re.Pattern[str] | None = None
    requires_before_unless_group: str | None = None
    examples: tuple[tuple[str, str], ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lead:
    """Words before a date that change with it ("On" -> "In")."""

    id: str
    regex: re.Pattern[str]  # matches the text just before the date, anchored at its end
    period: str  # replacement when the date becomes a month, part of month or year
    deictic: str  # replacement when the date becomes "that month"


@dataclass(frozen=True)
class PartOfMonth:
    last_day: int
    word: str
    template: str  # "mid-{month}"


@dataclass(frozen=True, eq=False)  # equal only to itself: a key of `_dates_in`'s cache
class DateRules:
    """Everything `patterns/dates.yaml` says, compiled."""

    patterns: tuple[DatePattern, ...]
    month_numbers: dict[str, int]  # lower-case written form -> 1..12
    month_names: dict[int, str]  # 1..12 -> full name, as rendered
    two_digit_year_pivot: int
    parts_of_month: tuple[PartOfMonth, ...]
    not_after: re.Pattern[str]
    numeric_not_after: re.Pattern[str]
    trails: tuple[tuple[str, re.Pattern[str]], ...]  # (id, regex) of words after a date
    range_joiner: re.Pattern[str]
    range_and_joiner: re.Pattern[str]
    range_lead: re.Pattern[str]
    dob_before: re.Pattern[str]
    dob_month_before: re.Pattern[str]
    leads: tuple[Lead, ...]
    context: re.Pattern[str]
    holidays: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (day, month)

    def month_number(self, written: str) -> int:
        return self.month_numbers[written.lower().rstrip(".")]

    def part_of_month(self, day: int) -> PartOfMonth:
        return next(p for p in self.parts_of_month if day <= p.last_day)


@dataclass(frozen=True)
class DateMatch:
    """A day-precise date found in text: `text == source[start:end]`.

    `month`/`year` are None when the text does not say them ("the 14th", "Tuesday 14
    March"); for a range, `end_*` hold its last day. `dob` is True after "DOB:", "born on"…
    `that_month` is True for "the 14th of that month". `lead` is "between"/"from" for a
    range introduced by one (the word is inside `text`).
    """

    start: int
    end: int
    text: str
    rule: str
    flagged: bool = False
    day: int = 0
    month: int | None = None
    year: int | None = None
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    weekday: str | None = None
    dob: bool = False
    that_month: bool = False
    lead: str | None = None
    score: float = 1.0

    @property
    def is_range(self) -> bool:
        return self.end_day is not None

    def parsed(self) -> str:
        """The date as ISO-like text for the audit log; unknown parts as `??`/`????`."""

        def one(day: int, month: int | None, year: int | None) -> str:
            return f"{year or '????'}-{month or 0:02d}-{day:02d}".replace("-00-", "-??-")

        first = one(self.day, self.month, self.year)
        if self.is_range:
            return f"{first}/{one(self.end_day or 0, self.end_month, self.end_year)}"
        return first


def find_day_precise_dates(text: str) -> list[DateMatch]:
    """Dates in `text` that still carry a day, in any form `patterns/dates.yaml` knows.

    For the pre-publication check: start, end, text, rule id and flagged on each match.
    """
    return find_dates(text, _default_rules())


@cache
def _default_rules() -> DateRules:
    """`load_rules()`, looked up once (detection asks for every block of every document)."""
    return load_rules()


def find_dates(text: str, rules: DateRules) -> list[DateMatch]:
    """Every day-precise date in `text`, parsed, non-overlapping, in order.

    Detection and the dates stage ask about the same block texts, so the answers for the
    most recent texts are kept (a `DateMatch` is immutable; the list is the caller's).
    """
    return list(_dates_in(text, rules))


DATES_KEPT = 4096  # texts whose dates `_dates_in` keeps: every block of a long draft


@lru_cache(maxsize=DATES_KEPT)
def _dates_in(text: str, rules: DateRules) -> tuple[DateMatch, ...]:
    candidates = [m for pattern in rules.patterns for m in _pattern_matches(text, pattern, rules)]
    order = {p.name: i for i, p in enumerate(rules.patterns)}
    candidates.sort(key=lambda m: (-(m.end - m.start), order[m.rule], m.start))
    taken: list[DateMatch] = []
    for match in candidates:
        if not any(match.start < t.end and t.start < match.end for t in taken):
            taken.append(match)
    taken.sort(key=lambda m: m.start)
    joined = [_with_range_lead(text, m, rules) for m in _join_ranges(text, taken, rules)]
    return tuple(_mark_dob(text, m, rules) for m in joined)


def find_month_year_births(text: str, rules: DateRules) -> list[tuple[int, int, int]]:
    """Months and years of birth ("born in May 1988", "DOB: May 1988") as (start, end,
    year): at year precision only the year may stay."""
    return [(m.start(), m.end(), int(m.group("year"))) for m in rules.context.finditer(text)
            if rules.dob_month_before.search(text, max(0, m.start() - 40), m.start())]


def find_month_years(text: str, rules: DateRules) -> list[tuple[int, int, int]]:
    """Month-and-year mentions ("March 2019") as (start, month, year): context, not changes."""
    return [
        (m.start(), rules.month_number(m.group("month")), int(m.group("year")))
        for m in rules.context.finditer(text)
    ]


def _pattern_matches(text: str, pattern: DatePattern, rules: DateRules) -> list[DateMatch]:
    found = []
    for m in pattern.regex.finditer(text):
        before = text[: m.start()]
        if rules.not_after.search(before) or (
                pattern.numeric and rules.numeric_not_after.search(before)):
            continue
        groups = m.groupdict()
        exempt = pattern.requires_before_unless_group
        if (pattern.requires_before and not (exempt and groups.get(exempt))
                and not pattern.requires_before.search(before)):
            continue
        match = _parse(m, pattern, rules)
        if match is not None:
            found.append(match)
    return found


def _parse(m: re.Match[str], pattern: DatePattern, rules: DateRules) -> DateMatch | None:
    """Turn a regex match into a `DateMatch`, or None when it is not a real calendar date."""
    groups: dict[str, Any] = m.groupdict()
    flagged = pattern.flagged
    month = None
    if groups.get("holiday"):  # "Christmas Day 2017": a day by its name
        known = rules.holidays.get(_holiday_key(groups["holiday"]))
        if known is None:
            return None
        day, month = known
    else:
        day = int(groups["day"])
    month_text = groups.get("month")
    if month_text:
        month = int(month_text) if month_text.isdigit() else rules.month_number(month_text)
    year_text = groups.get("year") or groups.get("year_alt")
    year = None
    if year_text:
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < rules.two_digit_year_pivot else 1900
            flagged = True
    end_day = int(groups["day2"]) if groups.get("day2") else None
    if end_day is not None and end_day <= day:
        return None
    if not all(_is_calendar_date(d, month, year) for d in (day, end_day) if d is not None):
        flagged = True  # "31 April 2019": a slip in the draft, but still a day to remove
    lead = groups.get("lead")
    return DateMatch(
        start=m.start(), end=m.end(), text=m.group(0), rule=pattern.name, flagged=flagged,
        day=day, month=month, year=year,
        end_day=end_day, end_month=month if end_day else None, end_year=year if end_day else None,
        weekday=groups.get("weekday"), that_month=bool(groups.get("that_month")),
        lead=lead.lower() if lead else None, score=pattern.score,
    )


def _is_calendar_date(day: int, month: int | None, year: int | None) -> bool:
    """True when the day exists in the month (regexes already hold day to 1-31, month 1-12)."""
    return month is None or day <= calendar.monthrange(year or 2000, month)[1]  # 2000: leap


def _join_ranges(text: str, matches: list[DateMatch], rules: DateRules) -> list[DateMatch]:
    """Join "3 March to 7 April 2019" and "between 3 March and 7 April 2019" into one range."""
    joined: list[DateMatch] = []
    index = 0
    while index < len(matches):
        first = matches[index]
        second = matches[index + 1] if index + 1 < len(matches) else None
        range_match = _range_of(text, first, second, rules) if second else None
        if range_match is not None:
            joined.append(range_match)
            index += 2
        else:
            joined.append(first)
            index += 1
    return joined


def _range_of(
    text: str, first: DateMatch, second: DateMatch, rules: DateRules
) -> DateMatch | None:
    if (first.is_range or second.is_range or (first.month is None) != (second.month is None)
            or first.that_month or second.that_month):
        return None  # "the 3rd to the 7th" joins; "the 3rd to 7 March" does not
    gap = text[first.end:second.start]
    lead_match = rules.range_lead.search(text[: first.start])
    lead = lead_match.group(1).lower() if lead_match else None
    if not (rules.range_joiner.match(gap) or (lead == "between"
                                              and rules.range_and_joiner.match(gap))):
        return None
    first_year = first.year
    if first_year is None and second.year is not None and first.month and second.month:
        first_year = second.year if first.month <= second.month else second.year - 1
    start = lead_match.start(1) if lead_match else first.start
    return DateMatch(
        start=start, end=second.end, text=text[start:second.end], rule=first.rule,
        flagged=first.flagged or second.flagged, day=first.day, month=first.month,
        year=first_year, end_day=second.day, end_month=second.month, end_year=second.year,
        weekday=first.weekday, lead=lead, score=min(first.score, second.score),
    )


def _with_range_lead(text: str, match: DateMatch, rules: DateRules) -> DateMatch:
    """Take "between"/"from" into a range that has none yet ("from the 3rd to the 7th")."""
    lead = rules.range_lead.search(text[: match.start]) if match.is_range else None
    if match.lead or lead is None:
        return match
    start = lead.start(1)
    return DateMatch(**{**match.__dict__, "start": start, "text": text[start:match.end],
                        "lead": lead.group(1).lower()})


def _mark_dob(text: str, match: DateMatch, rules: DateRules) -> DateMatch:
    if match.is_range or not rules.dob_before.search(text[: match.start]):
        return match
    return DateMatch(**{**match.__dict__, "dob": True})


# ---- loading -------------------------------------------------------------------------------

def load_rules(path: Path | None = None) -> DateRules:
    """Compile `patterns/dates.yaml` (or `path`); a bad file raises `RedactorError` naming it."""
    return _load_rules(path or pattern_file(DATES_FILE))


@cache
def _load_rules(path: Path) -> DateRules:
    try:
        return _compile(yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as error:
        raise RedactorError(path, f"not valid YAML: {error}") from None
    except KeyError as error:
        raise RedactorError(path, f"missing key {error}; see the comments at the top") from None
    except (TypeError, ValueError, re.error) as error:
        raise RedactorError(path, f"invalid date rules: {error}") from None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _title_and_upper(words: list[str]) -> list[str]:
    return [form for w in words for form in (w, w.upper())]


def _compile(data: dict[str, Any]) -> DateRules:
    month_numbers: dict[str, int] = {}
    full_names: dict[int, str] = {}
    abbreviations: list[str] = []
    for number, forms in data["months"].items():
        for form in forms:
            month_numbers[form.lower()] = int(number)
        full_names[int(number)] = forms[0]
        abbreviations.extend(forms[1:] or forms)  # the first form is the full name
    places = dict(data["placeholders"])
    places["MONTH"] = f"(?:{_alternation(_title_and_upper(list(_all_forms(data))))})(?![A-Za-z])"
    places["MONTH_ABBR"] = f"(?:{_alternation(_title_and_upper(abbreviations))})(?![A-Za-z])"
    places["WEEKDAY"] = f"(?:{_alternation(_title_and_upper(data['weekdays']))})(?![A-Za-z])"
    places["COUNTED_NOUN"] = f"(?:{_alternation(data['counted_nouns'])})"

    def build(template: str) -> re.Pattern[str]:
        def fill(m: re.Match[str]) -> str:
            return places[m.group(1)] if m.group(1) in places else m.group(0)

        previous = None
        while previous != template:  # placeholders may use placeholders
            previous, template = template, re.sub(r"\{([A-Z_]+)\}", fill, template)
        return re.compile(template)

    def pattern(entry: dict[str, Any]) -> DatePattern:
        name = entry.get("name", "(no name)")
        try:
            return DatePattern(
                name=entry["name"], regex=build(entry["regex"]), score=float(entry["score"]),
                flagged=bool(entry.get("flagged", False)),
                numeric=bool(entry.get("numeric", False)),
                requires_before=build(entry["requires_before"])
                if "requires_before" in entry else None,
                requires_before_unless_group=entry.get("requires_before_unless_group"),
                examples=tuple((str(a), str(b)) for a, b in entry.get("examples", [])),
                counter_examples=tuple(str(c) for c in entry.get("counter_examples", [])),
            )
        except KeyError as error:
            raise ValueError(f"pattern {name}: missing key {error}") from None
        except (re.error, TypeError, ValueError) as error:
            raise ValueError(f"pattern {name}: {error}") from None

    patterns = tuple(pattern(entry) for entry in data["patterns"])
    names = [p.name for p in patterns]
    if len(set(names)) != len(names):
        raise ValueError("pattern names must be unique")
    return DateRules(
        patterns=patterns,
        month_numbers=month_numbers,
        month_names=full_names,
        two_digit_year_pivot=int(data["two_digit_year_pivot"]),
        parts_of_month=tuple(PartOfMonth(int(p["last_day"]), p["word"], p["template"])
                             for p in data["part_of_month"]),
        not_after=build(data["not_after"]),
        numeric_not_after=build(data["numeric_not_after"]),
        trails=tuple((entry["id"], build(entry["regex"])) for entry in data["trails"]),
        range_joiner=build(data["range_joiner"]),
        range_and_joiner=build(data["range_and_joiner"]),
        range_lead=build(data["range_lead"]),
        dob_before=build(data["dob_before"]),
        dob_month_before=build(data["dob_month_before"]),
        leads=tuple(Lead(entry["id"], build(entry["regex"]), entry["period"], entry["deictic"])
                    for entry in data["leads"]),
        context=build(data["context_regex"]),
        holidays={_holiday_key(name): (int(day), int(month))
                  for name, (day, month) in data.get("holidays", {}).items()},
    )


def _holiday_key(name: str) -> str:
    """How a named day is looked up: lower case, no apostrophes or dots, no final "s"
    ("New Year’s Eve", "New Years Eve" and "New Year Eve" are one; "Hallowe'en" too)."""
    words = re.sub(r"['\u2019.]", "", name.lower()).split()
    return " ".join(word.removesuffix("s") for word in words)


def _all_forms(data: dict[str, Any]) -> list[str]:
    return [form for forms in data["months"].values() for form in forms]

