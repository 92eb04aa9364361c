"""`redactor audit verify`: an intact log passes; every kind of tampering is named by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.audit.log import AuditLog, chain
from redactor.audit.report import verify_log
from redactor.cli import main
from redactor.cli.common import EXIT_ERROR, EXIT_FOUND, EXIT_OK
from redactor.errors import InputError
from redactor.model import Change

CASE = """\
people:
  - name: Sarah Jenkins
    aliases: [Mrs Jenkins]
    role: victim
    pseudonym: Anna Price
  - name: Mark Taylor
    role: perpetrator
"""
DRAFT = ("Sarah Jenkins met Mark Taylor on 14 March 2019.\n\n"
         "Mrs Jenkins called Mark Taylor on 3 April 2019.\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def redacted(tmp_path: Path) -> tuple[Path, Path]:
    """A real log and output from `redactor redact --no-model`: (log, output)."""
    (tmp_path / "draft.txt").write_text(DRAFT)
    (tmp_path / "case.yaml").write_text(CASE)
    result = run("redact", str(tmp_path / "draft.txt"), "--case", str(tmp_path / "case.yaml"),
                 "--no-model")
    assert result.exit_code == 0, result.output
    return tmp_path / "draft.audit.jsonl", tmp_path / "draft.redacted.txt"


def lines_of(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines()


def write_lines(log: Path, lines: list[str]) -> None:
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_intact_log_and_its_output_verify(redacted) -> None:
    log, output = redacted
    assert len(lines_of(log)) >= 6  # header, several changes, footer
    assert verify_log(log, output) == []
    result = run("audit", "verify", str(log), "--output", str(output))
    assert result.exit_code == EXIT_OK
    assert "intact" in result.output and "chain head sha256" in result.output


def edit_a_change(lines: list[str]) -> list[str]:
    record = json.loads(lines[2])
    record["after"] = "Someone Else"
    return [*lines[:2], json.dumps(record, ensure_ascii=False, separators=(",", ":")),
            *lines[3:]]


def edit_the_header(lines: list[str]) -> list[str]:
    return [lines[0].replace('"sha256":"', '"sha256":"0', 1), *lines[1:]]


def delete_a_change(lines: list[str]) -> list[str]:
    return [*lines[:2], *lines[3:]]


def swap_two_changes(lines: list[str]) -> list[str]:
    return [lines[0], lines[2], lines[1], *lines[3:]]


def truncate(lines: list[str]) -> list[str]:
    return lines[:-1]


def drop_the_last_change_and_rechain(lines: list[str]) -> list[str]:
    """A careful forger: removes a change and recomputes every `prev`."""
    records = [json.loads(line) for line in [*lines[:-2], lines[-1]]]
    return chain({k: v for k, v in r.items() if k != "prev"} for r in records)


@pytest.mark.parametrize(("tamper", "line", "says"), [
    (edit_a_change, 4, "'prev' does not match line 3"),
    (edit_the_header, 2, "'prev' does not match line 1"),
    (delete_a_change, 3, "'prev' does not match line 2"),
    (delete_a_change, 3, "seq 3 where 2 was expected"),
    (swap_two_changes, 2, "seq 2 where 1 was expected"),
    (swap_two_changes, 2, "'prev' does not match line 1"),
    (truncate, -1, "ends without a footer"),
    (drop_the_last_change_and_rechain, -1, "footer counts"),
])
def test_tampering_is_detected_with_its_line(redacted, tamper, line, says) -> None:
    log, _ = redacted
    tampered = tamper(lines_of(log))
    write_lines(log, tampered)
    line = line if line > 0 else len(tampered)
    problems = verify_log(log)
    assert any(p.line == line and says in p.message for p in problems), problems
    result = run("audit", "verify", str(log))
    assert result.exit_code == EXIT_FOUND
    assert f"{log}:{line}: " in result.output


def test_a_swapped_output_file_is_detected(redacted, tmp_path: Path) -> None:
    log, output = redacted
    other = tmp_path / "other.txt"
    other.write_text(output.read_text().replace("2019", "2020"))
    result = run("audit", "verify", str(log), "--output", str(other))
    assert result.exit_code == EXIT_FOUND
    assert "is not the logged output's" in result.output
    assert run("audit", "verify", str(log), "--output", str(output)).exit_code == EXIT_OK


def test_footer_hashes_must_equal_the_header_s(tmp_path: Path) -> None:
    log = AuditLog.start(input_path=Path("draft.txt"), input_sha256="a" * 64,
                         case_path=None, case_sha256=None, model={}, options={}, inventory={})
    log.add([Change("text/p0", 0, 5, "Sarah", "Anna", "pseudonyms", "pseudonym.first.v1",
                    "a test", flagged=True)])
    log.finish(output_path=Path("draft.redacted.txt"), output_sha256="b" * 64)
    log.footer["input"] = {"path": "draft.txt", "sha256": "c" * 64}
    path = tmp_path / "forged.audit.jsonl"
    log.write(path)  # a consistent chain, but the footer names another input
    assert [p.message for p in verify_log(path)] == [
        f"footer input {{'path': 'draft.txt', 'sha256': '{'c' * 64}'}} differs from the "
        f"header's {{'path': 'draft.txt', 'sha256': '{'a' * 64}'}}"]


@pytest.mark.parametrize(("content", "says"), [
    (None, "audit log not found"),
    (b"", "the audit log is empty"),
    (b"\xff\xfe not text", "not UTF-8"),
    (b"hello\n", "not a redactor audit log"),
])
def test_an_unreadable_log_exits_2(tmp_path: Path, content: bytes | None, says: str) -> None:
    log = tmp_path / "x.audit.jsonl"
    if content is not None:
        log.write_bytes(content)
    with pytest.raises(InputError, match=says):
        verify_log(log)
    result = run("audit", "verify", str(log))
    assert result.exit_code == EXIT_ERROR
    assert says in result.output


def test_a_missing_output_file_exits_2(redacted, tmp_path: Path) -> None:
    log, _ = redacted
    result = run("audit", "verify", str(log), "--output", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == EXIT_ERROR


@pytest.mark.parametrize(("resave", "line", "says"), [
    (lambda lines: [line + "\r" for line in lines], 0, "line endings were changed to CRLF"),
    (lambda lines: ["\ufeff" + lines[0], *lines[1:]], 1, "starts with a byte-order mark"),
])
def test_a_log_re_saved_by_an_editor_is_not_intact(redacted, resave, line, says) -> None:
    log, _ = redacted
    write_lines(log, resave(lines_of(log)))
    assert any(p.line == line and says in p.message for p in verify_log(log))
    assert run("audit", "verify", str(log)).exit_code == EXIT_FOUND
