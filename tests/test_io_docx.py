"""The DOCX reader and writer: every part read, every change written back run by run.

"Nothing leaked" tests build real .docx files (tests/docx_builder.py), run the whole
pipeline without the model, unzip the output and search every part for the name.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx as python_docx
import pytest
from docx_builder import (
    PLACES,
    PNG,
    DocxParts,
    build_docx,
    complex_field,
    deleted,
    docx_with_text_everywhere,
    hyperlink,
    inserted,
    p,
    picture,
    r,
    table,
)

from redactor.case import parse_case
from redactor.changes import apply_to_text
from redactor.detect.engine import Detector
from redactor.errors import InputError
from redactor.io.docx import plain_docx, read, render
from redactor.io.docx.media import strip_metadata
from redactor.model import Change
from redactor.options import RunOptions
from redactor.pipeline import redact_file

NAME = "Zelda Quartermaine"
PSEUDONYM = "Anna Price"
CASE = {"people": [{"name": NAME, "role": "victim", "gender": "female",
                    "pseudonym": PSEUDONYM}]}
NO_MODEL = RunOptions(use_model=False)
REMOVED_PLACES = {"comment", "hidden text", "custom xml", "glossary", "tracked deletion"}


def write(tmp_path: Path, parts: DocxParts, name: str = "draft.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(build_docx(parts))
    return path


def redact(path: Path, options: RunOptions = NO_MODEL, out: str = "out") -> bytes:
    out_dir = path.parent / out
    out_dir.mkdir(exist_ok=True)
    result = redact_file(path, out_dir, parse_case(CASE), options, Detector(options))
    assert result.output is not None
    return result.output.read_bytes()


def part_texts(data: bytes) -> dict[str, str]:
    """Every part of a zip, decoded as text (binary parts decode with replacement)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist()}


def leaks(data: bytes, *words: str) -> list[str]:
    """`part: word` for each word found anywhere in any part (text, attributes, names)."""
    return [f"{name}: {word}" for name, text in part_texts(data).items()
            for word in words if word.lower() in text.lower()]


def change(block_id: str, start: int, before: str, after: str) -> Change:
    return Change(block_id=block_id, start=start, end=start + len(before), before=before,
                  after=after, stage="test", rule="test.v1", reason="test")


# -- plain DOCX ---------------------------------------------------------------------------------


def test_plain_docx_holds_the_paragraphs_and_is_deterministic() -> None:
    paragraphs = ["First\tparagraph", "second\nline", "form feed\x0c dropped"]
    data = plain_docx(paragraphs)
    assert data == plain_docx(paragraphs)
    opened = python_docx.Document(io.BytesIO(data))
    assert [p.text for p in opened.paragraphs] == [
        "First\tparagraph", "second\nline", "form feed dropped"]
    assert opened.core_properties.author == ""
    assert not {"docProps/thumbnail.jpeg", "customXml/item1.xml"} & set(part_texts(data))


# -- nothing leaked, part by part ----------------------------------------------------------------


@pytest.mark.parametrize("place", PLACES)
def test_a_name_in_any_part_is_gone_from_every_part_of_the_output(
        tmp_path: Path, place: str, no_network: None) -> None:
    path = write(tmp_path, docx_with_text_everywhere(NAME, places=(place,)))
    options = RunOptions(use_model=False, accept_changes=place.startswith("tracked"))
    output = redact(path, options)
    assert leaks(output, NAME, "Zelda", "Quartermaine") == []
    python_docx.Document(io.BytesIO(output))  # still a Word document
    if place not in REMOVED_PLACES:
        assert any(PSEUDONYM in text for text in part_texts(output).values())
    if place not in REMOVED_PLACES and not place.startswith("tracked"):
        assert run_formatting(output) == run_formatting(path.read_bytes())


def run_formatting(data: bytes) -> dict[str, list[str]]:
    """The run properties of every run in every story part, in order (VML copies left out)."""
    found = {}
    for name, text in part_texts(data).items():
        text = re.sub(r"<mc:Fallback>.*?</mc:Fallback>", "", text, flags=re.S)
        if name.startswith("word/") and name.endswith(".xml") and "<w:r>" in text:
            found[name] = re.findall(r"<w:r>(?:<w:rPr>.*?</w:rPr>)?", text)
    return found


def test_every_place_is_read_as_its_own_block(tmp_path: Path) -> None:
    everything = tuple(p for p in PLACES if not p.startswith("tracked"))
    document = read(write(tmp_path, docx_with_text_everywhere(NAME, places=everything)),
                    NO_MODEL)
    named = {b.id: b.part for b in document.blocks if NAME in b.text}
    assert {"body/p1", "body/t0/r1c0/t0/r1c1/p0", "header/s0/default/p0",
            "header/s0/first/p0", "header/s0/even/p0", "footer/s0/default/p0",
            "footnote/1/p0", "endnote/1/p0", "textbox/0/p0", "field/0/instruction",
            "field/1/instruction", "image/0/descr", "image/0/title", "props/title",
            "props/company", "props/custom/Victim"} <= set(named)
    assert "props/manager" not in named  # the Manager names a person: cleared, as the author
    assert any(c.before == NAME and c.rule == "docx.author-metadata-cleared.v1"
               and "Manager" in c.location for c in document.scrubbed)
    assert named["textbox/0/p0"] == "textbox" and named["body/t0/r1c0/t0/r1c1/p0"] == "table"
    anchor = next(b for b in document.blocks if b.text.startswith("Anchor paragraph"))
    assert anchor.text == "Anchor paragraph."  # the text box is not the anchor's text
    assert document.block("hyperlink/0/target").text == "mailto:someone@example.org"
    assert document.block("header/s0/first/p0").location == (
        "header of section 1 (first page), paragraph 1")
    assert document.block("body/t0/r1c0/t0/r1c1/p0").location == (
        "table 1, row 2, column 1, table 1, row 2, column 2, paragraph 1")
    assert [b.offset for b in document.blocks[:2]] == [0, len(document.blocks[0].text) + 2]


def test_scrubbing_is_recorded_and_counted(tmp_path: Path) -> None:
    everything = tuple(p for p in PLACES if not p.startswith("tracked"))
    document = read(write(tmp_path, docx_with_text_everywhere(NAME, places=everything)),
                    NO_MODEL)
    rules = {c.rule for c in document.scrubbed}
    assert {"docx.comment-removed.v1", "docx.author-list-removed.v1",
            "docx.hidden-text-removed.v1", "docx.author-metadata-cleared.v1",
            "docx.thumbnail-removed.v1", "docx.custom-xml-removed.v1",
            "docx.glossary-removed.v1"} <= rules
    assert all(c.stage == "scrub" and c.after == "" and c.reason for c in document.scrubbed)
    comment = next(c for c in document.scrubbed if c.rule == "docx.comment-removed.v1")
    assert (comment.block_id, comment.before) == ("comment/0/p0",
                                                  f"In the comment {NAME} was named.")
    assert document.inventory["comments"] == 1
    assert document.inventory["hidden_runs"] == 1
    assert document.inventory["images"] == 1
    output = render(document, {}, NO_MODEL)
    names = set(part_texts(output))
    assert not names & {"word/comments.xml", "word/people.xml", "docProps/thumbnail.png",
                        "word/commentsExtended.xml", "word/commentsIds.xml",
                        "customXml/item1.xml", "word/glossary/document.xml"}
    assert not any("commentReference" in t or "commentRange" in t or "w:author" in t
                   for t in part_texts(output).values())


# -- run-aware writing ---------------------------------------------------------------------------


def runs_of(data: bytes, paragraph: int = 0) -> list[tuple[str, bool | None, bool | None]]:
    opened = python_docx.Document(io.BytesIO(data))
    return [(run.text, run.bold, run.italic) for run in opened.paragraphs[paragraph].runs]


def test_a_name_split_across_bold_and_plain_runs_is_replaced_keeping_formatting(
        tmp_path: Path) -> None:
    parts = DocxParts(body=[p(r("Before, ", italic=True), r("Zelda Quarter", bold=True),
                              r("maine said", italic=True), r(" after.", bold=True))])
    output = redact(write(tmp_path, parts))
    assert runs_of(output) == [("Before, ", None, True), (PSEUDONYM, True, None),
                               (" said", None, True), (" after.", True, None)]


@pytest.mark.parametrize(("runs", "before", "after", "expected"), [
    # replacement lands in the first run the span touches; covered text leaves the others
    (["Mr Z", "elda Quart", "ermaine."], "Zelda Quartermaine", "X", ["Mr X", "", "."]),
    (["Ann", "a"], "Anna", "Bea", ["Bea", ""]),
    (["Tab\tZelda"], "\tZelda", " X", ["Tab X"]),  # a covered tab goes; text takes its place
    (["Zelda\nQuartermaine"], "Zelda\nQuartermaine", "X", ["X"]),
    (["same length"], "same", "SAME", ["SAME length"]),
], ids=["three runs", "two runs", "tab first", "break inside", "one run"])
def test_run_aware_replacement(tmp_path: Path, runs: list[str], before: str, after: str,
                               expected: list[str]) -> None:
    path = write(tmp_path, DocxParts(body=[p(*(r(text) for text in runs))]))
    document = read(path, NO_MODEL)
    block = document.blocks[0]
    start = block.text.index(before)
    output = render(document, {block.id: [change(block.id, start, before, after)]}, NO_MODEL)
    assert [text for text, _, _ in runs_of(output)] == expected


def test_several_changes_in_one_paragraph_apply_right_to_left(tmp_path: Path) -> None:
    path = write(tmp_path, DocxParts(body=[p(r("Zelda met "), r("Bob", bold=True),
                                             r(" and Zelda."))]))
    document = read(path, NO_MODEL)
    text = document.blocks[0].text
    changes = [change("body/p0", 0, "Zelda", "Anna"), change("body/p0", 10, "Bob", "Carl"),
               change("body/p0", text.rindex("Zelda"), "Zelda", "Anna")]
    output = render(document, {"body/p0": changes}, NO_MODEL)
    assert runs_of(output) == [("Anna met ", None, None), ("Carl", True, None),
                               (" and Anna.", None, None)]


def test_a_change_that_does_not_match_the_block_is_refused(tmp_path: Path) -> None:
    document = read(write(tmp_path, DocxParts(body=[p("Zelda met Bob.")])), NO_MODEL)
    with pytest.raises(ValueError, match="expected 'Bob'"):
        render(document, {"body/p0": [change("body/p0", 0, "Bob", "Carl")]}, NO_MODEL)
    with pytest.raises(ValueError, match="no block body/p9"):
        render(document, {"body/p9": [change("body/p9", 0, "Bob", "Carl")]}, NO_MODEL)


def test_link_targets_alt_text_and_field_codes_are_written_back(tmp_path: Path) -> None:
    parts = DocxParts(
        body=[p("Mail ", hyperlink("rIdMail", "Zelda")),
              p(complex_field(' HYPERLINK "mailto:zq@example.org" ', "Zelda")),
              p(picture("rIdImage", descr="Zelda at home"))],
        links={"rIdMail": "mailto:zq%40example.org"}, images={"rIdImage": PNG})  # encoded
    document = read(write(tmp_path, parts), NO_MODEL)
    changes = {
        "hyperlink/0/target": [change("hyperlink/0/target", 7, "zq@example.org", "[email]")],
        "field/0/instruction": [change("field/0/instruction", 19, "zq@example.org", "x")],
        "image/0/descr": [change("image/0/descr", 0, "Zelda", "Anna")],
        "image/0/shape1/descr": [change("image/0/shape1/descr", 0, "Zelda", "Anna")],
    }
    texts = part_texts(render(document, changes, NO_MODEL))
    assert leaks(render(document, changes, NO_MODEL), "zq@example.org", "zq%40") == []
    assert 'Target="mailto:[email]"' in texts["word/_rels/document.xml.rels"]
    assert 'descr="Anna at home"' in texts["word/document.xml"]
    assert 'HYPERLINK "mailto:x"' in texts["word/document.xml"]


# -- determinism -------------------------------------------------------------------------------


def test_output_is_byte_identical_for_the_same_input(tmp_path: Path) -> None:
    everything = tuple(p for p in PLACES if not p.startswith("tracked"))
    path = write(tmp_path, docx_with_text_everywhere(NAME, places=everything))
    assert redact(path, out="a") == redact(path, out="b")
    document = read(path, NO_MODEL)
    assert render(document, {}, NO_MODEL) == render(document, {}, NO_MODEL)


# -- tracked changes ---------------------------------------------------------------------------


def tracked_parts() -> DocxParts:
    return DocxParts(body=[
        p("Kept ", inserted(f"{NAME} arrived", author="Ed Itor"), " and ",
          deleted("Olga Secret left", author="Ed Itor"), " end."),
        table([["cell", p("In a cell ", deleted("Second Secret", change_id=7))]]),
    ])


def test_tracked_changes_are_refused_without_accept(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read(write(tmp_path, tracked_parts()), NO_MODEL)
    assert ("3 unresolved tracked changes (insertion in main text, paragraph 1; deletion in "
            "main text, paragraph 1; deletion in main text, table 1, row 1, column 2, "
            "paragraph 1)") in str(error.value)
    assert "--accept-changes" in str(error.value)


def test_tracked_changes_are_accepted_with_accept(tmp_path: Path) -> None:
    path = write(tmp_path, tracked_parts())
    options = RunOptions(use_model=False, accept_changes=True)
    document = read(path, options)
    assert document.blocks[0].text == f"Kept {NAME} arrived and  end."
    assert document.inventory["tracked_changes"] == 3
    deletions = [c.before for c in document.scrubbed
                 if c.rule == "docx.tracked-deletion-accepted.v1"]
    assert deletions == ["Olga Secret left", "Second Secret"]
    output = redact(path, options)
    assert leaks(output, NAME, "Olga", "Second Secret", "Ed Itor", "author") == []
    assert runs_of(output)[1][0] == f"{PSEUDONYM} arrived"


# -- pictures and hidden text ------------------------------------------------------------------


def test_pictures_are_counted_and_dropped_on_request(tmp_path: Path) -> None:
    parts = DocxParts(body=[p("Photo: ", picture("rIdImage", descr="Family photo"))],
                      images={"rIdImage": PNG})
    path = write(tmp_path, parts)
    kept = read(path, NO_MODEL)
    assert kept.inventory["images"] == 1
    assert "word/media/image1.png" in part_texts(render(kept, {}, NO_MODEL))
    dropped = read(path, RunOptions(use_model=False, drop_images=True))
    output = render(dropped, {}, NO_MODEL)
    assert "word/media/image1.png" not in part_texts(output)
    assert leaks(output, "Family photo", "rIdImage") == []
    assert [c.rule for c in dropped.scrubbed] == ["docx.picture-removed.v1"]
    python_docx.Document(io.BytesIO(output))


HIDDEN_STYLE = ('<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
                '<w:rPr><w:vanish/></w:rPr></w:style>'
                '<w:style w:type="character" w:styleId="AlsoSecret"><w:basedOn w:val="Secret"/>'
                "</w:style>")


@pytest.mark.parametrize(("run", "hidden"), [
    (r(" Zelda", hidden=True), True),
    (r(" Zelda", style="Secret"), True),
    (r(" Zelda", style="AlsoSecret"), True),  # hidden through the style it is based on
    ('<w:r><w:rPr><w:rStyle w:val="Secret"/><w:vanish w:val="0"/></w:rPr>'
     '<w:t xml:space="preserve"> Zelda</w:t></w:r>', False),  # shown again explicitly
    ('<w:r><w:rPr><w:specVanish/></w:rPr><w:t xml:space="preserve"> Zelda</w:t></w:r>', True),
    (r(" Zelda", bold=True), False),
])
def test_hidden_text_is_removed(tmp_path: Path, run: str, hidden: bool) -> None:
    path = write(tmp_path, DocxParts(body=[p("Visible.", run)], styles=HIDDEN_STYLE))
    document = read(path, NO_MODEL)
    assert document.blocks[0].text == ("Visible." if hidden else "Visible. Zelda")
    assert document.inventory["hidden_runs"] == int(hidden)
    assert (not leaks(render(document, {}, NO_MODEL), "Zelda")) is hidden


# -- other places text hides ----------------------------------------------------------------------

CHART = ('<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
         'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title>'
         '<c:tx><c:rich><a:p><a:r><a:t>Calls made by Zelda Quartermaine</a:t></a:r></a:p>'
         "</c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:val><c:numRef><c:numCache>"
         "<c:pt idx=\"0\"><c:v>12</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>"
         "</c:barChart></c:plotArea></c:chart></c:chartSpace>")
SETTINGS = ('<w:attachedTemplate r:id="rIdTemplate"/><w:docVars>'
            '<w:docVar w:name="Victim" w:val="Zelda Quartermaine"/></w:docVars>')


@pytest.mark.parametrize(("parts", "rule"), [
    (DocxParts(body=[p("Chart below.")], related={"word/charts/chart1.xml": (CHART, "chart")}),
     None),
    (DocxParts(body=[p("Variables.")], settings=SETTINGS), "docx.document-variable-removed.v1"),
    (DocxParts(body=[p('<w:smartTag w:element="PersonName"><w:smartTagPr><w:attr '
                       'w:name="Full" w:val="Zelda Quartermaine"/></w:smartTagPr>'
                       f"{r('Zelda')}</w:smartTag> spoke.")]),
     "docx.control-data-removed.v1"),
    (DocxParts(body=[p('<w:sdt><w:sdtPr><w:dropDownList><w:listItem w:displayText='
                       '"Zelda Quartermaine" w:value="ZQ"/></w:dropDownList></w:sdtPr>'
                       f"<w:sdtContent>{r('Choose a name')}</w:sdtContent></w:sdt>")]),
     "docx.control-data-removed.v1"),
    (DocxParts(body=[p(picture("rIdImage", shape_id=3).replace(
        'name="image.png"', 'name="Zelda Quartermaine.jpg"'))], images={"rIdImage": PNG}),
     "docx.shape-name-replaced.v1"),
    (DocxParts(body=[p(r(inner='<w:fldChar w:fldCharType="begin"/>'),
                       '<w:r><w:instrText> AUTHOR "Zelda Quartermaine" </w:instrText></w:r>')]),
     None),
    (DocxParts(body=[f"<w15:unknownWrapper>{p('Zelda Quartermaine')}</w15:unknownWrapper>"]),
     None),
    (DocxParts(body=[p('<w:r><w:pict><v:shape><v:textpath string="Zelda Quartermaine"/>'
                       "</v:shape></w:pict></w:r>")]), None),
    (DocxParts(body=[p('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="T1"/>'
                       '<w:helpText w:type="text" w:val="Ask Zelda Quartermaine"/><w:textInput>'
                       '<w:default w:val="Zelda Quartermaine"/></w:textInput></w:ffData>'
                       "</w:fldChar></w:r>", "<w:r><w:instrText> FORMTEXT </w:instrText></w:r>",
                       r(inner='<w:fldChar w:fldCharType="separate"/>'), r("Zelda"),
                       r(inner='<w:fldChar w:fldCharType="end"/>'))]), None),
    (DocxParts(body=[p("Macros.")], related={
        "word/vbaProject.bin": (b"Attribute VB_Name = Zelda Quartermaine", "vbaProject")}),
     "docx.macros-removed.v1"),
], ids=["chart title", "document variable", "smart tag data", "drop-down choice",
        "picture file name", "field code never closed", "markup the walker does not know",
        "WordArt", "legacy form field", "macros"])
def test_text_in_less_obvious_places_is_redacted_or_removed(
        tmp_path: Path, parts: DocxParts, rule: str | None) -> None:
    path = write(tmp_path, parts)
    document = read(path, NO_MODEL)
    if rule is not None:
        assert rule in {c.rule for c in document.scrubbed}
    assert leaks(redact(path), "Quartermaine") == []


def test_chart_text_is_a_block(tmp_path: Path) -> None:
    parts = DocxParts(body=[p("Chart below.")], related={"word/charts/chart1.xml": (CHART,
                                                                                     "chart")})
    document = read(write(tmp_path, parts), NO_MODEL)
    block = document.block("xml/word/charts/chart1.xml/0")
    assert (block.text, block.part) == ("Calls made by Zelda Quartermaine", "other")
    assert [b.id for b in document.blocks if b.part == "other"] == [block.id]  # not "12"


def test_bookmarks_are_renamed_with_the_links_and_fields_that_use_them(tmp_path: Path) -> None:
    bookmark = "Zelda_Quartermaine_interview"
    parts = DocxParts(body=[
        p(f'<w:bookmarkStart w:id="1" w:name="{bookmark}"/>', "The interview.",
          '<w:bookmarkEnd w:id="1"/><w:bookmarkStart w:id="2" w:name="_Toc123"/>'
          '<w:bookmarkEnd w:id="2"/>'),
        p(f'<w:hyperlink w:anchor="{bookmark}">{r("see above")}</w:hyperlink>',
          complex_field(f" REF {bookmark} \\h ", "The interview.")),
    ])
    path = write(tmp_path, parts)
    document = read(path, NO_MODEL)
    assert [(c.before, c.block_id) for c in document.scrubbed] == [(bookmark,
                                                                     "bookmark/bookmark1")]
    assert document.block("field/0/instruction").text == " REF bookmark1 \\h "
    xml = part_texts(render(document, {}, NO_MODEL))["word/document.xml"]
    assert xml.count('"bookmark1"') == 2 and "_Toc123" in xml
    assert leaks(redact(path), "Quartermaine") == []


def test_a_header_shared_by_two_sections_is_one_block_and_old_vml_text_boxes_are_read(
        tmp_path: Path) -> None:
    parts = DocxParts(body=[p("Section two.")],
                      headers={"default": [p("Header one")], "first": [p("First one")]})
    with zipfile.ZipFile(io.BytesIO(build_docx(parts))) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    xml = files["word/document.xml"].decode()
    section = xml[xml.index("<w:sectPr>"):xml.index("</w:sectPr>") + len("</w:sectPr>")]
    vml_box = ('<w:r><w:pict><v:shape id="old" alt="Zelda photo"><v:textbox><w:txbxContent>'
               f'{p("Old box text")}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    files["word/document.xml"] = xml.replace(
        "<w:body>", f"<w:body><w:p><w:pPr>{section}</w:pPr>{vml_box}</w:p>", 1).encode()
    path = tmp_path / "sections.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in files.items():
            archive.writestr(name, blob)
    document = read(path, NO_MODEL)
    texts = {b.id: b.text for b in document.blocks}
    assert texts["textbox/0/p0"] == "Old box text"
    assert texts["image/0/descr"] == "Zelda photo"
    assert {i: t for i, t in texts.items() if i.startswith("header/")} == {
        "header/s0/default/p0": "Header one", "header/s0/first/p0": "First one"}


MARK = 'w:id="9" w:author="Ed Itor" w:date="2026-01-01T00:00:00Z"'


@pytest.mark.parametrize(("body", "texts"), [
    ([f'<w:p><w:pPr><w:rPr><w:del {MARK}/></w:rPr></w:pPr>{r("Joined ")}</w:p>',
      p("paragraphs.")], ["Joined paragraphs."]),
    ([f'<w:p><w:pPr><w:rPr><w:ins {MARK}/></w:rPr></w:pPr>{r("New paragraph.")}</w:p>'],
     ["New paragraph."]),
    ([table([["kept row"], ["deleted row"]]).replace(
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:t "
        'xml:space="preserve">deleted',
        f"<w:tr><w:trPr><w:del {MARK}/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"2000\" "
        f'w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">deleted')],
     ["kept row"]),
    ([p("Moved ", f'<w:moveFrom {MARK}>{r("from here")}</w:moveFrom>',
        f'<w:moveTo {MARK}>{r("to there")}</w:moveTo>')], ["Moved to there"]),
], ids=["deleted paragraph mark", "inserted paragraph mark", "deleted table row", "move"])
def test_structural_tracked_changes_are_accepted(tmp_path: Path, body: list[str],
                                                 texts: list[str]) -> None:
    path = write(tmp_path, DocxParts(body=body))
    with pytest.raises(InputError, match="1 unresolved tracked change|2 unresolved"):
        read(path, NO_MODEL)
    document = read(path, RunOptions(use_model=False, accept_changes=True))
    assert [b.text for b in document.blocks] == texts
    assert leaks(render(document, {}, NO_MODEL), "Ed Itor", "w:del ", "w:ins ",
                 "moveFrom", "moveTo") == []


@pytest.mark.parametrize("seed", range(25))
def test_random_runs_and_changes_give_the_same_text_as_plain_replacement(
        tmp_path: Path, seed: int) -> None:
    """Whatever the run boundaries, the written text is the block text with the changes made,
    and every run (with its properties) is still there."""
    rng = random.Random(seed)
    text = "Zelda\tQuartermaine met Bob Smith at 14 Larkspur Close on 3 March.\nShe left."
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 12)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    runs = [r(piece, bold=rng.random() < 0.5, italic=rng.random() < 0.3) for piece in pieces]
    path = write(tmp_path, DocxParts(body=[p(*runs)]))
    document = read(path, NO_MODEL)
    block = document.blocks[0]
    assert block.text == text
    assert [block.text[a:b] for a, b in block.runs] == pieces
    changes, position = [], 0
    while position < len(text) - 2:
        start = rng.randint(position, len(text) - 2)
        end = rng.randint(start, min(len(text), start + 15))
        after = rng.choice(["", "X", "[Person 2]", text[start:end].upper()])
        if end > start or after:
            changes.append(change(block.id, start, text[start:end], after))
        position = end + 1
    output = render(document, {block.id: changes}, NO_MODEL)
    out_path = tmp_path / "out.docx"
    out_path.write_bytes(output)
    assert read(out_path, NO_MODEL).blocks[0].text == apply_to_text(text, changes)
    assert run_formatting(output)["word/document.xml"] == run_formatting(
        path.read_bytes())["word/document.xml"]


def jpeg_with_metadata() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    exif = b"Exif\x00\x00Artist: Zelda Quartermaine"
    comment = b"Photo of Zelda Quartermaine"
    segments = (b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
                + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment)
    return jpeg[:2] + segments + jpeg[2:]


def png_with_metadata() -> bytes:
    text = b"Author\x00Zelda Quartermaine"
    chunk = (struct.pack(">I", len(text)) + b"tEXt" + text
             + struct.pack(">I", zlib.crc32(b"tEXt" + text)))
    return PNG[:33] + chunk + PNG[33:]  # after the IHDR chunk


@pytest.mark.parametrize("picture_bytes", [jpeg_with_metadata(), png_with_metadata()],
                         ids=["JPEG EXIF and comment", "PNG text chunk"])
def test_picture_metadata_is_removed_and_the_picture_still_opens(
        tmp_path: Path, picture_bytes: bytes) -> None:
    from PIL import Image

    path = write(tmp_path, DocxParts(body=[p(picture("rIdImage"))],
                                     images={"rIdImage": picture_bytes}))
    document = read(path, NO_MODEL)
    assert "docx.image-metadata-removed.v1" in {c.rule for c in document.scrubbed}
    output = render(document, {}, NO_MODEL)
    assert leaks(output, "Quartermaine") == []
    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        image = Image.open(io.BytesIO(archive.read("word/media/image1.png")))
        image.load()
    assert image.size in ((1, 1), (4, 4))


@pytest.mark.parametrize("data", [PNG, b"\xff\xd8\xff\xe1\xff\xff", b"GIF89a..."],
                         ids=["clean PNG", "broken JPEG", "other format"])
def test_pictures_without_metadata_or_unreadable_are_left_as_they_are(data: bytes) -> None:
    assert strip_metadata(data) == (data, [])
