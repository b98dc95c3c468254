"""Reading an uploaded ZIP package (a .docx, .xlsx, .odt…) without trusting it: for
`mieux.core.uploads`, which decides from what is read here which kind of document it is.

`zipfile` parses the central directory (names, flags, declared sizes, offsets); every entry
is then inflated by our own bounded reader from its local header, so neither a lying
declared size nor overlapping entries (the "non-recursive zip bomb") can make it unpack more
than the budget: the unpacked bytes are counted, checksummed and dropped chunk by chunk, and
reading stops as soon as they pass the entry's declared size, the package's budget or the
compression ratio. Nothing is written to disk and at most one chunk is held in memory.
"""

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

LOCAL_HEADER = b"PK\x03\x04"
LOCAL_HEADER_BYTES = 30
CHUNK_BYTES = 64 * 1024
FIRST_BYTES = 256  # kept of the first entry: ODF's `mimetype`
RATIO_FLOOR_BYTES = 1024 * 1024  # an entry smaller than this unpacked may compress any amount
ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error)


class UnsafePackage(Exception):
    """The package is damaged, or unpacking it would be unsafe; `message` says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Package:
    names: frozenset[str]
    first_name: str  # the entry at offset 0
    first_bytes: bytes  # its first `FIRST_BYTES` unpacked


@dataclass(frozen=True)
class Limits:
    entries: int
    bytes: int
    ratio: int


def read_package(upload: IO[bytes], *, max_entries: int, max_bytes: int, max_ratio: int) -> Package:
    """Every entry read once, within the limits; `UnsafePackage` otherwise."""
    limits = Limits(max_entries, max_bytes, max_ratio)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except ZIP_ERRORS as error:
        raise UnsafePackage(
            _("The file is a ZIP package that cannot be opened; it is damaged.")
        ) from error
    _check_directory(entries, limits)
    end = total = 0
    first = ("", b"")
    for entry in sorted(entries, key=lambda entry: entry.header_offset):
        # Entries follow one another from offset 0: overlapping entries are how a small ZIP
        # unpacks to terabytes, and bytes before the first one are hidden content.
        if entry.header_offset < end or (end == 0 and entry.header_offset != 0):
            raise UnsafePackage(
                _("The files in the package overlap or hide content; it is not a safe package.")
            )
        end, size, head = _inflate(upload, entry, total, limits)
        total += size
        if entry.header_offset == 0:
            first = (entry.filename, head)
    return Package(frozenset(entry.filename for entry in entries), *first)


def _refusal(message: str, entry: str = "", **values: Any) -> UnsafePackage:
    return UnsafePackage(message % {"entry": shown(entry), **values})


def shown(text: str, limit: int = 60) -> str:
    """A name from the file, fit to be shown back in a message: printable, short."""
    text = "".join(c for c in text if c.isprintable())  # not Cc, Cf (bidi controls), Zl…
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unsafe_name(name: str) -> bool:
    parts = name.split("/")
    return (
        not name
        or name.startswith("/")
        or re.match(r"[A-Za-z]:", name) is not None
        or ".." in parts
        or any(not c.isprintable() for c in name)
    )


def _check_directory(entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    """What the central directory tells before a byte is inflated."""
    if len(entries) > limits.entries:
        raise _refusal(
            _("The package holds %(count)d files; at most %(limit)d are accepted."),
            count=len(entries),
            limit=limits.entries,
        )
    seen: set[str] = set()
    for entry in entries:
        name = entry.filename.replace("\\", "/")
        if _unsafe_name(name):
            raise _refusal(_("The package holds a file with an unsafe name (“%(entry)s”)."), name)
        if name.casefold() in seen:  # part names are case-insensitive in OOXML
            raise _refusal(_("The package holds “%(entry)s” twice."), name)
        seen.add(name.casefold())
        if entry.flag_bits & 0x1:
            raise _refusal(
                _(
                    "The package is protected by a password (“%(entry)s” is encrypted); "
                    "save it without a password and upload it again."
                ),
                name,
            )
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refusal(
                _("“%(entry)s” in the package is compressed in a way documents never are."), name
            )
    if sum(entry.file_size for entry in entries) > limits.bytes:
        raise _too_much(limits)


def _too_much(limits: Limits) -> UnsafePackage:
    return _refusal(
        _("The package would unpack to more than %(limit)s, the most accepted."),
        limit=filesizeformat(limits.bytes),
    )


def _damaged(entry: zipfile.ZipInfo) -> UnsafePackage:
    return _refusal(
        _("“%(entry)s” in the package is damaged, or not what the package says it is."),
        entry.filename,
    )


def _data_start(upload: IO[bytes], entry: zipfile.ZipInfo) -> int:
    upload.seek(entry.header_offset)
    local = upload.read(LOCAL_HEADER_BYTES)
    if len(local) != LOCAL_HEADER_BYTES or not local.startswith(LOCAL_HEADER):
        raise _damaged(entry)
    (flags,) = struct.unpack("<H", local[6:8])
    if flags & 0x1:
        raise _damaged(entry)  # encrypted here, not in the central directory: a lie
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    return entry.header_offset + LOCAL_HEADER_BYTES + name_length + extra_length


def _inflate(
    upload: IO[bytes], entry: zipfile.ZipInfo, before: int, limits: Limits
) -> tuple[int, int, bytes]:
    """One entry, read from its local header: (where it ends, its unpacked size, first bytes)."""
    start = _data_start(upload, entry)
    upload.seek(start)
    deflated = entry.compress_type == zipfile.ZIP_DEFLATED
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, pending, size, crc, head = entry.compress_size, b"", 0, 0, b""
    while pending or left > 0:
        if not pending:
            pending = upload.read(min(CHUNK_BYTES, left))
            if not pending:
                raise _damaged(entry)  # shorter than the directory says
            left -= len(pending)
        if deflated:
            try:
                data = inflater.decompress(pending, CHUNK_BYTES)
            except zlib.error as error:
                raise _damaged(entry) from error
            pending = b"" if inflater.eof else inflater.unconsumed_tail
        else:
            data, pending = pending, b""
        size += len(data)
        crc = zlib.crc32(data, crc)
        head = head or data[:FIRST_BYTES]
        if size > entry.file_size:
            raise _damaged(entry)  # more than declared: stop here, whatever follows
        if before + size > limits.bytes:
            raise _too_much(limits)
        if size > RATIO_FLOOR_BYTES and size > limits.ratio * max(entry.compress_size, 1):
            raise _refusal(
                _(
                    "“%(entry)s” in the package is compressed more than %(ratio)d times, as "
                    "only a compression bomb is; it is refused."
                ),
                entry.filename,
                ratio=limits.ratio,
            )
        if deflated and inflater.eof:
            break
    if (deflated and not inflater.eof) or size != entry.file_size or crc != entry.CRC:
        raise _damaged(entry)
    return start + entry.compress_size, size, head
