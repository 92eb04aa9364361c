"""Reading an audit log back: tamper checks, a terminal summary, HTML and CSV reports.

`redactor.audit` is the only writer of the log; this module only reads it. `verify_log`
recomputes the `prev` hash chain and checks the header, the change lines and the footer
against each other (and, when asked, the output file against the footer). The summary and
the reports are for a chair: every change with its place, before -> after and why, flagged
items first. Reports hold the original identifiers, so they are written owner-only.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.atomic import atomic_write_bytes
from redactor.audit.log import AUDIT_FORMAT, CONFIDENTIAL_NOTICE, sha256_file, sha256_text
from redactor.errors import InputError, OutputError
from redactor.io.limits import refuse_non_regular

NO_CONTEXT = "—"
BOM = "\ufeff"
REPORT_FORMATS = ("html", "csv")
CSV_COLUMNS = ("seq", "flagged", "status", "location", "block", "before", "after", "stage",
               "rule", "reason", "score", "person", "context")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # Excel would run these as formulas
_SPAN_MARK = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a log, at a 1-based line (0: the log as a whole)."""

    line: int
    message: str
    about_output: bool = False  # the output file given does not match; the log itself may be fine


@dataclass
class AuditRecords:
    """A log as written: each line's exact text and its parsed record."""

    path: Path
    lines: list[str]
    records: list[dict[str, Any] | None]  # None where a line is not a JSON object

    @property
    def header(self) -> dict[str, Any]:
        return self.records[0] or {}

    @property
    def footer(self) -> dict[str, Any]:
        last = self.records[-1]
        return last if last and last.get("type") == "footer" else {}

    @property
    def changes(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r and r.get("type") == "change"]


def load_records(path: Path | str) -> AuditRecords:
    """Read a log line by line. Raises `InputError` when it cannot be an audit log at all."""
    path = Path(path)
    refuse_non_regular(path)  # a FIFO or /dev/zero would block or never end (issue 18)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "audit log not found") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not an audit log") from None
    except OSError as error:
        raise InputError(path, f"cannot read the audit log ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "not an audit log (not UTF-8 text)") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    if not lines:
        raise InputError(path, "the audit log is empty")
    records = [_parse_line(line) for line in lines]
    if records[0] is None and lines[0].startswith(BOM):  # re-saved by an editor
        records[0] = _parse_line(lines[0][len(BOM):])
    first = records[0]
    if first is None or first.get("type") != "header":
        raise InputError(path, "not a redactor audit log (line 1 is not a header)")
    return AuditRecords(path=path, lines=lines, records=records)


def _parse_line(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


# --- verify ----------------------------------------------------------------------------------


def verify_log(path: Path | str, output: Path | str | None = None) -> list[Problem]:
    """Every problem found in the log (and the output, if given); empty when intact.

    Checks: each line's `prev` is the sha256 of the line before (null on line 1); line 1 is
    a header of our format; change lines have contiguous `seq` from 1; the last line is a
    footer whose input and case equal the header's and whose counts match the change lines;
    with `output`, the file's sha256 equals the footer's. Raises `InputError` when the log
    (or the output) cannot be read.
    """
    log = load_records(path)
    problems = _chain_problems(log) + _structure_problems(log)
    if output is not None:
        problems += _output_problems(log, Path(output))
    return sorted(problems, key=lambda p: p.line)


def chain_head(log: AuditRecords) -> str:
    """The sha256 of the last line: record it elsewhere to detect a rewritten log."""
    return sha256_text(log.lines[-1])


def _chain_problems(log: AuditRecords) -> list[Problem]:
    problems = []
    if log.lines[0].startswith(BOM):
        problems.append(Problem(1, "starts with a byte-order mark: the log was re-saved by an "
                                "editor"))
    if any(line.endswith("\r") for line in log.lines):
        problems.append(Problem(0, "line endings were changed to CRLF: the log was re-saved "
                                "by an editor"))
    previous: str | None = None
    for number, (line, record) in enumerate(zip(log.lines, log.records, strict=True), start=1):
        if record is None:
            problems.append(Problem(number, "not a JSON record (edited or damaged)"))
        elif "prev" not in record:
            problems.append(Problem(number, "has no 'prev' hash"))
        elif record["prev"] != previous:
            where = "line 1 must have prev null" if previous is None else (
                f"'prev' does not match line {number - 1}: line {number - 1} was edited, "
                "or a line was removed or moved here")
            problems.append(Problem(number, where))
        previous = sha256_text(line)
    return problems


def _structure_problems(log: AuditRecords) -> list[Problem]:
    problems = []
    header = log.header
    if header.get("format") != AUDIT_FORMAT:
        problems.append(Problem(1, f"format is {header.get('format')!r}, not {AUDIT_FORMAT!r}"))
    last = len(log.records)
    expected_seq = 1
    for number, record in enumerate(log.records[1:], start=2):
        if record is None:
            continue
        kind = record.get("type")
        if kind == "change":
            if record.get("seq") != expected_seq:
                problems.append(Problem(number, f"seq {record.get('seq')} where {expected_seq} "
                                        "was expected (a change line was removed or moved)"))
            expected_seq = (record["seq"] if isinstance(record.get("seq"), int)
                            else expected_seq) + 1
        elif kind == "footer" and number != last:
            problems.append(Problem(number, "a footer before the end of the log"))
        elif kind not in ("change", "footer"):
            problems.append(Problem(number, f"unexpected record type {kind!r}"))
    footer = log.footer
    if not footer:
        problems.append(Problem(last, "the log ends without a footer (truncated)"))
        return problems
    for key in ("input", "case"):
        if footer.get(key) != header.get(key):
            problems.append(Problem(last, f"footer {key} {footer.get(key)} differs from the "
                                    f"header's {header.get(key)}"))
    counts = dict(Counter(str(c.get("status")) for c in log.changes))
    if footer.get("counts") != counts:
        problems.append(Problem(last, f"footer counts {footer.get('counts')} do not match the "
                                f"change lines {dict(sorted(counts.items()))}"))
    flagged = sum(1 for c in log.changes if c.get("flagged"))
    if footer.get("flagged") != flagged:
        problems.append(Problem(last, f"footer says {footer.get('flagged')} flagged, the change "
                                f"lines have {flagged}"))
    return problems


def _output_problems(log: AuditRecords, output: Path) -> list[Problem]:
    expected = (log.footer.get("output") or {}).get("sha256")
    if not expected:
        return [Problem(len(log.lines), "the footer records no output hash to compare")]
    refuse_non_regular(output)
    try:
        actual = sha256_file(output)
    except OSError as error:
        raise InputError(output, f"cannot read the output ({error.strerror})") from None
    if actual != expected:
        return [Problem(0, f"{output}: sha256 {actual[:12]}… is not the logged output's "
                        f"{expected[:12]}… (a different or edited file)", about_output=True)]
    return []


# --- summary ---------------------------------------------------------------------------------


@dataclass
class PersonSummary:
    """What happened to one person's mentions."""

    person: str
    count: int = 0
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def flagged_first(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes with flagged ones first, each group in log order."""
    return sorted(changes, key=lambda c: (not c.get("flagged"), c.get("seq") or 0))


def people_summary(changes: list[dict[str, Any]]) -> list[PersonSummary]:
    """One entry per case-file person id, in order of first mention."""
    people: dict[str, PersonSummary] = {}
    for change in changes:
        person_id = change.get("person")
        if not person_id:
            continue
        entry = people.setdefault(person_id, PersonSummary(person_id))
        entry.count += 1
        for values, value in ((entry.before, change.get("before")),
                              (entry.after, change.get("after"))):
            if value and value not in values:
                values.append(value)
    return list(people.values())


def summary_text(log: AuditRecords) -> str:
    """The plain-text summary `redactor audit show` prints."""
    header, footer, changes = log.header, log.footer, log.changes
    lines = [f"Audit log: {log.path}", CONFIDENTIAL_NOTICE, ""]
    lines.append(f"Input:   {_path_of(header.get('input'))}")
    lines.append(f"Case:    {_path_of(header.get('case'))}")
    lines.append(f"Output:  {_path_of(footer.get('output')) if footer else '(no footer)'}")
    lines.append(f"Run at:  {header.get('time', '?')} by {_tool(header)}")
    lines.append(f"Model:   {_model(header)}")
    lines.append(f"Changes: {changed_count(changes)} made in the output ({len(changes)} records, "
                 "with the flagged-only, skipped and kept ones)")
    flagged = [c for c in changes if c.get("flagged")]
    lines += ["", f"Flagged for review ({len(flagged)}):"]
    lines += [f"  {_where(c)}: {c.get('before')!r} -> {c.get('after')!r}  "
              f"[{c.get('status')}; {c.get('stage')} {c.get('rule')}; {c.get('reason')}]"
              for c in flagged] or ["  none"]
    lines += ["", "By stage:"] + _count_lines(Counter(str(c.get("stage")) for c in changes))
    lines += ["", "By status:"] + _count_lines(Counter(str(c.get("status")) for c in changes))
    lines += ["", "By person:"]
    lines += [f"  {p.person}  {p.count}  {', '.join(p.before)} -> {', '.join(p.after)}"
              for p in people_summary(changes)] or ["  none"]
    lines += ["", f"Check: {_check(footer)}"]
    for finding in (footer.get("check") or {}).get("findings") or []:
        lines.append(f"  {finding.get('location')}: {finding.get('code')} "
                     f"{finding.get('message')} ({finding.get('severity')})")
    return "\n".join(lines) + "\n"


APPLIED_STATUSES = ("applied", "redacted-by-review")


def changed_count(changes: list[dict[str, Any]]) -> int:
    """Changes that edit the output's text: the number `redact` reports as "changes"."""
    return sum(1 for c in changes
               if c.get("status") in APPLIED_STATUSES and c.get("before") != c.get("after"))


def _count_lines(counts: Counter[str]) -> list[str]:
    if not counts:
        return ["  none"]
    width = max(len(name) for name in counts)
    return [f"  {name.ljust(width)}  {count}" for name, count in sorted(counts.items())]


def _path_of(entry: Any) -> str:
    if not isinstance(entry, dict) or not entry.get("path"):
        return "none"
    digest = entry.get("sha256") or ""
    return f"{entry['path']} (sha256 {digest[:12]}…)" if digest else str(entry["path"])


def _tool(header: dict[str, Any]) -> str:
    tool = header.get("tool") or {}
    return f"{tool.get('name', '?')} {tool.get('version', '')}".strip()


def _model(header: dict[str, Any]) -> str:
    model = header.get("model") or {}
    if not model.get("name"):
        return model.get("note") or "none"
    return f"{model['name']} {model.get('version') or ''}".strip()


def _check(footer: dict[str, Any]) -> str:
    check = footer.get("check") or {}
    if not check:
        return "not recorded"
    return (f"{check.get('result', '?')} ({check.get('errors', 0)} errors, "
            f"{check.get('warnings', 0)} warnings)")


def _where(change: dict[str, Any]) -> str:
    location, block = change.get("location") or "", change.get("block") or ""
    if location and block and location != block:
        return f"{location} ({block})"
    return location or block or "whole document"


def _context(change: dict[str, Any]) -> str:
    context = (change.get("detail") or {}).get("context")
    return context if isinstance(context, str) and context.strip() else NO_CONTEXT


def _why(change: dict[str, Any]) -> str:
    score = change.get("score")
    scored = f", score {score:.2f}" if isinstance(score, int | float) else ""
    review = (change.get("detail") or {}).get("review")
    decided = f"; review: {review}" if review else ""
    return f"{change.get('stage')} {change.get('rule')}{scored}: {change.get('reason')}{decided}"


# --- reports ---------------------------------------------------------------------------------


def default_report_path(log_path: Path, report_format: str) -> Path:
    """`<log stem>.html` / `.csv` beside the log."""
    return log_path.with_name(f"{log_path.stem}.{report_format}")


def report_bytes(log: AuditRecords, report_format: str) -> bytes:
    """The report in `report_format` (html or csv)."""
    if report_format == "html":
        return html_report(log).encode("utf-8")
    if report_format == "csv":
        return csv_report(log)
    raise ValueError(f"unknown report format {report_format!r}")


def write_report(data: bytes, path: Path) -> None:
    """Write a report atomically, owner-only (it holds the original identifiers)."""
    if not path.parent.is_dir():
        raise OutputError(path.parent, "output folder does not exist")
    try:
        atomic_write_bytes(path, data, mode=0o600)
    except OSError as error:
        raise OutputError(path, f"cannot write the report ({error.strerror})") from None


def csv_report(log: AuditRecords) -> bytes:
    """One row per change, flagged first; UTF-8 with a BOM so Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for change in flagged_first(log.changes):
        score = change.get("score")
        row = [change.get("seq"), "yes" if change.get("flagged") else "no",
               change.get("status"), change.get("location") or "", change.get("block") or "",
               change.get("before"), change.get("after"), change.get("stage"),
               change.get("rule"), change.get("reason"), "" if score is None else score,
               change.get("person") or "", _context(change)]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> str:
    """A CSV cell Excel shows as text: a leading = + - @ would otherwise run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #111; }
.confidential { border: 3px solid #b00; color: #b00; font-weight: bold; padding: .5em;
  text-align: center; letter-spacing: .1em; }
.notice { font-size: .9em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.meta dt { font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: .85em; }
th, td { border: 1px solid #999; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #eee; }
tr.flagged td { background: #fff4d6; }
mark { background: #ffe066; font-weight: bold; }
.before { color: #8a0000; } .after { color: #005a00; }
@media print {
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  tr.flagged td { background: none; border-left: 3px solid #000; }
  .confidential { border-color: #000; color: #000; }
}
"""


def html_report(log: AuditRecords) -> str:
    """One self-contained HTML page: inline CSS, no scripts, no external assets."""
    header, footer, changes = log.header, log.footer, log.changes
    esc = html.escape
    flagged = sum(1 for c in changes if c.get("flagged"))
    meta = [("Input", _path_of(header.get("input"))), ("Case file", _path_of(header.get("case"))),
            ("Output", _path_of(footer.get("output")) if footer else "(no footer)"),
            ("Run at", f"{header.get('time', '?')} by {_tool(header)}"),
            ("Model", _model(header)),
            ("Changes", f"{len(changes)} ({flagged} flagged for review)"),
            ("Pre-publication check", _check(footer))]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>CONFIDENTIAL audit report: {esc(log.path.name)}</title>",
        f"<style>{CSS}</style></head><body>",
        '<p class="confidential">CONFIDENTIAL</p>',
        f'<p class="notice">{esc(CONFIDENTIAL_NOTICE)}</p>',
        f"<h1>Redaction audit report: {esc(log.path.name)}</h1>",
        '<dl class="meta">',
        *(f"<dt>{esc(name)}</dt><dd>{esc(value)}</dd>" for name, value in meta),
        "</dl>",
    ]
    findings = (footer.get("check") or {}).get("findings") or []
    if findings:
        parts.append("<h2>Check findings</h2><ul>")
        parts += [f"<li>{esc(str(f.get('location')))}: {esc(str(f.get('code')))} "
                  f"{esc(str(f.get('message')))} ({esc(str(f.get('severity')))})</li>"
                  for f in findings]
        parts.append("</ul>")
    parts += [
        "<h2>Changes (flagged for review first)</h2>",
        "<table><thead><tr><th>#</th><th>Where</th><th>Before</th><th>After</th>"
        "<th>Status</th><th>Why</th><th>Context</th></tr></thead><tbody>",
    ]
    for change in flagged_first(changes):
        css = ' class="flagged"' if change.get("flagged") else ""
        status = str(change.get("status"))
        if change.get("flagged") and status != "flagged":
            status += " (flagged for review)"
        parts.append(
            f"<tr{css}><td>{esc(str(change.get('seq')))}</td><td>{esc(_where(change))}</td>"
            f'<td class="before">{esc(str(change.get("before")))}</td>'
            f'<td class="after">{esc(str(change.get("after")))}</td>'
            f"<td>{esc(status)}</td><td>{esc(_why(change))}</td>"
            f"<td>{_html_context(change)}</td></tr>")
    if not changes:
        parts.append('<tr><td colspan="7">No changes were logged.</td></tr>')
    parts += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(parts)


def _html_context(change: dict[str, Any]) -> str:
    """The context, escaped, with the changed span (`[[...]]`) highlighted."""
    escaped = html.escape(_context(change))
    return _SPAN_MARK.sub(lambda m: f"<mark>{m.group(1)}</mark>", escaped)

