"""A hand-written PDF from raw object bodies, for tests that need what reportlab cannot make
(an unmapped font, an XMP metadata stream). Other test modules may import it."""

from __future__ import annotations

from pathlib import Path


def write_raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """Objects numbered from 1 (object 1 is the catalog), with a correct xref table."""
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(data)
    return path
