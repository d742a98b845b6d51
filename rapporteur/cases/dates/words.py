"""Date words in English, Russian and Tajik, for reading and for display.

Kept here as Python tables (not in the gettext catalogues) because parsing needs every
grammatical form at once, whatever the reader's language; the display words match the
catalogues' usage (начало/середина/конец, аввали/миёнаи/охири, квартал, семоҳа).
"""

from __future__ import annotations

import calendar
from enum import IntEnum

from rapporteur.cases.dates.core import Season

LANGUAGES = ("en", "ru", "tg")

MONTHS_EN = [calendar.month_name[m] for m in range(1, 13)]
MONTHS_RU_NOM = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
MONTHS_RU_GEN = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
MONTHS_RU_PREP = "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
MONTHS_RU_SHORT = "янв фев мар апр май июн июл авг сен окт ноя дек"
# Tajik month names (Cyrillic Tajik as used in official documents); "марти 2022" is the
# izofat form, read "March of 2022".
MONTHS_TG = "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр"


def izofat(word: str) -> str:
    # Tajik joins a noun to what follows with -и ("баҳори 2022"); words ending in a
    # vowel take -и after a glide, which none of our month or season words need.
    return f"{word}и"


def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for index in range(12):
        month = index + 1
        english = MONTHS_EN[index].casefold()
        words[english] = words[english[:3]] = month
        for table in (MONTHS_RU_NOM, MONTHS_RU_GEN, MONTHS_RU_PREP, MONTHS_RU_SHORT):
            words[table.split()[index]] = month
        tajik = MONTHS_TG.split()[index]
        words[tajik] = words[izofat(tajik)] = month
    words.update({"sept": 9, "февр": 2, "сент": 9, "нояб": 11})
    return words


MONTH_WORDS = _month_words()

SEASON_LABELS = {
    "en": {s: s.value for s in Season},
    "ru": {
        Season.SPRING: "весна",
        Season.SUMMER: "лето",
        Season.AUTUMN: "осень",
        Season.WINTER: "зима",
    },
    "tg": {
        Season.SPRING: "баҳор",
        Season.SUMMER: "тобистон",
        Season.AUTUMN: "тирамоҳ",
        Season.WINTER: "зимистон",
    },
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


class Part(IntEnum):
    """A third of a month (days 1-10, 11-20, 21-end), of a year (January-April,
    May-August, September-December) or of a season (its first, second, third month)."""

    EARLY = 1
    MID = 2
    LATE = 3


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
PART_LABELS = {
    "en": {Part.EARLY: "early", Part.MID: "mid-", Part.LATE: "late"},
    "ru": {Part.EARLY: "начало", Part.MID: "середина", Part.LATE: "конец"},
    "tg": {Part.EARLY: "аввали", Part.MID: "миёнаи", Part.LATE: "охири"},
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
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
TG_ORDINALS = {1: "якум", 2: "дуюм", 3: "сеюм", 4: "чорум"}

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
BOUND_LABELS = {
    "en": ("before", "after"),
    "ru": ("до", "после"),
    "tg": ("пеш аз", "пас аз"),
}
APPROXIMATE_LABELS = {"en": "about", "ru": "около", "tg": "тақрибан"}
DAYS_LABELS = {"en": "days", "ru": "дн.", "tg": "рӯз"}
UNKNOWN_LABELS = {"en": "date unknown", "ru": "дата неизвестна", "tg": "сана номаълум"}
