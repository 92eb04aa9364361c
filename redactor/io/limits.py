"""Limits on what an input may be, shared by every command that reads one.

Only regular files are read (a FIFO would block for ever, `/dev/zero` never ends); a file
larger than `--max-mb` or a text longer than `--max-words` is refused with its size and the
option that raises the limit. The README's Safety section lists every limit.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from redactor.errors import InputError
from redactor.options import DEFAULT_MAX_MB, DEFAULT_MAX_PARAGRAPH_WORDS, DEFAULT_MAX_WORDS

MB = 1024 * 1024
_READ_CHUNK = 16 * MB  # read in chunks: never a buffer of the whole limit up front

_WORD = re.compile(r"\S+")


MANIFEST_MB = 10  # a publication manifest is a few kilobytes


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> InputError:
    kind = _kind(mode)
    if kind == "a folder":
        return InputError(path, "is a folder, not a document")
    link = f" (a link to {os.path.realpath(path)})" if path.is_symlink() else ""
    return InputError(path, f"is {kind}{link}, not a regular file; only regular files "
                      "are read")


def refuse_non_regular(path: Path) -> None:
    """Raise `InputError` when `path` exists and is a FIFO, a device or a socket (or a
    link to one): reading it would block for ever or never end. Missing paths and folders
    are left to the caller's own message."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise _not_regular(path, mode)


def check_input_file(path: Path, max_mb: int | None = None) -> os.stat_result:
    """The file's status if it is a regular, non-empty file within the size limit.

    Never opens the file, so a FIFO cannot block; raises `InputError` with the reason.
    """
    path = Path(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(path, "is a link to a file that does not exist") from None
        raise InputError(path, "file not found") from None
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror})") from None
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(path, status.st_mode)
    limit = (max_mb or DEFAULT_MAX_MB) * MB
    if status.st_size > limit:
        raise InputError(path, f"the file is {status.st_size / MB:.0f} MB, more than the limit "
                         f"of {limit // MB} MB (raise it with --max-mb)")
    if status.st_size == 0:
        raise InputError(path, "the file is empty")
    return status


def read_input_bytes(path: Path, max_mb: int | None = None, size: int | None = None) -> bytes:
    """The bytes of a regular file, at most the size limit (or `size` bytes, a header).

    Opened without blocking and checked again on the open file, so a file swapped for a
    FIFO or a device after `check_input_file` is still refused, never read without end.
    """
    path = Path(path)
    limit = (max_mb or DEFAULT_MAX_MB) * MB
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        try:
            if size is not None:
                return handle.read(size)
            chunks, total = [], 0
            while chunk := handle.read(min(_READ_CHUNK, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise InputError(path, f"the file is more than the limit of "
                                     f"{limit // MB} MB (raise it with --max-mb)")
        except OSError as error:
            raise InputError(path, f"cannot read the file ({error.strerror})") from None
    return b"".join(chunks)


def count_words(texts: Iterable[str]) -> int:
    """Words (runs of non-space characters) in all the texts."""
    return sum(sum(1 for _ in _WORD.finditer(text)) for text in texts)


def check_paragraphs(path: Path, blocks: Iterable[tuple[str, str]],
                     max_words: int | None = None) -> None:
    """Refuse a paragraph (`(location, text)`) longer than the limit: the work on one
    paragraph grows with the square of its length (a 60,000-word DOCX paragraph took
    82 s), and a DOCX paragraph cannot be cut up the way a text file's is."""
    limit = max_words or DEFAULT_MAX_PARAGRAPH_WORDS
    for location, text in blocks:
        if len(text) > limit:  # a paragraph has fewer words than characters
            words = count_words([text])
            if words > limit:
                raise InputError(path, f"{location} has {words:,} words, "
                                 f"more than the limit of {limit:,} for one paragraph (split "
                                 "it, or raise the limit with --max-paragraph-words)")


def check_words(path: Path, texts: Iterable[str], max_words: int | None = None) -> int:
    """The number of words; more than the limit raises `InputError` naming it."""
    limit = max_words or DEFAULT_MAX_WORDS
    words = count_words(texts)
    if words > limit:
        raise InputError(path, f"the draft has {words:,} words, more than the limit of "
                         f"{limit:,} (raise it with --max-words)")
    return words


MAX_PDF_PAGES = 5_000  # a DHR is at most a few hundred pages
_INFLATE_CHUNK = 1024 * 1024


def check_pdf(path: Path, max_mb: int | None = None) -> None:
    """Refuse a PDF whose page content inflates past the size limit (a PDF "zip bomb": a
    small file whose content streams inflate to gigabytes) or that has too many pages.

    Page content streams and form objects (where text is) are inflated in chunks under a
    running budget, never whole; image data is not inflated (text readers never do). A
    PDF pikepdf cannot open is left to the reader, which says why (encrypted, damaged).
    """
    import zlib

    import pikepdf

    budget = (max_mb or DEFAULT_MAX_MB) * MB
    try:
        pdf = pikepdf.open(path)
    except Exception:  # noqa: BLE001 - the PDF reader gives the user's reason
        return
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise InputError(path, f"the PDF has {len(pdf.pages):,} pages, more than "
                             f"{MAX_PDF_PAGES:,}; it is not a normal review report")
        total = 0
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") == "/Image":
                continue
            filters = obj.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else \
                [str(filters)] if filters is not None else []
            raw = obj.read_raw_bytes()
            if names != ["/FlateDecode"]:
                total += len(raw)
            else:
                inflater = zlib.decompressobj()
                data = raw
                try:
                    while data and total <= budget:
                        total += len(inflater.decompress(data, _INFLATE_CHUNK))
                        data = inflater.unconsumed_tail
                except zlib.error:
                    continue  # a damaged stream: the reader reports or skips it
            if total > budget:
                raise InputError(path, f"the PDF's page content inflates to more than "
                                 f"{budget // MB} MB (a compressed-stream bomb, or raise the "
                                 "limit with --max-mb)")
