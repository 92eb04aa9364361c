"""Runs that cannot clobber each other, and errors that name the thing at fault (issue 18).

A second run into a locked folder is refused naming the holder; a `--force` re-run that
fails keeps the previous outputs and audit log; workers exit when their parent dies; an
operating-system error names the file or folder in plain English, never "internal error".
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor import atomic
from redactor.atomic import FolderLock, replace_set
from redactor.cli import main
from redactor.errors import OutputError

DRAFT = "Sarah Jones met the panel in Leeds on 3 March 2019.\n"


def redact(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["redact", *args, "--no-model"])
    return result.exit_code, result.stderr


@pytest.fixture
def done_run(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A draft redacted once into `out`; the files it left, by name."""
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT)
    out = tmp_path / "out"
    code, stderr = redact(str(draft), "--out", str(out))
    assert code == 0, stderr
    return draft, out, files_in(out)


def files_in(folder: Path) -> dict[str, bytes]:
    """The files of a publish folder and of its confidential sibling (audit logs)."""
    secret = folder.with_name(f"{folder.name}-CONFIDENTIAL")
    found = {p.name: p.read_bytes() for p in folder.iterdir()}
    if secret.is_dir():
        found |= {f"CONFIDENTIAL/{p.name}": p.read_bytes() for p in secret.iterdir()}
    return found


def test_a_second_run_into_a_locked_folder_says_which_run_holds_it(
        done_run: tuple[Path, Path, dict[str, bytes]]) -> None:
    draft, out, before = done_run
    with FolderLock(out):
        code, stderr = redact(str(draft), "--out", str(out), "--force")
        assert (out / ".redactor.lock").is_file()
    assert code == 2
    assert stderr.startswith(f"redactor: error: {out}: another redactor run is writing to "
                             f"this folder (process {os.getpid()} on ")
    assert files_in(out) == before  # nothing replaced, no lock file left
    code, _ = redact(str(draft), "--out", str(out), "--force")
    assert code == 0  # released: the next run goes ahead


def test_the_lock_is_released_when_its_holder_dies(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from redactor.atomic import FolderLock
        FolderLock({str(tmp_path)!r}).acquire()
        print("locked", flush=True)
        time.sleep(600)
    """)], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(OutputError, match=f"process {holder.pid} on "):
                FolderLock(tmp_path).acquire()
        finally:
            holder.kill()
    with FolderLock(tmp_path):  # a stale lock file never blocks a later run
        pass
    assert not (tmp_path / ".redactor.lock").exists()


def test_a_force_rerun_that_runs_out_of_disk_keeps_the_previous_set(
        done_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18 item 5: before, the audit log was deleted and the old output left alone."""
    draft, out, before = done_run
    draft.write_text(DRAFT.replace("Leeds", "York"))
    real = os.fsync
    calls = []

    def full_disk_on_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the audit log was written; the output finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full_disk_on_second)
    code, stderr = redact(str(draft), "--out", str(out), "--force")
    assert code == 2
    first = stderr.splitlines()[0]
    assert first.startswith(f"redactor: error: {out}")  # the second file of the set
    assert first.endswith(": cannot write the file (the disk is full)")
    assert files_in(out) == before  # old output and its audit log, no temporary files


def test_a_force_rerun_that_fails_while_renaming_restores_the_previous_set(
        done_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    draft, out, before = done_run
    draft.write_text(DRAFT.replace("Leeds", "York"))
    real = os.replace

    def fail_on_output(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "draft.redacted.txt" and str(source).endswith(".tmp"):
            raise OSError(errno.EIO, "Input/output error", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", fail_on_output)
    code, stderr = redact(str(draft), "--out", str(out), "--force")
    assert code == 2
    assert "cannot replace the outputs (the disk reported an input/output error); the " \
           "previous ones are kept" in stderr
    assert files_in(out) == before


def test_a_force_rerun_replaces_the_whole_set(
        done_run: tuple[Path, Path, dict[str, bytes]]) -> None:
    draft, out, before = done_run
    draft.write_text(DRAFT.replace("Leeds", "York"))
    code, _ = redact(str(draft), "--out", str(out), "--force")
    assert code == 0
    after = files_in(out)
    assert sorted(after) == sorted(before)
    assert after["draft.redacted.txt"] != before["draft.redacted.txt"]
    assert b"York" in after["draft.redacted.txt"]


def test_replace_set_writes_every_file_or_none(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"old a")
    files = [(tmp_path / "a", b"new a", 0o600), (tmp_path / "missing" / "b", b"new b", 0o644)]
    with pytest.raises(OutputError) as raised:
        replace_set(files)
    assert raised.value.path == str(tmp_path / "missing")
    assert "the folder does not exist" in raised.value.reason
    assert files_in(tmp_path) == {"a": b"old a"}


def test_an_unwritable_output_folder_is_named_in_plain_english(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: 'internal error … tempfile.py' naming the input."""
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT)
    out = tmp_path / "out"
    out.mkdir()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    code, stderr = redact(str(draft), "--out", str(out))
    assert code == 2
    assert stderr.splitlines()[0] == (f"redactor: error: {out}-CONFIDENTIAL: cannot write "
                                      "draft.audit.jsonl in this folder (permission denied)")
    assert "internal error" not in stderr
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_output_folder_is_named(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        code, stderr = redact(str(draft), "--out", str(out))
    finally:
        out.chmod(0o700)
    assert code == 2
    assert f"redactor: error: {out}: cannot write in the output folder (permission denied)" \
        in stderr


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie nobody reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    """Issue 18 item 5: before, a killed batch's workers stayed alive indefinitely."""
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import multiprocessing, time
        from redactor.batch import _worker_main
        from redactor.options import RunOptions
        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=_worker_main,
                                   args=(RunOptions(use_model=False), context.Queue(),
                                         context.Queue()))
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        print(" ".join(str(worker.pid) for worker in workers), flush=True)
        time.sleep(600)
    """)], stdout=subprocess.PIPE, text=True)
    with parent:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        parent.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in pids if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def test_a_folder_in_the_place_of_an_output_is_named_and_left_alone(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT)
    out = tmp_path / "out"
    (out / "draft.redacted.txt").mkdir(parents=True)
    code, stderr = redact(str(draft), "--out", str(out), "--force")
    assert code == 2
    assert stderr.splitlines()[0] == (f"redactor: error: {out / 'draft.redacted.txt'}: is in "
                                      "the way of an output and is not a file (a folder, a "
                                      "device or a pipe); move it away")
    assert [p.name for p in out.iterdir()] == ["draft.redacted.txt"]


def test_a_temporary_file_a_killed_run_left_is_removed_by_the_next(tmp_path: Path) -> None:
    """A run killed mid-write (SIGKILL cannot be caught) left a hidden partial audit log
    holding real names in the confidential folder, which no later run removed (hostile-inputs
    bug bash); the next run to take the folder's lock removes it, and nothing else."""
    stale = tmp_path / ".draft.audit.jsonl.abc123.tmp"
    stale.write_text('{"before": "Sarah Jenkins"}', encoding="utf-8")
    old = tmp_path / ".draft.redacted.docx.x1.tmp.old"
    old.write_bytes(b"old")
    kept = tmp_path / "draft.audit.jsonl"
    kept.write_text("{}", encoding="utf-8")
    with FolderLock(tmp_path):
        pass
    assert not stale.exists() and not old.exists()
    assert kept.exists()
