"""Read a POSTed form entirely in memory, within limits, with python-multipart's push parser.

Starlette's own parser spools file parts above 1 MB to a temporary file on disk; evidence must
never touch the disk unencrypted, so uploads are read here into memory, bounded by `FormLimits`
(the whole body is capped, so memory per request is too).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header

from antasena_desktop.i18n import T, Text


@dataclass(frozen=True)
class FormLimits:
    max_body: int = 26 * 1024 * 1024        # whole request
    max_file_size: int = 10 * 1024 * 1024   # one uploaded file
    max_files: int = 5
    max_fields: int = 60
    max_field_size: int = 20_000            # one text field, in bytes


@dataclass(frozen=True)
class UploadedFile:
    field: str
    filename: str
    declared_type: str      # what the browser claims; never trusted for the type check
    data: bytes


@dataclass
class ParsedForm:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[UploadedFile] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return list(self.fields.get(name, ()))


class FormTooLarge(Exception):
    """The form breaks a limit; `text` says which, in both languages; `status` is the HTTP code."""

    def __init__(self, text: Text, status: int = 413):
        super().__init__(text.render("id"))
        self.text, self.status = text, status


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


async def read_form(request, limits: FormLimits = FormLimits()) -> ParsedForm:
    """The request's urlencoded or multipart form; raises FormTooLarge on any broken limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body:
        raise FormTooLarge(T("Kiriman terlalu besar: paling banyak {mb} MB sekaligus.",
                             "The submission is too large: at most {mb} MB at once.", mb=_mb(limits.max_body)))
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary:
            raise FormTooLarge(T("Formulir tidak lengkap.", "The form is incomplete."), status=400)
        reader = _MultipartReader(boundary, limits)
        async for chunk in _bounded_stream(request, limits):
            reader.write(chunk)
        reader.finish()
        return reader.form
    if content_type in (b"application/x-www-form-urlencoded", b""):
        body = bytearray()
        async for chunk in _bounded_stream(request, limits):
            body += chunk
        form = ParsedForm()
        pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                          max_num_fields=limits.max_fields)
        for name, value in pairs:
            if len(value.encode()) > limits.max_field_size:
                raise FormTooLarge(_field_too_long(name, limits))
            form.fields.setdefault(name, []).append(value)
        return form
    raise FormTooLarge(T("Jenis kiriman tidak dikenal.", "Unknown kind of submission."), status=415)


def _field_too_long(name: str, limits: FormLimits) -> Text:
    return T("Isian \"{f}\" terlalu panjang (paling banyak {n} karakter).",
             "Field \"{f}\" is too long (at most {n} characters).", f=name, n=limits.max_field_size)


async def _bounded_stream(request, limits: FormLimits):
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limits.max_body:
            raise FormTooLarge(T("Kiriman terlalu besar: paling banyak {mb} MB sekaligus.",
                                 "The submission is too large: at most {mb} MB at once.", mb=_mb(limits.max_body)))
        if chunk:
            yield chunk


class _MultipartReader:
    def __init__(self, boundary: bytes, limits: FormLimits):
        self.limits = limits
        self.form = ParsedForm()
        self._fields_seen = 0
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._data = bytearray()
        self._name = ""
        self._filename: str | None = None
        self._type = ""
        self._parser = MultipartParser(boundary, {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda d, s, e: self._header_field.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self._header_value.extend(d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        })

    def write(self, chunk: bytes) -> None:
        try:
            self._parser.write(chunk)
        except FormTooLarge:
            raise
        except Exception as exc:   # malformed multipart
            raise FormTooLarge(T("Formulir rusak atau tidak lengkap.", "The form is damaged or incomplete."),
                               status=400) from exc

    def finish(self) -> None:
        try:
            self._parser.finalize()
        except Exception as exc:
            raise FormTooLarge(T("Formulir rusak atau tidak lengkap.", "The form is damaged or incomplete."),
                               status=400) from exc

    def _part_begin(self) -> None:
        self._headers = {}
        self._data = bytearray()
        self._fields_seen += 1
        if self._fields_seen > self.limits.max_fields + self.limits.max_files:
            raise FormTooLarge(T("Formulir memuat terlalu banyak isian.", "The form has too many fields."), status=400)

    def _header_end(self) -> None:
        self._headers[bytes(self._header_field).lower()] = bytes(self._header_value)
        self._header_field.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", errors="replace")
        filename = options.get(b"filename")
        if filename is None and b"content-type" in self._headers:
            filename = b""      # browsers give text fields no Content-Type: this is an (empty) file input
        self._filename = None if filename is None else filename.decode("utf-8", errors="replace")
        self._type = self._headers.get(b"content-type", b"").decode("latin-1")
        if self._filename:
            if len(self.form.files) >= self.limits.max_files:
                raise FormTooLarge(T("Terlalu banyak berkas: paling banyak {n} berkas.",
                                     "Too many files: at most {n} files.", n=self.limits.max_files))

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        self._data.extend(data[start:end])
        if self._filename is not None:
            if len(self._data) > self.limits.max_file_size:
                raise FormTooLarge(T("Berkas \"{name}\" terlalu besar: paling banyak {mb} MB per berkas.",
                                     "File \"{name}\" is too large: at most {mb} MB per file.",
                                     name=_display_name(self._filename), mb=_mb(self.limits.max_file_size)))
        elif len(self._data) > self.limits.max_field_size:
            raise FormTooLarge(_field_too_long(self._name, self.limits))

    def _part_end(self) -> None:
        if self._filename is not None:
            if self._filename or self._data:   # an empty file input sends filename="" and no bytes
                self.form.files.append(UploadedFile(self._name, _display_name(self._filename),
                                                    self._type, bytes(self._data)))
        else:
            self.form.fields.setdefault(self._name, []).append(self._data.decode("utf-8", errors="replace"))
        self._data = bytearray()


def _display_name(filename: str) -> str:
    """The last path component, without control characters, at most 120 characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:120] or "berkas"
