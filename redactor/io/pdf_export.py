"""The publishable PDF: the redacted DOCX converted by LibreOffice headless.

`to_pdf(docx_bytes, name)` returns the PDF's bytes. LibreOffice (`soffice`) is a real layout
engine: the PDF looks like the DOCX does in LibreOffice Writer (fonts, tables, headers,
footers, footnotes). Each conversion runs in a private temporary folder with its own fresh
LibreOffice profile, so parallel runs never share state, and nothing is sent anywhere.

LibreOffice exits 0 even when it cannot load a file, so success is judged by its stderr and
by the converted file being there.

LibreOffice fetches a picture linked from the web while it converts. Redaction is offline, so
the copy it converts has every external target other than a hyperlink emptied (the redacted
DOCX itself is unchanged), and where Linux allows it (`unshare -rn`) LibreOffice runs with no
network at all. The PDF's document properties (title, author, subject,
keywords, creator, producer, dates) are cleared afterwards: the redacted DOCX has none that
name anyone, but a PDF should not say which program or person made it either.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from redactor.errors import OutputError
from redactor.io.docx.package import Package
from redactor.io.ooxml import PR_RELATIONSHIP

INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: 'apt-get install "
                "libreoffice-writer-nogui'; macOS: 'brew install --cask libreoffice'; "
                "Windows: libreoffice.org) and make sure 'soffice' is on the PATH")
TIMEOUT_SECONDS = 300
# A tagged PDF (headings, paragraphs, tables, alt text as structure): what screen readers need,
# and what public bodies' accessibility rules ask of what they publish.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
_CANDIDATES = ("soffice", "libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice",
               "/opt/libreoffice/program/soffice",
               "/Applications/LibreOffice.app/Contents/MacOS/soffice")
_LOAD_ERRORS = ("Error:", "error:", "could not be loaded")


def find_soffice() -> str | None:
    """The LibreOffice program (`soffice`), or None when it is not installed.

    `REDACTOR_SOFFICE` names it explicitly (an empty value means "not installed").
    """
    explicit = os.environ.get("REDACTOR_SOFFICE")
    if explicit is not None:
        return shutil.which(explicit) if explicit else None
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_soffice(where: Path | str | None = None) -> str:
    """`find_soffice()`, or an `OutputError` saying how to install LibreOffice."""
    found = find_soffice()
    if found is None:
        raise OutputError(where, f"--pdf needs LibreOffice, which is not installed: "
                          f"{INSTALL_HINT}")
    return found


def convert(source: Path, target_format: str, out_dir: Path, soffice: str | None = None
            ) -> Path:
    """Convert one file with `soffice --headless --convert-to`; returns the converted file.

    Raises `OutputError` when LibreOffice reports an error, times out or writes nothing.
    """
    program = soffice or require_soffice(source)
    extension = target_format.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="redactor-soffice-") as profile:
        command = [*no_network(), program,
                   f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", target_format,
                   "--outdir", str(out_dir), str(source)]
        try:
            run = subprocess.run(command, capture_output=True, text=True,
                                 timeout=TIMEOUT_SECONDS, check=False,
                                 env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            raise OutputError(source, f"LibreOffice did not finish converting it within "
                              f"{TIMEOUT_SECONDS} s") from None
        except OSError as error:
            raise OutputError(source, f"LibreOffice could not be started ({error.strerror})"
                              ) from None
    converted = out_dir / f"{source.stem}.{extension}"
    problems = [line.strip() for line in run.stderr.splitlines()
                if any(marker in line for marker in _LOAD_ERRORS)]
    if problems or run.returncode != 0 or not converted.is_file():
        reason = "; ".join(problems) or f"exit code {run.returncode}, no {extension} written"
        raise OutputError(source, f"LibreOffice could not convert it to {extension} ({reason})")
    return converted


@functools.cache
def no_network() -> tuple[str, ...]:
    """The command prefix that runs a program without network (`unshare -rn`), or () where
    that is not possible (not Linux, user namespaces not allowed)."""
    program = shutil.which("unshare")
    if program is None:
        return ()
    try:
        works = subprocess.run([program, "-rn", "true"], capture_output=True, timeout=10,
                               check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        works = False
    return (program, "-rn") if works else ()


def without_external_resources(docx: bytes) -> bytes:
    """The DOCX with every external relationship target emptied except hyperlinks' (linked
    pictures, templates, frames, OLE links): nothing for LibreOffice to fetch."""
    package = Package.from_bytes(docx)
    changed = False
    for name, part in package.parts.items():
        if not name.endswith(".rels") or part.xml is None:
            continue
        for rel in part.xml.iter(PR_RELATIONSHIP):
            if rel.get("TargetMode") == "External" and rel.get("Target") and not rel.get(
                    "Type", "").endswith("/hyperlink"):
                rel.set("Target", "")
                changed = True
    return package.save() if changed else docx


def to_pdf(docx: bytes, name: str = "document.docx", soffice: str | None = None) -> bytes:
    """The PDF of a DOCX as LibreOffice lays it out (tagged), its document properties
    cleared."""
    program = soffice or require_soffice(name)
    with tempfile.TemporaryDirectory(prefix="redactor-pdf-") as folder:
        source = Path(folder) / name
        source.write_bytes(without_external_resources(docx))
        out_dir = Path(folder) / "out"
        out_dir.mkdir()
        converted = convert(source, PDF_FILTER, out_dir, program)
        return clear_properties(converted.read_bytes())


def clear_properties(pdf: bytes) -> bytes:
    """The PDF with an empty Info dictionary, no XMP metadata, links without a /Contents
    text, and an /ID made from its content: the same DOCX gives the same bytes."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            for key in list(metadata.keys()):
                del metadata[key]
        if "/Metadata" in document.Root:
            del document.Root.Metadata
        document.trailer.Info = document.make_indirect(pikepdf.Dictionary())
        for key in ("/ID", "/DocChecksum"):  # random, and LibreOffice's checksum of the run
            if key in document.trailer:
                del document.trailer[key]
        for page in document.pages:  # a link's /Contents (a footnote's number) reads as a note
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") == "/Link" and "/Contents" in annotation:
                    del annotation.Contents
        buffer = io.BytesIO()
        document.save(buffer, deterministic_id=True, fix_metadata_version=False)
        return buffer.getvalue()
