"""CSV import of partners' event lists: preview, map columns, validate every row.

Three steps, none of which writes anything:

1. ``sniff_csv`` reads the file once and says how it is encoded and delimited, with
   its header and first rows, so staff can map columns;
2. ``ColumnMapping`` says which column holds the name, date, place...; columns left
   unmapped are kept as notes on the act, so nothing in the file is lost;
3. ``plan_import`` validates every row and returns one planned person + event + act
   per valid row, and per-row errors (record number, column, message) for the rest.

A file that cannot be read whole (undecodable bytes, broken quoting, no header, a
mapped column missing) raises ``ImportFileError`` and plans nothing: a half-read file
would silently drop defenders. The service that creates cases from the plan is the
Django side's job.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from rapporteur.cases.dates import UncertainDate, UncertainDateError, parse_uncertain_date

PREVIEW_ROWS = 5
MAX_FILE_BYTES = 50 * 1024 * 1024
DELIMITERS = ",;\t|"
CYRILLIC = re.compile("[\u0400-\u04ff]")

# HURIDOCS ``sex`` codes; partners write gender many ways.
SEX_CODES = {
    "010000000000": {"m", "male", "man", "h", "hombre", "masculino", "мужской", "муж", "м", "мард"},
    "020000000000": {"f", "female", "woman", "mujer", "femenino", "женский", "жен", "ж", "зан"},
    "990000000000": {"", "unknown", "?", "desconocido", "неизвестно", "номаълум"},
}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why and where.

    ``str()`` is the English message; ``code`` and ``params`` let the desk say the same
    in the user's language (``rapporteur.cases.importing.messages``: this module stays
    free of Django).
    """

    def __init__(self, message: str, *, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class CsvPreview:
    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    first_rows: list[list[str]]
    row_count: int  # data rows, header excluded


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            byte = repr(data[error.start : error.start + 1])
            raise ImportFileError(
                f"the file is not valid {encoding}: byte {error.start} ({byte}) cannot be read",
                code="undecodable",
                encoding=encoding,
                position=error.start,
                byte=byte,
            ) from None
    if b"\x00" in data:
        raise ImportFileError(
            "the file holds NUL bytes: it is binary or UTF-16; save as UTF-8", code="nul_bytes"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: an 8-bit legacy encoding. Old Mac files end lines with a bare CR;
    # Russian and Tajik partners export cp1251; anything else is read as Latin-1.
    # Bare CR first: a Mac Roman é would read as a Cyrillic letter in cp1251.
    if b"\r" in data and b"\n" not in data:
        return data.decode("mac_roman"), "mac_roman"
    as_cp1251 = data.decode("cp1251", errors="replace")
    high = [c for c in as_cp1251 if ord(c) > 127]
    if high and sum(bool(CYRILLIC.match(c)) for c in high) / len(high) > 0.8:
        return as_cp1251, "cp1251"
    return data.decode("latin-1"), "latin-1"


def _delimiter(text: str) -> str:
    sample = text[:64_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        # Sniffer gives up on long quoted narratives; the most common candidate in the
        # header line is a sound fallback.
        first_line = sample.splitlines()[0] if sample else ""
        return max(DELIMITERS, key=first_line.count) if first_line else ","


def _read_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number where the record starts, fields) for every record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            f"broken quoting in the record starting on line {start}: {error}; "
            "check for an unclosed or stray double quote",
            code="broken_quoting",
            line=start,
        ) from None
    return [(line, record) for line, record in records if any(cell.strip() for cell in record)]


def _load(path: Path, encoding: str | None) -> tuple[str, str, str, list[tuple[int, list[str]]]]:
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"{path.name} is empty", code="empty", name=path.name)
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise ImportFileError(
            f"{path.name} is over {limit} MiB; split it",
            code="too_big",
            name=path.name,
            limit=limit,
        )
    text, used = _decode(path.read_bytes(), encoding)
    if not text.strip():
        raise ImportFileError(f"{path.name} holds only blank lines", code="blank", name=path.name)
    delimiter = _delimiter(text)
    records = _read_records(text, delimiter)
    header = [cell.strip() for cell in records[0][1]]
    if any(not name for name in header) or len(set(header)) != len(header):
        raise ImportFileError(
            f"the header needs unique, non-empty column names: {header}",
            code="bad_header",
            header=str(header),
        )
    return text, used, delimiter, records


def sniff_csv(path: Path, *, encoding: str | None = None) -> CsvPreview:
    """Preview a partner's CSV: encoding, delimiter, header and first rows.

    ``encoding`` forces one (an error names the first bad byte); without it UTF-8 is
    tried, then cp1251, Mac Roman and Latin-1 as described in docs/cases-core.md.
    """
    _text, used, delimiter, records = _load(path, encoding)
    data = [record for _line, record in records[1:]]
    return CsvPreview(
        path=Path(path),
        encoding=used,
        delimiter=delimiter,
        header=[cell.strip() for cell in records[0][1]],
        first_rows=data[:PREVIEW_ROWS],
        row_count=len(data),
    )


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column (by header name) feeds which field; ``None`` = not in the file.

    ``constants`` fill fields the file lacks for every row, e.g. ``{"country": "CO",
    "act_type": "010101000000"}``. Unmapped columns go to ``PlannedRow.extra``.
    """

    name: str | None = None
    gender: str | None = None
    date: str | None = None
    place: str | None = None
    region: str | None = None
    country: str | None = None
    profession: str | None = None
    narrative: str | None = None
    perpetrator: str | None = None
    act_type: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    source_link: str | None = None
    constants: dict[str, str] = field(default_factory=dict)

    def mapped(self) -> dict[str, str]:
        """``{field: column}`` for every mapped field."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "constants" and getattr(self, f.name)
        }


@dataclass(frozen=True, slots=True)
class RowError:
    record: int  # 1 = header, 2 = first data row
    line: int  # line in the file where the record starts (narratives span lines)
    column: str | None
    message: str  # in English; ``code`` and ``params`` serve the desk's translation
    code: str = ""
    params: dict[str, object] = field(default_factory=dict, hash=False)


@dataclass(slots=True)
class PlannedRow:
    """One person, one event, one act, ready for the case services to create."""

    record: int
    person: dict[str, object]
    event: dict[str, object]
    act: dict[str, object]
    sources: list[str]
    extra: dict[str, str]  # unmapped columns, kept as notes


@dataclass(slots=True)
class ImportPlan:
    encoding: str
    delimiter: str
    header: list[str]
    total_rows: int
    rows: list[PlannedRow]
    errors: list[RowError]

    @property
    def rows_with_errors(self) -> int:
        return len({error.record for error in self.errors})


def _sex_code(value: str) -> str | None:
    folded = value.strip().casefold()
    return next((code for code, words in SEX_CODES.items() if folded in words), None)


def _coordinate(value: str) -> float | None:
    text = value.strip().replace(",", ".")
    if not text:
        return None
    return float(text)  # ValueError is reported per row by the caller, as is the range


class _RowCheck:
    """Collects a row's errors so all of them are reported, not only the first."""

    def __init__(self, record: int, line: int) -> None:
        self.record, self.line = record, line
        self.errors: list[RowError] = []

    def fail(self, column: str | None, message: str, code: str, **params: object) -> None:
        self.errors.append(RowError(self.record, self.line, column, message, code, params))


def _plan_row(
    values: dict[str, str], mapping: ColumnMapping, check: _RowCheck
) -> PlannedRow | None:
    columns = mapping.mapped()

    def get(name: str) -> str:
        column = columns.get(name)
        return values.get(column, "").strip() if column else mapping.constants.get(name, "")

    name = get("name")
    if not name:
        check.fail(columns.get("name"), "the name is empty", "empty_name")
    sex = _sex_code(get("gender"))
    if sex is None:
        gender = repr(get("gender"))
        check.fail(
            columns.get("gender"), f"unknown gender {gender}", "unknown_gender", value=gender
        )
    when: UncertainDate | None = None
    try:
        when = parse_uncertain_date(get("date"))
    except UncertainDateError as error:
        # The date's own code, prefixed: the desk translates dates' messages too.
        check.fail(columns.get("date"), str(error), f"date.{error.code}", **error.params)
    coordinates: dict[str, float | None] = {}
    for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
        value = repr(get(key))
        try:
            number = _coordinate(get(key))
        except ValueError:
            check.fail(columns.get(key), f"{key} {value}: not a number", f"{key}_nan", value=value)
            continue
        if number is not None and not -limit <= number <= limit:
            check.fail(
                columns.get(key),
                f"{key} {value}: {number} is outside ±{limit:g}",
                f"{key}_outside",
                value=value,
                number=str(number),
                limit=f"{limit:g}",
            )
            continue
        coordinates[key] = number
    if (coordinates.get("latitude") is None) != (coordinates.get("longitude") is None):
        check.fail(
            columns.get("latitude"),
            "latitude and longitude come together or not at all",
            "coordinates_pair",
        )
    if check.errors:
        return None
    mapped_columns = set(columns.values())
    return PlannedRow(
        record=check.record,
        person={"name": name, "sex": sex, "gender_as_written": get("gender"),
                "profession": get("profession")},
        event={"date": when, "date_as_written": get("date"), "place": get("place"),
               "region": get("region"), "country": get("country"),
               "narrative": get("narrative"), **coordinates},
        act={"act_type": get("act_type"), "perpetrator": get("perpetrator"), "date": when},
        sources=get("source_link").split(),
        extra={k: v for k, v in values.items() if k not in mapped_columns and v.strip()},
    )  # fmt: skip


def plan_import(path: Path, mapping: ColumnMapping, *, encoding: str | None = None) -> ImportPlan:
    """Validate every row of ``path`` under ``mapping``; write nothing.

    Raises ``ImportFileError`` (and plans nothing) when the file cannot be read whole,
    when no column or constant gives the name, or when a mapped column is absent.
    Invariant: ``total_rows == len(rows) + rows_with_errors``.
    """
    _text, used, delimiter, records = _load(path, encoding)
    header = [cell.strip() for cell in records[0][1]]
    missing = sorted(set(mapping.mapped().values()) - set(header))
    if missing:
        raise ImportFileError(
            f"mapped columns not in the file: {missing}; header is {header}",
            code="missing_columns",
            missing=str(missing),
            header=str(header),
        )
    if "name" not in mapping.mapped() and "name" not in mapping.constants:
        raise ImportFileError(
            "map a column to the name: every row becomes a person", code="no_name_column"
        )
    planned, errors = [], []
    for record, (line, cells) in enumerate(records[1:], start=2):
        check = _RowCheck(record, line)
        if len(cells) != len(header):
            check.fail(
                None,
                f"{len(cells)} fields where the header has {len(header)}",
                "field_count",
                count=len(cells),
                expected=len(header),
            )
            errors.extend(check.errors)
            continue
        row = _plan_row(dict(zip(header, cells, strict=True)), mapping, check)
        errors.extend(check.errors)
        if row is not None:
            planned.append(row)
    return ImportPlan(used, delimiter, header, len(records) - 1, planned, errors)


# The mapping for the Colombian list of social leaders killed (datasketch/ds-specials).
COLOMBIA_SOCIAL_LEADERS = ColumnMapping(
    name="Nombre",
    gender="Género",
    date="Fecha",
    place="Municipio",
    region="Departamento",
    profession="Tipo de líder",
    narrative="Móvil",
    source_link="Link",
    latitude="Latitud",
    longitude="Longitud",
    # Every row records a killing: HURIDOCS "Deliberate killings of specific individuals".
    constants={"country": "CO", "act_type": "010101000000"},
)
