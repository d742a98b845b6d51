"""The words the date reader understands, in English, Russian and Tajik: data only.

People type a month in many forms ("March", "Mar", "марта", "в марте", "марти 2022"),
and the reader must know them all at once, whatever the reader's own language. These
tables are that vocabulary; ``parsing`` holds the logic that uses them. The words a
date is *displayed* with are in the gettext catalogues instead (``display``), one form
per place in a phrase; ``tests/test_date_round_trip.py`` holds the two together: every
displayed date, in every language, must read back to itself.

Kept as a Python module rather than a data file: the values are the enums of ``core``
(``Season``, ``Part``), checked by the type checker and the linter, and nothing has to
be loaded or validated at start-up.
"""

from __future__ import annotations

from rapporteur.cases.dates.core import Part, Season

# Every form of each month: English name and abbreviations; Russian nominative,
# genitive ("14 марта"), prepositional ("в марте") and abbreviations; Tajik name and
# its izofat form ("марти 2022", read "March of 2022").
MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "январь", "января", "январе", "янв", "январ", "январи"),
    2: ("february", "feb", "февраль", "февраля", "феврале", "фев", "февр", "феврал", "феврали"),
    3: ("march", "mar", "март", "марта", "марте", "мар", "марти"),
    4: ("april", "apr", "апрель", "апреля", "апреле", "апр", "апрел", "апрели"),
    5: ("may", "май", "мая", "мае", "майи"),
    6: ("june", "jun", "июнь", "июня", "июне", "июн", "июни"),
    7: ("july", "jul", "июль", "июля", "июле", "июл", "июли"),
    8: ("august", "aug", "август", "августа", "августе", "авг", "августи"),
    9: (
        "september",
        "sep",
        "sept",
        "сентябрь",
        "сентября",
        "сентябре",
        "сен",
        "сент",
        "сентябр",
        "сентябри",
    ),
    10: ("october", "oct", "октябрь", "октября", "октябре", "окт", "октябр", "октябри"),
    11: ("november", "nov", "ноябрь", "ноября", "ноябре", "ноя", "нояб", "ноябр", "ноябри"),
    12: ("december", "dec", "декабрь", "декабря", "декабре", "дек", "декабр", "декабри"),
}

SEASON_WORDS = {
    "spring": Season.SPRING,
    "summer": Season.SUMMER,
    "autumn": Season.AUTUMN,
    "fall": Season.AUTUMN,
    "winter": Season.WINTER,
    # Russian: nominative, genitive ("до весны"), instrumental ("весной").
    "весна": Season.SPRING,
    "весны": Season.SPRING,
    "весной": Season.SPRING,
    "лето": Season.SUMMER,
    "лета": Season.SUMMER,
    "летом": Season.SUMMER,
    "осень": Season.AUTUMN,
    "осени": Season.AUTUMN,
    "осенью": Season.AUTUMN,
    "зима": Season.WINTER,
    "зимы": Season.WINTER,
    "зимой": Season.WINTER,
    "баҳор": Season.SPRING,
    "баҳори": Season.SPRING,
    "тобистон": Season.SUMMER,
    "тобистони": Season.SUMMER,
    "тирамоҳ": Season.AUTUMN,
    "тирамоҳи": Season.AUTUMN,
    "зимистон": Season.WINTER,
    "зимистони": Season.WINTER,
}


PART_WORDS = {
    "early": Part.EARLY,
    "beginning of": Part.EARLY,
    "start of": Part.EARLY,
    "mid": Part.MID,
    "middle of": Part.MID,
    "late": Part.LATE,
    "end of": Part.LATE,
    # Russian: nominative, genitive ("до начала"), prepositional ("в начале").
    "начало": Part.EARLY,
    "начала": Part.EARLY,
    "начале": Part.EARLY,
    "середина": Part.MID,
    "середины": Part.MID,
    "середине": Part.MID,
    "конец": Part.LATE,
    "конца": Part.LATE,
    "конце": Part.LATE,
    # The ten-day "декада" of official Russian usage.
    "первая декада": Part.EARLY,
    "первой декаде": Part.EARLY,
    "первой декады": Part.EARLY,
    "вторая декада": Part.MID,
    "второй декаде": Part.MID,
    "второй декады": Part.MID,
    "третья декада": Part.LATE,
    "третьей декаде": Part.LATE,
    "третьей декады": Part.LATE,
    "аввали": Part.EARLY,
    "ибтидои": Part.EARLY,
    "миёнаи": Part.MID,
    "нимаи": Part.MID,
    "охири": Part.LATE,
    "интиҳои": Part.LATE,
}
# Ordinals of quarters and halves: "first", "1st", "1-й", "I", "перв…", "якум".
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "якум": 1,
    "аввал": 1,
    "дуюм": 2,
    "сеюм": 3,
    "чорум": 4,
}
ORDINAL_STEMS_RU = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4}
UNKNOWN_WORDS = {"", "?", "unknown", "n/a", "неизвестно", "не известно", "номаълум"}
APPROXIMATE_WORDS = (
    "approximately",
    "approx.",
    "approx",
    "around",
    "about",
    "circa",
    "ca.",
    "c.",
    "приблизительно",
    "ориентировочно",
    "примерно",
    "около",
    "тақрибан",
    "тахминан",
    "~",
)
# Open bounds. "before X" ends the day before X begins; "by X" may include X; "after X"
# starts the day after X ends; "not before X" may start with X.
BEFORE_WORDS = ("before", "prior to", "до", "ранее", "пеш аз", "қабл аз", "то")
BY_WORDS = ("by", "no later than", "not later than", "не позднее", "не позже")
AFTER_WORDS = ("after", "после", "позднее", "пас аз", "баъд аз")
FROM_WORDS = ("not before", "no earlier than", "not earlier than", "не ранее", "не раньше")
