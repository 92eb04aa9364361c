"""The DOCX reader and writer: every part read, every change written back run by run."""

from __future__ import annotations

import io

import docx as python_docx

from redactor.io.docx import plain_docx


def test_plain_docx_holds_the_paragraphs_and_is_deterministic() -> None:
    paragraphs = ["First\tparagraph", "second\nline", "form feed\x0c dropped"]
    data = plain_docx(paragraphs)
    assert data == plain_docx(paragraphs)
    opened = python_docx.Document(io.BytesIO(data))
    assert [p.text for p in opened.paragraphs] == [
        "First\tparagraph", "second\nline", "form feed dropped"]
    assert opened.core_properties.author == ""
