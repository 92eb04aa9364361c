"""Tiny builders for real .docx test files, written as raw WordprocessingML.

Build block XML with `p`, `r`, `table`, `sdt`, ...; pass it to `build_docx` with whatever
other parts a test needs (headers of each type, notes, comments, properties, ...). The
result opens in python-docx and in Word. `docx_with_text_everywhere(text)` plants one text in
every text-bearing place a DOCX has (see `PLACES`), for "nothing leaked" tests.

Other test modules may import this module; it has no fixtures and no state.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DATE = "2026-01-01T00:00:00Z"
# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(text: str = "", *, bold: bool = False, italic: bool = False, hidden: bool = False,
      style: str | None = None, inner: str = "") -> str:
    """A run: its text (tabs and newlines become w:tab and w:br) and simple formatting."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    if hidden:
        props += "<w:vanish/>"
    pieces = []
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece == "\n":
            pieces.append("<w:br/>")
        elif piece:
            pieces.append(t(piece))
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(pieces)}{inner}</w:r>"


def p(*content: str, style: str | None = None) -> str:
    """A paragraph; plain strings become plain runs, XML fragments (starting "<") stay."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{props}{body}</w:p>"


def table(rows: list[list[str | list[str]]]) -> str:
    """A table; each cell is text (one paragraph), block XML, or a list of block XML."""
    columns = max(len(row) for row in rows)
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(columns))
    xml_rows = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, str):
                blocks = [cell] if cell.startswith("<") else [p(cell)]
            else:
                blocks = list(cell)
            if not blocks or not blocks[-1].startswith("<w:p"):
                blocks.append("<w:p/>")  # a cell must end with a paragraph
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>'
                         f'{"".join(blocks)}</w:tc>')
        xml_rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(xml_rows)}</w:tbl>")


def sdt(*content: str, tag: str = "control") -> str:
    """A content control around block XML (paragraphs) or inline XML (runs)."""
    return (f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr>'
            f"<w:sdtContent>{''.join(content)}</w:sdtContent></w:sdt>")


def hyperlink(rid: str, text: str) -> str:
    return f'<w:hyperlink r:id="{rid}">{r(text, style="Hyperlink")}</w:hyperlink>'


def complex_field(instruction: str, result: str) -> str:
    """A field as Word writes it: begin, instruction runs, separate, result runs, end."""
    return (r(inner='<w:fldChar w:fldCharType="begin"/>')
            + f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
            + r(inner='<w:fldChar w:fldCharType="separate"/>') + r(result)
            + r(inner='<w:fldChar w:fldCharType="end"/>'))


def simple_field(instruction: str, result: str) -> str:
    return f"<w:fldSimple w:instr={quoteattr(instruction)}>{r(result)}</w:fldSimple>"


def inserted(text: str, author: str = "Ed Itor", change_id: int = 101) -> str:
    return (f'<w:ins w:id="{change_id}" w:author="{author}" w:date="{DATE}">{r(text)}</w:ins>')


def deleted(text: str, author: str = "Ed Itor", change_id: int = 102) -> str:
    return (f'<w:del w:id="{change_id}" w:author="{author}" w:date="{DATE}"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def footnote_reference(note_id: int, kind: str = "footnote") -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{kind}Reference ' \
           f'w:id="{note_id}"/></w:r>'


def commented(text: str, comment_id: int) -> str:
    """Runs of `text` marked with comment `comment_id` (range markers and reference run)."""
    return (f'<w:commentRangeStart w:id="{comment_id}"/>{r(text)}'
            f'<w:commentRangeEnd w:id="{comment_id}"/>'
            f'<w:r><w:commentReference w:id="{comment_id}"/></w:r>')


def picture(rid: str, descr: str = "", title: str = "", shape_id: int = 1) -> str:
    """An inline picture (a run) with alt text on wp:docPr and pic:cNvPr."""
    alt = f"descr={quoteattr(descr)} title={quoteattr(title)}"
    return (
        f'<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
        f'<wp:docPr id="{shape_id}" name="Picture {shape_id}" {alt}/>'
        f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
        f'picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image.png" {alt}/>'
        f"<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rid}\"/>"
        f"<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
        f'<a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
        f"</wp:inline></w:drawing></w:r>")


def embedded_object(rid: str, preview_rid: str, prog_id: str = "Word.Document.12") -> str:
    """An embedded object (a run) as Word writes it: a VML preview picture and the OLE link."""
    return (
        f'<w:r><w:object w:dxaOrig="9026" w:dyaOrig="2000"><v:shape id="_x0000_i1025" '
        f'type="#_x0000_t75" style="width:451pt;height:100pt" o:ole="">'
        f'<v:imagedata r:id="{preview_rid}" o:title=""/></v:shape>'
        f'<o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="_x0000_i1025" '
        f'DrawAspect="Content" ObjectID="_1700000000" r:id="{rid}"/></w:object></w:r>')


def text_box(*blocks: str, shape_id: int = 50) -> str:
    """A text box (a run) as Word writes it: DrawingML choice plus a VML fallback copy."""
    content = f"<w:txbxContent>{''.join(blocks)}</w:txbxContent>"
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline>'
        f'<wp:extent cx="914400" cy="914400"/><wp:docPr id="{shape_id}" '
        f'name="Text Box {shape_id}"/><a:graphic><a:graphicData '
        f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'<wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/>'
        f"</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="tb{shape_id}" style="width:72pt;height:72pt">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>")


@dataclass
class DocxParts:
    """Everything `build_docx` can put in a package. Block lists are XML fragments."""

    body: list[str] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)  # default / first / even
    footers: dict[str, list[str]] = field(default_factory=dict)
    footnotes: dict[int, list[str]] = field(default_factory=dict)
    endnotes: dict[int, list[str]] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    comment_author: str = "Cath Chair"
    links: dict[str, str] = field(default_factory=dict)  # rId -> external target
    images: dict[str, bytes] = field(default_factory=dict)  # rId -> PNG bytes
    core: dict[str, str] = field(default_factory=dict)  # e.g. {"dc:title": ..., "cp:...": ..}
    app: dict[str, str] = field(default_factory=dict)  # e.g. {"Company": ..., "Manager": ..}
    custom: dict[str, str] = field(default_factory=dict)  # name -> string value
    custom_xml: str | None = None  # text of a customXml data item
    glossary: list[str] = field(default_factory=list)  # building-block paragraphs
    thumbnail: bool = False
    styles: str = ""  # extra w:style elements
    settings: str = ""  # extra settings XML (e.g. w:docVars)
    related: dict[str, tuple[str | bytes, str]] = field(default_factory=dict)
    """Other parts related from the document: name -> (XML or bytes, relationship type)."""
    embedded: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    """Embedded files related from the document: rId -> (part name, bytes, relationship type)."""


def build_docx(parts: DocxParts) -> bytes:
    """A .docx package holding `parts` (deterministic bytes)."""
    files: dict[str, str | bytes] = {}
    overrides = {"/word/document.xml":
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}
    doc_rels: list[tuple[str, str, str, bool]] = []  # (id, type, target, external)

    def add(name: str, xml: str, content_type: str, rel_type: str | None = None) -> str:
        files[name] = xml
        overrides["/" + name] = f"application/vnd.openxmlformats-officedocument.{content_type}"
        rid = f"rIdPart{len(doc_rels)}"
        if rel_type:
            full_type = rel_type if rel_type.startswith("http") else REL + rel_type
            doc_rels.append((rid, full_type, name.removeprefix("word/"), False))
        return rid

    wml = "wordprocessingml"
    add("word/styles.xml", _styles(parts.styles), f"{wml}.styles+xml", "styles")
    add("word/settings.xml", f"<w:settings {XMLNS}>"
        f"{'<w:evenAndOddHeaders/>' if 'even' in parts.headers else ''}{parts.settings}"
        "</w:settings>",
        f"{wml}.settings+xml", "settings")
    references = []
    for kind, stories in (("header", parts.headers), ("footer", parts.footers)):
        for number, (htype, blocks) in enumerate(stories.items(), start=1):
            tag = "hdr" if kind == "header" else "ftr"
            rid = add(f"word/{kind}{number}.xml",
                      f"<w:{tag} {XMLNS}>{''.join(blocks) or '<w:p/>'}</w:{tag}>",
                      f"{wml}.{kind}+xml", kind)
            references.append(f'<w:{kind}Reference w:type="{htype}" r:id="{rid}"/>')
    for kind, notes in (("footnote", parts.footnotes), ("endnote", parts.endnotes)):
        if notes:
            xml = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                   f'</w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p>'
                   f"<w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>")
            xml += "".join(f'<w:{kind} w:id="{n}">{"".join(b)}</w:{kind}>'
                           for n, b in notes.items())
            add(f"word/{kind}s.xml", f"<w:{kind}s {XMLNS}>{xml}</w:{kind}s>",
                f"{wml}.{kind}s+xml", f"{kind}s")
    if parts.comments:
        author = quoteattr(parts.comment_author)
        xml = "".join(f'<w:comment w:id="{n}" w:author={author} w:initials="CC" '
                      f'w:date="{DATE}">{"".join(b)}</w:comment>'
                      for n, b in parts.comments.items())
        add("word/comments.xml", f"<w:comments {XMLNS}>{xml}</w:comments>",
            f"{wml}.comments+xml", "comments")
        add("word/commentsExtended.xml", f"<w15:commentsEx {XMLNS}>"
            + "".join(f'<w15:commentEx w15:paraId="0000000{n}" w15:done="0"/>'
                      for n in parts.comments) + "</w15:commentsEx>",
            f"{wml}.commentsExtended+xml",
            "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
        add("word/commentsIds.xml",
            '<w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/'
            'wordml/cid"/>', f"{wml}.commentsIds+xml",
            "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds")
        add("word/people.xml", f"<w15:people {XMLNS}><w15:person w15:author={author}>"
            f'<w15:presenceInfo w15:providerId="None" w15:userId={author}/></w15:person>'
            "</w15:people>", f"{wml}.people+xml",
            "http://schemas.microsoft.com/office/2011/relationships/people")
    if parts.glossary:
        add("word/glossary/document.xml",
            f"<w:glossaryDocument {XMLNS}><w:docParts><w:docPart><w:docPartPr>"
            f'<w:name w:val="Block"/></w:docPartPr><w:docPartBody>{"".join(parts.glossary)}'
            f"</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>",
            f"{wml}.document.glossary+xml", "glossaryDocument")
    for name, (xml, rel_type) in parts.related.items():
        files[name] = xml
        doc_rels.append((f"rIdRelated{len(doc_rels)}", REL + rel_type,
                         name.removeprefix("word/"), False))
    for rid, (name, data, rel_type) in parts.embedded.items():
        files[name] = data
        doc_rels.append((rid, REL + rel_type, name.removeprefix("word/"), False))
    for rid, target in parts.links.items():
        doc_rels.append((rid, REL + "hyperlink", target, True))
    for number, (rid, data) in enumerate(parts.images.items(), start=1):
        files[f"word/media/image{number}.png"] = data
        doc_rels.append((rid, REL + "image", f"media/image{number}.png", False))
    if parts.custom_xml is not None:
        files["customXml/item1.xml"] = f"<data><note>{escape(parts.custom_xml)}</note></data>"
        files["customXml/itemProps1.xml"] = (
            '<ds:datastoreItem ds:itemID="{00000000-0000-0000-0000-000000000001}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>')
        overrides["/customXml/itemProps1.xml"] = \
            "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
        files["customXml/_rels/item1.xml.rels"] = _rels(
            [("rId1", REL + "customXmlProps", "itemProps1.xml", False)])
        doc_rels.append(("rIdCustomXml", REL + "customXml", "../customXml/item1.xml", False))

    sect = (f"<w:sectPr>{''.join(references)}"
            f"{'<w:titlePg/>' if 'first' in parts.headers or 'first' in parts.footers else ''}"
            "</w:sectPr>")
    files["word/document.xml"] = (f"<w:document {XMLNS}><w:body>{''.join(parts.body)}{sect}"
                                  "</w:body></w:document>")
    files["word/_rels/document.xml.rels"] = _rels(doc_rels)

    package_rels = [("rId1", REL + "officeDocument", "word/document.xml", False)]
    core = {"dc:title": "", "dc:creator": "", "cp:lastModifiedBy": "", **parts.core}
    files["docProps/core.xml"] = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in core.items())
        + "</cp:coreProperties>")
    overrides["/docProps/core.xml"] = "application/vnd.openxmlformats-package.core-properties+xml"
    package_rels.append(("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/"
                         "metadata/core-properties", "docProps/core.xml", False))
    files["docProps/app.xml"] = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>Microsoft Office Word</Application>'
        + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in parts.app.items()) + "</Properties>")
    overrides["/docProps/app.xml"] = \
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    package_rels.append(("rId3", REL + "extended-properties", "docProps/app.xml", False))
    if parts.custom:
        files["docProps/custom.xml"] = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes">'
            + "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" '
                      f"name={quoteattr(k)}><vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
                      for i, (k, v) in enumerate(parts.custom.items(), start=2))
            + "</Properties>")
        overrides["/docProps/custom.xml"] = \
            "application/vnd.openxmlformats-officedocument.custom-properties+xml"
        package_rels.append(("rId4", REL + "custom-properties", "docProps/custom.xml", False))
    if parts.thumbnail:
        files["docProps/thumbnail.png"] = PNG
        package_rels.append(("rId5", "http://schemas.openxmlformats.org/package/2006/"
                             "relationships/metadata/thumbnail", "docProps/thumbnail.png", False))
    files["_rels/.rels"] = _rels(package_rels)
    files["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
        + "</Types>")
    return _zip(files)


def _rels(rels: list[tuple[str, str, str, bool]]) -> str:
    external_mode = ' TargetMode="External"'
    items = "".join(
        f'<Relationship Id="{rid}" Type="{rtype}" Target={quoteattr(target)}'
        f'{external_mode if external else ""}/>'
        for rid, rtype, target, external in rels)
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{items}</Relationships>')


def _styles(extra: str) -> str:
    return (f"<w:styles {XMLNS}>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            '<w:name w:val="Normal"/></w:style>'
            '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
            '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
            f"{extra}</w:styles>")


def _zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    order = ["[Content_Types].xml", *(n for n in files if n != "[Content_Types].xml")]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            data = files[name]
            if isinstance(data, str):
                data = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        + data).encode("utf-8")
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


# -- one text in every place -------------------------------------------------------------------

#: Every place `docx_with_text_everywhere` plants its text, by name.
PLACES = (
    "body", "nested table", "header default", "header first", "header even", "footer",
    "footnote", "endnote", "comment", "text box", "content control", "inline content control",
    "hyperlink text", "mailto target", "field result", "field instruction",
    "simple field instruction", "alt text", "core properties", "app properties",
    "custom properties", "hidden text", "tracked insertion", "tracked deletion", "custom xml",
    "glossary",
)


def docx_with_text_everywhere(text: str, email: str = "someone@example.org",
                              places: tuple[str, ...] = PLACES) -> DocxParts:
    """Parts with `text` planted in each of `places` (and `email` in mailto links).

    Each place's sentence reads "<place>: <text> ..." so a reader can see where it is.
    Tracked changes are included only when listed (a draft with them needs --accept-changes).
    """
    def sentence(place: str) -> str:
        return f"In the {place} {text} was named."

    parts = DocxParts(thumbnail=True)
    want = set(places)
    body = [p("Opening paragraph with nothing to hide.")]
    if "body" in want:
        body.append(p("The ", r(text, bold=True), " paragraph in the body."))
    if "nested table" in want:
        inner = table([["inner a", "inner b"], ["inner c", sentence("nested table")]])
        body.append(table([["Outer heading", "Second"], [[inner, p("after inner")], "plain"]]))
    for kind in ("header", "footer"):
        for htype in ("default", "first", "even"):
            place = f"{kind} {htype}"
            if place in want or (kind == "footer" and htype == "default" and "footer" in want):
                getattr(parts, f"{kind}s")[htype] = [p(sentence(place))]
    if "footnote" in want:
        parts.footnotes[1] = [p(footnote_reference(1), sentence("footnote"))]
        body.append(p("A footnoted sentence.", footnote_reference(1)))
    if "endnote" in want:
        parts.endnotes[1] = [p(sentence("endnote"))]
        body.append(p("An endnoted sentence.", footnote_reference(1, "endnote")))
    if "comment" in want:
        parts.comments[0] = [p(sentence("comment"))]
        parts.comment_author = text
        body.append(p("A ", commented("commented", 0), " sentence."))
    if "text box" in want:
        body.append(p("Anchor paragraph.", text_box(p(sentence("text box")))))
    if "content control" in want:
        body.append(sdt(p(sentence("content control"))))
    if "inline content control" in want:
        body.append(p("Inline control: ", sdt(r(text)), " ends."))
    if "hyperlink text" in want or "mailto target" in want:
        parts.links["rIdMail"] = f"mailto:{email}"
        body.append(p("Write to ", hyperlink("rIdMail", f"{text} by e-mail"), " today."))
    if "field result" in want or "field instruction" in want:
        body.append(p("Field: ", complex_field(f' HYPERLINK "mailto:{email}" \\o "{text}" ',
                                               f"{text} (field result)"), "."))
    if "simple field instruction" in want:
        body.append(p("Merge: ", simple_field(f' MERGEFIELD "{text}" ', "merged"), "."))
    if "alt text" in want:
        parts.images["rIdImage"] = PNG
        body.append(p(picture("rIdImage", descr=f"Photograph of {text}",
                              title=f"{text} at home")))
    if "core properties" in want:
        parts.core = {"dc:title": f"Review of the death of {text}", "dc:subject": text,
                      "dc:creator": text, "cp:keywords": f"DHR; {text}",
                      "dc:description": sentence("description"),
                      "cp:lastModifiedBy": text, "cp:category": text}
    if "app properties" in want:
        parts.app = {"Company": f"{text} Associates", "Manager": text}
    if "custom properties" in want:
        parts.custom = {"Victim": text}
    if "hidden text" in want:
        body.append(p("Visible words.", r(f" {text} hidden", hidden=True)))
    if "tracked insertion" in want:
        body.append(p("Inserted: ", inserted(sentence("insertion"), author=text), "."))
    if "tracked deletion" in want:
        body.append(p("Deleted: ", deleted(sentence("deletion"), author=text), "."))
    if "custom xml" in want:
        parts.custom_xml = sentence("custom XML")
    if "glossary" in want:
        parts.glossary = [p(sentence("glossary"))]
    parts.body = body
    return parts
