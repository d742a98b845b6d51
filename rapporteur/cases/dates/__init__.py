"""Uncertain dates: "in spring 2022", "mid-March 2022", "Q1 2022", "before 2020",
"date unknown".

``core`` holds the value (an interval with a precision) and counting over windows,
``parsing`` reads dates as people write them in English, Russian and Tajik, with
the vocabulary of ``reading_words`` (every form people type, as data), and
``display`` writes them back so that the reader reads the same value again, with the
words of the gettext catalogues (its only tie to Django). The model layer stores
``value``, ``precision``, ``margin_days``, ``earliest`` and ``latest`` as columns, and
the text as written sealed with the record.
"""

from rapporteur.cases.dates.core import (
    DEFAULT_MARGIN_DAYS,
    Precision,
    Season,
    UncertainDate,
    UncertainDateError,
    WindowCount,
    WindowMatch,
    classify_in_window,
    count_in_window,
    past_months_window,
    season_of,
)
from rapporteur.cases.dates.display import in_words
from rapporteur.cases.dates.parsing import parse_uncertain_date, read_uncertain_date

__all__ = [
    "DEFAULT_MARGIN_DAYS",
    "Precision",
    "Season",
    "UncertainDate",
    "UncertainDateError",
    "WindowCount",
    "WindowMatch",
    "classify_in_window",
    "count_in_window",
    "in_words",
    "parse_uncertain_date",
    "past_months_window",
    "read_uncertain_date",
    "season_of",
]
