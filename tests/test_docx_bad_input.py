"""A bad .docx stops the run with one clear reason (InputError), never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx_builder import DocxParts, build_docx, p

from redactor.errors import InputError
from redactor.io import read_document

GOOD = build_docx(DocxParts(body=[p("A good draft.")]))


def rezip(replace: dict[str, bytes | None]) -> bytes:
    """The good draft with some parts replaced (bytes) or left out (None)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source, \
            zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = replace.get(name, source.read(name))
            if data is not None:
                target.writestr(name, data)
        for name, data in replace.items():
            if name not in source.namelist() and data is not None:
                target.writestr(name, data)
    return buffer.getvalue()


def other_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>')


@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04" + b"\x00garbage" * 20, "the DOCX is damaged (cannot unzip it"),
    (GOOD[: len(GOOD) // 2], "the DOCX is damaged (cannot unzip it"),
    (other_zip(), "the zip file is not a Word document (no word/document.xml"),
    (rezip({"word/document.xml": None}), "not a Word document"),
    (rezip({"[Content_Types].xml": None}), "it has no [Content_Types].xml part"),
    (rezip({"word/document.xml": b"<w:document><w:body>"}),
     "part word/document.xml is not readable XML"),
    (rezip({"word/styles.xml": b"\xff\xfe not xml"}), "part word/styles.xml is not readable"),
    (rezip({"word/document.xml": b'<w:document xmlns:w="http://purl.oclc.org/ooxml/'
                                 b'wordprocessingml/main"><w:body/></w:document>'}),
     "Strict Open XML, which is not supported"),
    # entities are never expanded; a DTD anywhere is refused by every command alike
    (rezip({"customXml/item9.xml": BILLION_LAUGHS}), "part customXml/item9.xml declares a DTD"),
    (rezip({"word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                 b'wordprocessingml/2006/main"/>'}), "has no document body"),
], ids=["garbage after zip magic", "truncated", "spreadsheet-like zip", "no main part",
        "no content types", "broken document XML", "broken styles XML", "strict OOXML",
        "entity definitions in an extra part", "no body"])
def test_bad_docx_gives_one_clear_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert reason in error.value.reason
    assert error.value.path == str(path)
    assert "\n" not in error.value.reason


@pytest.mark.parametrize("data", [GOOD], ids=["good draft"])
def test_good_docx_reads(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(data)
    document = read_document(path)
    assert [block.text for block in document.blocks] == ["A good draft."]
