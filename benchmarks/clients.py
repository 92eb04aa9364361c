"""Real clients: how the bundled drafts' outputs open in LibreOffice, and how long it takes.

Redacts every bundled draft (`--no-model --review-copy --pdf`), then converts each
publishable output and review copy to PDF with `soffice --headless` (a fresh profile per
file, so each time includes LibreOffice's start) and prints one row per file: whether it
opened, the seconds, its pages, and for DOCX files the tables, header, footer and page size.
Also reports how long `--pdf` adds and whether `redactor check --no-model` passes the PDF.

    python benchmarks/clients.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def drafts() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*")
                  if p.suffix in (".docx", ".pdf", ".txt", ".md") and p.name != "README.md"
                  and (p.parent / "case.yaml").is_file())


def redact(draft: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "redactor", "redact", str(draft), "--case",
                    str(draft.parent / "case.yaml"), "--out", str(out), "--no-model",
                    "--accept-changes", "--force", "--jobs", "1", *extra],
                   check=False, capture_output=True)
    return time.perf_counter() - started


def open_in_libreoffice(path: Path, folder: Path) -> tuple[bool, float, str]:
    started = time.perf_counter()
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(path)],
        capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    errors = " ".join(line for line in run.stderr.splitlines() if "Error" in line)
    return (folder / f"{path.stem}.pdf").is_file(), seconds, errors


def docx_shape(path: Path) -> str:
    if path.suffix != ".docx":
        return "-"
    word = docx.Document(str(path))
    section = word.sections[0]
    header = any(p.text.strip() for p in section.header.paragraphs)
    footer = any(p.text.strip() for p in section.footer.paragraphs)
    size = f"{section.page_width.mm:.0f}x{section.page_height.mm:.0f} mm"
    return (f"tables {len(word.tables)}, header {'yes' if header else 'no'}, footer "
            f"{'yes' if footer else 'no'}, {size}")


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not installed")
        return 1
    rows = [("file", "opens", "s", "pages", "layout")]
    with tempfile.TemporaryDirectory(prefix="redactor-clients-") as folder:
        out = Path(folder) / "out"
        plain = pdf = 0.0
        for draft in drafts():
            plain += redact(draft, out / "plain" / draft.parent.name, "--review-copy")
            pdf += redact(draft, out / "pdf" / draft.parent.name, "--review-copy", "--pdf")
        for path in sorted((out / "pdf").glob("*/*.re*.*")):
            if path.suffix == ".pdf":
                continue
            work = Path(tempfile.mkdtemp(dir=folder))
            opened, seconds, errors = open_in_libreoffice(path, work)
            pages = len(pdfplumber.open(work / f"{path.stem}.pdf").pages) if opened else 0
            rows.append((f"{path.parent.name}/{path.name}", "yes" if opened else
                         f"NO {errors}", f"{seconds:.2f}", str(pages), docx_shape(path)))
        for path in sorted((out / "pdf").glob("*/*.redacted.pdf")):
            check = subprocess.run(
                [sys.executable, "-m", "redactor", "check", str(path), "--no-model", "--case",
                 str(CORPUS / path.parent.name / "case.yaml")],
                capture_output=True, text=True, check=False)
            pages = len(pdfplumber.open(path).pages)
            rows.append((f"{path.parent.name}/{path.name}", "check " + (
                "pass" if check.returncode == 0 else "FAIL"), "-", str(pages), "--pdf output"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"\nredact of every bundled draft (--no-model --review-copy): {plain:.1f} s; "
          f"with --pdf: {pdf:.1f} s (+{pdf - plain:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
