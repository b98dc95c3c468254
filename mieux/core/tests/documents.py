"""Real files for the upload tests: committed fixtures (tests/fixtures/SOURCES.md) and Office
documents built here with `zipfile`, each with the one defect a test is about."""

import functools
import io
import struct
import zipfile
import zlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "uploads"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
MEGABYTE = 1024 * 1024


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def pdf() -> bytes:
    return fixture("terms-of-reference.pdf")


def zip_of(
    entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED, first_stored: bool = False
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for number, (name, data) in enumerate(entries.items()):
            stored = first_stored and number == 0
            archive.writestr(name, data, zipfile.ZIP_STORED if stored else compression)
    return buffer.getvalue()


def docx(text: str = "Terms of reference") -> bytes:
    """A minimal WordprocessingML package, as Word reads it."""
    return zip_of(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
                b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                b'<Default Extension="xml" ContentType="application/xml"/><Override '
                b'PartName="/word/document.xml" ContentType="'
                + DOCX_TYPE.encode()
                + b'.main+xml"/>'
                b"</Types>"
            ),
            "_rels/.rels": (
                b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'officeDocument" Target="word/document.xml"/></Relationships>'
            ),
            "word/document.xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                + text.encode()
                + b"</w:t></w:r></w:p></w:body></w:document>"
            ),
        }
    )


def odt(text: str = "Terms of reference") -> bytes:
    """A minimal OpenDocument text: `mimetype` first and stored, then the manifest and content."""
    return zip_of(
        {
            "mimetype": ODT_TYPE.encode(),
            "META-INF/manifest.xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
                b'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type="'
                + ODT_TYPE.encode()
                + b'"/><manifest:file-entry manifest:full-path="content.xml" '
                b'manifest:media-type="text/xml"/></manifest:manifest>'
            ),
            "content.xml": (
                b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
                b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:'
                b'tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>'
                b"<text:p>" + text.encode() + b"</text:p></office:text></office:body>"
                b"</office:document-content>"
            ),
        },
        first_stored=True,
    )


def png() -> bytes:
    """A 1-by-1 PNG: signature, IHDR, IDAT, IEND (CRCs computed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """The start of a JFIF file (SOI, APP0) and its end (EOI): what the checks read."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@functools.cache
def bomb_docx(megabytes: int = 200) -> bytes:
    """A DOCX whose document part inflates to `megabytes` MB of zeros (about 200 KB deflated),
    written in 1 MB chunks so that building it does not hold it in memory either."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            for _ in range(megabytes):
                entry.write(b"\x00" * MEGABYTE)
    return buffer.getvalue()


def central_entry(data: bytes, name: str) -> int:
    """The offset of `name`'s header in the central directory."""
    offset = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack("<H", data[offset + 28 : offset + 30])[0]
        if data[offset + 46 : offset + 46 + name_length] == name.encode():
            return offset
        offset = data.index(b"PK\x01\x02", offset + 4)


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The package with `name`'s unpacked size in the central directory replaced: a liar."""
    forged = bytearray(data)
    offset = central_entry(data, name)
    forged[offset + 24 : offset + 28] = struct.pack("<I", size)
    return bytes(forged)


def with_header_offset(data: bytes, name: str, header_offset: int) -> bytes:
    """The package with `name`'s entry pointing at another entry's data: overlapping files."""
    forged = bytearray(data)
    offset = central_entry(data, name)
    forged[offset + 42 : offset + 46] = struct.pack("<I", header_offset)
    return bytes(forged)


def encrypted(data: bytes, name: str) -> bytes:
    """The package with `name` flagged as encrypted in the central directory."""
    forged = bytearray(data)
    offset = central_entry(data, name)
    flags = struct.unpack("<H", data[offset + 8 : offset + 10])[0]
    forged[offset + 8 : offset + 10] = struct.pack("<H", flags | 0x1)
    return bytes(forged)


# --- Word 97-2003 -------------------------------------------------------------------------------

FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(
    name: str, kind: int, start: int = END_OF_CHAIN, size: int = 0, **links: int
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack(
            "<III",
            links.get("left", NO_STREAM),
            links.get("right", NO_STREAM),
            links.get("child", NO_STREAM),
        )
        + b"\x00" * 16
        + struct.pack("<IQQIQ", 0, 0, 0, start, size)
    )


def word97(*, streams: tuple[str, ...] = ("WordDocument",), macros: bool = False) -> bytes:
    """A compound file (CFB version 3, 512-byte sectors): a FAT sector, a directory sector and
    one 4 KB stream per name (past the mini-stream cutoff, so in ordinary sectors); with
    `macros`, a `Macros` storage as Word keeps a VBA project."""
    sectors_per_stream = 8
    names = list(streams)
    fat = [FAT_SECTOR, END_OF_CHAIN]
    entries = []
    for number, name in enumerate(names):
        first = 2 + number * sectors_per_stream
        fat += [*range(first + 1, first + sectors_per_stream), END_OF_CHAIN]
        right = number + 2 if number + 1 < len(names) or macros else NO_STREAM
        entries.append(_directory_entry(name, 2, first, 4096, right=right))
    if macros:
        entries.append(_directory_entry("Macros", 1))
    root = _directory_entry("Root Entry", 5, child=1)
    unused = [_directory_entry("", 0)] * (3 - len(entries))
    directory = b"".join([root, *entries, *unused])
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    fat_sector = b"".join(struct.pack("<I", value) for value in fat).ljust(512, b"\xff")
    data = b"".join((b"Word text " * 410)[:4096] for _ in names)
    return header + fat_sector + directory + data
