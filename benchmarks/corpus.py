"""The whole system measured on the corpus: every draft with a `<stem>.gold.yaml` beside it.

For each draft, `redactor redact` runs end to end (`redactor.batch.run_batch`, the folder's
`case.yaml`, tracked changes accepted, into a temporary folder) and the output is read back
(DOCX: the text of every XML part via zipfile; text and Markdown as they are). Against the
gold (corpus/README.md) it counts what is left:

- listed people's mentions, and unlisted people's mentions (a surviving word that is the
  pseudonym given to *another* person is counted as a collision, not a leak);
- identifiers by type; day-precise dates, and dates whose month (and year) were kept (for
  a date of birth, `dob: true`, its year);
- children's gendered words (only those in the gold's `contexts`), located in the draft's
  blocks and counted as changed when an applied change in the audit log covers them; the
  gendered words of `not_children` changed by the gender stage are counted as over-changes;
- keep terms lost; and the output's self-check result (the audit log's footer);
- unmatched changes (over-redaction to review): applied changes whose text is no gold
  person, identifier or date, and gender-stage changes on no gold child's word (the gold
  contexts need not list every reference, so these ask for a look rather than prove a bug).

Then `redactor check` (`redactor.checks.check_report`) runs on each UNREDACTED draft with
its case file, and recall per check family is the share of gold items a finding points at
(by text): LEAK (listed people's mention forms, `redact` terms), PII (identifiers, unlisted
people's mention forms), DATE (day-precise dates), CHILD (children's gendered words, counted
per word, since a finding only shows the word).

All matching is case-sensitive, whole-word and whitespace-tolerant ("Will" is not "will";
a line break counts as a space); overlapping gold strings count once (the longest).

    python benchmarks/corpus.py [--no-model] [--show N]

A measurement, not a test: it prints the tables and exits 0 (tests/test_corpus_benchmark.py
holds the thresholds).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from redactor.audit.log import read_log
from redactor.batch import Job, run_batch
from redactor.case import Case, load_case
from redactor.checks import check_report
from redactor.detect.engine import Detector
from redactor.io import read_document
from redactor.model import Document
from redactor.options import RunOptions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FAMILIES = ("LEAK", "PII", "DATE", "CHILD")
STAGES = ("pseudonyms", "identifiers", "dates", "gender")  # redactor.pipeline.STAGES
AGREEMENT_RULE = "gender.agreement.v1"  # 'she is' -> 'they are': follows a pronoun change
# Gendered words looked for in `not_children` contexts (about adults: must stay).
ADULT_GENDERED = frozenset((
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "son", "daughter", "boy",
    "girl", "brother", "sister", "father", "mother", "stepfather", "stepmother", "grandmother",
    "grandfather", "grandson", "granddaughter", "husband", "wife", "man", "woman"))


@dataclass(frozen=True)
class Draft:
    """One corpus draft with its gold annotations and case file."""

    name: str  # e.g. "westmere/draft.txt"
    path: Path
    case_path: Path
    gold: dict[str, Any]


@dataclass
class Tally:
    """`count` of `total` (left, lost or hit, as the column says), with examples."""

    count: int = 0
    total: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, count: int, total: int, example: str | None = None) -> None:
        self.count += count
        self.total += total
        if example is not None and count:
            self.examples.append(example)

    def merge(self, other: Tally) -> None:
        self.add(other.count, other.total)
        self.examples += other.examples

    def __str__(self) -> str:
        return f"{self.count}/{self.total}"


@dataclass
class Measure:
    """What one draft's redaction left behind, and the check's recall on the draft."""

    name: str
    listed: Tally = field(default_factory=Tally)  # left / total
    collisions: Tally = field(default_factory=Tally)  # another person's pseudonym / left
    unlisted: Tally = field(default_factory=Tally)
    identifiers: dict[str, Tally] = field(default_factory=dict)
    dates: Tally = field(default_factory=Tally)  # day-precise left / total
    month_kept: Tally = field(default_factory=Tally)  # kept / total
    children: Tally = field(default_factory=Tally)  # left / total
    adults_changed: Tally = field(default_factory=Tally)  # changed / total
    keep_lost: Tally = field(default_factory=Tally)
    unmatched: Tally = field(default_factory=Tally)  # changes matching no gold / applied
    self_check: str = "-"
    recall: dict[str, Tally] = field(default_factory=dict)  # hit / total
    error: str | None = None

    @property
    def identifiers_total(self) -> Tally:
        total = Tally()
        for tally in self.identifiers.values():
            total.merge(tally)
        return total


# -- reading the corpus and the outputs ------------------------------------------------------

def discover(corpus: Path = CORPUS) -> list[Draft]:
    """Every draft in `corpus/*/` with a `<stem>.gold.yaml` and a `case.yaml` beside it."""
    drafts = []
    for gold_path in sorted(corpus.glob("*/*.gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        folder = gold_path.parent
        drafts.append(Draft(name=f"{folder.name}/{gold['document']}",
                            path=folder / gold["document"],
                            case_path=folder / gold.get("case", "case.yaml"), gold=gold))
    return drafts


def normalise(text: str) -> str:
    """Every run of white space as one space (a line break in the source is a space)."""
    return re.sub(r"\s+", " ", text)


def text_once(document: Document) -> str:
    """The draft's text with a PDF's running header and footer once (the output's header
    and footer show them on every page)."""
    first: dict[str, int | None] = {}
    return "\n\n".join(b.text for b in document.blocks if b.part not in ("header", "footer")
                       or first.setdefault(b.part, b.page) == b.page)


def output_text(path: Path) -> str:
    """All text of an output: each paragraph of each DOCX part, or the text file's text."""
    if path.suffix.lower() != ".docx":
        return path.read_text(encoding="utf-8")
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(name))
            if name.startswith("word/"):
                for paragraph in root.iter("{*}p"):
                    found.append("".join(t.text or "" for t in paragraph.iter(
                        "{*}t", "{*}delText", "{*}instrText")))
            else:
                found += [e.text for e in root.iter() if isinstance(e.tag, str) and e.text]
    return "\n".join(found)


def phrase(text: str) -> re.Pattern[str]:
    """`text` as a whole-word, case-sensitive pattern that lets any white space stand for a
    space."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, text.split())) + r"(?!\w)")


def spans(text: str, items: Iterable[tuple[Any, str]],
          exclude: list[tuple[int, int]] = ()) -> list[tuple[Any, int, int]]:
    """(key, start, end) of each gold string in `text`; overlaps go to the longest (then
    earliest) match; matches inside an `exclude` span (a keep term) are not counted."""
    found = [(key, m.start(), m.end()) for key, item in items
             for m in phrase(item).finditer(text)]
    found.sort(key=lambda f: (-(f[2] - f[1]), f[1]))
    taken: list[tuple[Any, int, int]] = []
    for key, start, end in found:
        if any(s < end and start < e for _, s, e in taken):
            continue
        if any(s <= start and end <= e for s, e in exclude):
            continue
        taken.append((key, start, end))
    return sorted(taken, key=lambda f: f[1])


def keep_spans(text: str, keep: list[str]) -> list[tuple[int, int]]:
    return [(s, e) for _, s, e in spans(text, [(k, k) for k in keep])]


# -- redaction -------------------------------------------------------------------------------

@dataclass
class Redaction:
    """One draft's redacted text, audit records and self-check (or the error)."""

    text: str = ""
    audit: list[dict[str, Any]] = field(default_factory=list)
    check: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def redact_all(drafts: list[Draft], use_model: bool, out_dir: Path) -> dict[str, Redaction]:
    """Redact every draft end to end through `run_batch` (one process, one model load)."""
    options = RunOptions(use_model=use_model, accept_changes=True, force=True)
    cases: dict[str, Case] = {}
    jobs = []
    for index, draft in enumerate(drafts):
        cases.setdefault(str(draft.case_path), load_case(draft.case_path))
        target = out_dir / str(index)
        target.mkdir(parents=True, exist_ok=True)
        jobs.append(Job(index=index, input=draft.path, case_key=str(draft.case_path),
                        out_dir=target))
    redactions = {}
    for draft, result in zip(drafts, run_batch(jobs, cases, options, workers=1), strict=True):
        if result.error or result.output is None or result.audit is None:
            redactions[draft.name] = Redaction(error=result.error or "no output")
            continue
        records = read_log(result.audit)
        redactions[draft.name] = Redaction(
            text=normalise(output_text(result.output)),
            audit=[r for r in records if r.get("type") == "change"], check=result.check)
    return redactions


def applied(audit: list[dict[str, Any]], stage: str | None = None) -> list[dict[str, Any]]:
    return [r for r in audit if r.get("status") in ("applied", "redacted-by-review")
            and (stage is None or r.get("stage") == stage)]


def measure_people(draft_text: str, output: str, people: list[dict[str, Any]], keep: list[str],
                   audit: list[dict[str, Any]], left: Tally, collisions: Tally) -> None:
    """Mentions per person in the draft vs the output (whole words, keep terms excluded).

    A surviving mention that is (part of) the pseudonym given to another person is a
    collision; the number of such occurrences is bounded by what the pseudonym stage wrote.
    """
    pseudonyms = applied(audit, "pseudonyms")
    for person in people:
        key = person.get("id", person.get("name"))
        items = [(mention, mention) for mention in person["mentions"]]
        total = spans(draft_text, items, keep_spans(draft_text, keep))
        found = Counter(k for k, _, _ in spans(output, items, keep_spans(output, keep)))
        for mention, count in found.items():
            written = sum(len(phrase(mention).findall(r["after"])) for r in pseudonyms
                          if r.get("person") != key)
            collision = min(count, written)
            collisions.add(collision, 0, f"{key}: {mention!r} x{collision} "
                           "(another person's pseudonym)")
            left.add(count - collision, 0, f"{key}: {mention!r} x{count - collision}")
        left.total += len(total)


def measure_strings(draft_text: str, output: str, items: list[tuple[Any, str]]
                    ) -> dict[Any, Tally]:
    """Per key: occurrences left in the output / occurrences in the draft."""
    tallies: dict[Any, Tally] = {}
    before = Counter(k for k, _, _ in spans(draft_text, items))
    after = Counter(k for k, _, _ in spans(output, items))
    for key, count in before.items():
        tallies.setdefault(key, Tally()).add(0, count)
    for key, count in after.items():
        tallies.setdefault(key, Tally()).add(count, 0, f"{key!r} x{count}")
    return tallies


def measure_month_kept(gold_dates: list[dict[str, Any]], draft_text: str,
                       audit: list[dict[str, Any]]) -> Tally:
    """Day-precise dates whose applied date change kept the gold month (and year)."""
    tally = Tally()
    items = [(index, d["text"]) for index, d in enumerate(gold_dates)]
    counts = Counter(k for k, _, _ in spans(draft_text, items))
    unused = list(applied(audit, "dates"))
    for index in sorted(counts, key=lambda i: -len(gold_dates[i]["text"])):
        gold = gold_dates[index]
        text, month = normalise(gold["text"]), gold["month_year"]
        if gold.get("dob"):  # a date of birth keeps its year only (dob_precision: year)
            month = month.split()[-1]
        kept = 0
        for record in list(unused):
            before = normalise(record["before"])
            if kept < counts[index] and (before in text or text in before) \
                    and phrase(month).search(record["after"]):
                kept += 1
                unused.remove(record)
        tally.add(kept, counts[index])
        if kept < counts[index]:
            tally.examples.append(f"{gold['text']!r} -> month {month!r} not kept")
    return tally


def word_spans(document: Document, context: str, words: set[str]
               ) -> list[tuple[str, int, int, str]] | None:
    """(block id, start, end, word) of each of `words` inside `context` in the draft's
    blocks; None when the context is not in any single block."""
    pattern = phrase(context)
    for block in document.blocks:
        match = pattern.search(block.text)
        if match:
            return [(block.id, match.start() + w.start(), match.start() + w.end(), w.group())
                    for w in re.finditer(r"\w+", match.group()) if w.group() in words]
    return None


def covered(audit: list[dict[str, Any]], block: str, start: int, end: int) -> bool:
    return any(r.get("block") == block and r["start"] <= start and end <= r["end"]
               for r in audit)


def measure_children(document: Document, gold: dict[str, Any], audit: list[dict[str, Any]],
                     children: Tally, adults: Tally) -> list[tuple[str, int, int]]:
    """Gold children's gendered words not changed; adults' gendered words the gender stage
    changed (`not_children`). Returns where the gold children's words are."""
    changes = applied(audit)
    child_words = []
    for child in gold.get("children", []):
        for context in child["contexts"]:
            found = word_spans(document, context, set(child["gendered"]))
            if found is None:
                children.examples.append(f"{child['id']}: context not found: {context!r}")
                continue
            for block, start, end, word in found:
                left = not covered(changes, block, start, end)
                children.add(int(left), 1, f"{child['id']}: {word!r} in {context!r}")
                child_words.append((block, start, end))
    gender = applied(audit, "gender")
    for context in gold.get("not_children", []):
        words = {w for w in re.findall(r"\w+", context) if w.lower() in ADULT_GENDERED}
        for block, start, end, word in word_spans(document, context, words) or []:
            changed = covered(gender, block, start, end)
            adults.add(int(changed), 1, f"{word!r} in {context!r}")
    return child_words


_LEAD = re.compile(r"^(?:on|in|the|of)\s+", re.IGNORECASE)


def measure_unmatched(gold: dict[str, Any], audit: list[dict[str, Any]],
                      child_words: list[tuple[str, int, int]]) -> Tally:
    """Applied changes that match no gold item: over-redaction candidates."""
    items = [m for p in gold["people"] + gold.get("unlisted_people", []) for m in p["mentions"]]
    items += [i["text"] for i in gold["identifiers"]] + [d["text"] for d in gold["dates"]]
    items = [_bare(i) for i in items]
    tally = Tally()
    for record in applied(audit):
        if record.get("stage") not in STAGES or record.get("rule") == AGREEMENT_RULE:
            continue  # what a reader scrubbed (properties, comments), or a verb made to agree
        if record.get("stage") == "gender":
            hit = any(record["block"] == b and s < record["end"] and record["start"] < e
                      for b, s, e in child_words)
        else:
            before = _bare(_LEAD.sub("", normalise(record["before"]).strip()))
            hit = any(phrase(before).search(item) or phrase(item).search(before)
                      for item in items if before)
        tally.add(int(not hit), 1, f"{record['before']!r} -> {record['after']!r} "
                  f"({record.get('rule')})")
    return tally


def measure_output(draft: Draft, redaction: Redaction, document: Document) -> Measure:
    """Everything the redaction of one draft left behind (see the module docstring)."""
    measure = Measure(name=draft.name)
    if redaction.error:
        measure.error = redaction.error
        return measure
    gold, output = draft.gold, redaction.text
    draft_text = normalise(text_once(document))
    keep = gold["keep"]
    measure_people(draft_text, output, gold["people"], keep, redaction.audit,
                   measure.listed, measure.collisions)
    measure_people(draft_text, output, gold.get("unlisted_people", []), keep, redaction.audit,
                   measure.unlisted, measure.collisions)
    by_type = measure_strings(draft_text, output,
                              [((i["type"], i["text"]), i["text"]) for i in gold["identifiers"]])
    for (kind, _), tally in by_type.items():
        measure.identifiers.setdefault(kind, Tally()).merge(tally)
    for tally in measure_strings(draft_text, output,
                                 [(d["text"], d["text"]) for d in gold["dates"]]).values():
        measure.dates.merge(tally)
    measure.month_kept = measure_month_kept(gold["dates"], draft_text, redaction.audit)
    child_words = measure_children(document, gold, redaction.audit, measure.children,
                                   measure.adults_changed)
    measure.unmatched = measure_unmatched(gold, redaction.audit, child_words)
    for term in keep:
        before = len(phrase(term).findall(draft_text))
        after = len(phrase(term).findall(output))
        measure.keep_lost.add(max(0, before - after), before, f"{term!r}")
    check = redaction.check
    measure.self_check = f"{check.get('result', '-')} ({check.get('errors', 0)} err)"
    return measure


# -- the pre-publication check on the unredacted drafts --------------------------------------

_REPR = re.compile(r"""^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


def finding_texts(findings: Iterable[Any]) -> dict[str, list[str]]:
    """Check family -> the text each finding points at (the quoted text its message opens
    with)."""
    texts: dict[str, list[str]] = {family: [] for family in FAMILIES}
    for finding in findings:
        family = re.sub(r"\d+$", "", finding.code)
        match = _REPR.match(finding.message)
        if family in texts and match:
            texts[family].append(normalise(ast.literal_eval(match.group(1))))
    return texts


def _bare(text: str) -> str:
    return re.sub(r"['’]s?$", "", normalise(text))


def points_at(item: str, texts: list[str], exact_words: bool) -> bool:
    """Does a finding point at `item`? Names: the same name (a possessive aside), or for a
    name of several words, one contains the other. Identifiers and dates: containment."""
    item = _bare(item)
    for text in map(_bare, texts):
        if text == item:
            return True
        if exact_words and len(item.split()) == 1:
            continue
        if phrase(item).search(text) or (text.strip() and phrase(text).search(item)):
            return True
    return False


def check_recall(draft: Draft, detector: Detector, use_model: bool) -> dict[str, Tally]:
    """Recall per check family of `redactor check` on the unredacted draft."""
    report = check_report(draft.path, load_case(draft.case_path), use_model=use_model,
                          detector=detector)
    texts = finding_texts(report.findings)
    gold = draft.gold
    recall = {family: Tally() for family in FAMILIES}

    def score(family: str, items: Iterable[str], exact_words: bool) -> None:
        for item in dict.fromkeys(items):
            hit = points_at(item, texts[family], exact_words)
            recall[family].add(int(hit), 1)
            if not hit:
                recall[family].examples.append(f"missed {item!r}")

    redact_terms = [i["text"] for i in gold["identifiers"] if i["type"] == "REDACT_TERM"]
    score("LEAK", [m for p in gold["people"] for m in p["mentions"]] + redact_terms, True)
    score("PII", [i["text"] for i in gold["identifiers"] if i["type"] != "REDACT_TERM"], False)
    score("PII", [m for p in gold.get("unlisted_people", []) for m in p["mentions"]], True)
    score("DATE", [d["text"] for d in gold["dates"]], False)
    if "CHILD" in report.skipped:
        recall["CHILD"] = Tally(examples=[f"skipped: {report.skipped['CHILD']}"])
    else:
        wanted = Counter(w.lower() for child in gold.get("children", [])
                         for context in child["contexts"]
                         for w in re.findall(r"\w+", context) if w in child["gendered"])
        flagged = Counter(t.lower() for t in texts["CHILD"])
        for word, count in wanted.items():
            hit = min(count, flagged[word])
            recall["CHILD"].add(hit, count)
            if hit < count:
                recall["CHILD"].examples.append(f"{word!r}: {hit} of {count} flagged")
        extra = sum(flagged.values()) - recall["CHILD"].count
        if extra > 0:
            recall["CHILD"].examples.append(f"{extra} more CHILD finding(s) than gold words")
    return recall


# -- the whole run ---------------------------------------------------------------------------

def run(use_model: bool, drafts: list[Draft] | None = None) -> list[Measure]:
    """Redact and check every draft; one `Measure` each, in corpus order."""
    drafts = discover() if drafts is None else drafts
    with tempfile.TemporaryDirectory(prefix="redactor-corpus-") as folder:
        redactions = redact_all(drafts, use_model, Path(folder))
    detector = Detector(RunOptions(use_model=use_model))
    measures = []
    for draft in drafts:
        document = read_document(draft.path, RunOptions(use_model=False, accept_changes=True))
        measure = measure_output(draft, redactions[draft.name], document)
        measure.recall = check_recall(draft, detector, use_model)
        measures.append(measure)
    return measures


def total(measures: list[Measure]) -> Measure:
    """The column-wise sum of all drafts."""
    whole = Measure(name="TOTAL")
    for m in measures:
        for name in ("listed", "collisions", "unlisted", "dates", "month_kept", "children",
                     "adults_changed", "keep_lost", "unmatched"):
            getattr(whole, name).merge(getattr(m, name))
        for kind, tally in m.identifiers.items():
            whole.identifiers.setdefault(kind, Tally()).merge(tally)
        for family, tally in m.recall.items():
            whole.recall.setdefault(family, Tally()).merge(tally)
    results = Counter(m.self_check.split()[0] for m in measures)
    whole.self_check = ", ".join(f"{n} {r}" for r, n in sorted(results.items()))
    return whole


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(measures: list[Measure], use_model: bool, show: int = 6) -> str:
    """The comparable tables and the failures (up to `show` examples per cell)."""
    everything = [*measures, total(measures)]
    out = [f"Corpus benchmark ({'with the model' if use_model else 'no model'}); "
           "redaction: left/total (month kept: kept/total)", ""]
    rows = [["draft", "listed", "pseud.coll", "unlisted", "identifiers", "day dates",
             "month kept", "child words", "adult chg", "keep lost", "unmatched chg",
             "self-check"]]
    for m in everything:
        if m.error:
            rows.append([m.name, f"ERROR {m.error}"] + [""] * 10)
            continue
        rows.append([m.name, str(m.listed), str(m.collisions.count), str(m.unlisted),
                     str(m.identifiers_total), str(m.dates), str(m.month_kept),
                     str(m.children), str(m.adults_changed), str(m.keep_lost),
                     str(m.unmatched), m.self_check])
    out.append(table(rows))
    kinds = sorted({k for m in everything for k in m.identifiers})
    rows = [["identifiers left", *kinds]]
    rows += [[m.name, *(str(m.identifiers.get(k, "-")) for k in kinds)] for m in everything]
    out += ["", table(rows)]
    rows = [["check recall (draft)", *FAMILIES]]
    rows += [[m.name, *(str(m.recall.get(f, "-")) for f in FAMILIES)] for m in everything]
    out += ["", table(rows), "", "Failures (examples):"]
    for m in measures:
        cells = {"listed left": m.listed, "pseudonym collisions": m.collisions,
                 "unlisted left": m.unlisted, "day dates left": m.dates,
                 "month not kept": m.month_kept, "child words left": m.children,
                 "adult words changed": m.adults_changed, "keep lost": m.keep_lost,
                 "unmatched changes": m.unmatched,
                 **{f"{k} left": t for k, t in m.identifiers.items()},
                 **{f"check {f}": t for f, t in m.recall.items()}}
        for label, tally in cells.items():
            if tally.examples:
                shown = "; ".join(tally.examples[:show])
                more = f" (+{len(tally.examples) - show})" if len(tally.examples) > show else ""
                out.append(f"  {m.name}: {label}: {shown}{more}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-model", action="store_true",
                        help="case-file names and patterns only (no spaCy/Presidio model)")
    parser.add_argument("--show", type=int, default=6, help="examples per failure line")
    args = parser.parse_args(argv)
    use_model = not args.no_model
    print(report(run(use_model), use_model, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
