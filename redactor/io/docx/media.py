"""Metadata inside pictures: EXIF, XMP, IPTC and comments name cameras, authors and places.

`strip_metadata(data)` returns the picture without its metadata segments and the names of
what it removed (empty when there was nothing, the format is not JPEG or PNG, or the file is
not well formed, in which case the bytes come back unchanged). Pixels are never touched.
"""

from __future__ import annotations

import struct

JPEG_START = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: JPEG segments that carry metadata: APP1 (EXIF, XMP), APP13 (IPTC), COM (comment).
JPEG_METADATA = {0xE1: "EXIF/XMP", 0xED: "IPTC", 0xFE: "comment"}
#: PNG chunks that carry metadata.
PNG_METADATA = {b"tEXt": "text", b"zTXt": "text", b"iTXt": "text", b"eXIf": "EXIF",
                b"tIME": "time"}
_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}


def strip_metadata(data: bytes) -> tuple[bytes, list[str]]:
    """(picture without metadata, kinds removed); unchanged bytes when nothing was removed."""
    try:
        if data.startswith(JPEG_START):
            return _strip_jpeg(data)
        if data.startswith(PNG_SIGNATURE):
            return _strip_png(data)
    except (struct.error, ValueError):
        pass  # not well formed: leave it as it is (the inventory still counts it)
    return data, []


def _strip_jpeg(data: bytes) -> tuple[bytes, list[str]]:
    kept = [JPEG_START]
    removed: list[str] = []
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("not at a JPEG marker")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE_MARKERS:
            kept.append(data[position:position + 2])
            position += 2
            continue
        if marker == 0xD9:  # end of image
            kept.append(data[position:])
            break
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        end = position + 2 + length
        if end > len(data) or length < 2:
            raise ValueError("JPEG segment runs past the end")
        if marker == 0xDA:  # start of scan: the rest is image data
            kept.append(data[position:])
            break
        if marker in JPEG_METADATA:
            removed.append(JPEG_METADATA[marker])
        else:
            kept.append(data[position:end])
        position = end
    return (b"".join(kept), removed) if removed else (data, [])


def _strip_png(data: bytes) -> tuple[bytes, list[str]]:
    kept = [PNG_SIGNATURE]
    removed: list[str] = []
    position = len(PNG_SIGNATURE)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            raise ValueError("PNG chunk runs past the end")
        if kind in PNG_METADATA:
            removed.append(PNG_METADATA[kind])
        else:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            break
    return (b"".join(kept), removed) if removed else (data, [])
