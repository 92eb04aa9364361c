"""Score `redactor redact` on real public DHR prose (benchmarks/realprose/).

For every text in benchmarks/realprose/texts/ (plus the 2016 statutory guidance in
/work/shared/reference/, whose gold is gold/guidance.yaml) this runs

    redactor redact TEXT --out TMPDIR --confidential TMPDIR-CONFIDENTIAL --force

(no case file), reads TMPDIR-CONFIDENTIAL/<stem>.audit.jsonl and compares the changes with the gold
annotation in benchmarks/realprose/gold/<stem>.yaml, which was written by hand and
independently of the tool's code (see benchmarks/realprose/README.md).

Per text and in total it reports:

- words (whitespace-separated tokens);
- changes per 1,000 words (changes with status "applied");
- unwanted changes per 1,000 words: applied changes whose `before` overlaps no private gold
  mention. A change whose `before` is (or contains) a day-precise date is never counted as
  unwanted: changing precise dates is wanted;
- the share of the unwanted changes that were flagged for review;
- private mentions missed: gold mention occurrences that no change overlaps which was
  applied or flagged; broken down by kind in a second table.

Gold mention occurrences are found in the text, not taken from the `count` fields: every
occurrence of each private string (strings of up to 3 characters, such as the labels "X",
"O" or "AA", only as whole tokens), leaving out occurrences that lie inside a keep string
(e.g. "Mark" inside "Mark Hayward" when "Mark" is a pseudonym elsewhere in the text). The
counts in the gold files were produced by the same rule; a mismatch is reported.

Usage:
    python benchmarks/realprose.py [--redactor PATH] [--show-errors] [--show-missed]
                                   [--only SUBSTRING] [--keep-output DIR]
                                   [--set main|heldout|heldout2]

`--set heldout` scores the later, held-out set in benchmarks/realprose/heldout/ (texts/, gold/;
no guidance item) instead of the main set; `--set heldout2` a third set gathered blind in the
fourth session (benchmarks/realprose/heldout2/). Never tune on them (see their READMEs).

Always exits 0 (it is a measurement, not a test).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "realprose"
TEXTS = BENCH / "texts"
GOLD = BENCH / "gold"
GUIDANCE = Path("/work/shared/reference/dhr-statutory-guidance-2016.txt")
VENV_REDACTOR = ROOT / ".venv" / "bin" / "redactor"

# ---------------------------------------------------------------- gold


_ENTRY = re.compile(
    r'^\s*-\s*\{\s*text:\s*("(?:[^"\\]|\\.)*")\s*,\s*kind:\s*([\w-]+)(?:\s*,\s*count:\s*(\d+))?\s*\}'
)


@dataclass
class Gold:
    file: str
    private: list[tuple[str, str, int | None]] = field(default_factory=list)
    keep: list[tuple[str, str]] = field(default_factory=list)


def read_gold(path: Path) -> Gold:
    """Parse the gold YAML (flow-style entries, one per line; no PyYAML needed)."""
    gold = Gold(file="")
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("- {") else line
        if stripped.startswith("file:"):
            gold.file = stripped.split(":", 1)[1].strip()
            continue
        if stripped.startswith("private:"):
            section = "private"
            continue
        if stripped.startswith("keep:"):
            section = "keep"
            continue
        match = _ENTRY.match(line)
        if not match or section is None:
            continue
        text = json.loads(match.group(1))
        kind = match.group(2)
        count = int(match.group(3)) if match.group(3) else None
        if section == "private":
            gold.private.append((text, kind, count))
        else:
            gold.keep.append((text, kind))
    return gold


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence; short strings (<= 3 chars) only as whole tokens."""
    if len(needle) <= 3:
        pattern = r"(?<![A-Za-z0-9])" + re.escape(needle) + r"(?![A-Za-z0-9])"
        return [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    spans = []
    i = text.find(needle)
    while i != -1:
        spans.append((i, i + len(needle)))
        i = text.find(needle, i + len(needle))
    return spans


def gold_mentions(text: str, gold: Gold) -> tuple[list[tuple[int, int, str, str]], list[str]]:
    """(start, end, kind, string) of every private mention, and count-mismatch warnings."""
    keep_spans = [span for keep, _ in gold.keep for span in occurrences(text, keep)]
    mentions = []
    warnings = []
    for string, kind, count in gold.private:
        spans = [
            (a, b)
            for a, b in occurrences(text, string)
            if not any(ka <= a and b <= kb for ka, kb in keep_spans)
        ]
        if count is not None and count != len(spans):
            warnings.append(f"{gold.file}: {string!r} gold count {count}, found {len(spans)}")
        mentions += [(a, b, kind, string) for a, b in spans]
    return mentions, warnings


# ---------------------------------------------------------------- dates

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
DAY_PRECISE_DATE = re.compile(
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b"  # 12th July (2012)
    rf"|\b{_MONTH}\s+{_DAY}\b"  # July 12(th)
    r"|\b[0-3]?\d[/.-][01]?\d[/.-](?:\d{4}|\d{2})\b"  # 13/03/2012
    r"|\b\d{4}-[01]\d-[0-3]\d\b",  # 2012-03-13
    re.IGNORECASE,
)


def is_day_precise_date(before: str) -> bool:
    return bool(DAY_PRECISE_DATE.search(before))


# ---------------------------------------------------------------- running the tool


def find_redactor(explicit: str | None) -> str:
    if explicit:
        return explicit
    on_path = shutil.which("redactor")
    if on_path:
        return on_path
    return str(VENV_REDACTOR)


def run_redactor(redactor: str, source: Path, out_dir: Path) -> tuple[Path | None, str]:
    proc = subprocess.run(
        [redactor, "redact", str(source), "--out", str(out_dir), "--confidential",
         str(out_dir.parent / f"{out_dir.name}-CONFIDENTIAL"), "--force"],
        capture_output=True,
        text=True,
    )
    audit = out_dir.parent / f"{out_dir.name}-CONFIDENTIAL" / f"{source.stem}.audit.jsonl"
    if not audit.exists():
        return None, (proc.stderr or proc.stdout).strip()[-400:]
    return audit, ""


def read_changes(audit: Path) -> list[dict]:
    with open(audit, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if r.get("type") == "change"]


# ---------------------------------------------------------------- locating changes


def line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def locate(change: dict, text: str, starts: list[int]) -> tuple[int, int] | None:
    """Text offsets of a change: block start line + in-block offset, checked against `before`;
    otherwise the occurrence of `before` nearest to that estimate."""
    before = change.get("before") or ""
    estimate = None
    match = re.search(r"line (\d+)", str(change.get("location") or ""))
    if match and change.get("start") is not None:
        line = int(match.group(1)) - 1
        if 0 <= line < len(starts):
            estimate = starts[line] + int(change["start"])
            if before and text[estimate : estimate + len(before)] == before:
                return estimate, estimate + len(before)
    if not before:
        return None
    spans = (
        occurrences(text, before)
        if len(before) > 3
        else [(m.start(), m.end()) for m in re.finditer(re.escape(before), text)]
    )
    if not spans:
        # whitespace may differ (lines joined): match with flexible whitespace
        pattern = r"\s+".join(re.escape(part) for part in before.split())
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, text)] if pattern else []
    if not spans:
        return None
    if estimate is None:
        return spans[0]
    return min(spans, key=lambda s: abs(s[0] - estimate))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    name: str
    words: int = 0
    applied: int = 0
    unwanted: int = 0
    unwanted_flagged: int = 0
    date_changes: int = 0
    mentions: int = 0
    missed: int = 0
    keep_hits: int = 0
    unlocated: int = 0
    error: str = ""
    missed_by_kind: Counter = field(default_factory=Counter)
    mentions_by_kind: Counter = field(default_factory=Counter)
    unwanted_list: list[tuple[str, str, str, bool]] = field(default_factory=list)
    missed_list: list[tuple[str, str, int]] = field(default_factory=list)


def score_text(name: str, text: str, gold: Gold, changes: list[dict]) -> Score:
    score = Score(name=name, words=len(text.split()))
    mentions, _ = gold_mentions(text, gold)
    keep_spans = [span for keep, _ in gold.keep for span in occurrences(text, keep)]
    starts = line_starts(text)
    located = []
    for change in changes:
        span = locate(change, text, starts)
        if span is None:
            score.unlocated += 1
        located.append((change, span))

    for change, span in located:
        if change.get("status") != "applied":
            continue
        score.applied += 1
        before = change.get("before") or ""
        hits_private = span is not None and any(overlaps(span, (a, b)) for a, b, _, _ in mentions)
        if hits_private:
            continue
        if is_day_precise_date(before):
            score.date_changes += 1
            continue
        score.unwanted += 1
        flagged = bool(change.get("flagged"))
        score.unwanted_flagged += flagged
        score.unwanted_list.append(
            (before, change.get("after") or "", change.get("rule") or "", flagged)
        )
        if span is not None and any(overlaps(span, k) for k in keep_spans):
            score.keep_hits += 1

    caught_spans = [
        span
        for change, span in located
        if span is not None and (change.get("status") == "applied" or change.get("flagged"))
    ]
    for a, b, kind, string in mentions:
        score.mentions += 1
        score.mentions_by_kind[kind] += 1
        if not any(overlaps((a, b), s) for s in caught_spans):
            score.missed += 1
            score.missed_by_kind[kind] += 1
            score.missed_list.append((string, kind, a))
    return score


def per_k(n: int, words: int) -> str:
    return f"{1000 * n / words:.1f}" if words else "-"


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "-"


#: Kinds of text in the main set, by file number (see benchmarks/realprose/README.md).
GROUPS = (("DHR reports, summaries, QA letters, CSP lists (001–034, 055)",
           frozenset(range(1, 35)) | {55}),
          ("other public pages (035–054, 056–058)", frozenset(range(35, 59)) - {55}))


def summed(name: str, scores: list[Score]) -> Score:
    """One row adding up `scores` (texts that could not be scored are left out)."""
    total = Score(name=name)
    for s in scores:
        if s.error:
            continue
        total.words += s.words
        total.applied += s.applied
        total.unwanted += s.unwanted
        total.unwanted_flagged += s.unwanted_flagged
        total.keep_hits += s.keep_hits
        total.mentions += s.mentions
        total.missed += s.missed
        total.date_changes += s.date_changes
    return total


def table(scores: list[Score], groups: tuple[tuple[str, frozenset[int]], ...] = ()) -> str:
    head = (
        "| text | words | changes/1k | unwanted/1k | unwanted flagged | keep strings hit "
        "| private mentions | missed | recall |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [head]

    def row(s: Score, bold: bool = False) -> str:
        name = f"**{s.name}**" if bold else s.name
        if s.error:
            return f"| {name} | {s.words} | error: {s.error[:60]} | | | | | | |"
        return (
            f"| {name} | {s.words} | {per_k(s.applied, s.words)} | {per_k(s.unwanted, s.words)} "
            f"| {pct(s.unwanted_flagged, s.unwanted)} | {s.keep_hits} | {s.mentions} | {s.missed} "
            f"| {pct(s.mentions - s.missed, s.mentions)} |"
        )

    for s in scores:
        rows.append(row(s))
    texts = [s for s in scores if s.name != "guidance"]
    for name, numbers in groups:
        group = [s for s in texts if s.name[:3].isdigit() and int(s.name[:3]) in numbers]
        if group and len(group) < len(texts):
            rows.append(row(summed(name, group), bold=True))
    rows.append(row(summed("TOTAL (texts)", texts), bold=True))
    everything = summed("TOTAL (+ guidance)", scores)
    rows.append(row(everything, bold=True))
    return "\n".join(rows)


def kind_table(scores: list[Score]) -> str:
    mentions: Counter = Counter()
    missed: Counter = Counter()
    for s in scores:
        mentions.update(s.mentions_by_kind)
        missed.update(s.missed_by_kind)
    rows = ["| private kind | mentions | missed | recall |", "|---|---:|---:|---:|"]
    for kind in sorted(mentions):
        rows.append(
            f"| {kind} | {mentions[kind]} | {missed[kind]} | "
            f"{pct(mentions[kind] - missed[kind], mentions[kind])} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--redactor", help="redactor executable (default: on PATH, else .venv/bin/redactor)"
    )
    parser.add_argument("--show-errors", action="store_true", help="list the unwanted changes")
    parser.add_argument(
        "--show-missed", action="store_true", help="list the missed private mentions"
    )
    parser.add_argument("--only", help="score only texts whose name contains this")
    parser.add_argument(
        "--no-guidance", action="store_true", help="leave out the statutory guidance item"
    )
    parser.add_argument("--keep-output", help="write the tool's outputs here instead of a temp dir")
    parser.add_argument(
        "--set",
        choices=("main", "heldout", "heldout2"),
        default="main",
        help="main: benchmarks/realprose/ (+ guidance); "
        "heldout, heldout2: benchmarks/realprose/<set>/ (no guidance)",
    )
    args = parser.parse_args(argv)
    texts_dir, gold_dir = (
        (TEXTS, GOLD)
        if args.set == "main"
        else (BENCH / args.set / "texts", BENCH / args.set / "gold")
    )

    redactor = find_redactor(args.redactor)
    items: list[tuple[str, Path, Path]] = []
    for path in sorted(texts_dir.glob("*.txt")):
        items.append((path.stem, path, gold_dir / f"{path.stem}.yaml"))
    if args.set == "main" and not args.no_guidance and GUIDANCE.exists():
        items.append(("guidance", GUIDANCE, GOLD / "guidance.yaml"))
    if args.only:
        items = [item for item in items if args.only in item[0]]

    out_root = (
        Path(args.keep_output) if args.keep_output else Path(tempfile.mkdtemp(prefix="realprose-"))
    )
    out_root.mkdir(parents=True, exist_ok=True)
    scores: list[Score] = []
    warnings: list[str] = []
    for name, source, gold_path in items:
        text = source.read_text(encoding="utf-8")
        if not gold_path.exists():
            warnings.append(f"{name}: no gold file {gold_path}")
            continue
        gold = read_gold(gold_path)
        gold.file = gold.file or source.name
        _, mismatch = gold_mentions(text, gold)
        warnings += mismatch
        out_dir = out_root / name
        out_dir.mkdir(parents=True, exist_ok=True)
        audit, error = run_redactor(redactor, source, out_dir)
        if audit is None:
            scores.append(Score(name=name, words=len(text.split()), error=error or "no audit log"))
            continue
        score = score_text(name, text, gold, read_changes(audit))
        scores.append(score)
        print(f"  scored {name}", file=sys.stderr)

    print(f"redactor: {redactor}\n")
    print(table(scores, GROUPS if args.set == "main" else ()))
    print()
    print(kind_table(scores))
    dates = sum(s.date_changes for s in scores)
    unlocated = sum(s.unlocated for s in scores)
    print(
        "\nChanges to day-precise dates outside the gold (counted as wanted, not unwanted): "
        f"{dates}."
        f" Changes that could not be placed in the text: {unlocated}."
    )
    if warnings:
        print("\nWarnings:")
        for w in warnings:
            print(f"- {w}")
    if args.show_errors:
        print("\n## Unwanted changes\n")
        for s in scores:
            if not s.unwanted_list:
                continue
            print(f"### {s.name}")
            for before, after, rule, flagged in s.unwanted_list:
                mark = " [flagged]" if flagged else ""
                print(f"- {before!r} → {after!r} ({rule}){mark}")
    if args.show_missed:
        print("\n## Missed private mentions\n")
        for s in scores:
            if not s.missed_list:
                continue
            items_text = ", ".join(
                f"{string!r} ({kind}) @{pos}" for string, kind, pos in s.missed_list
            )
            print(f"- {s.name}: {items_text}")
    if not args.keep_output:
        shutil.rmtree(out_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
