"""Uploaded files, checked by their content, once, in one place: `check_upload`.

Request attachments, expert CVs and, later, the library and the data imports all take files
from people the facility does not control. What a file is comes from its bytes only; the
declared Content-Type and the name's extension must then agree with it, or the file is
refused with a message that says what was declared and what the content is:

- PDF: `%PDF-` at offset 0. PNG and JPEG: their signatures. Plain text, CSV, Markdown: valid
  UTF-8 without NUL (the name chooses among the text kinds, never between text and binary).
- Word 97-2003 (.doc): an OLE2 compound file with a `WordDocument` stream, read with
  `olefile` (pure Python, the parser oletools uses); one with a VBA macro project is refused.
- Office Open XML (.docx, .xlsx, .pptx): a ZIP with `[Content_Types].xml` and the kind's main
  part; OpenDocument (.odt, .ods): a ZIP whose first entry `mimetype` holds the type.
- Archives are inflated entry by entry through a bounded reader of our own, never trusting
  the sizes the ZIP declares: refused past `MAX_ARCHIVE_ENTRIES` entries, past
  `MAX_ARCHIVE_BYTES` unpacked, past `MAX_COMPRESSION_RATIO` for an entry, when an entry is
  encrypted, unsafely named (`../`, absolute), named twice, overlaps another, or is damaged.
- Polyglots: any non-archive kind holding an HTML start tag (`<html`, `<script`, `<body`,
  `<iframe`, `<svg`, `<!doctype html`, followed by a space, `/` or `>`), anywhere, is
  refused. (Inside a ZIP the bytes are compressed, and a document may hold SVG parts.) In
  compressed PDF streams such a tag can occur by chance: about once in a thousand 10 MB PDFs.
- The size limit is checked from the declared size before reading, then again while the file
  is read: once, in chunks (an upload may be on disk).

No magic-number library: `puremagic` or `python-magic` would replace five byte signatures but
not the ZIP, OLE2 and UTF-8 checks, which decide the kinds that matter, and python-magic
needs libmagic on every machine.

The name kept is normalised: the last path component only (`/` or `\\`), NFC, without
control or bidirectional characters, reserved characters (`<>:"|?*`) replaced, leading dots
stripped, at most `MAX_NAME_CHARACTERS`, ending in the kind's canonical extension.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any

import olefile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mieux.core import zip_packages
from mieux.core.errors import DomainError, ErrorCode

CHUNK_BYTES = 64 * 1024
HEAD_BYTES = 8 * 1024
MAX_ARCHIVE_ENTRIES = 1_000
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024  # unpacked, all entries together
MAX_COMPRESSION_RATIO = 100  # for an entry of more than 1 MB unpacked
MAX_NAME_CHARACTERS = 120
MAX_NAME_BYTES = 200  # UTF-8, below every file system's 255
DEFAULT_STEM = "document"

HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|script|body|iframe|svg)(?=[\s/>])", re.IGNORECASE)
HTML_TAG_OVERLAP = 32  # a tag split between two chunks is still found
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Declared types that say nothing about the content: no disagreement possible.
GENERIC_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/x-download",
     "application/force-download", "application/unknown", "application/binary"}
)  # fmt: skip
# Files of no accepted kind, named in the refusal rather than "unrecognised".
KNOWN_OTHERS = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a program (ELF)")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"\x1f\x8b", gettext_lazy("a gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("a 7-Zip archive")),
    (b"Rar!", gettext_lazy("a RAR archive")),
)
BIDI_AND_INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200E, 0x200F, 0x061C, 0xFEFF]
)
RESERVED_CHARACTERS = re.compile(r'[<>:"|?*/\\]')
WINDOWS_DEVICES = re.compile(r"(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?", re.IGNORECASE)
EXTENSION = re.compile(r"(.*)\.([A-Za-z0-9]{1,10})", re.DOTALL)


class Kind(StrEnum):
    PDF = "pdf"
    DOC = "doc"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"
    TEXT = "text"
    CSV = "csv"
    MARKDOWN = "markdown"
    PNG = "png"
    JPEG = "jpeg"


@dataclass(frozen=True)
class KindSpec:
    mime: str
    extensions: tuple[str, ...]  # the canonical one first, without the dot
    label: Promise
    also_declared_as: frozenset[str] = frozenset()  # other declared types that agree

    def agrees_with(self, declared: str) -> bool:
        return (
            declared in GENERIC_TYPES or declared == self.mime or declared in self.also_declared_as
        )


_ZIPPED = frozenset({"application/zip", "application/x-zip-compressed"})
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
SPECS: dict[Kind, KindSpec] = {
    Kind.PDF: KindSpec(
        "application/pdf", ("pdf",), gettext_lazy("a PDF document"),
        frozenset({"application/x-pdf", "application/acrobat"}),
    ),
    Kind.DOC: KindSpec(
        "application/msword", ("doc",), gettext_lazy("a Word 97-2003 document (.doc)"),
        frozenset({"application/vnd.ms-word", "application/x-msword"}),
    ),
    Kind.DOCX: KindSpec(
        _OOXML + "wordprocessingml.document", ("docx",),
        gettext_lazy("a Word document (.docx)"), _ZIPPED,
    ),
    Kind.XLSX: KindSpec(
        _OOXML + "spreadsheetml.sheet", ("xlsx",), gettext_lazy("an Excel workbook (.xlsx)"),
        _ZIPPED,
    ),
    Kind.PPTX: KindSpec(
        _OOXML + "presentationml.presentation", ("pptx",),
        gettext_lazy("a PowerPoint presentation (.pptx)"), _ZIPPED,
    ),
    Kind.ODT: KindSpec(
        _ODF + "text", ("odt",), gettext_lazy("an OpenDocument text (.odt)"), _ZIPPED
    ),
    Kind.ODS: KindSpec(
        _ODF + "spreadsheet", ("ods",), gettext_lazy("an OpenDocument spreadsheet (.ods)"),
        _ZIPPED,
    ),
    Kind.TEXT: KindSpec("text/plain", ("txt", "text"), gettext_lazy("a plain-text file (.txt)")),
    Kind.CSV: KindSpec(
        "text/csv", ("csv",), gettext_lazy("a CSV file (.csv)"),
        frozenset({"text/plain", "application/csv", "text/x-csv", "text/comma-separated-values",
                   "application/vnd.ms-excel"}),  # Windows declares .csv as Excel's
    ),
    Kind.MARKDOWN: KindSpec(
        "text/markdown", ("md", "markdown"), gettext_lazy("a Markdown file (.md)"),
        frozenset({"text/plain", "text/x-markdown"}),
    ),
    Kind.PNG: KindSpec(
        "image/png", ("png",), gettext_lazy("a PNG image"), frozenset({"image/x-png"})
    ),
    Kind.JPEG: KindSpec(
        "image/jpeg", ("jpg", "jpeg", "jpe"), gettext_lazy("a JPEG image"),
        frozenset({"image/pjpeg", "image/jpg"}),
    ),
}  # fmt: skip
TEXT_KINDS = (Kind.TEXT, Kind.CSV, Kind.MARKDOWN)
# Text holding HTML is an HTML page; archives' bytes are compressed and may hold SVG parts.
SCANNED_FOR_HTML = frozenset({Kind.PDF, Kind.DOC, Kind.PNG, Kind.JPEG})
ODF_TYPES = {SPECS[Kind.ODT].mime.encode(): Kind.ODT, SPECS[Kind.ODS].mime.encode(): Kind.ODS}
OOXML_MAIN_PARTS = {
    "word/document.xml": Kind.DOCX,
    "xl/workbook.xml": Kind.XLSX,
    "ppt/presentation.xml": Kind.PPTX,
}


class InvalidUpload(DomainError):
    """The file is not what it must be; nothing was stored."""

    code = ErrorCode.INVALID_FILE


class UploadTooLarge(InvalidUpload):
    code = ErrorCode.FILE_TOO_LARGE


@dataclass(frozen=True)
class CheckedUpload:
    kind: Kind
    content_type: str  # the canonical MIME type of the kind, whatever was declared
    name: str  # normalised, with the kind's canonical extension
    size: int

    @property
    def extension(self) -> str:
        return "." + SPECS[self.kind].extensions[0]


@dataclass
class _Scan:
    size: int = 0
    head: bytes = b""
    html_tag: str = ""
    has_nul: bool = False
    is_utf8: bool = True


def check_upload(
    upload: Any, *, allowed: frozenset[Kind], max_bytes: int, field: str = "file"
) -> CheckedUpload:
    """What the uploaded file (a Django `File`, or any binary file object with a `name`) is,
    from its bytes; an `InvalidUpload` naming `field` when it is not one of `allowed`, is
    larger than `max_bytes`, or its name or declared type disagrees with its content."""
    declared_size = getattr(upload, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise _too_large(declared_size, max_bytes, field)
    scan = _scan(upload, max_bytes, field)
    if scan.size == 0:
        raise InvalidUpload(_("The file is empty."), field=field)
    stem, extension = _split_name(_cleaned(str(getattr(upload, "name", "") or "")))
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    found = _identify(upload, scan, field)
    if found is Kind.TEXT:
        found = _text_kind(allowed, extension, declared)
    if not isinstance(found, Kind):
        raise _not_accepted(found, allowed, field)
    if scan.html_tag and found in SCANNED_FOR_HTML:
        raise InvalidUpload(
            _(
                "The file is %(content)s but also holds HTML (“%(tag)s”), which a browser "
                "could run; such files are refused. Save it again as a clean file."
            )
            % {"content": SPECS[found].label, "tag": scan.html_tag},
            field=field,
        )
    if found not in allowed:
        raise _not_accepted(SPECS[found].label, allowed, field)
    spec = SPECS[found]
    if extension and extension.lower() not in spec.extensions:
        raise InvalidUpload(
            _("The file is named “%(name)s”, but its content is %(content)s, not .%(extension)s.")
            % {"name": zip_packages.shown(f"{stem}.{extension}"), "content": spec.label,
               "extension": zip_packages.shown(extension)},
            field=field,
        )  # fmt: skip
    if not spec.agrees_with(declared):
        raise InvalidUpload(
            _("The file was sent as %(declared)s, but its content is %(content)s.")
            % {"declared": zip_packages.shown(declared), "content": spec.label},
            field=field,
        )
    return CheckedUpload(found, spec.mime, _final_name(stem, found), scan.size)


# --- reading ------------------------------------------------------------------------------------


def _scan(upload: IO[bytes], max_bytes: int, field: str) -> _Scan:
    """One pass over the bytes: size, head, HTML tags, NUL, UTF-8."""
    scan = _Scan()
    decoder = codecs.getincrementaldecoder("utf-8")()
    overlap = b""
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        scan.size += len(chunk)
        if scan.size > max_bytes:
            raise _too_large(None, max_bytes, field)
        if len(scan.head) < HEAD_BYTES:
            scan.head += chunk[: HEAD_BYTES - len(scan.head)]
        if not scan.html_tag:
            window = overlap + chunk
            if match := HTML_TAG.search(window):
                scan.html_tag = match.group(0).decode("ascii", "replace").lower()
            overlap = window[-HTML_TAG_OVERLAP:]
        scan.has_nul = scan.has_nul or b"\x00" in chunk
        if scan.is_utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                scan.is_utf8 = False
    if scan.is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            scan.is_utf8 = False
    upload.seek(0)
    return scan


def _identify(upload: IO[bytes], scan: _Scan, field: str) -> Kind | Promise | str:
    """The kind (`Kind.TEXT` for any text kind), or what else the file is, as a phrase."""
    head = scan.head
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"):
        return Kind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(zip_packages.LOCAL_HEADER):
        return _inspect_zip(upload, field)
    if head.startswith(OLE_SIGNATURE):
        return _inspect_ole(upload, field)
    for signature, label in KNOWN_OTHERS:
        if head.startswith(signature):
            return label
    if not scan.has_nul and scan.is_utf8:
        return gettext_lazy("an HTML page") if scan.html_tag else Kind.TEXT
    if not scan.has_nul:
        return gettext_lazy("text in an encoding other than UTF-8")
    return ""


def _inspect_ole(upload: IO[bytes], field: str) -> Kind | Promise:
    upload.seek(0)
    try:
        with olefile.OleFileIO(upload) as ole:
            entries = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
    except Exception as error:  # olefile raises many kinds of error on a malformed file
        raise InvalidUpload(
            _("The file looks like an Office 97-2003 document but cannot be read; it is damaged."),
            field=field,
        ) from error
    finally:
        upload.seek(0)
    if "worddocument" not in entries:
        return gettext_lazy("an Office 97-2003 file that is not a Word document")
    if any(name == "macros" or name.startswith("macros/") for name in entries):
        raise InvalidUpload(
            _(
                "This Word 97-2003 document contains macros, which are refused; save it "
                "without macros, or as .docx or PDF."
            ),
            field=field,
        )
    return Kind.DOC


def _text_kind(allowed: frozenset[Kind], extension: str, declared: str) -> Kind:
    """Text is text: the name's extension (or else the declared type) says which text kind."""
    candidates = [kind for kind in TEXT_KINDS if kind in allowed] or [Kind.TEXT]
    for kind in candidates:
        if extension.lower() in SPECS[kind].extensions:
            return kind
    for kind in candidates:
        if declared == SPECS[kind].mime:
            return kind
    return candidates[0]


# --- archives -----------------------------------------------------------------------------------


def _inspect_zip(upload: IO[bytes], field: str) -> Kind | Promise:
    """The OOXML or ODF kind of a ZIP, once every entry has been read through a bounded reader."""
    try:
        package = zip_packages.read_package(
            upload,
            max_entries=MAX_ARCHIVE_ENTRIES,
            max_bytes=MAX_ARCHIVE_BYTES,
            max_ratio=MAX_COMPRESSION_RATIO,
        )
    except zip_packages.UnsafePackage as error:
        raise InvalidUpload(error.message, field=field) from error
    finally:
        upload.seek(0)
    if package.first_name == "mimetype" and package.first_bytes in ODF_TYPES:
        return ODF_TYPES[package.first_bytes]
    if "[Content_Types].xml" in package.names:
        for part, kind in OOXML_MAIN_PARTS.items():
            if part in package.names:
                return kind
    return gettext_lazy("a ZIP archive")


# --- names --------------------------------------------------------------------------------------


def _cleaned(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    name = name.translate(BIDI_AND_INVISIBLE)
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in name)
    name = RESERVED_CHARACTERS.sub("_", name)
    return " ".join(name.split())


def _split_name(name: str) -> tuple[str, str]:
    """Stem and extension (without the dot, as given; empty when there is none)."""
    match = EXTENSION.fullmatch(name)
    if match is None:
        return name, ""
    return match.group(1), match.group(2)


def _final_name(stem: str, kind: Kind) -> str:
    suffix = "." + SPECS[kind].extensions[0]
    stem = stem.lstrip(". ").rstrip(". ")[: MAX_NAME_CHARACTERS - len(suffix)]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = unicodedata.normalize("NFC", stem.rstrip(". ")) or DEFAULT_STEM
    if WINDOWS_DEVICES.fullmatch(stem):
        stem = "_" + stem
    return stem + suffix


# --- refusals -----------------------------------------------------------------------------------


def _too_large(size: int | None, limit: int, field: str) -> UploadTooLarge:
    if size is None:
        message = _("The file is larger than %(limit)s, the most accepted here.") % {
            "limit": filesizeformat(limit)
        }
    else:
        message = _("The file has %(size)s; at most %(limit)s is accepted here.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
        }
    return UploadTooLarge(message, field=field)


def accepted_labels(allowed: frozenset[Kind]) -> str:
    """The accepted kinds, in the order of `Kind`, for messages and help texts."""
    return ", ".join(str(spec.label) for kind, spec in SPECS.items() if kind in allowed)


def _not_accepted(content: Promise | str, allowed: frozenset[Kind], field: str) -> InvalidUpload:
    accepted = accepted_labels(allowed)
    if not content:
        message = _("The content of this file was not recognised. Accepted: %s.") % accepted
    else:
        message = _(
            "This file is %(content)s, which is not accepted here. Accepted: %(accepted)s."
        ) % {
            "content": content,
            "accepted": accepted,
        }
    return InvalidUpload(message, field=field)
