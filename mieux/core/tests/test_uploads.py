"""`mieux.core.uploads.check_upload`: what a file is comes from its bytes, once, in one place."""

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mieux.core.errors import ErrorCode
from mieux.core.tests import documents
from mieux.core.uploads import CheckedUpload, InvalidUpload, Kind, check_upload

EVERY_KIND = frozenset(Kind)
ATTACHMENTS = frozenset({Kind.PDF, Kind.DOC, Kind.DOCX, Kind.ODT, Kind.TEXT, Kind.PNG, Kind.JPEG})
LIMIT = 10 * documents.MEGABYTE
ACCEPTED_ATTACHMENTS = (
    "Accepted: a PDF document, a Word 97-2003 document (.doc), a Word document (.docx), "
    "an OpenDocument text (.odt), a plain-text file (.txt), a PNG image, a JPEG image."
)
DOCX = documents.DOCX_TYPE
ODT = documents.ODT_TYPE


def upload(
    name: str, data: bytes, declared: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=declared)


def refusal(file: SimpleUploadedFile, allowed: frozenset[Kind] = EVERY_KIND) -> tuple[str, str]:
    with pytest.raises(InvalidUpload) as error:
        check_upload(file, allowed=allowed, max_bytes=LIMIT, field="file")
    assert error.value.field == "file"
    return str(error.value.code), error.value.message


def test_real_documents_are_accepted_with_the_type_their_content_has() -> None:
    cases = [
        (upload("ToR.pdf", documents.pdf(), "application/pdf"), Kind.PDF, "application/pdf"),
        (upload("ToR.docx", documents.docx()), Kind.DOCX, DOCX),
        (upload("ToR.odt", documents.odt(), ODT), Kind.ODT, ODT),
        (
            upload("ToR.doc", documents.word97(), "application/msword"),
            Kind.DOC,
            "application/msword",
        ),
        (upload("notes.txt", "Réunion à Lima\n".encode(), "text/plain"), Kind.TEXT, "text/plain"),
        (
            upload("notes.md", b"# Agenda\n\n- Lima\n", "text/markdown"),
            Kind.MARKDOWN,
            "text/markdown",
        ),
        (
            upload(
                "countries.csv", documents.fixture("unhcr_refugees_pkg_countries.csv"), "text/csv"
            ),
            Kind.CSV,
            "text/csv",
        ),
        (upload("map.png", documents.png(), "image/png"), Kind.PNG, "image/png"),
        (upload("photo.jpg", documents.jpeg(), "image/jpeg"), Kind.JPEG, "image/jpeg"),
    ]

    checked = [
        check_upload(file, allowed=EVERY_KIND, max_bytes=LIMIT) for file, _kind, _type in cases
    ]

    assert checked == [
        CheckedUpload(kind, content_type, file.name, file.size)
        for file, kind, content_type in cases
    ]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("evil.exe", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf"),
            "This file is a Windows program, which is not accepted here. " + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload("page.txt", b"<!DOCTYPE html><html><body>Hi</body></html>", "text/plain"),
            "This file is an HTML page, which is not accepted here. " + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload("notes.txt", "Réunion à Lima".encode("latin-1"), "text/plain"),
            "This file is text in an encoding other than UTF-8, which is not accepted here. "
            + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload("data.bin", b"\x00\x01\x02\x03 binary"),
            "The content of this file was not recognised. " + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload("photos.zip", documents.zip_of({"photo.jpg": documents.jpeg()})),
            "This file is a ZIP archive, which is not accepted here. " + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload(
                "budget.xlsx",
                documents.zip_of(
                    {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
                ),
            ),
            "This file is an Excel workbook (.xlsx), which is not accepted here. "
            + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload("budget.xls", documents.word97(streams=("Workbook",))),
            "This file is an Office 97-2003 file that is not a Word document, which is not "
            "accepted here. " + ACCEPTED_ATTACHMENTS,
        ),
        (
            upload("macros.doc", documents.word97(macros=True)),
            "This Word 97-2003 document contains macros, which are refused; save it without "
            "macros, or as .docx or PDF.",
        ),
    ],
    ids=["exe", "html", "latin-1", "binary", "zip", "xlsx", "xls", "doc-macros"],
)
def test_content_of_a_kind_not_accepted_is_refused(file: SimpleUploadedFile, message: str) -> None:
    assert refusal(file, ATTACHMENTS) == ("invalid_file", message)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("cv.docx", documents.pdf(), "application/pdf"),
            "The file is named “cv.docx”, but its content is a PDF document, not .docx.",
        ),
        (
            upload("cv.pdf", documents.docx(), "application/pdf"),
            "The file is named “cv.pdf”, but its content is a Word document (.docx), not .pdf.",
        ),
        (
            upload("terms.exe", documents.pdf()),
            "The file is named “terms.exe”, but its content is a PDF document, not .exe.",
        ),
        (
            upload("terms.pdf", b"Terms of reference", "text/plain"),
            "The file is named “terms.pdf”, but its content is a plain-text file (.txt), not .pdf.",
        ),
        (
            upload("terms.pdf", documents.pdf(), "image/png"),
            "The file was sent as image/png, but its content is a PDF document.",
        ),
        (
            upload("terms.docx", documents.docx(), "application/pdf"),
            "The file was sent as application/pdf, but its content is a Word document (.docx).",
        ),
    ],
    ids=["pdf-named-docx", "docx-named-pdf", "pdf-named-exe", "text-named-pdf",
         "pdf-sent-as-png", "docx-sent-as-pdf"],
)  # fmt: skip
def test_a_name_or_declared_type_that_disagrees_with_the_content_is_refused(
    file: SimpleUploadedFile, message: str
) -> None:
    assert refusal(file) == ("invalid_file", message)


@pytest.mark.parametrize(
    "declared",
    ["application/octet-stream", "", "application/zip", "APPLICATION/VND.OPENXMLFORMATS-"
     "OFFICEDOCUMENT.WORDPROCESSINGML.DOCUMENT; charset=binary"],
)  # fmt: skip
def test_a_declared_type_that_says_nothing_or_agrees_is_accepted(declared: str) -> None:
    checked = check_upload(upload("cv.docx", documents.docx(), declared), allowed=EVERY_KIND,
                           max_bytes=LIMIT)  # fmt: skip

    assert (checked.kind, checked.content_type) == (Kind.DOCX, DOCX)


@pytest.mark.parametrize(
    ("data", "tag"),
    [
        (documents.pdf() + b"\n<html><body>hi</body></html>", "<html"),
        (documents.pdf().replace(b"%%EOF", b"<SCRIPT>alert(1)</SCRIPT>\n%%EOF"), "<script"),
        (b"%PDF-1.4\n" + b"0" * (64 * 1024 - 12) + b"<iframe src=x>", "<iframe"),  # split
        (b"%PDF-1.4\n<!DocType html>", "<!doctype html"),
        (b"%PDF-1.4\n<svg/onload=alert(1)>", "<svg"),
    ],
    ids=["html", "script-upper-case", "iframe-across-chunks", "doctype", "svg"],
)
def test_a_pdf_that_is_also_html_is_refused(data: bytes, tag: str) -> None:
    assert refusal(upload("terms.pdf", data, "application/pdf")) == (
        "invalid_file",
        f"The file is a PDF document but also holds HTML (“{tag}”), which a browser could run; "
        "such files are refused. Save it again as a clean file.",
    )


def test_an_image_that_is_also_html_is_refused() -> None:
    code, message = refusal(upload("map.png", documents.png() + b"<script>x</script>"))

    assert (code, message[:50]) == (
        "invalid_file",
        "The file is a PNG image but also holds HTML (“<scr",
    )


def test_an_empty_file_is_refused() -> None:
    assert refusal(upload("cv.pdf", b"", "application/pdf")) == (
        "invalid_file",
        "The file is empty.",
    )


class Unreadable(io.BytesIO):
    """A file whose bytes must not be read."""

    name = "big.pdf"
    size = LIMIT + 1

    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("read")


class Understated(io.BytesIO):
    """A file that says it is small: the bytes are counted as they are read."""

    name = "big.pdf"
    size = 10


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(InvalidUpload) as declared:
        check_upload(Unreadable(), allowed=EVERY_KIND, max_bytes=LIMIT)
    with pytest.raises(InvalidUpload) as counted:
        check_upload(Understated(b"%PDF-1.4" + b"0" * LIMIT), allowed=EVERY_KIND, max_bytes=LIMIT)

    assert (declared.value.code, declared.value.message) == (
        ErrorCode.FILE_TOO_LARGE,
        "The file has 10.0\xa0MB; at most 10.0\xa0MB is accepted here.",
    )
    assert (counted.value.code, counted.value.message) == (
        ErrorCode.FILE_TOO_LARGE,
        "The file is larger than 10.0\xa0MB, the most accepted here.",
    )


BOMB_DAMAGED = "“word/document.xml” in the package is damaged, or not what the package says it is."
TOO_MUCH = "The package would unpack to more than 50.0\xa0MB, the most accepted."


def lying_bomb() -> bytes:
    """The 200 MB entry declares 40 bytes in the central directory."""
    return documents.with_declared_size(documents.bomb_docx(), "word/document.xml", 40)


UNSAFE = "The package holds a file with an unsafe name (“%s”)."


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (documents.bomb_docx, TOO_MUCH),
        (lying_bomb, BOMB_DAMAGED),
        (
            lambda: documents.bomb_docx(megabytes=40),
            "“word/document.xml” in the package is compressed more than 100 times, as only a "
            "compression bomb is; it is refused.",
        ),
    ],
    ids=["declared-200-mb", "declared-4-kb", "ratio-1000"],
)  # fmt: skip
def test_a_compression_bomb_is_refused_fast_without_inflating_it(
    build: Callable[[], bytes], message: str
) -> None:
    data = build()  # 200 MB of zeros in about 200 KB: built once, lazily
    file = upload("cv.docx", data)
    tracemalloc.start()
    started = time.monotonic()

    result = refusal(file)

    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(data) < 250_000
    assert result == ("invalid_file", message)
    assert elapsed < 1.0
    assert peak < 2 * documents.MEGABYTE


def test_a_package_with_too_many_entries_is_refused() -> None:
    entries = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    entries |= {f"word/media/image{number}.png": b"x" for number in range(999)}

    assert refusal(upload("cv.docx", documents.zip_of(entries))) == (
        "invalid_file",
        "The package holds 1001 files; at most 1000 are accepted.",
    )


def docx_with(name: str, data: bytes = b"<w/>", compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    return documents.zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", name: data}, compression
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (docx_with("../../etc/cron.d/job"), UNSAFE % "../../etc/cron.d/job"),
        (docx_with("/etc/passwd"), UNSAFE % "/etc/passwd"),
        (docx_with("C:/Windows/evil.dll"), UNSAFE % "C:/Windows/evil.dll"),
        (docx_with("word\\..\\..\\evil"), UNSAFE % "word/../../evil"),
        (docx_with("WORD/document.xml"), "The package holds “WORD/document.xml” twice."),
        (
            documents.encrypted(documents.docx(), "word/document.xml"),
            "The package is protected by a password (“word/document.xml” is encrypted); save it "
            "without a password and upload it again.",
        ),
        (
            docx_with("word/styles.xml", compression=zipfile.ZIP_BZIP2),
            "“[Content_Types].xml” in the package is compressed in a way documents never are.",
        ),
        (
            documents.with_header_offset(docx_with("word/styles.xml"), "word/styles.xml", 0),
            "The files in the package overlap or hide content; it is not a safe package.",
        ),
        (
            documents.docx()[:400],
            "The file is a ZIP package that cannot be opened; it is damaged.",
        ),
        (
            documents.zip_of({"word/document.xml": b"<w/>" * 10}, zipfile.ZIP_STORED).replace(
                b"<w/><w/>", b"<w/><x/>", 1
            ),
            "“word/document.xml” in the package is damaged, or not what the package says it is.",
        ),
    ],
    ids=["parent", "absolute", "drive", "backslashes", "duplicate", "encrypted", "bzip2",
         "overlapping", "truncated", "checksum"],
)  # fmt: skip
def test_an_unsafe_or_damaged_package_is_refused(data: bytes, message: str) -> None:
    assert refusal(upload("cv.docx", data)) == ("invalid_file", message)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Report.PDF", "Report.pdf"),
        ("Terms of reference", "Terms of reference.pdf"),
        ("C:\\Users\\ana\\Desktop\\ToR.pdf", "ToR.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("Cafe\u0301 Lima.pdf", "Café Lima.pdf"),  # NFC
        ("invoice\u202efdp.exe.pdf", "invoicefdp.exe.pdf"),  # right-to-left override
        ("a\tb\x00c\x1fd.pdf", "a b c d.pdf"),
        ('what<is>:this"|?*.pdf', "what_is__this____.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        (".pdf", "document.pdf"),
        ("", "document.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("v1.2 final", "v1.2 final.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("é" * 150 + ".pdf", "é" * 98 + ".pdf"),  # at most 200 bytes of UTF-8
    ],
)
def test_names_are_normalised(name: str, expected: str) -> None:
    file = io.BytesIO(documents.pdf())
    file.name = name  # type: ignore[attr-defined]

    checked = check_upload(file, allowed=EVERY_KIND, max_bytes=LIMIT)

    assert checked.name == expected


def test_the_canonical_extension_replaces_another_of_the_same_kind() -> None:
    checked = check_upload(upload("Photo.JPEG", documents.jpeg()), allowed=EVERY_KIND,
                           max_bytes=LIMIT)  # fmt: skip

    assert (checked.name, checked.extension) == ("Photo.jpg", ".jpg")
