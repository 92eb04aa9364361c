"""The OOXML vocabulary: namespaces, package part names, content and relationship types, and
the tag and attribute names that more than one DOCX module uses, in lxml's Clark notation
(`{namespace}local`).

Shared by the DOCX reader and writer (`redactor.io.docx`), the PDF export and the check's
independent reader (`redactor.checks.read_docx`): the check reads the file itself, but the
names of the format are not a code path to distrust. A name one module alone uses stays in
that module, spelled `qn("w:...")`.
"""

from __future__ import annotations

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "cup": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}


def qn(prefixed: str) -> str:
    """`w:t` -> `{namespace}t` (Clark notation, as lxml uses)."""
    prefix, local = prefixed.split(":")
    return f"{{{NS[prefix]}}}{local}"


def local_name(tag: object) -> str:
    """The tag without its namespace ("" for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


W = f"{{{NS['w']}}}"  # the start of every WordprocessingML name
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Package parts, relationship and content types.
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
RELS_TYPE_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PR_RELATIONSHIP = qn("pr:Relationship")
MAIN_CONTENT_TYPE = ("application/vnd.openxmlformats-officedocument.wordprocessingml."
                     "document.main+xml")
COMMENTS_CONTENT_TYPE = ("application/vnd.openxmlformats-officedocument.wordprocessingml."
                         "comments+xml")

# WordprocessingML elements: text, structure, tracked changes.
W_P, W_R, W_T = qn("w:p"), qn("w:r"), qn("w:t")
W_TBL, W_TR, W_TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_PPR, W_RPR = qn("w:pPr"), qn("w:rPr")
W_INSTR_TEXT, W_TXBX_CONTENT = qn("w:instrText"), qn("w:txbxContent")
W_DEL, W_INS = qn("w:del"), qn("w:ins")
W_COMMENT_RANGE_START, W_COMMENT_RANGE_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
W_COMMENT_REFERENCE = qn("w:commentReference")

# Attributes.
W_ID, W_AUTHOR, W_DATE, W_VAL = qn("w:id"), qn("w:author"), qn("w:date"), qn("w:val")
R_ID = qn("r:id")
