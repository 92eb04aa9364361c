"""Embedded documents and objects never reach a published file (issue 18, item 1).

A chair pastes an IMR or a chronology into the draft as a Word object: the package then holds
the other document whole (its text and its author) plus a picture Word shows of it. Neither
can be redacted, so `redact` removes both, leaves a visible placeholder and logs why; `check`
makes an embedded object an error.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.cli import main
from tests.docx_builder import PNG, REL, DocxParts, build_docx, embedded_object, p, r

SECRET = "Sarah Jenkins"
CASE = """\
people:
  - {id: P1, name: Sarah Jenkins, role: victim, gender: female, pseudonym: Anna Price}
"""
CHART = (
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<c:chart><c:title><c:tx><c:rich><a:p xmlns:a="http://schemas.openxmlformats.org/'
    'drawingml/2006/main"><a:r><a:t>Contacts by agency</a:t></a:r></a:p></c:rich></c:tx>'
    '</c:title></c:chart><c:externalData r:id="rId1"/></c:chartSpace>')


def inner_docx() -> bytes:
    """The embedded document: an IMR naming the victim, written by a named author."""
    return build_docx(DocxParts(body=[p(r(f"IMR: {SECRET} was seen by her GP."))],
                                core={"dc:creator": "Imogen Author"}))


def draft_with_embeddings(tmp_path: Path, where: str = "body") -> Path:
    word_object = embedded_object("rIdEmbed1", "rIdPreview1")
    ole_object = embedded_object("rIdEmbed2", "rIdPreview2", prog_id="Excel.Sheet.8")
    blocks = [p(r("The IMR is attached below.")), p(word_object), p(ole_object)]
    parts = DocxParts(
        body=blocks if where == "body" else [p(r("Body text."))],
        headers={"default": blocks} if where == "header" else {},
        embedded={
            "rIdEmbed1": ("word/embeddings/Microsoft_Word_Document.docx", inner_docx(),
                          "package"),
            "rIdPreview1": ("word/media/image1.emf", PNG, "image"),
            "rIdEmbed2": ("word/embeddings/oleObject1.bin",
                          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + SECRET.encode("utf-16-le"),
                          "oleObject"),
            "rIdPreview2": ("word/media/image2.emf", PNG, "image"),
        },
    )
    draft = tmp_path / "draft.docx"
    data = build_docx(parts)
    if where == "header":  # the objects' relationships belong to the header part
        data = _move_rels_to_header(data)
    draft.write_bytes(data)
    return draft


def unzip(data: bytes) -> dict[str, bytes]:
    """A package's entries by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    """A package of these entries, in this order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    return buffer.getvalue()


def _move_rels_to_header(data: bytes) -> bytes:
    files = unzip(data)
    doc_rels = files["word/_rels/document.xml.rels"].decode()
    header_rels = ['<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships">']
    for rid in ("rIdEmbed1", "rIdPreview1", "rIdEmbed2", "rIdPreview2"):
        start = doc_rels.index(f'<Relationship Id="{rid}"')
        end = doc_rels.index("/>", start) + 2
        header_rels.append(doc_rels[start:end])
        doc_rels = doc_rels[:start] + doc_rels[end:]
    files["word/_rels/document.xml.rels"] = doc_rels.encode()
    files["word/_rels/header1.xml.rels"] = ("".join(header_rels) + "</Relationships>").encode()
    return rezip(files)


def everything_in(path: Path) -> tuple[list[str], str]:
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        text = " ".join(package.read(n).decode("utf-8", "replace") for n in names)
    return names, text


def redact(tmp_path: Path, draft: Path, *extra: str) -> tuple[int, Path]:
    case = tmp_path / "case.yaml"
    case.write_text(CASE)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case), "--out",
                                       str(out), "--no-model", *extra])
    assert result.exit_code == 0, result.output
    return result.exit_code, out


@pytest.mark.parametrize("where", ["body", "header"])
def test_embedded_documents_are_removed_with_a_placeholder_and_logged(
        tmp_path: Path, where: str) -> None:
    draft = draft_with_embeddings(tmp_path, where)
    before = draft.read_bytes()
    _, out = redact(tmp_path, draft)
    assert draft.read_bytes() == before  # the input is never modified

    names, text = everything_in(out / "draft.redacted.docx")
    assert not [n for n in names if n.startswith("word/embeddings/")]
    assert not [n for n in names if n.startswith("word/media/")]  # the preview pictures too
    assert "oleObject" not in text and "OLEObject" not in text and "w:object" not in text
    assert "Imogen" not in text and "IMR: Sarah" not in text
    assert text.count("[embedded document removed]") == 2

    log = tmp_path / "out-CONFIDENTIAL" / "draft.audit.jsonl"  # confidential, apart
    changes = [json.loads(line) for line in log.read_text().splitlines()
               if '"type":"change"' in line]
    removed = [c for c in changes if c["rule"] == "docx.embedded-object-removed.v1"]
    assert len(removed) == 2
    assert {tuple(c["detail"]["parts"]) for c in removed} == {
        ("word/embeddings/Microsoft_Word_Document.docx",), ("word/embeddings/oleObject1.bin",)}
    assert all("cannot be redacted" in c["reason"] for c in removed)

    footer = json.loads(log.read_text().splitlines()[-1])
    assert footer["check"]["result"] == "pass"


def test_the_workbook_behind_a_chart_is_removed_and_the_chart_kept(tmp_path: Path) -> None:
    parts = DocxParts(body=[p(r("Contacts are charted below."))],
                      related={"word/charts/chart1.xml": (CHART, "chart")})
    files = unzip(build_docx(parts))
    files["word/charts/_rels/chart1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}package" '
        'Target="../embeddings/Microsoft_Excel_Worksheet.xlsx"/></Relationships>').encode()
    files["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = inner_docx()
    draft = tmp_path / "draft.docx"
    draft.write_bytes(rezip(files))

    _, out = redact(tmp_path, draft)
    names, text = everything_in(out / "draft.redacted.docx")
    assert "word/charts/chart1.xml" in names
    assert not [n for n in names if "embeddings" in n]
    assert "externalData" not in text and "Contacts by agency" in text


def test_check_makes_an_embedded_document_an_error(tmp_path: Path) -> None:
    draft = draft_with_embeddings(tmp_path)
    result = CliRunner().invoke(main, ["check", str(draft), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    embedded = [f for f in findings if f["code"] == "HIDDEN005"]
    assert {f["severity"] for f in embedded} == {"error"}
    assert any("Microsoft_Word_Document.docx" in f["location"] for f in embedded)


def test_pictures_linked_from_the_web_are_removed(tmp_path: Path) -> None:
    """A picture linked (not stored) would be fetched by the reader's Word or LibreOffice."""
    from tests.docx_builder import picture

    linked = picture("rIdLinked", descr="").replace('r:embed="rIdLinked"', 'r:link="rIdLinked"')
    files = unzip(build_docx(DocxParts(body=[p(r("A photograph follows.")), p(linked)])))
    rels = files["word/_rels/document.xml.rels"].decode()
    files["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdLinked" Type="{REL}image" '
        'Target="https://photos.example.org/sarah-jenkins.jpg" TargetMode="External"/>'
        "</Relationships>").encode()
    draft = tmp_path / "draft.docx"
    draft.write_bytes(rezip(files))

    _, out = redact(tmp_path, draft)
    _, text = everything_in(out / "draft.redacted.docx")
    assert "photos.example.org" not in text and "r:link" not in text
    assert "A photograph follows." in text
    log = (tmp_path / "out-CONFIDENTIAL" / "draft.audit.jsonl").read_text()
    assert "docx.linked-picture-removed.v1" in log
