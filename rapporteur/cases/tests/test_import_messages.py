"""The import pages' messages: every code the import can raise is translated, and in
English the page says what the console says."""

from __future__ import annotations

import pytest
from django.utils import translation

from rapporteur.cases.importing import csv_files, messages
from rapporteur.cases.importing.csv_files import ColumnMapping, ImportFileError, plan_import

MAPPING = ColumnMapping(name="name", gender="gender", date="date", latitude="lat", longitude="lon")
HEADER = b"name,gender,date,lat,lon\n"
# Codes whose console message adds Python's own English detail, left out on the page.
WITH_DETAIL = {"broken_quoting", "date.not_real"}


def _file_error(tmp_path, content: bytes, mapping=MAPPING, **options) -> ImportFileError:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as raised:
        plan_import(path, mapping, **options)
    return raised.value


@pytest.mark.parametrize(
    ("content", "mapping", "options", "code"),
    [
        ("Ёров,м".encode("cp1251"), MAPPING, {"encoding": "utf-8"}, "undecodable"),
        (b"n\x00a\x00m\x00e\x00", MAPPING, {}, "nul_bytes"),
        (b'name\n"Yorov\n', MAPPING, {}, "broken_quoting"),
        (b"", MAPPING, {}, "empty"),
        (b"\n \n", MAPPING, {}, "blank"),
        (b"name,,date\n", MAPPING, {}, "bad_header"),
        (b"name,date\nYorov,2016\n", MAPPING, {}, "missing_columns"),
        (b"name,date\nYorov,2016\n", ColumnMapping(date="date"), {}, "no_name_column"),
    ],
)
def test_file_errors_read_the_same_in_english(tmp_path, content, mapping, options, code):
    error = _file_error(tmp_path, content, mapping, **options)
    assert error.code == code and code in messages.FILE_MESSAGES
    with translation.override("en"):
        text = messages.file_error_text(error)
    if code in WITH_DETAIL:
        assert str(error).startswith(text.split(";")[0])
    else:
        assert text == str(error)
    with translation.override("ru"):
        assert messages.file_error_text(error) != text


def test_a_file_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_files, "MAX_FILE_BYTES", 2**20)
    error = _file_error(tmp_path, HEADER + b"x" * 2**20)
    assert error.code == "too_big"
    with translation.override("en"):
        assert messages.file_error_text(error) == str(error) == "x.csv is over 1 MiB; split it"
    with translation.override("tg"):
        assert "МиБ" in messages.file_error_text(error)


ROWS = [
    (",M,2016,,", "empty_name"),
    ("Yorov,X,2016,,", "unknown_gender"),
    ("Yorov,M,2016,north,1", "latitude_nan"),
    ("Yorov,M,2016,1,east", "longitude_nan"),
    ("Yorov,M,2016,91,1", "latitude_outside"),
    ("Yorov,M,2016,1,-181", "longitude_outside"),
    ("Yorov,M,2016,1,", "coordinates_pair"),
    ("Yorov,M", "field_count"),
    ("Yorov,M,~2022-03-14 ±0,,", "date.zero_margin"),
    ("Yorov,M,~2022-03-14 ±500,,", "date.margin_range"),
    ("Yorov,M,31.02.2022,,", "date.not_real"),
    ("Yorov,M,someday,,", "date.unreadable"),
    ("Yorov,M,3 spring 2022,,", "date.season_day"),
    ("Yorov,M,spring 2022/23,,", "date.winter_only"),
    ("Yorov,M,smarch 2022,,", "date.not_month"),
    ("Yorov,M,15–10 March 2022,,", "date.range_backwards"),
    ("Yorov,M,5-й квартал 2022,,", "date.no_such_part"),
    ("Yorov,M,early 14 March 2022,,", "date.part_of"),
    ("Yorov,M,before after 2022,,", "date.open_bound"),
]


@pytest.mark.parametrize(("row", "code"), ROWS, ids=[code for _row, code in ROWS])
def test_row_errors_read_the_same_in_english_and_are_translated(tmp_path, row, code):
    path = tmp_path / "x.csv"
    path.write_bytes(HEADER + row.encode() + b"\n")
    errors = plan_import(path, MAPPING).errors
    assert code in {error.code for error in errors}
    error = next(error for error in errors if error.code == code)
    assert code in messages.ROW_MESSAGES
    with translation.override("en"):
        text = messages.row_error_text(error)
    if code in WITH_DETAIL:
        assert error.message.startswith(text)
    else:
        assert text == error.message
    for language in ("ru", "tg"):
        with translation.override(language):
            translated = messages.row_error_text(error)
        assert translated != text
        assert all(str(value) in translated for value in error.params.values()), translated


def test_plural_row_message():
    error = csv_files.RowError(2, 2, None, "1 fields where the header has 5", "field_count",
                               {"count": 1, "expected": 5})  # fmt: skip
    with translation.override("en"):
        assert messages.row_error_text(error) == "1 field where the header has 5"
    with translation.override("ru"):
        assert messages.row_error_text(error) == "1 поле, а в заголовке 5"


def test_an_unlisted_code_falls_back():
    date_error = csv_files.RowError(2, 2, "date", "odd", "date.new_code", {})
    other = csv_files.RowError(2, 2, None, "odd", "new_code", {})
    with translation.override("ru"):
        assert messages.row_error_text(date_error) == "Эту дату не удалось прочитать."
        assert messages.row_error_text(other) == "odd"
