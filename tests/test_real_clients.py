"""Real clients: LibreOffice opens every bundled draft's outputs and review copies.

Each file is converted with `soffice --headless --convert-to pdf` (one fresh profile for
the session). LibreOffice exits 0 even when it cannot load a file, so a load error is read
from its stderr and from the PDF being missing. The PDF's text is then compared with what
redactor's own reader finds in the file. Skipped, with a message, where LibreOffice is not
installed (`.ci/run` installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from docx_builder import DocxParts, build_docx, commented, footnote_reference, p, text_box
from lxml import etree

from redactor.case import load_case
from redactor.cli import main
from redactor.io import read_document
from redactor.io.docx import read
from redactor.io.docx.package import Package
from redactor.io.docx.review import render_review_copy
from redactor.io.ooxml import qn
from redactor.io.pdf_export import without_external_resources
from redactor.model import Change
from redactor.options import RunOptions
from tests.conftest import CORPUS

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed, so files are not opened "
    "in a real client; install libreoffice-writer-nogui (.ci/run does)")

DRAFTS = sorted(path for path in CORPUS.glob("*/*")
                if path.suffix in (".docx", ".pdf", ".txt", ".md") and path.name != "README.md"
                and (path.parent / "case.yaml").is_file())
READ = RunOptions(use_model=False, accept_changes=True)


@dataclass(frozen=True)
class Opened:
    """What LibreOffice made of a file: its PDF text, or the error it printed."""

    pdf: Path
    stderr: str

    @property
    def text(self) -> str:
        with pdfplumber.open(self.pdf) as document:
            return "\n".join(page.extract_text() or "" for page in document.pages)


def open_in_libreoffice(files: list[Path], out_dir: Path, profile: Path) -> dict[Path, Opened]:
    """Convert the files to PDF in one LibreOffice run; a file it cannot load has no PDF."""
    run = subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, files)],
        capture_output=True, text=True, timeout=600, check=False)
    errors = "\n".join(line for line in run.stderr.splitlines() if "javaldx" not in line)
    return {path: Opened(out_dir / f"{path.stem}.pdf", errors) for path in files}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[Path]]:
    """Each bundled draft's publishable output and (DOCX drafts) review copy."""
    out = tmp_path_factory.mktemp("outputs")
    made: dict[Path, list[Path]] = {}
    for draft in DRAFTS:
        target = out / draft.parent.name
        result = CliRunner().invoke(main, [
            "redact", str(draft), "--case", str(draft.parent / "case.yaml"), "--out",
            str(target), "--no-model", "--accept-changes", "--review-copy", "--jobs", "1"])
        assert result.exit_code in (0, 1), result.output
        secret = target.parent / f"{target.name}-CONFIDENTIAL"  # the review copy is there
        made[draft] = sorted([*target.glob(f"{draft.stem}.re*.*"),
                              *secret.glob(f"{draft.stem}.re*.*")])
    return made


@pytest.fixture(scope="module")
def opened(outputs: dict[Path, list[Path]], tmp_path_factory: pytest.TempPathFactory
           ) -> dict[Path, Opened]:
    files = [path for paths in outputs.values() for path in paths]
    return open_in_libreoffice(files, tmp_path_factory.mktemp("pdf"),
                               tmp_path_factory.mktemp("profile"))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shows(rendered: str, text: str, review: bool = False) -> bool:
    """A block's text is in the rendered text. A table cell may wrap beside its neighbours,
    so for cells every word is enough; a review copy shows each deletion glued to its
    insertion ("Rose O'NeillAnna"), so there every word somewhere is enough."""
    if review:
        return all(flat(word) in flat(rendered) for word in text.split())
    return flat(text) in flat(rendered) or set(text.split()) <= set(rendered.split())


def draft_text(draft: Path) -> str:
    return read_document(draft, READ).text


@needs_soffice
def test_every_bundled_draft_gives_an_output_and_docx_drafts_a_review_copy(outputs) -> None:
    assert {d.suffix for d in DRAFTS} >= {".docx", ".pdf", ".txt", ".md"}
    for draft, paths in outputs.items():
        names = {path.name for path in paths}
        assert any(".redacted." in name for name in names), draft
        assert (f"{draft.stem}.review.docx" in names) == (draft.suffix == ".docx"), draft


@needs_soffice
@pytest.mark.parametrize("draft", DRAFTS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_outputs_open_in_libreoffice_with_their_text(draft: Path, outputs, opened) -> None:
    case = load_case(draft.parent / "case.yaml")
    for path in outputs[draft]:
        result = opened[path]
        assert result.pdf.is_file(), f"LibreOffice could not open {path.name}: {result.stderr}"
        rendered = result.text
        blocks = [b for b in read_document(path, READ).blocks
                  if not b.id.startswith(("props/", "image/", "link/", "tooltip/", "field/"))]
        assert blocks
        review = path.name.endswith(".review.docx")
        # a fixed-size text box holding a deletion and its insertion may clip its last words
        missing = [b.id for b in blocks if not shows(rendered, b.text, review)
                   and not (review and b.part == "textbox")]
        assert not missing, f"{path.name}: LibreOffice does not show {missing}"
        for person in case.people:
            if person.pseudonym and person.pseudonym not in person.name:
                # a review copy shows the names it replaced; an output never does
                shown = flat(person.name) in flat(rendered)
                assert shown == (review and flat(person.name) in flat(draft_text(draft))), (
                    f"{person.name} in {path.name}")


@needs_soffice
def test_review_copy_with_comments_in_notes_headers_and_text_boxes_opens(tmp_path: Path
                                                                       ) -> None:
    """The places LibreOffice 7.4 refuses comments in: notes, headers, footers."""
    note_mark = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    parts = DocxParts(
        body=[p("Zelda met Bob.", footnote_reference(1)),
              p(text_box(p("Boxed: ", commented("Zelda", 4))))],
        footnotes={1: [p(note_mark, "Told by ", commented("Zelda Quartermaine", 3))]},
        headers={"default": [p("Review: Zelda Quartermaine")]},
        footers={"default": [p("Zelda, page 1")]},
        comments={3: [p("Which Zelda?")], 4: [p("Check.")]})
    path = tmp_path / "notes.docx"
    path.write_bytes(build_docx(parts))
    document = read(path, RunOptions(use_model=False))
    changes = []
    for block in document.blocks:
        for found in re.finditer("Zelda( Quartermaine)?", block.text):
            changes.append(Change(block.id, found.start(), found.end(), found.group(), "Anna",
                                  "pseudonyms", "test.v1", "a test", flagged=True))
    assert {c.block_id.split("/")[0] for c in changes} >= {"body", "footnote", "header",
                                                          "footer", "textbox"}
    review = tmp_path / "notes.review.docx"
    review.write_bytes(render_review_copy(document, changes, RunOptions(use_model=False)))
    result = open_in_libreoffice([review], tmp_path, tmp_path / "profile")[review]
    assert result.pdf.is_file(), result.stderr
    assert "ZeldaAnna" in flat(result.text)  # the deletion shown beside the insertion


# --- redact --pdf ---------------------------------------------------------------------------

NORTHSHIRE = CORPUS / "northshire"


def redact_pdf(out: Path, *drafts: Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [
        "redact", *map(str, drafts), "--case", str(NORTHSHIRE / "case.yaml"), "--out", str(out),
        "--no-model", "--accept-changes", "--pdf", "--force", "--jobs", "1"], env=env)


@needs_soffice
def test_pdf_output_is_made_by_libreoffice_and_passes_the_check(tmp_path: Path) -> None:
    import json

    import pikepdf

    drafts = (NORTHSHIRE / "overview.docx", NORTHSHIRE / "executive_summary.pdf")
    result = redact_pdf(tmp_path / "a", *drafts)
    assert result.exit_code == 0, result.output
    for draft in drafts:
        made = tmp_path / "a" / f"{draft.stem}.redacted.pdf"
        assert f"publishable PDF: {made}" in result.output
        checked = CliRunner().invoke(main, ["check", str(made), "--case",
                                            str(NORTHSHIRE / "case.yaml"), "--no-model"])
        assert checked.exit_code == 0, checked.output
        with pikepdf.open(made) as pdf:
            assert dict(pdf.docinfo) == {} and "/Metadata" not in pdf.Root
            assert "/StructTreeRoot" in pdf.Root  # tagged, for screen readers
            assert not [a for page in pdf.pages for a in page.get("/Annots", [])
                        if "/Contents" in a]
        footer = json.loads((tmp_path / "a-CONFIDENTIAL" / f"{draft.stem}.audit.jsonl").read_text()
                            .splitlines()[-1])
        assert footer["pdf"]["path"] == str(made)
        assert footer["pdf"]["check"]["result"] == "pass"
        text = Opened(made, "").text
        assert "Anna" in text and "Rose O'Neill" not in text
    again = redact_pdf(tmp_path / "b", drafts[0])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "a" / "overview.redacted.pdf").read_bytes() == (
        tmp_path / "b" / "overview.redacted.pdf").read_bytes()


def test_pdf_without_libreoffice_stops_before_anything_is_written(tmp_path: Path) -> None:
    result = redact_pdf(tmp_path / "out", NORTHSHIRE / "overview.docx",
                        env={"REDACTOR_SOFFICE": ""})
    assert result.exit_code == 2
    assert "--pdf needs LibreOffice, which is not installed" in result.output
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "out").exists()


def test_a_libreoffice_load_error_leaves_no_output(tmp_path: Path) -> None:
    """soffice exits 0 when it cannot load a file: its stderr says so."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    result = redact_pdf(out, NORTHSHIRE / "overview.docx", env={"REDACTOR_SOFFICE": str(fake)})
    assert result.exit_code == 2
    assert "LibreOffice could not convert it to pdf (Error: source file could not be loaded)" \
        in result.output
    assert not out.exists() or list(out.iterdir()) == []  # an empty folder is removed


def test_pdf_properties_are_cleared(tmp_path: Path) -> None:
    import pikepdf
    from reportlab.pdfgen import canvas

    from redactor.io.pdf_export import clear_properties

    path = tmp_path / "a.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.setTitle("DHR into the death of Rose O'Neill")
    drawing.setAuthor("Judith Langley")
    drawing.drawString(72, 700, "Text.")
    drawing.linkRect("1", "note", (72, 690, 90, 710), relative=0)
    drawing.bookmarkPage("note")
    drawing.save()
    cleared = tmp_path / "b.pdf"
    cleared.write_bytes(clear_properties(path.read_bytes()))
    with pikepdf.open(path) as before:
        assert before.docinfo["/Author"] == "Judith Langley"
    with pikepdf.open(cleared) as after:
        assert dict(after.docinfo) == {}
        assert after.pages[0].Annots[0].Subtype == "/Link"
        assert "/Contents" not in after.pages[0].Annots[0]
    assert clear_properties(path.read_bytes()) == cleared.read_bytes()


def docx_linking(image_url: str, link_url: str) -> bytes:
    """A DOCX showing a picture linked from `image_url` and a hyperlink to `link_url`."""
    from docx_builder import hyperlink

    picture = (
        '<w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="1" '
        'name="Picture 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/'
        'drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="x.png"/>'
        '<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdPicture"/><a:stretch>'
        '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
        '</w:drawing></w:r>')
    data = build_docx(DocxParts(body=[p("A linked picture:", picture),
                                      p(hyperlink("rIdLink", "the guidance"))],
                                links={"rIdLink": link_url}))
    package = Package.from_bytes(data)
    rels = package.xml("word/_rels/document.xml.rels")
    rel = etree.SubElement(rels, qn("pr:Relationship"))
    rel.set("Id", "rIdPicture")
    rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image")
    rel.set("Target", image_url)
    rel.set("TargetMode", "External")
    return package.save()


def test_nothing_linked_from_outside_is_left_for_libreoffice_to_fetch() -> None:
    cleaned = Package.from_bytes(without_external_resources(docx_linking(
        "http://192.0.2.1/photo.png", "https://www.gov.uk/guidance")))
    targets = {rel.get("Id"): rel.get("Target")
               for rel in cleaned.xml("word/_rels/document.xml.rels")}
    assert targets["rIdPicture"] == ""
    assert targets["rIdLink"] == "https://www.gov.uk/guidance"


@needs_soffice
def test_pdf_conversion_makes_no_network_request(monkeypatch) -> None:
    """LibreOffice fetches a linked picture while converting; to_pdf must not let it."""
    import socket
    import threading

    from redactor.io import pdf_export

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port, requests, done = server.getsockname()[1], [], threading.Event()

    def listen() -> None:
        while not done.is_set():
            try:
                requests.append(server.accept()[0].recv(100))
            except OSError:
                continue

    thread = threading.Thread(target=listen)
    thread.start()
    try:
        data = docx_linking(f"http://127.0.0.1:{port}/photo.png", "https://www.gov.uk/")
        monkeypatch.setattr(pdf_export, "no_network", lambda: ())  # the link emptying alone
        assert pdf_export.to_pdf(data, "linked.docx").startswith(b"%PDF")
        assert requests == []
    finally:
        done.set()
        thread.join()
        server.close()


def with_note_marks(data: bytes) -> bytes:
    """Notes begin with a footnoteRef mark, as Word writes them (LibreOffice refuses a note
    that references itself)."""
    package = Package.from_bytes(data)
    for name in ("word/footnotes.xml", "word/endnotes.xml"):
        root = package.xml(name)
        for kind in ("footnote", "endnote"):
            for mark in list(root.iter(qn(f"w:{kind}Reference"))) if root is not None else []:
                mark.addprevious(etree.Element(qn(f"w:{kind}Ref")))
                mark.getparent().remove(mark)
    return package.save()


@needs_soffice
def test_review_copy_and_output_with_a_change_in_every_place_open(tmp_path: Path) -> None:
    from docx_builder import PLACES, docx_with_text_everywhere

    from redactor.io.docx import render

    name = "Zelda Quartermaine"
    places = tuple(place for place in PLACES if not place.startswith("tracked"))
    draft = tmp_path / "every.docx"
    draft.write_bytes(with_note_marks(build_docx(docx_with_text_everywhere(name, places=places))))
    document = read(draft, RunOptions(use_model=False))
    changes = [Change(b.id, m.start(), m.end(), name, "Anna Price", "pseudonyms", "test.v1",
                      "a test", flagged=True)
               for b in document.blocks for m in re.finditer(name, b.text)]
    assert {c.block_id.split("/")[0] for c in changes} >= {
        "body", "header", "footer", "footnote", "endnote", "textbox", "field", "props"}
    review, redacted = tmp_path / "every.review.docx", tmp_path / "every.redacted.docx"
    review.write_bytes(render_review_copy(document, changes, RunOptions(use_model=False)))
    by_block: dict[str, list[Change]] = {}
    for change in changes:
        by_block.setdefault(change.block_id, []).append(change)
    redacted.write_bytes(render(document, by_block, RunOptions(use_model=False)))
    results = open_in_libreoffice([review, redacted], tmp_path, tmp_path / "profile")
    for path in (review, redacted):
        assert results[path].pdf.is_file(), f"{path.name}: {results[path].stderr}"
    shown = results[redacted].text
    assert "Anna Price" in shown and name not in shown


@needs_soffice
def test_a_pdf_failing_its_check_is_named_and_the_run_exits_1(tmp_path: Path,
                                                               monkeypatch) -> None:
    from redactor import pipeline

    real = pipeline.self_check

    def pdf_fails(output: bytes, name: str, case) -> dict:
        found = real(output, name, case)
        return {**found, "result": "fail", "errors": 2} if name.endswith(".pdf") else found

    monkeypatch.setattr(pipeline, "self_check", pdf_fails)
    result = redact_pdf(tmp_path, NORTHSHIRE / "overview.docx")
    assert result.exit_code == 1
    assert (f"redactor: {tmp_path / 'overview.redacted.pdf'}: the pre-publication check found "
            "2 problem(s)") in result.output
    assert "overview.redacted.docx: the pre-publication check" not in result.output
