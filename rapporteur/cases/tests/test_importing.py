"""CSV import: the Colombian list end to end, and malformed files that plan nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rapporteur.cases.importing.csv_files import (
    COLOMBIA_SOCIAL_LEADERS,
    ColumnMapping,
    ImportFileError,
    plan_import,
    sniff_csv,
)
from rapporteur.cases.vocabularies import default_shared_data_dir

COLOMBIA = default_shared_data_dir() / "cases" / "colombia-social-leaders-killed-2016-2017.csv"
SIMPLE = ColumnMapping(name="name", gender="gender", date="date", place="place")


def write(tmp_path: Path, content: bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture
def colombia() -> Path:
    if not COLOMBIA.is_file():
        pytest.skip(f"shared data file {COLOMBIA} is absent")
    return COLOMBIA


def test_colombian_file_is_previewed(colombia):
    preview = sniff_csv(colombia)
    assert (preview.encoding, preview.delimiter, preview.row_count) == ("utf-8", ",", 121)
    assert preview.header[:3] == ["Nombre", "Género", "Fecha"]
    assert len(preview.first_rows) == 5


def test_every_colombian_row_is_planned_or_reported(colombia):
    plan = plan_import(colombia, COLOMBIA_SOCIAL_LEADERS)
    assert plan.total_rows == 121
    assert plan.total_rows == len(plan.rows) + plan.rows_with_errors
    assert len(plan.rows) == 121 and plan.errors == []


def test_nothing_in_a_colombian_row_is_lost(colombia):
    plan = plan_import(colombia, COLOMBIA_SOCIAL_LEADERS)
    with colombia.open(encoding="utf-8", newline="") as handle:
        raw_rows = list(csv.DictReader(handle))
    landed = {
        "Nombre": lambda r: r.person["name"],
        "Género": lambda r: r.person["gender_as_written"],
        "Fecha": lambda r: r.event["date_as_written"],
        "Municipio": lambda r: r.event["place"],
        "Departamento": lambda r: r.event["region"],
        "Tipo de líder": lambda r: r.person["profession"],
        "Móvil": lambda r: r.event["narrative"],
        "Link": lambda r: " ".join(r.sources),
        "Latitud": lambda r: r.event["latitude"],
        "Longitud": lambda r: r.event["longitude"],
    }
    for raw, row in zip(raw_rows, plan.rows, strict=True):
        for column, value in raw.items():
            if not value.strip():
                continue
            if column in landed:
                got = landed[column](row)
                if isinstance(got, float):
                    expected = float(value)
                elif column == "Link":
                    expected = " ".join(value.split())  # one source per whitespace-separated URL
                else:
                    expected = value.strip()
                assert got == expected, (row.record, column)
            else:
                assert row.extra[column] == value, (row.record, column)
        assert row.event["country"] == "CO" and row.act["act_type"] == "010101000000"
        assert row.person["sex"] in ("010000000000", "020000000000")


def test_cp1251_is_detected_and_a_forced_wrong_encoding_is_a_clear_error(tmp_path):
    text = "name,gender,date,place\nЁров Бузургмеҳр,м,весна 2015,Душанбе\n"
    path = write(tmp_path, text.replace("ҳ", "х").encode("cp1251"))
    assert sniff_csv(path).encoding == "cp1251"
    plan = plan_import(path, SIMPLE)
    assert plan.rows[0].person["name"] == "Ёров Бузургмехр"
    with pytest.raises(ImportFileError, match="not valid utf-8: byte 23"):
        plan_import(path, SIMPLE, encoding="utf-8")


def test_old_mac_roman_file_with_bare_cr(tmp_path):
    path = write(tmp_path, "name,gender,date,place\rJosé,M,2016,Cali\r".encode("mac_roman"))
    preview = sniff_csv(path)
    assert preview.encoding == "mac_roman" and preview.first_rows == [["José", "M", "2016", "Cali"]]


def test_utf8_with_bom_and_semicolons(tmp_path):
    path = write(tmp_path, "name;gender;date;place\nЁров;M;2016-03;Khujand\n".encode("utf-8-sig"))
    preview = sniff_csv(path)
    assert (preview.encoding, preview.delimiter, preview.header[0]) == ("utf-8-sig", ";", "name")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "only blank lines"),
        (b"n\x00a\x00m\x00e\x00", "NUL bytes"),
        (b'name,gender,date,place\n"Yorov,M,2016,Dushanbe\n', "broken quoting .* line 2"),
        (b'name,gender,date,place\n"Yorov"x,M,2016,Dushanbe\n', "broken quoting"),
        (b"name,,date,place\nYorov,M,2016,Dushanbe\n", "unique, non-empty column names"),
    ],
)
def test_malformed_files_raise_and_plan_nothing(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(ImportFileError, match=message):
        plan_import(path, SIMPLE)


def test_missing_mapped_columns_are_named(tmp_path):
    path = write(tmp_path, b"name,date\nYorov,2016\n")
    with pytest.raises(ImportFileError, match=r"not in the file: \['gender', 'place'\]"):
        plan_import(path, SIMPLE)


def test_a_mapping_without_a_name_is_refused(tmp_path):
    path = write(tmp_path, b"name,date\nYorov,2016\n")
    with pytest.raises(ImportFileError, match="map a column to the name"):
        plan_import(path, ColumnMapping(date="date"))


def test_bad_rows_are_reported_one_by_one_and_good_rows_still_planned(tmp_path):
    content = (
        "name,gender,date,place,lat,lon,notes\n"
        "Yorov,M,2016-03,Dushanbe,38.56,68.78,ok\n"
        ",F,2016,Khujand,,,no name\n"
        "Sharipov,X,someday,Khujand,,,two errors\n"
        "Karimova,F,spring 2022,Khorog,37.49,,lat without lon\n"
        "Rahmonov,M,2022\n"
        'Ismoilov,M,~2022-03-14,"Kulob,\nKhatlon",,,a place on two lines\n'
    )
    path = write(tmp_path, content.encode())
    mapping = ColumnMapping(
        name="name", gender="gender", date="date", place="place", latitude="lat", longitude="lon"
    )
    plan = plan_import(path, mapping)
    assert [row.record for row in plan.rows] == [2, 7]
    assert plan.rows[1].extra == {"notes": "a place on two lines"}
    assert plan.rows[1].event["place"] == "Kulob,\nKhatlon"
    by_record = {(e.record, e.column) for e in plan.errors}
    assert by_record == {(3, "name"), (4, "gender"), (4, "date"), (5, "lat"), (6, None)}
    assert next(e for e in plan.errors if e.record == 6).message == (
        "3 fields where the header has 7"
    )
    assert plan.total_rows == len(plan.rows) + plan.rows_with_errors == 6
