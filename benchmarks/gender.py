"""Child-gender neutralisation benchmark over hand-written texts in corpus/gender*/.

Nine sets: `short` (corpus/gender/: one to three sentences about one family), `long`
(corpus/gender_long/: long, crowded paragraphs, the dev set the resolver is tuned on), `dev2`,
`dev3` and `dev4` (corpus/gender_dev2/ ... gender_dev4/: long paragraphs written by someone
who had not read the resolver, then tuned on), `blind`, `blind2`, `blind3` and `blind4`
(corpus/gender_blind/ ... gender_blind4/: long paragraphs written by someone who had not read
the resolver; held out, never tuned on).

Each YAML file holds `cases` (small case files) and `items`: a `text`, the `case` it belongs
to and the `expected` output in the default (cautious) mode, written by hand. In `expected`,
`[[she was|they were]]` marks a reference where a child and an adult are both plausible: it
should be flagged and left as it is (cautious) or neutralised (aggressive).

Every gendered word of a text (pronoun or noun in patterns/gendered_terms.csv) is a
reference; the gold says whether it refers to a child (changed in `expected`), an adult
(unchanged) or either (marked). The items are driven through the real stage
(`redactor.stages.gender.propose`) with case-file entities from `CaseMatcher`.

    python benchmarks/gender.py [--only SET|STEM,...]   (SET: short, long, dev2 ... blind4)
                                [--show-errors] [--show-misses] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from redactor.case import Case, parse_case
from redactor.changes import applicable_by_block, apply_to_text
from redactor.detect.nlp import load_nlp
from redactor.model import Block, Change, Document
from redactor.options import RunOptions
from redactor.stages import StageContext
from redactor.stages.gender import entities_for, propose
from redactor.stages.gender.grammar import PRONOUNS, find_terms

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "gender"
SETS = {"short": CORPUS, "long": CORPUS.with_name("gender_long"),
        "dev2": CORPUS.with_name("gender_dev2"), "dev3": CORPUS.with_name("gender_dev3"),
        "dev4": CORPUS.with_name("gender_dev4"),
        "blind": CORPUS.with_name("gender_blind"), "blind2": CORPUS.with_name("gender_blind2"),
        "blind3": CORPUS.with_name("gender_blind3"), "blind4": CORPUS.with_name("gender_blind4")}
MARK = re.compile(r"\[\[(.*?)\|(.*?)\]\]")
TOKEN = re.compile(r"\w+|[^\w\s]")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
TARGETS = {"neutralised": 0.95, "adult_changed": 0.02, "agreement": 0.98}


@dataclass
class Item:
    """One hand-written text with its case and gold outputs."""

    id: str
    case: Case
    text: str
    expected: str  # cautious: doubtful references unchanged
    expected_aggressive: str
    doubtful: list[tuple[int, int]]  # spans of `text` a human finds doubtful


@dataclass
class Outcome:
    item: Item
    output: str
    changes: list[Change]
    gold: dict[tuple[int, int], str]  # reference span -> child | adult | ambiguous
    changed: set[tuple[int, int]]
    flagged: set[tuple[int, int]]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    stage_seconds: float = 0.0  # time in `propose`, parsing excluded

    def counts(self) -> dict[str, float]:
        refs = [(o, span, kind) for o in self.outcomes for span, kind in o.gold.items()]
        child = [(o, s) for o, s, k in refs if k == "child"]
        adult = [(o, s) for o, s, k in refs if k == "adult"]
        doubtful = [(o, s) for o, s, k in refs if k == "ambiguous"]
        agreed, compared = self._agreement()
        return {
            "items": len(self.outcomes),
            "references": len(refs),
            "child": len(child),
            "adult": len(adult),
            "doubtful": len(doubtful),
            "neutralised": _share(sum(s in o.changed for o, s in child), len(child)),
            "adult_changed": _share(sum(s in o.changed for o, s in adult), len(adult)),
            "flagged": _share(sum(s in o.flagged for o, s, _ in refs), len(refs)),
            "child_covered": _share(sum(s in o.changed or s in o.flagged
                                        for o, s, k in refs if k != "adult"),
                                    len(child) + len(doubtful)),
            "flags_per_1000_words": _share(
                1000 * sum(len(o.flagged) for o in self.outcomes),
                sum(len(o.item.text.split()) for o in self.outcomes)),
            "doubtful_flagged": _share(sum(s in o.flagged for o, s in doubtful), len(doubtful)),
            "adult_flagged": _share(sum(s in o.flagged for o, s in adult), len(adult)),
            "agreement": _share(agreed, compared),
            "agreement_clauses": compared,
            "exact_items": _share(sum(o.output == o.item.expected for o in self.outcomes),
                                  len(self.outcomes)),
        }

    def _agreement(self) -> tuple[int, int]:
        """Sentences where the system changed the gold's references: exact matches."""
        agreed = compared = 0
        for outcome in self.outcomes:
            gold_changed = {s for s, k in outcome.gold.items() if k == "child"}
            for start, end, expected, output in _sentences(outcome):
                in_sentence = {s for s in outcome.gold if start <= s[0] < end}
                want = gold_changed & in_sentence
                got = outcome.changed & in_sentence
                if want and want == got:
                    compared += 1
                    agreed += expected == output
        return agreed, compared


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _sentences(outcome: Outcome) -> list[tuple[int, int, str, str]]:
    """(start, end) in the text with the expected and actual sentence, split alike."""
    text = outcome.item.text
    bounds = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    expected = SENTENCE_END.split(outcome.item.expected)
    output = SENTENCE_END.split(outcome.output)
    if not len(expected) == len(output) == len(bounds) - 1:
        return [(0, len(text), outcome.item.expected, outcome.output)]
    return [(bounds[i], bounds[i + 1], expected[i], output[i]) for i in range(len(expected))]


def load_items(corpus: Path = CORPUS) -> list[Item]:
    """Every item of every `*.yaml` file under `corpus`, in file order."""
    items = []
    for path in sorted(corpus.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases = {name: parse_case(case) for name, case in (data.get("cases") or {}).items()}
        for entry in data["items"]:
            case = cases[entry["case"]] if "case" in entry else parse_case(entry.get("people_case"))
            expected_raw = entry["expected"].strip()
            text = entry["text"].strip()
            items.append(Item(
                id=f"{path.stem}/{entry['id']}", case=case, text=text,
                expected=MARK.sub(lambda m: m.group(1), expected_raw),
                expected_aggressive=MARK.sub(lambda m: m.group(2), expected_raw),
                doubtful=_doubtful_spans(text, expected_raw),
            ))
    return items


def _doubtful_spans(text: str, expected_raw: str) -> list[tuple[int, int]]:
    """Where the `[[...|...]]` marks fall in `text` (their original words are in `text`)."""
    spans = []
    plain = MARK.sub(lambda m: m.group(1), expected_raw)
    marks, shift = [], 0
    for match in MARK.finditer(expected_raw):
        start = match.start() - shift
        marks.append((start, start + len(match.group(1))))
        shift += len(match.group(0)) - len(match.group(1))
    for start, end in marks:
        for (a, _), (c, d) in _aligned_tokens(plain, text):
            if start <= a < end:
                spans.append((c, d))
    return spans


def _aligned_tokens(left: str, right: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of equal tokens of `left` and `right`, by a word-level diff."""
    a = [(m.start(), m.end()) for m in TOKEN.finditer(left)]
    b = [(m.start(), m.end()) for m in TOKEN.finditer(right)]
    matcher = difflib.SequenceMatcher(a=[left[s:e] for s, e in a],
                                      b=[right[s:e] for s, e in b], autojunk=False)
    pairs = []
    for block in matcher.get_matching_blocks():
        pairs += [(a[block.a + k], b[block.b + k]) for k in range(block.size)]
    return pairs


def gold_references(item: Item) -> dict[tuple[int, int], str]:
    """Each gendered word of the text: child (changed in gold), adult or ambiguous."""
    spans = [(m.start(), m.end()) for m in TOKEN.finditer(item.text)
             if m.group(0).lower() in PRONOUNS]
    spans += [(t.start, t.end) for t in find_terms("b", item.text) if t.term.gender != "unknown"]
    kept = {right for _, right in _aligned_tokens(item.expected, item.text)}
    gold = {}
    for start, end in sorted(spans):
        tokens = [(m.start() + start, m.end() + start)
                  for m in TOKEN.finditer(item.text[start:end])]
        if any(start <= s < end for s, _ in item.doubtful):
            gold[(start, end)] = "ambiguous"
        elif all(t in kept for t in tokens):
            gold[(start, end)] = "adult"
        else:
            gold[(start, end)] = "child"
    return gold


def run(items: list[Item], *, aggressive: bool = False, model: str | None = None) -> Report:
    """Drive every item through the gender stage; one `nlp.pipe` pass for all texts."""
    options = RunOptions(child_pronouns="aggressive" if aggressive else "cautious",
                         **({"model": model} if model else {}))
    nlp = load_nlp(options.model)
    docs = list(nlp.pipe(item.text for item in items))
    report = Report()
    for item, doc in zip(items, docs, strict=True):
        block = Block("body/p0", item.text, "paragraph 1")
        document = Document(Path(f"{item.id}.txt"), "text", [block])
        ctx = StageContext(document=document, entities=entities_for(document, item.case),
                           case=item.case, options=options, parses={block.id: doc})
        started = time.perf_counter()
        changes = propose(ctx)
        report.stage_seconds += time.perf_counter() - started
        applied = applicable_by_block(changes).get(block.id, [])
        output = apply_to_text(item.text, applied)
        gold = gold_references(item)
        report.outcomes.append(Outcome(
            item=item, output=output, changes=changes, gold=gold,
            changed={s for s in gold if any(c.start <= s[0] < c.end for c in applied)},
            flagged={s for s in gold if any(c.flagged and c.start <= s[0] < c.end
                                            for c in changes)},
        ))
    if aggressive:  # when in doubt, the child reading is the expected one
        for outcome in report.outcomes:
            item = outcome.item
            outcome.item = Item(item.id, item.case, item.text, item.expected_aggressive,
                                item.expected_aggressive, item.doubtful)
            outcome.gold = {s: "child" if k == "ambiguous" else k for s, k in outcome.gold.items()}
    return report


def table(cautious: Report, aggressive: Report | None = None) -> str:
    """One comparable table: the measure, the target, and each mode's value."""
    rows = [
        ("gendered references to children neutralised", "neutralised", ">= 95%"),
        ("adult references wrongly changed", "adult_changed", "<= 2%"),
        ("children's references neutralised or flagged", "child_covered", ">= 99.5%"),
        ("references flagged for review", "flagged", ""),
        ("  doubtful references flagged", "doubtful_flagged", ""),
        ("  adult references flagged", "adult_flagged", ""),
        ("agreement correct in changed clauses", "agreement", ">= 98%"),
        ("items exactly as expected", "exact_items", ""),
    ]
    c = cautious.counts()
    a = aggressive.counts() if aggressive else None
    lines = [f"items {c['items']}, references {c['references']} (child {c['child']}, adult "
             f"{c['adult']}, doubtful {c['doubtful']}); clauses compared {c['agreement_clauses']}",
             f"| {'measure':<45} | {'target':<8} | cautious | aggressive |",
             f"|{'-' * 47}|{'-' * 10}|{'-' * 10}|{'-' * 12}|"]
    for label, key, target in rows:
        other = f"{a[key]:>9.1%} " if a else " " * 10
        lines.append(f"| {label:<45} | {target:<8} | {c[key]:>7.1%}  | {other} |")
    other = f"{a['flags_per_1000_words']:>9.1f} " if a else " " * 10
    lines.append(f"| {'flags per 1,000 words':<45} | {'':<8} | "
                 f"{c['flags_per_1000_words']:>7.1f}  | {other} |")
    words = sum(len(o.item.text.split()) for o in cautious.outcomes)
    speed = words / cautious.stage_seconds if cautious.stage_seconds else 0.0
    lines.append(f"stage speed (parsing excluded): {speed:,.0f} words/s over {words} words")
    return "\n".join(lines)


def errors(report: Report) -> str:
    """The items whose output is not the expected one, with the verdicts of their changes."""
    lines = []
    for outcome in report.outcomes:
        if outcome.output == outcome.item.expected:
            continue
        lines += [f"- {outcome.item.id}", f"  text:     {outcome.item.text}",
                  f"  expected: {outcome.item.expected}", f"  output:   {outcome.output}"]
        for change in outcome.changes:
            lines.append(f"    {change.status:8} {change.before!r} -> {change.after!r}: "
                         f"{change.detail.get('antecedent')} ({change.reason})")
    return "\n".join(lines)


def misses(report: Report, *, aggressive: bool = False) -> str:
    """One line per gold reference the stage got wrong: gold, what happened, why."""
    lines = []
    for outcome in report.outcomes:
        text = outcome.item.text
        for span, kind in sorted(outcome.gold.items()):
            changed, flagged = span in outcome.changed, span in outcome.flagged
            right = {"child": changed and (aggressive or not flagged),
                     "adult": not changed and not flagged, "ambiguous": flagged}[kind]
            if right:
                continue
            got = "flagged" if flagged else "changed" if changed else "left"
            why = next((c.reason for c in outcome.changes if c.start <= span[0] < c.end),
                       "resolved to an adult")
            context = " ".join(text[max(0, span[0] - 50):span[1] + 30].split())
            lines.append(f"{outcome.item.id}: {text[span[0]:span[1]]!r} gold {kind}, {got}: "
                         f"{why}\n    ...{context}...")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--show-misses", action="store_true",
                        help="one line per reference got wrong (cautious mode), with the reason")
    parser.add_argument("--only", help="a set (" + ", ".join(SETS) + ") or comma-separated "
                        "file stems of the corpus, e.g. ahmed,evans")
    args = parser.parse_args(argv)
    if args.only in SETS:
        if not SETS[args.only].is_dir():
            parser.error(f"{SETS[args.only]}: no such folder")
        items = load_items(SETS[args.only])
    else:
        items = load_items(args.corpus)
    if args.only and args.only not in SETS:
        stems = set(args.only.split(","))
        items = [item for item in items if item.id.split("/")[0] in stems]
    cautious = run(items)
    aggressive = run(items, aggressive=True)
    sys.stdout.write(table(cautious, aggressive) + "\n")
    if args.show_errors:
        sys.stdout.write(errors(cautious) + "\n")
    if args.show_misses:
        sys.stdout.write(misses(cautious) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
