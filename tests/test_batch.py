"""Batch runs: folders, a bad file among good ones, and --jobs giving identical outputs."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.batch import collect_inputs
from redactor.cli import main

CASE = """\
people:
  - {name: Sarah Jenkins, role: victim, gender: female, pseudonym: Anna Price}
  - {name: Mark Taylor, role: perpetrator, gender: male, pseudonym: Tom Reed}
"""


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    (folder / "nested").mkdir(parents=True)
    (folder / "case.yaml").write_text(CASE)
    for n in range(5):
        (folder / f"d{n}.txt").write_text(f"Draft {n}: Sarah Jenkins and Mark Taylor met.\n")
    (folder / "nested" / "e.md").write_text("# Summary\n\nMrs Jenkins called Mr Taylor.\n")
    (folder / "nested" / "case.yaml").write_text(CASE)
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "d0.redacted.txt").write_text("an earlier output, not an input")
    (folder / "~$lock.docx").write_bytes(b"lock")
    return folder


def redact(*args: str):
    return CliRunner().invoke(main, ["redact", *args, "--no-model"], catch_exceptions=False)


def test_folders_are_searched_and_outputs_skipped(drafts: Path) -> None:
    names = [p.relative_to(drafts).as_posix() for p in collect_inputs([drafts])]
    assert names == ["bad.pdf", "d0.txt", "d1.txt", "d2.txt", "d3.txt", "d4.txt", "nested/e.md"]


def test_a_bad_file_does_not_stop_the_others(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = redact(str(drafts), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 2
    assert "bad.pdf" in result.stderr and "1 of 7 inputs failed" in result.stderr
    assert (out / "d3.redacted.txt").read_text() == "Draft 3: Anna Price and Tom Reed met.\n"
    nested = out / "nested" / "e.redacted.md"  # keeps its place below the folder argument
    assert nested.read_text() == "# Summary\n\nMrs Price called Mr Reed.\n"
    assert not (out / "bad.redacted.docx").exists()
    assert "d3.txt" in result.stdout  # the summary table names every file


def test_jobs_two_gives_byte_identical_outputs(drafts: Path, tmp_path: Path) -> None:
    redact(str(drafts), "--out", str(tmp_path / "one"), "--jobs", "1")
    redact(str(drafts), "--out", str(tmp_path / "two"), "--jobs", "2")
    one = sorted(str(p.relative_to(tmp_path / "one")) for p in (tmp_path / "one").rglob("*.*"))
    assert one == sorted(str(p.relative_to(tmp_path / "two"))
                         for p in (tmp_path / "two").rglob("*.*"))
    assert len([n for n in one if ".redacted." in n]) == 6
    for name in one:
        if ".redacted." in name:
            assert ((tmp_path / "one" / name).read_bytes()
                    == (tmp_path / "two" / name).read_bytes()), name


def test_drafts_of_the_same_name_never_collide(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "report.txt").write_text("Sarah Jenkins.\n")
    result = redact(str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "a" / "report.redacted.txt").is_file()
    assert (tmp_path / "out" / "b" / "report.redacted.txt").is_file()
    clash = redact(str(tmp_path / "in" / "a" / "report.txt"),
                   str(tmp_path / "in" / "b" / "report.txt"), "--out", str(tmp_path / "flat"))
    assert clash.exit_code == 2 and "would write the same outputs" in clash.stderr
    assert not (tmp_path / "flat").exists() or not any((tmp_path / "flat").iterdir())


def test_progress_moves_within_a_long_document(tmp_path: Path) -> None:
    """A long draft reports how far the model has read it, not only when it is done."""
    from redactor.batch import Job, run_batch
    from redactor.case import Case
    from redactor.options import RunOptions

    draft = tmp_path / "long.txt"
    draft.write_text("\n\n".join(f"Paragraph {n}: the panel met and agreed the actions."
                                 for n in range(600)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    seen: list[tuple[int, int, str]] = []
    run_batch([Job(0, draft, "case", out)], {"case": Case()}, RunOptions(use_model=False),
              on_progress=lambda done, total, label: seen.append((done, total, label)))
    within = [s for s in seen if s[2].startswith("analysing long.txt (")]
    assert len(within) >= 3  # several reports while one document is analysed
    assert [d for d, _, _ in within] == sorted(d for d, _, _ in within)
    assert all(0 < d < total for d, total, _ in within)
