"""One zip reader for every command (`redact`, `check`, `init-case`, `detect`).

A DOCX is a zip, and a zip can lie: two entries of one name (a reader may show either),
names that climb out of the package, entries that inflate a thousandfold, entries that
share their compressed data. `SafeZip` refuses all of these when it opens the file, and
reads each part with a size cap, so nothing is ever inflated beyond the limits.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from redactor.errors import InputError
from redactor.options import DEFAULT_MAX_MB

MB = 1024 * 1024
MAX_ENTRIES = 10_000  # a Word document has tens of parts, a few hundred with many images
MAX_RATIO = 400  # Word XML deflates 5-50 times; deflate tops out near 1,000
RATIO_FLOOR = 2 * MB  # entries smaller than this may shrink as much as they like
XML_SHARE = 4  # one XML part may be at most a quarter of the package limit (parsed in memory)

_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ZipLimits:
    """How much a package may unpack to, in all and per XML part."""

    max_bytes: int = DEFAULT_MAX_MB * MB

    @property
    def max_xml_bytes(self) -> int:
        return self.max_bytes // XML_SHARE

    @classmethod
    def from_mb(cls, max_mb: int | None) -> ZipLimits:
        return cls(max_bytes=(max_mb or DEFAULT_MAX_MB) * MB)


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size:,} bytes"


class SafeZip:
    """A checked, read-only zip: `names` in the zip's order, `read(name)` with a cap.

    Raises `InputError` (naming `label`, the file) for a damaged zip or one that breaks a rule.
    """

    def __init__(self, source: Path | bytes, label: Path | str | None = None,
                 limits: ZipLimits | None = None) -> None:
        self.label = label if label is not None else source if isinstance(source, Path) \
            else "<memory>"
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes)
                                        else source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError,
                NotImplementedError) as error:
            raise self._damaged(error) from None
        except OSError as error:
            raise InputError(self.label, f"cannot read the file ({error.strerror or error})") \
                from None
        try:
            self._infos = self._check(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise
        self.names = [info.filename for info in self._infos]

    def _damaged(self, error: BaseException) -> InputError:
        return InputError(self.label, f"the DOCX is damaged (cannot unzip it, damaged zip: "
                          f"{error}); open it in Word, save it again and retry")

    def _refuse(self, reason: str) -> InputError:
        return InputError(self.label, f"{reason}; it is not a normal Word document and may "
                          "have been made to attack the tool, so it is not read")

    def _check(self, infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
        if len(infos) > MAX_ENTRIES:
            raise self._refuse(f"the zip has {len(infos):,} entries (at most {MAX_ENTRIES:,})")
        seen: dict[str, str] = {}
        files = []
        for info in infos:
            name = info.filename
            if _outside(name):
                raise self._refuse(f"zip entry {name!r} points outside the package")
            key = name.rstrip("/").casefold()  # part names are case-insensitive (OPC)
            if key in seen:
                raise self._refuse(f"the zip has two entries named {name!r} (a reader may "
                                   "show either)")
            seen[key] = name
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise InputError(self.label, "the DOCX is password-protected (encrypted "
                                 "entries); remove the password in Word and try again")
            files.append(info)
        total = sum(info.file_size for info in files)
        if total > self.limits.max_bytes:
            raise InputError(self.label, f"the DOCX unpacks to {_mb(total)}, more than the "
                             f"limit of {_mb(self.limits.max_bytes)} (raise it with --max-mb)")
        for info in files:
            if info.file_size > RATIO_FLOOR and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self._refuse(
                    f"zip entry {info.filename!r} inflates {_mb(info.compress_size)} to "
                    f"{_mb(info.file_size)} (more than {MAX_RATIO} times: a zip bomb)")
        ordered = sorted(infos, key=lambda i: i.header_offset)
        for before, after in zip(ordered, ordered[1:], strict=False):
            end = before.header_offset + 30 + len(before.orig_filename.encode("utf-8",
                                                  "surrogateescape")) + before.compress_size
            if end > after.header_offset:
                raise self._refuse(f"zip entries {before.filename!r} and {after.filename!r} "
                                   "overlap (a zip bomb)")
        return files

    def size(self, name: str) -> int:
        return self._zip.getinfo(name).file_size

    def read(self, name: str, cap: int | None = None) -> bytes:
        """One entry's bytes; more than `cap` (default: the package limit) is refused."""
        cap = self.limits.max_bytes if cap is None else cap
        info = self._zip.getinfo(name)
        if info.file_size > cap:
            raise InputError(self.label, f"part {name} unpacks to {_mb(info.file_size)}, more "
                             f"than the limit of {_mb(cap)} for one part (raise it with "
                             "--max-mb)")
        try:
            with self._zip.open(info) as handle:
                data = handle.read(cap + 1)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError,
                RuntimeError, zlib.error) as error:  # zlib: an entry's data is corrupt
            raise self._damaged(error) from None
        except OSError as error:
            raise InputError(self.label, f"cannot read the file ({error.strerror or error})") \
                from None
        if len(data) > cap:
            raise self._refuse(f"part {name} unpacks to more than {_mb(cap)}")
        return data

    def read_xml_part(self, name: str) -> bytes:
        """An XML part's bytes, capped at the XML limit (it is parsed in memory)."""
        data = self.read(name, self.limits.max_xml_bytes)
        self._refuse_dtd(name, data)
        return data

    def _refuse_dtd(self, name: str, data: bytes) -> None:
        """Word never writes a DTD; its entities could hide text from one reader and not
        another, so a part that declares one is refused (by every command alike)."""
        if any(marker in data for marker in _DOCTYPES):
            raise self._refuse(f"part {name} declares a DTD (<!DOCTYPE ...>), which Word "
                               "documents never have")

    def members(self) -> list[tuple[str, bytes]]:
        """Every file entry's (name, bytes); XML parts under the XML cap, without a DTD."""
        members = []
        for name in self.names:
            xml = _xml_name(name)
            data = self.read(name, self.limits.max_xml_bytes if xml else None)
            if xml or data.lstrip()[:5] == b"<?xml":
                self._refuse_dtd(name, data)
            members.append((name, data))
        return members

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _xml_name(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _outside(name: str) -> bool:
    """True for a name a careless unzipper would write outside its folder."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(segment in ("..", ".") for segment in name.rstrip("/").split("/"))
