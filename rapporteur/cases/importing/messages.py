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

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rapporteur.cases.dates import UncertainDateError
from rapporteur.cases.importing.csv_files import ImportFileError, RowError

Params = Mapping[str, object]
# A message is a lazily translated string that the error's params fill in (a message
# without placeholders ignores them); only a plural message, whose form depends on a
# number, needs a function of the params.
Message = Promise | Callable[[Params], str]

# Whole-file errors: the page reads "The file cannot be imported: <message>".
FILE_MESSAGES: dict[str, Message] = {
    "undecodable": gettext_lazy(
        "the file is not valid %(encoding)s: byte %(position)s (%(byte)s) cannot be read"
    ),
    "nul_bytes": gettext_lazy("the file holds NUL bytes: it is binary or UTF-16; save as UTF-8"),
    # The csv module's own English detail is left out.
    "broken_quoting": gettext_lazy(
        "broken quoting in the record starting on line %(line)s; "
        "check for an unclosed or stray double quote"
    ),
    "empty": gettext_lazy("%(name)s is empty"),
    "too_big": gettext_lazy("%(name)s is over %(limit)s MiB; split it"),
    "blank": gettext_lazy("%(name)s holds only blank lines"),
    "bad_header": gettext_lazy("the header needs unique, non-empty column names: %(header)s"),
    "missing_columns": gettext_lazy(
        "mapped columns not in the file: %(missing)s; header is %(header)s"
    ),
    "no_name_column": gettext_lazy("map a column to the name: every row becomes a person"),
}

# Row errors: the page reads "Row 3 (line 4), <column>: <message>".
ROW_MESSAGES: dict[str, Message] = {
    "empty_name": gettext_lazy("the name is empty"),
    "unknown_gender": gettext_lazy("unknown gender %(value)s"),
    "latitude_nan": gettext_lazy("latitude %(value)s: not a number"),
    "longitude_nan": gettext_lazy("longitude %(value)s: not a number"),
    "latitude_outside": gettext_lazy("latitude %(value)s: %(number)s is outside ±%(limit)s"),
    "longitude_outside": gettext_lazy("longitude %(value)s: %(number)s is outside ±%(limit)s"),
    "coordinates_pair": gettext_lazy("latitude and longitude come together or not at all"),
    "field_count": lambda p: (
        ngettext(
            "%(count)s field where the header has %(expected)s",
            "%(count)s fields where the header has %(expected)s",
            int(str(p["count"])),
        )
        % p
    ),
    # Dates (``UncertainDateError`` codes, prefixed with "date.").
    "date.about_without_date": gettext_lazy("'about' needs a date after it"),
    "date.zero_margin": gettext_lazy("an approximate date needs a margin of at least one day"),
    "date.margin_range": lambda p: (
        ngettext(
            "margin must be 1-%(limit)s day, not %(margin)s",
            "margin must be 1-%(limit)s days, not %(margin)s",
            int(str(p["limit"])),
        )
        % p
    ),
    # Python's own English detail (e.g. "day is out of range for month") is left out.
    "date.not_real": gettext_lazy("%(value)s is not a real date"),
    "date.unreadable": gettext_lazy(
        "cannot read %(value)s as a date; write e.g. 2022-03-14, 2022-03, 2022, "
        "'spring 2022', '~2022-03-14' or 'unknown'"
    ),
    "date.season_day": gettext_lazy("%(value)s: a season cannot have a day"),
    "date.winter_only": gettext_lazy("%(value)s: only winter spans two years, e.g. 2022/23"),
    "date.not_month": gettext_lazy("%(value)s: %(word)s is not a month or a season"),
    "date.range_backwards": gettext_lazy("%(value)s: the window starts after it ends"),
    "date.no_such_part": gettext_lazy("%(value)s: a year has only %(count)s of these"),
    "date.part_of": gettext_lazy(
        "%(value)s: early, mid or late go with a month, a season or a year"
    ),
    "date.open_bound": gettext_lazy(
        "%(value)s: 'before' and 'after' need a date with a beginning and an end"
    ),
}


def _text(message: Message, params: Params) -> str:
    """The message in the active language, filled in with ``params``."""
    return str(message) % params if isinstance(message, Promise) else message(params)


def file_error_text(error: ImportFileError) -> str:
    """Why the file cannot be imported, in the active language."""
    message = FILE_MESSAGES.get(error.code)
    return _text(message, error.params) if message else str(error)


def row_error_text(error: RowError) -> str:
    """What is wrong with a row's value, in the active language."""
    message = ROW_MESSAGES.get(error.code)
    if message is not None:
        return _text(message, error.params)
    if error.code.startswith("date."):
        return _("This date could not be read.")
    return error.message


def date_error_text(error: UncertainDateError) -> str:
    """Why a date could not be read, in the active language (the act form's notice)."""
    message = ROW_MESSAGES.get(f"date.{error.code}")
    return _text(message, error.params) if message else _("This date could not be read.")


def translated_row_errors(errors: Iterable[RowError]) -> list[RowError]:
    """The row errors with their messages in the active language, for the page."""
    return [dataclasses.replace(error, message=row_error_text(error)) for error in errors]
