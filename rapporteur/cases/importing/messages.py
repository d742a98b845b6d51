"""The CSV import's error messages in the desk's language.

``csv_files`` and ``dates`` are free of Django: their errors carry an English message
for the console and logs, and a ``code`` with the message's ``params``. The import
pages show them through this module, which holds the same messages marked for
translation (in English they read exactly as the console's, apart from the details
Python's own parsers add in English). A code not listed here falls back to the English
message, so a new error still says something; a test checks that every code the import
can raise is listed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rapporteur.cases.dates import UncertainDateError
from rapporteur.cases.importing.csv_files import ImportFileError, RowError

Params = Mapping[str, object]

# Whole-file errors: the page reads "The file cannot be imported: <message>".
FILE_MESSAGES: dict[str, Callable[[Params], str]] = {
    "undecodable": lambda p: (
        _("the file is not valid %(encoding)s: byte %(position)s (%(byte)s) cannot be read") % p
    ),
    "nul_bytes": lambda p: _("the file holds NUL bytes: it is binary or UTF-16; save as UTF-8"),
    # The csv module's own English detail is left out.
    "broken_quoting": lambda p: (
        _(
            "broken quoting in the record starting on line %(line)s; "
            "check for an unclosed or stray double quote"
        )
        % p
    ),
    "empty": lambda p: _("%(name)s is empty") % p,
    "too_big": lambda p: _("%(name)s is over %(limit)s MiB; split it") % p,
    "blank": lambda p: _("%(name)s holds only blank lines") % p,
    "bad_header": lambda p: _("the header needs unique, non-empty column names: %(header)s") % p,
    "missing_columns": lambda p: (
        _("mapped columns not in the file: %(missing)s; header is %(header)s") % p
    ),
    "no_name_column": lambda p: _("map a column to the name: every row becomes a person"),
}

# Row errors: the page reads "Row 3 (line 4), <column>: <message>".
ROW_MESSAGES: dict[str, Callable[[Params], str]] = {
    "empty_name": lambda p: _("the name is empty"),
    "unknown_gender": lambda p: _("unknown gender %(value)s") % p,
    "latitude_nan": lambda p: _("latitude %(value)s: not a number") % p,
    "longitude_nan": lambda p: _("longitude %(value)s: not a number") % p,
    "latitude_outside": lambda p: _("latitude %(value)s: %(number)s is outside ±%(limit)s") % p,
    "longitude_outside": lambda p: _("longitude %(value)s: %(number)s is outside ±%(limit)s") % p,
    "coordinates_pair": lambda p: _("latitude and longitude come together or not at all"),
    "field_count": lambda p: (
        ngettext(
            "%(count)s field where the header has %(expected)s",
            "%(count)s fields where the header has %(expected)s",
            int(str(p["count"])),
        )
        % p
    ),
    # Dates (``UncertainDateError`` codes, prefixed with "date.").
    "date.about_without_date": lambda p: _("'about' needs a date after it"),
    "date.zero_margin": lambda p: _("an approximate date needs a margin of at least one day"),
    "date.margin_range": lambda p: (
        ngettext(
            "margin must be 1-%(limit)s day, not %(margin)s",
            "margin must be 1-%(limit)s days, not %(margin)s",
            int(str(p["limit"])),
        )
        % p
    ),
    # Python's own English detail (e.g. "day is out of range for month") is left out.
    "date.not_real": lambda p: _("%(value)s is not a real date") % p,
    "date.unreadable": lambda p: (
        _(
            "cannot read %(value)s as a date; write e.g. 2022-03-14, 2022-03, 2022, "
            "'spring 2022', '~2022-03-14' or 'unknown'"
        )
        % p
    ),
    "date.season_day": lambda p: _("%(value)s: a season cannot have a day") % p,
    "date.winter_only": lambda p: _("%(value)s: only winter spans two years, e.g. 2022/23") % p,
    "date.not_month": lambda p: _("%(value)s: %(word)s is not a month or a season") % p,
    "date.range_backwards": lambda p: _("%(value)s: the window starts after it ends") % p,
    "date.no_such_part": lambda p: _("%(value)s: a year has only %(count)s of these") % p,
    "date.part_of": lambda p: (
        _("%(value)s: early, mid or late go with a month, a season or a year") % p
    ),
    "date.open_bound": lambda p: (
        _("%(value)s: 'before' and 'after' need a date with a beginning and an end") % p
    ),
}


def file_error_text(error: ImportFileError) -> str:
    """Why the file cannot be imported, in the active language."""
    message = FILE_MESSAGES.get(error.code)
    return message(error.params) if message else str(error)


def row_error_text(error: RowError) -> str:
    """What is wrong with a row's value, in the active language."""
    message = ROW_MESSAGES.get(error.code)
    if message is not None:
        return message(error.params)
    if error.code.startswith("date."):
        return _("This date could not be read.")
    return error.message


def date_error_text(error: UncertainDateError) -> str:
    """Why a date could not be read, in the active language (the act form's notice)."""
    message = ROW_MESSAGES.get(f"date.{error.code}")
    return message(error.params) if message else _("This date could not be read.")


def translated_row_errors(errors: Iterable[RowError]) -> list[RowError]:
    """The row errors with their messages in the active language, for the page."""
    return [dataclasses.replace(error, message=row_error_text(error)) for error in errors]
