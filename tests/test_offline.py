"""Run time is offline: detection and a full redaction with the model open no connection.

The `no_network` fixture makes any socket connect fail, so a download attempt (spaCy model,
tldextract's public-suffix list) fails the test instead of passing silently.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.cli import main

DRAFT = ("Sarah Jenkins lived at 14 Elm Grove Road, Northtown NT1 2AB.\n\n"
         "Her email was sarah.j@example.co.uk and her website www.example.org; "
         "mobile 07700 900123, NHS number 943 476 5919.\n")
CASE = "people:\n  - {name: Sarah Jenkins, role: victim, gender: female, pseudonym: Anna Price}\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    draft, case = tmp_path / "draft.txt", tmp_path / "case.yaml"
    draft.write_text(DRAFT)
    case.write_text(CASE)
    return draft, case


@pytest.fixture
def attempts(no_network: None, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every connection attempted (libraries such as tldextract swallow the error)."""
    seen: list[object] = []

    def recording(blocked):
        def record(*args: object, **kwargs: object) -> None:
            seen.append(args)
            blocked(*args, **kwargs)
        return record

    monkeypatch.setattr(socket, "create_connection", recording(socket.create_connection))
    monkeypatch.setattr(socket, "getaddrinfo", recording(socket.getaddrinfo))
    monkeypatch.setattr(socket.socket, "connect", recording(socket.socket.connect))
    return seen


def test_the_fixture_blocks_and_records_connections(attempts: list[object]) -> None:
    with pytest.raises(RuntimeError, match="network access attempted"):
        socket.create_connection(("example.org", 443))
    assert attempts == [(("example.org", 443),)]


def test_the_email_check_can_only_use_the_bundled_suffix_list() -> None:
    from redactor.detect.recognizers import offline_tld_extractor

    extractor = offline_tld_extractor()
    assert extractor.suffix_list_urls == () and extractor.fallback_to_snapshot
    assert extractor._cache.enabled is False


@pytest.mark.model
def test_detect_is_offline(attempts: list[object], files: tuple[Path, Path]) -> None:
    draft, case = files
    result = CliRunner().invoke(main, ["detect", str(draft), "--case", str(case)])
    assert result.exit_code == 0, result.output
    labels = {span["label"] for span in json.loads(result.stdout)["spans"]}
    assert {"EMAIL_ADDRESS", "URL", "PHONE_NUMBER", "UK_NHS"} <= labels
    assert attempts == []


@pytest.mark.model
def test_redact_is_offline(attempts: list[object], files: tuple[Path, Path],
                           tmp_path: Path) -> None:
    draft, case = files
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    redacted = (out / "draft.redacted.txt").read_text()
    assert "Anna Price" in redacted
    for identifier in ("sarah.j@example.co.uk", "07700 900123", "943 476 5919",
                       "14 Elm Grove Road", "NT1 2AB"):
        assert identifier not in redacted
    assert attempts == []
