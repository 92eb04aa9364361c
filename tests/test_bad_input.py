"""Bad input: one line naming the file and the reason, exit code 2, and no output files.

Each input is made in tmp_path at test time. The same table drives the reader
(`read_document` raises `InputError`) and the command line (`redactor redact`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from redactor.cli import main
from redactor.errors import InputError
from redactor.io import read_document

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # Compound File (legacy Office)


def text_pdf(path: Path, **canvas_options: object) -> Path:
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1, **canvas_options)
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, 700, "Rose O'Neill was seen by Dr Shah on 2 January 2019.")
    drawing.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt

    return text_pdf(path, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o"))


def scanned_pdf(path: Path) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = io.BytesIO()
    Image.new("L", (210, 297), color=230).save(picture, format="PNG")
    picture.seek(0)
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.drawImage(ImageReader(picture), 0, 0, width=A4[0], height=A4[1])
    drawing.save()
    return path


def truncated_pdf(path: Path) -> Path:
    data = text_pdf(path).read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def write(data: bytes) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


def pdf_bytes(path: Path) -> Path:
    """A real PDF under another name."""
    data = text_pdf(path.with_suffix(".tmp.pdf")).read_bytes()
    path.with_suffix(".tmp.pdf").unlink()
    path.write_bytes(data)
    return path


def missing(path: Path) -> Path:
    return path


BAD_INPUTS = [
    pytest.param("protected.pdf", encrypted_pdf, "the PDF is encrypted", id="encrypted pdf"),
    pytest.param("scan.pdf", scanned_pdf, "page 1 has no text layer (scanned?); run OCR first",
                 id="scanned pdf"),
    pytest.param("cut.pdf", truncated_pdf, "the PDF is truncated", id="truncated pdf"),
    pytest.param("empty.pdf", write(b""), "the file is empty", id="empty pdf"),
    pytest.param("empty.docx", write(b""), "the file is empty", id="empty docx"),
    pytest.param("empty.txt", write(b""), "the file is empty", id="empty txt"),
    pytest.param("blank.md", write(b" \n\n\t\n"), "the file has no text", id="whitespace md"),
    pytest.param("gone.docx", missing, "file not found", id="missing file"),
    pytest.param("draft.txt", pdf_bytes, "the file is binary, not .txt text",
                 id="a PDF named .txt"),
    pytest.param("draft.pdf", write(b"PK\x03\x04" + bytes(100)), "not a PDF file",
                 id="a DOCX named .pdf"),
    pytest.param("draft.rtf", write(b"{\\rtf1 Rose O'Neill}"), "unsupported file type .rtf",
                 id="unknown .rtf"),
    pytest.param("latin1.txt", write("Mrs O’Neill’s café".encode("cp1252")), "not UTF-8 text",
                 id="text not UTF-8"),
    pytest.param("old.doc", write(OLE_HEADER), "legacy Word .doc files are not supported",
                 id="legacy .doc"),
    pytest.param("locked.docx", write(OLE_HEADER), "password-protected",
                 id="encrypted .docx (OLE container)"),
    pytest.param("renamed.docx", write(OLE_HEADER + "WordDocument".encode("utf-16-le")),
                 "legacy Word .doc file named .docx", id="legacy .doc named .docx"),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_INPUTS)
def test_reader_refuses_bad_input(tmp_path: Path, name: str, make, reason: str) -> None:
    path = make(tmp_path / name)
    with pytest.raises(InputError) as raised:
        read_document(path)
    assert reason in raised.value.reason
    assert raised.value.path == str(path)


def redact(path: Path, out: Path):
    return CliRunner().invoke(main, ["redact", str(path), "--out", str(out), "--no-model"])


@pytest.mark.parametrize(("name", "make", "reason"), BAD_INPUTS)
def test_command_reports_bad_input_and_writes_nothing(
    tmp_path: Path, name: str, make, reason: str
) -> None:
    path = make(tmp_path / name)
    out = tmp_path / "out"
    result = redact(path, out)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("redactor: error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"redactor: error: {path}: ")
    assert reason in errors[0]
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert not out.exists()  # no folder left behind either (round-eight bug bash)
    assert not (tmp_path / "out-CONFIDENTIAL").exists()
    assert not (tmp_path / f"{path.stem}.redacted.docx").exists()


def test_command_gives_exactly_one_line_on_stderr(tmp_path: Path) -> None:
    path = write(b"")(tmp_path / "empty.txt")
    result = redact(path, tmp_path / "out")
    assert result.stderr.splitlines() == [f"redactor: error: {path}: the file is empty"]


def test_a_good_input_beside_the_bad_ones_still_works(tmp_path: Path) -> None:
    """The refusals above are about the inputs, not the set-up: a sound PDF redacts."""
    path = text_pdf(tmp_path / "good.pdf")
    result = redact(path, tmp_path / "out")
    assert result.exit_code in (0, 1), result.stderr  # 1: the check found something to review
    assert (tmp_path / "out" / "good.redacted.docx").is_file()
