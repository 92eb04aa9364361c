"""TAB benchmark: redactor's detection beside Presidio's default AnalyzerEngine, one table.

    python benchmarks/tab.py [--tab DIR] [--model NAME] [--limit N]

Texts and one annotator's mentions come from the Text Anonymization Benchmark test split
(see DIR/README.md). Both systems see the same texts in the same run, with no case file. The
spans counted are every span a system reports, whatever its label.

Detection is counted before the publication policy: a place, public body or public person
that redactor finds and then keeps (a DHR names its area and agencies; TAB masks them) is
counted as found.

Scoring (as the README describes):
- mention recall by entity type: a mention counts as found when every word character of it
  is covered by some reported span; title words (Mr, Mrs, Dr, ...) need not be covered;
- character precision: of the word characters inside reported spans, the share that lies
  inside some annotated mention (of any type).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TAB = REPO.parent / "shared" / "benchmarks" / "tab"
TEXTS_FILE = "tab_test_texts_from_TAE.json"
SPANS_FILE = "tab_test_manual_spans_from_TAE.json"
TYPES = ("PERSON", "CODE", "LOC", "DATETIME", "ORG", "DEM", "QUANTITY", "MISC")
TARGETS = {"PERSON": 0.97, "CODE": 0.90, "LOC": 0.93, "DATETIME": 0.97, "precision": 0.85}
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "lj", "j", "prof",
                    "professor", "dame"})
WORD = re.compile(r"\w+")

Span = tuple[int, int]


@dataclass
class Score:
    """Counts for one system over all documents."""

    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    covered_chars: int = 0
    correct_chars: int = 0
    seconds: float = 0.0
    words: int = 0

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.total[kind] if self.total[kind] else float("nan")

    @property
    def precision(self) -> float:
        return self.correct_chars / self.covered_chars if self.covered_chars else float("nan")


def coverage(length: int, spans: Iterable[Span]) -> bytearray:
    """One byte per character: 1 where some span covers it."""
    covered = bytearray(length)
    for start, end in spans:
        covered[max(start, 0):min(end, length)] = b"\x01" * (min(end, length) - max(start, 0))
    return covered


def mention_found(text: str, start: int, end: int, covered: bytearray) -> bool:
    """True when every word character of the mention, titles aside, is covered."""
    for word in WORD.finditer(text, start, end):
        if word.group(0).lower() in TITLES:
            continue
        if not all(covered[word.start():word.end()]):
            return False
    return True


def score_document(score: Score, text: str, gold: list[list], found: list[Span]) -> None:
    covered = coverage(len(text), found)
    annotated = coverage(len(text), ((s, e) for s, e, _ in gold))
    for start, end, kind in gold:
        score.total[kind] += 1
        score.found[kind] += mention_found(text, start, end, covered)
    for index, char in enumerate(text):
        if covered[index] and (char.isalnum() or char == "_"):
            score.covered_chars += 1
            score.correct_chars += annotated[index]
    score.words += len(text.split())


def redactor_system(model: str, workdir: Path) -> Callable[[str, str], list[Span]]:
    """redactor's detection on a text file, as `redactor detect` sees it (no case file)."""
    from redactor.case import Case
    from redactor.detect.engine import Detector
    from redactor.io import read_document
    from redactor.options import RunOptions

    detector = Detector(RunOptions(model=model))
    case = Case()

    def run(doc_id: str, text: str) -> list[Span]:
        path = workdir / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        document = read_document(path)
        offsets = {block.id: block.offset for block in document.blocks}
        detection = detector.detect(document, case)
        # what detection found, including the places, bodies and public people that the
        # DHR policy then keeps (redactor.publiclife): TAB asks for those to be masked
        found = [*detection.entities, *(finding for _, finding in detection.protected)]
        return [(offsets[e.block_id] + e.start, offsets[e.block_id] + e.end) for e in found]

    return run


def presidio_system(model: str) -> Callable[[str, str], list[Span]]:
    """Presidio's AnalyzerEngine with its default recognizers and NER settings on the model.

    Only change: its email recognizer checks domains offline (same regex, same results).
    """
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NerModelConfiguration

    from redactor.detect.nlp import load_nlp
    from redactor.detect.recognizers import OfflineEmailRecognizer, SharedSpacyNlpEngine

    engine = SharedSpacyNlpEngine(load_nlp(model), NerModelConfiguration())
    analyzer = AnalyzerEngine(nlp_engine=engine)
    analyzer.registry.recognizers = [r for r in analyzer.registry.recognizers
                                     if r.name != "EmailRecognizer"]
    analyzer.registry.add_recognizer(OfflineEmailRecognizer())

    def run(doc_id: str, text: str) -> list[Span]:
        return [(r.start, r.end) for r in analyzer.analyze(text=text, language="en")]

    return run


def format_table(scores: dict[str, Score]) -> str:
    header = ["system", *TYPES, "char prec", "seconds", "words/s"]
    rows = [header, ["target", *(f"{TARGETS[t]:.2f}" if t in TARGETS else "" for t in TYPES),
                     f"{TARGETS['precision']:.2f}", "", ""]]
    for name, score in scores.items():
        rows.append([name, *(f"{score.recall(t):.3f}" for t in TYPES), f"{score.precision:.3f}",
                     f"{score.seconds:.1f}", f"{score.words / score.seconds:.0f}"])
    rows.append(["mentions", *(str(next(iter(scores.values())).total[t]) for t in TYPES),
                 "", "", ""])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                     .rstrip() for row in rows)


@click.command()
@click.option("--tab", "tab_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_TAB, show_default=True, help="Folder with the TAB test files.")
@click.option("--model", default=None, help="Installed spaCy model (default: redactor's).")
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@click.option("--skip-presidio", is_flag=True, help="Only measure redactor.")
def main(tab_dir: Path, model: str | None, limit: int | None, skip_presidio: bool) -> None:
    """Print one table: mention recall by type and character precision per system."""
    from redactor.options import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    try:
        texts = json.loads((tab_dir / TEXTS_FILE).read_text(encoding="utf-8"))
        gold = json.loads((tab_dir / SPANS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        click.echo(f"tab.py: cannot read the TAB files in {tab_dir}: {error}", err=True)
        sys.exit(2)
    doc_ids = sorted(texts)[:limit]
    with tempfile.TemporaryDirectory() as workdir:
        systems = {"redactor": redactor_system(model, Path(workdir))}
        if not skip_presidio:
            systems["presidio default"] = presidio_system(model)
        scores = {name: Score() for name in systems}
        for name, run in systems.items():
            run("warm-up", "Warm-up text by Mr John Smith on 1 May 2020 in London.")
            for doc_id in doc_ids:
                started = time.perf_counter()
                found = run(doc_id, texts[doc_id])
                scores[name].seconds += time.perf_counter() - started
                score_document(scores[name], texts[doc_id], gold.get(doc_id, []), found)
    click.echo(f"TAB test split: {len(doc_ids)} documents, model {model}")
    click.echo(format_table(scores))


if __name__ == "__main__":
    main()
