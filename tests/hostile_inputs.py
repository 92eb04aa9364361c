"""Small generators of hostile inputs (issue 18): nothing large is stored in the repo.

Each function returns bytes or writes a file; a bomb is written as a stream, so building it
takes little memory. Other test modules import this module; it has no fixtures.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

from docx_builder import DocxParts, build_docx, p

NAME = "Sarah Jones"
GOOD = build_docx(DocxParts(body=[p(f"{NAME} met the panel in Leeds.")]))
DOCUMENT = "word/document.xml"


def rezip(source: bytes = GOOD, add: list[tuple[str, bytes]] | None = None,
          first: list[tuple[str, bytes]] | None = None) -> bytes:
    """`source` with entries added before (`first`) or after (`add`) its own; duplicate
    names are allowed (that is the point)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(io.BytesIO(source)) as old, \
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
            for name, data in first or []:
                new.writestr(name, data)
            for info in old.infolist():
                new.writestr(info.filename, old.read(info))
            for name, data in add or []:
                new.writestr(name, data)
    return buffer.getvalue()


def document_xml(text: str) -> bytes:
    """The good draft's main part with `text` in place of its sentence."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as archive:
        xml = archive.read(DOCUMENT)
    return xml.replace(f"{NAME} met the panel in Leeds.".encode(), text.encode())


def duplicate_main_part() -> bytes:
    """Two word/document.xml entries: the unredacted one first (issue 18 item 2)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(GOOD)) as old, \
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
            new.writestr(DOCUMENT, old.read(DOCUMENT))
            for info in old.infolist():
                data = old.read(info)
                if info.filename == DOCUMENT:
                    data = document_xml("Child A met the panel.")
                new.writestr(info.filename, data)
    return buffer.getvalue()


def case_duplicate() -> bytes:
    """`Word/Document.xml` beside `word/document.xml` (part names ignore case)."""
    return rezip(add=[("Word/Document.xml", document_xml(NAME))])


def entry_outside(name: str = "../../evil.xml") -> bytes:
    return rezip(add=[(name, b"<x/>")])


def write_bomb(path: Path, megabytes: int, name: str = "word/media/big.bin") -> Path:
    """The good draft plus one entry of `megabytes` MB of spaces (deflates ~1000 times),
    written as a stream: building it never holds the inflated data."""
    chunk = b" " * (1024 * 1024)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(io.BytesIO(GOOD)) as old, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                new.writestr(info.filename, old.read(info))
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with new.open(info, "w", force_zip64=True) as handle:
                for _ in range(megabytes):
                    handle.write(chunk)
    return path


def lying_sizes(declared: int) -> bytes:
    """The good draft whose central directory claims document.xml inflates to `declared`
    bytes (the data is the real, small part)."""
    data = bytearray(GOOD)
    marker = b"PK\x01\x02"
    position = data.find(marker)
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        name = bytes(data[position + 46:position + 46 + name_length])
        if name == DOCUMENT.encode():
            struct.pack_into("<I", data, position + 24, declared)
        position = data.find(marker, position + 4)
    return bytes(data)


def overlapping_entries() -> bytes:
    """Two central-directory entries pointing at the same compressed data (a 'quoted'
    zip bomb reuses data this way)."""
    data = bytearray(rezip(add=[("word/media/a.bin", b"x" * 1000),
                                ("word/media/b.bin", b"y" * 1000)]))
    marker = b"PK\x01\x02"
    offsets = {}
    position = data.find(marker)
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        name = bytes(data[position + 46:position + 46 + name_length]).decode()
        offsets[name] = position
        position = data.find(marker, position + 4)
    a_offset = struct.unpack_from("<I", data, offsets["word/media/a.bin"] + 42)[0]
    struct.pack_into("<I", data, offsets["word/media/b.bin"] + 42, a_offset)
    return bytes(data)


def dtd_in_main_part() -> bytes:
    """An internal entity that hides a name from a reader that does not expand it."""
    xml = document_xml("&n; met the panel in Leeds.").replace(
        b"?>", f'?><!DOCTYPE w:document [<!ENTITY n "{NAME}">]>'.encode(), 1)
    return rezip_replacing(DOCUMENT, xml)


def rezip_replacing(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(GOOD)) as old, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, data if info.filename == name else old.read(info))
    return buffer.getvalue()


def many_paragraphs(megabytes: int) -> bytes:
    """A valid draft whose document.xml is `megabytes` MB of varied paragraphs (it deflates
    like real text, so only the size and word limits stop it)."""
    head, tail = document_xml("X").split(b"<w:body>", 1)
    paragraphs = []
    size = index = 0
    while size < megabytes * 1024 * 1024:
        paragraph = (f"<w:p><w:r><w:t>Paragraph {index}: {NAME} met the panel on "
                     f"{index % 28 + 1} March {1990 + index % 30} and said "
                     f"{index * 7919 % 100003}.</w:t></w:r></w:p>")
        paragraphs.append(paragraph)
        size += len(paragraph)
        index += 1
    return rezip_replacing(DOCUMENT, head + b"<w:body>" + "".join(paragraphs).encode() + tail)


def write_pdf_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to `megabytes` MB of spaces (a few
    hundred KB on disk), compressed as a stream."""
    import zlib

    import pikepdf

    deflate = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join([*(deflate.compress(chunk) for _ in range(megabytes)), deflate.flush()])
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        stream = pikepdf.Stream(pdf, b"")
        stream.write(data, filter=pikepdf.Name.FlateDecode)
        pdf.pages[0].obj.Contents = stream
        pdf.save(path)
    return path
