"""Date precision: every day-precise date becomes a month, part of a month or a year.

The precision is the run's (`RunOptions.date_precision`) or else the case file's; dates of
birth have their own (`dob_precision`, default year). At `day` nothing changes.

Grammar travels with the date: "On 14 March 2019 she…" -> "In March 2019 she…"; a weekday
goes with its day; a range in one month becomes that month ("between 3 and 7 March" ->
"in March"); a range across months keeps both ("March to April 2019"). A time of day attached
to a date is dropped with the day ("at 22:15 on 14 March" -> "in March"): a time plus a month
still points at one moment. "The 14th" takes its month from the most recent date (or "March
2019") before it, across blocks in document order, so a chronology table's rows give context;
with none it becomes "that month" and is flagged. A sentence-initial capital is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from redactor.detect.dates import (
    DateMatch,
    DateRules,
    Lead,
    find_dates,
    find_month_year_births,
    find_month_years,
    load_rules,
)
from redactor.model import Block, Change, Entity
from redactor.stages import StageContext

NAME = "dates"
DOB_LABEL = "DATE_OF_BIRTH"  # detection's date-of-birth findings mark a date as a DOB too
SENTENCE_END = (".", "!", "?", ":", ";", "\n")


@dataclass
class MonthContext:
    """The month (and year) a bare "the 14th" refers to: the latest one the text named."""

    month: int | None = None
    year: int | None = None

    def update(self, month: int | None, year: int | None) -> None:
        if month is not None:
            self.month = month
            self.year = year if year is not None else self.year


@dataclass(frozen=True)
class Rendering:
    """What a date becomes. `deictic` phrases ("that month") drop a leading "on"."""

    phrase: str
    deictic: bool = False
    flagged: bool = False
    context: str | None = None  # "2019-03" when the month came from earlier text


def propose(ctx: StageContext) -> list[Change]:
    """One change per day-precise date not at the run's precision and not in a keep span.

    Unsure dates are flagged and reduced, or only flagged when `redact_flagged` is off.
    """
    rules = load_rules()
    precision = ctx.options.date_precision or ctx.case.date_precision
    dob_precision = ctx.options.dob_precision or ctx.case.dob_precision
    context = MonthContext()
    changes: list[Change] = []
    kept_in = _by_block(ctx.kept)
    births_in = _by_block(e for e in ctx.entities if e.label == DOB_LABEL)
    for block in ctx.document.blocks:
        kept = kept_in.get(block.id, [])
        births = births_in.get(block.id, [])
        mentions = find_month_years(block.text, rules)
        matches = [replace(m, dob=True) if not m.dob and _overlaps(m, births) else m
                   for m in find_dates(block.text, rules)]
        floor = 0  # a lead may not reach back into the previous change
        for index, match in enumerate(matches):
            ceiling = matches[index + 1].start if index + 1 < len(matches) else len(block.text)
            for _, month, year in [m for m in mentions if m[0] < match.start]:
                context.update(month, year)
            mentions = [m for m in mentions if m[0] >= match.start]
            run_precision = dob_precision if match.dob else precision
            if run_precision != "day":
                change = _change(block, match, run_precision, context, rules, (floor, ceiling))
                if change.flagged and not ctx.options.redact_flagged:
                    change.status = "flagged"  # proposed for review, not applied
                if not _overlaps(change, kept):
                    changes.append(change)
                    floor = change.end
            if not match.dob:
                if match.is_range:
                    context.update(match.end_month, match.end_year)
                else:
                    context.update(match.month, match.year)
        for _, month, year in mentions:
            context.update(month, year)
        if dob_precision == "year":
            here = [c for c in changes if c.block_id == block.id]
            changes += [change for change in _month_year_births(block, rules)
                        if not _overlaps(change, kept) and not _overlaps(change, here)]
    return changes


def _month_year_births(block: Block, rules: DateRules) -> list[Change]:
    """"born in May 1988" -> "born in 1988": a month of birth is identifying too."""
    return [Change(block_id=block.id, start=start, end=end, before=block.text[start:end],
                   after=str(year), stage=NAME, rule="date.dob-month-year.v1",
                   reason="date of birth reduced to year precision", location=block.location,
                   detail={"parsed": f"{year}", "precision": "year"})
            for start, end, year in find_month_year_births(block.text, rules)]


def _by_block(entities: Iterable[Entity]) -> dict[str, list[Entity]]:
    """Block id -> its entities, in their order (one pass, not one per block)."""
    grouped: dict[str, list[Entity]] = {}
    for entity in entities:
        grouped.setdefault(entity.block_id, []).append(entity)
    return grouped


def _change(
    block: Block, match: DateMatch, precision: str, context: MonthContext, rules: DateRules,
    bounds: tuple[int, int],
) -> Change:
    """The change for one date, widened to its lead and trails within `bounds`."""
    text = block.text
    floor, ceiling = bounds
    rendering = render(match, precision, context, rules)
    start, end = match.start, match.end
    trails = []
    for trail_id, trail in rules.trails:
        trail_match = trail.match(text, end, ceiling)
        if trail_match:
            end = trail_match.end()
            trails.append(trail_id)
    lead, lead_start = _lead(text, match, rules, floor)
    after = rendering.phrase
    if lead is not None:
        start = lead_start
        after = (lead.deictic if rendering.deictic else lead.period) + after
    if text[start:start + 1].isupper() and (lead or match.lead or _starts_sentence(text, start)):
        after = after[:1].upper() + after[1:]  # "On"/"Between" start a sentence; "Tuesday" may not
    kind = "date of birth" if match.dob else "day-precise date"
    detail = {"parsed": match.parsed(), "precision": precision}
    if rendering.context:
        detail["month_from_context"] = rendering.context
    if lead is not None:
        detail["lead"] = lead.id
    if trails:
        detail["trails"] = trails
    if "trail.time.v1" in trails or (lead is not None and lead.id == "lead.time-on.v1"):
        detail["time_dropped"] = True
    return Change(
        block_id=block.id, start=start, end=end, before=text[start:end], after=after,
        stage=NAME, rule=match.rule, reason=f"{kind} reduced to {precision} precision",
        score=match.score, flagged=match.flagged or rendering.flagged, location=block.location,
        detail=detail,
    )


def render(match: DateMatch, precision: str, context: MonthContext, rules: DateRules) -> Rendering:
    """The words that replace `match` at `precision` ("month", "part-of-month" or "year")."""
    if match.month is None:
        return _render_day_of_month(match, precision, context, rules)
    if match.is_range:
        return _render_range(match, precision, rules)
    if precision == "year" and match.year is None:
        if match.dob:  # "born on 2 May": no year to keep; the month is all that is left
            return Rendering(rules.month_names[match.month], flagged=True)
        return Rendering("that year", deictic=True)
    return Rendering(_period(match.day, match.month, match.year, precision, rules))


def _render_day_of_month(
    match: DateMatch, precision: str, context: MonthContext, rules: DateRules
) -> Rendering:
    """ "the 14th", "Tuesday 14th": the month is the context's, named without its year."""
    if match.is_range and match.end_day is not None and match.end_day <= match.day:
        return Rendering(f"that {'year' if precision == 'year' else 'month'}", deictic=True,
                         flagged=True)  # "the 28th to the 3rd": across a month end
    if match.that_month or context.month is None:
        unit = "year" if precision == "year" else "month"
        return Rendering(f"that {unit}", deictic=True, flagged=True)
    where = f"{context.year or '????'}-{context.month:02d}"
    if precision == "year":
        if context.year is None:
            return Rendering("that year", deictic=True, flagged=True, context=where)
        return Rendering(f"in {context.year}" if match.lead else str(context.year), context=where)
    phrase = _period(match.day, context.month, None, precision, rules)
    if match.is_range and precision == "part-of-month":
        phrase = _render_range(DateMatch(**{**match.__dict__, "month": context.month,
                                            "end_month": context.month, "lead": None}),
                               precision, rules).phrase
    if match.lead:  # "from the 3rd to the 7th" -> "in March"
        phrase = f"in {phrase}"
    return Rendering(phrase, context=where)


def _render_range(match: DateMatch, precision: str, rules: DateRules) -> Rendering:
    first_year = None if match.year == match.end_year else match.year
    assert match.month is not None and match.end_month is not None and match.end_day is not None
    if precision == "year":
        if match.year is None or match.end_year is None:
            return Rendering("that year", deictic=True)
        first, last = str(match.year), str(match.end_year)
    elif match.month == match.end_month and match.year == match.end_year:
        if precision == "month":
            first = last = _period(match.day, match.month, match.year, precision, rules)
        else:
            part, end_part = rules.part_of_month(match.day), rules.part_of_month(match.end_day)
            last = _period(match.end_day, match.month, match.year, precision, rules)
            first = last if part == end_part else part.word
    else:
        first = _period(match.day, match.month, first_year, precision, rules)
        last = _period(match.end_day, match.end_month, match.end_year, precision, rules)
    if first == last:
        return Rendering(f"in {first}" if match.lead else first)
    if match.lead == "between":
        return Rendering(f"between {first} and {last}")
    if match.lead == "from":
        return Rendering(f"from {first} to {last}")
    return Rendering(f"{first} to {last}")


def _period(day: int, month: int, year: int | None, precision: str, rules: DateRules) -> str:
    """ "March 2019", "mid-March 2019" or "2019" (the year left out when unknown)."""
    if precision == "year" and year is not None:
        return str(year)
    name = rules.month_names[month]
    if precision == "part-of-month":
        name = rules.part_of_month(day).template.format(month=name)
    return f"{name} {year}" if year is not None else name


def _lead(text: str, match: DateMatch, rules: DateRules, floor: int) -> tuple[Lead | None, int]:
    """The first lead ("on", "at 22:15 on", "born") just before the date, and its start."""
    if match.lead:  # "between"/"from" already inside the match
        return None, match.start
    for lead in rules.leads:
        found = lead.regex.search(text, floor, match.start)
        if found:
            return lead, found.start()
    return None, match.start


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'‘“(")
    return not before or before.endswith(SENTENCE_END)


def _overlaps(span: Change | DateMatch, entities: Sequence[Entity | Change]) -> bool:
    return any(span.start < e.end and e.start < span.end for e in entities)
