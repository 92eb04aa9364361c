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

_WORD = re.compile(r"\S+")


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
            data = handle.read(limit + 1 if size is None else size)
        except OSError as error:
            raise InputError(path, f"cannot read the file ({error.strerror})") from None
    if size is None and len(data) > limit:
        raise InputError(path, f"the file is more than the limit of {limit // MB} MB (raise "
                         "it with --max-mb)")
    return data


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
