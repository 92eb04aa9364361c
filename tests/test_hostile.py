"""Hostile and broken inputs (issue 18): every command refuses the same things, clearly.

Each hostile input is built at test time by `hostile_inputs` (nothing large in the repo).
Every refusal is one line naming the file and the reason, exit 2, and no output left.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import hostile_inputs as hostile
import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.detect.nlp import pieces_of, pipe_in_pieces
from redactor.errors import InputError
from redactor.io import read_document
from redactor.io.limits import count_words

ZIP_ATTACKS: list[tuple[str, Callable[[], bytes], str]] = [
    ("duplicate main part", hostile.duplicate_main_part,
     "the zip has two entries named 'word/document.xml'"),
    ("duplicate in another case", hostile.case_duplicate,
     "the zip has two entries named 'Word/Document.xml'"),
    ("entry climbing out", hostile.entry_outside,
     "zip entry '../../evil.xml' points outside the package"),
    ("absolute entry", lambda: hostile.entry_outside("/etc/cron.d/x.xml"),
     "zip entry '/etc/cron.d/x.xml' points outside the package"),
    ("backslash entry", lambda: hostile.entry_outside("word\\..\\..\\x.xml"),
     "points outside the package"),
    ("sizes claiming 900 MB", lambda: hostile.lying_sizes(900 * 1024 * 1024),
     "the DOCX unpacks to 900 MB, more than the limit of 100 MB (raise it with --max-mb)"),
    ("sizes understated", lambda: hostile.lying_sizes(10), "the DOCX is damaged"),
    ("overlapping entries", hostile.overlapping_entries, "overlap (a zip bomb)"),
    ("DTD with an entity", hostile.dtd_in_main_part,
     "part word/document.xml declares a DTD"),
]
ZIP_IDS = [name for name, _, _ in ZIP_ATTACKS]


def run(*args: str) -> tuple[int, list[str]]:
    """The command's exit code and its error lines."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, [line for line in result.stderr.splitlines()
                              if line.startswith("redactor: error:")]


def every_command(path: Path, out: Path) -> dict[str, tuple[str, ...]]:
    """The command lines of redact, check, detect and init-case on one input."""
    return {
        "redact": ("redact", str(path), "--out", str(out), "--no-model"),
        "check": ("check", str(path), "--no-model"),
        "detect": ("detect", str(path)),
        "init-case": ("init-case", str(path), "--out", str(out / "case.yaml")),
    }


@pytest.mark.parametrize(("name", "make", "reason"), ZIP_ATTACKS, ids=ZIP_IDS)
def test_every_command_refuses_a_hostile_zip(tmp_path: Path, name: str, make, reason: str
                                             ) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(make())
    out = tmp_path / "out"
    out.mkdir()
    for command, args in every_command(path, out).items():
        code, errors = run(*args)
        assert code == 2, command
        assert len(errors) == 1, (command, errors)
        assert errors[0].startswith(f"redactor: error: {path}: "), command
        assert reason in errors[0], (command, errors[0])
        assert list(out.iterdir()) == [], command


def test_the_check_never_judges_a_duplicate_by_its_last_entry(tmp_path: Path) -> None:
    """Issue 18 item 2: the unredacted document.xml first, a clean one last."""
    path = tmp_path / "final.docx"
    path.write_bytes(hostile.duplicate_main_part())
    code, errors = run("check", str(path), "--no-model")
    assert code == 2
    assert "two entries named 'word/document.xml'" in errors[0]


def test_a_good_draft_still_passes_the_zip_rules(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(hostile.GOOD)
    assert [b.text for b in read_document(path).blocks] == [f"{hostile.NAME} met the panel "
                                                            "in Leeds."]


# --- files that are not regular files ------------------------------------------------------


def not_regular_inputs(tmp_path: Path) -> list[tuple[Path, str]]:
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    docx_device = tmp_path / "null.docx"
    docx_device.symlink_to("/dev/null")
    return [(fifo, "is a named pipe (FIFO), not a regular file"),
            (zero, "is a device (a link to /dev/zero), not a regular file"),
            (docx_device, "is a device (a link to /dev/null), not a regular file")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_devices_are_refused_by_every_command_without_blocking(tmp_path: Path
                                                                         ) -> None:
    """In subprocesses with a timeout: before, a FIFO blocked for ever and /dev/zero ran to
    9.9 GB; either would hang this test. One process per command, all inputs at once."""
    out = tmp_path / "out"
    out.mkdir()
    inputs = not_regular_inputs(tmp_path)
    paths = [str(path) for path, _ in inputs]
    commands = {
        "redact": ["redact", *paths, "--out", str(out), "--no-model"],
        "check": ["check", *paths, "--no-model"],
        "detect": ["detect", *paths],
        "init-case": ["init-case", paths[0], "--out", str(out / "case.yaml")],
    }
    for command, args in commands.items():
        done = subprocess.run([sys.executable, "-m", "redactor", *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, (command, done.stderr)
        errors = [line for line in done.stderr.splitlines()
                  if line.startswith("redactor: error:")]
        expected = inputs[:1] if command == "init-case" else inputs
        assert errors == [f"redactor: error: {path}: {reason}; only regular files are read"
                          for path, reason in expected], command
        assert "empty" not in done.stderr
        assert list(out.iterdir()) == []


# --- size limits -----------------------------------------------------------------------------


def test_max_words_refuses_a_longer_draft_with_the_option_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 1001)
    out = tmp_path / "out"
    out.mkdir()
    for command in ("redact", "detect", "init-case", "check"):
        args = [*every_command(path, out)[command], "--max-words", "1000"]
        code, errors = run(*args)
        assert code == 2, command
        assert errors == [f"redactor: error: {path}: the draft has 1,001 words, more than the "
                          "limit of 1,000 (raise it with --max-words)"], command
    code, _ = run("redact", str(path), "--out", str(out), "--no-model", "--max-words", "1001")
    assert code == 0
    assert (out / "long.redacted.txt").read_text() == "word " * 1001


def test_max_mb_refuses_a_larger_file_and_a_larger_unpacked_docx(tmp_path: Path) -> None:
    text = tmp_path / "big.txt"
    text.write_text("word " * 250_000)  # 1.2 MB
    bomb = hostile.write_bomb(tmp_path / "big.docx", 3)  # 3 MB of spaces
    out = tmp_path / "out"
    out.mkdir()
    code, errors = run("redact", str(text), "--out", str(out), "--no-model", "--max-mb", "1")
    assert code == 2
    assert errors == [f"redactor: error: {text}: the file is 1 MB, more than the limit of 1 MB "
                      "(raise it with --max-mb)"]
    code, errors = run("check", str(bomb), "--no-model", "--max-mb", "1")
    assert code == 2
    assert "unpacks to 3 MB, more than the limit of 1 MB (raise it with --max-mb)" \
        in errors[0]


def test_count_words() -> None:
    assert count_words(["two words", "", " and\tthree more "]) == 5


# --- long texts go to spaCy in pieces --------------------------------------------------------


def test_pieces_rebuild_the_text_and_end_after_sentences() -> None:
    text = ("word " * 30 + "Sarah Jones went home. ") * 20
    pieces = pieces_of(text, 100)
    assert "".join(pieces) == text
    assert all(len(piece) <= 100 for piece in pieces)
    assert sum(piece.endswith(". ") for piece in pieces) >= len(pieces) // 2
    assert pieces_of("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]  # no space: cut


def test_a_text_longer_than_max_length_is_parsed_in_pieces_into_one_doc() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = 300  # spaCy's E088 for any longer text given whole
    long = "Sarah Jones went home. " * 100
    with pytest.raises(ValueError, match="E088"):
        nlp(long)
    docs = list(pipe_in_pieces(nlp, ["short", long, "x"], batch_size=10))
    assert [doc.text for doc in docs] == ["short", long, "x"]
    assert [token.text for token in docs[1]] == [
        token.text for piece in pieces_of(long, 300) for token in nlp.make_doc(piece)]


# --- errors name the thing at fault ----------------------------------------------------------


def test_reader_errors_for_hostile_zips_name_the_file(tmp_path: Path) -> None:
    for name, make, reason in ZIP_ATTACKS:
        path = tmp_path / f"{name}.docx"
        path.write_bytes(make())
        with pytest.raises(InputError) as raised:
            read_document(path)
        assert raised.value.path == str(path)
        assert reason in raised.value.reason


# --- bombs under a memory cap ----------------------------------------------------------------

MEMORY_CAP = 1536 * 1024 * 1024  # issue 18: peak under 1.5 GB
TIME_CAP = 180  # seconds: under 3 minutes, no hang


def run_capped(*args: str) -> subprocess.CompletedProcess[str]:
    """A command in a subprocess whose address space is capped (`resource.setrlimit`)."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    done = subprocess.run([sys.executable, "-m", "redactor", *args], capture_output=True,
                          text=True, timeout=TIME_CAP, preexec_fn=cap)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KB on Linux
    assert peak < MEMORY_CAP
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    xml = folder / "many-paragraphs.docx"
    xml.write_bytes(hostile.many_paragraphs(8))
    return {"spaces": hostile.write_bomb(folder / "spaces.docx", 600),  # a 600 KB file
            "paragraphs": xml, "pdf": hostile.write_pdf_bomb(folder / "content.pdf", 300)}


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and ru_maxrss in KB")
@pytest.mark.parametrize(("bomb", "command", "reason"), [
    ("spaces", "redact", "the DOCX unpacks to 600 MB, more than the limit of 100 MB"),
    ("spaces", "check", "the DOCX unpacks to 600 MB, more than the limit of 100 MB"),
    ("paragraphs", "redact", "words, more than the limit of 300,000 (raise it with "
                             "--max-words)"),
    ("pdf", "redact", "the PDF's page content inflates to more than 100 MB"),
    ("pdf", "check", "the PDF's page content inflates to more than 100 MB"),
])
def test_a_bomb_is_refused_within_the_memory_and_time_caps(
        tmp_path: Path, bombs: dict[str, Path], bomb: str, command: str, reason: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = every_command(bombs[bomb], out)[command]
    done = run_capped(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"redactor: error: {bombs[bomb]}: ")
    assert reason in done.stderr
    assert list(out.iterdir()) == []


# --- one very long paragraph -----------------------------------------------------------------


def test_a_long_text_paragraph_becomes_blocks_that_rebuild_the_file(tmp_path: Path) -> None:
    """A 12 MB single paragraph crashed with E088; now it is cut after sentence ends."""
    from redactor.io import text as text_io

    sentence = f"{hostile.NAME} met the panel in Leeds and nothing more was said. "
    body = "Title\n\n" + sentence * 300 + "\n\nEnd.\n"
    path = tmp_path / "long.txt"
    path.write_text(body)
    document = read_document(path)
    ids = [block.id for block in document.blocks]
    assert ids[:3] == ["text/p0", "text/p1", "text/p1.1"] and ids[-1] == "text/p2"
    assert all(len(block.text) <= text_io.PIECE_CHARS for block in document.blocks)
    for block in document.blocks:
        assert body[block.offset:block.offset + len(block.text)] == block.text
    assert "".join(b.text for b in document.blocks[1:-1]) == sentence * 300
    assert text_io.render(document, {}) == body.encode()


def test_a_docx_paragraph_beyond_the_limit_is_refused_with_the_option(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(hostile.rezip_replacing(hostile.DOCUMENT,
                                             hostile.document_xml("word " * 101)))
    out = tmp_path / "out"
    code, errors = run("redact", str(path), "--out", str(out), "--no-model",
                       "--max-paragraph-words", "100")
    assert code == 2
    assert errors == [f"redactor: error: {path}: paragraph 1 has 101 words, more than the "
                      "limit of 100 for one paragraph (split it, or raise the limit with "
                      "--max-paragraph-words)"]
    code, _ = run("redact", str(path), "--out", str(out), "--no-model",
                  "--max-paragraph-words", "101")
    assert code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_audit_refuses_a_fifo_and_a_device_without_blocking(tmp_path: Path) -> None:
    inputs = not_regular_inputs(tmp_path)[:2]
    for path, reason in inputs:
        done = subprocess.run([sys.executable, "-m", "redactor", "audit", "verify", str(path)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr == f"redactor: error: {path}: {reason}; only regular files are read\n"


def test_a_fifo_given_as_the_manifest_is_refused_not_waited_on(tmp_path: Path) -> None:
    from redactor.checks.manifest import load_manifest

    fifo = tmp_path / "draft.manifest.json"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        load_manifest(fifo)
