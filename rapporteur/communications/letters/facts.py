# ruff: noqa: RUF001, RUF002, RUF003 -- Cyrillic letters here are meant, not look-alikes.
"""Facts of a letter written as sentences, from the acts of a case.

"On 3 March 2022, [[person:1]] was arrested by officers of the State Security
Committee in Khujand (Sughd Region)." / "3 марта 2022 года в Худжанде (Согдийская
область) [[person:1]] был задержан сотрудниками Государственного комитета
национальной безопасности."

The verb and the perpetrator phrases are written here per vocabulary key (the desk's
act and perpetrator types: ``cases/vocabularies/data/local_terms.csv``), because a
label ("Arrest", "State Security Committee") cannot be declined or turned into a
verb. A term without a phrase here is still written as a sentence, quoting its
label. Persons stay ``[[person:N]]`` tokens: the letter renderer decides name or
description from consent. Places are shown in the letter's script: an English
letter gets the English name of a known place or a transliteration
(:func:`latin_place`). Pure Python: no Django, so it is tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rapporteur.cases.dates import Precision, Season, UncertainDate, in_words, season_of
from rapporteur.cases.dates.display import month_label

MALE, FEMALE = "male", "female"


@dataclass(frozen=True, slots=True)
class ActFacts:
    """What a sentence says about one act, labels already in the letter's language."""

    act_key: str  # vocabulary key of the act type ("arrest"), "" for a term without one
    act_label: str
    when: UncertainDate
    victim: str = ""  # "[[person:N]]", or "" when the act names no victim
    victim_sex: str = ""  # MALE, FEMALE or "" (Russian verbs agree with it)
    perpetrators: Sequence[tuple[str, str]] = ()  # (vocabulary key, label)
    place: str = ""  # as written, any script
    region: str = ""  # label in the letter's language
    provisions: Sequence[str] = ()


# --- verbs ------------------------------------------------------------------------------

# key: (English, Russian masculine, Russian feminine, Russian agent form). The Russian
# agent form is "by" as an instrumental ("задержан сотрудниками ...") or "со стороны"
# with a genitive where the verb takes no instrumental agent ("подвергся обыску").
_INSTR, _GEN = "instrumental", "genitive"
VERBS: dict[str, tuple[str, str, str, str]] = {
    "arrest": ("was arrested", "был задержан", "была задержана", _INSTR),
    "pre_trial_detention": (
        "was placed in pre-trial detention",
        "был заключен под стражу до суда",
        "была заключена под стражу до суда",
        _INSTR,
    ),
    "summons_interrogation": (
        "was summoned for interrogation",
        "был вызван на допрос",
        "была вызвана на допрос",
        _INSTR,
    ),
    "search_home_office": (
        "had their home or office searched",
        "подвергся обыску жилища или офиса",
        "подверглась обыску жилища или офиса",
        _GEN,
    ),
    "inspection": (
        "was subjected to an inspection",
        "подвергся проверке",
        "подверглась проверке",
        _GEN,
    ),
    "device_seizure": (
        "had their phones or computers seized",
        "подвергся изъятию телефонов или компьютеров",
        "подверглась изъятию телефонов или компьютеров",
        _GEN,
    ),
    "device_hacking": (
        "was subjected to the hacking of their devices or to digital surveillance",
        "подвергся взлому устройств или цифровой слежке",
        "подверглась взлому устройств или цифровой слежке",
        _GEN,
    ),
    "physical_attack": (
        "was physically attacked",
        "подвергся физическому нападению",
        "подверглась физическому нападению",
        _GEN,
    ),
    "smear_campaign": (
        "was defamed in a smear campaign",
        "стал объектом кампании по дискредитации",
        "стала объектом кампании по дискредитации",
        _GEN,
    ),
    "online_harassment": (
        "was harassed online",
        "подвергся травле в интернете",
        "подверглась травле в интернете",
        _GEN,
    ),
    "threats": ("was threatened", "получал угрозы", "получала угрозы", _GEN),
    "travel_ban": (
        "was banned from travelling abroad",
        "получил запрет на выезд",
        "получила запрет на выезд",
        _GEN,
    ),
    "forced_return": (
        "was forcibly returned",
        "был принудительно возвращен",
        "была принудительно возвращена",
        _INSTR,
    ),
    "licence_loss": (
        "was deprived of their licence to practise",
        "был лишен лицензии на профессиональную деятельность",
        "была лишена лицензии на профессиональную деятельность",
        _INSTR,
    ),
    "accreditation_denial": (
        "was denied accreditation",
        "получил отказ в аккредитации",
        "получила отказ в аккредитации",
        _GEN,
    ),
    "un_reprisal": (
        "was subjected to reprisals for cooperating with the United Nations",
        "подвергся репрессиям за сотрудничество с Организацией Объединенных Наций",
        "подверглась репрессиям за сотрудничество с Организацией Объединенных Наций",
        _GEN,
    ),
    "criminal_charges": (
        "was charged with a criminal offence",
        "был привлечен к уголовной ответственности",
        "была привлечена к уголовной ответственности",
        _INSTR,
    ),
    "closed_trial": (
        "was tried in a closed or unfair trial",
        "был осужден в ходе закрытого или несправедливого судебного процесса",
        "была осуждена в ходе закрытого или несправедливого судебного процесса",
        _INSTR,
    ),
}

# key: (English, Russian instrumental, Russian genitive).
PERPETRATORS: dict[str, tuple[str, str, str]] = {
    "state_security_committee": (
        "officers of the State Security Committee",
        "сотрудниками Государственного комитета национальной безопасности",
        "сотрудников Государственного комитета национальной безопасности",
    ),
    "police": ("the police", "сотрудниками милиции", "сотрудников милиции"),
    "prosecutor": ("the prosecutor's office", "прокуратурой", "прокуратуры"),
    "tax_authority": ("the tax authority", "налоговым органом", "налогового органа"),
    "court": ("a court", "судом", "суда"),
    "ministry": ("a ministry", "министерством", "министерства"),
    "ministry_of_justice": (
        "the Ministry of Justice",
        "Министерством юстиции",
        "Министерства юстиции",
    ),
    "ministry_of_foreign_affairs": (
        "the Ministry of Foreign Affairs",
        "Министерством иностранных дел",
        "Министерства иностранных дел",
    ),
    "communications_service": ("the Communications Service", "Службой связи", "Службы связи"),
    "non_state_actor": (
        "non-State actors",
        "негосударственными субъектами",
        "негосударственных субъектов",
    ),
    "online_accounts": (
        "anonymous or fake online accounts",
        "анонимными или фейковыми аккаунтами в интернете",
        "анонимных или фейковых аккаунтов в интернете",
    ),
}


def fact_sentence(*, act: ActFacts, language: str) -> str:
    """One act as one or two sentences in ``language`` ("en" or "ru")."""
    if language == "ru":
        return _russian(act)
    return _english(act)


# --- English ------------------------------------------------------------------------------


def _english(act: ActFacts) -> str:
    subject = act.victim or "a person"
    if act.act_key in VERBS:
        verb = VERBS[act.act_key][0]
    else:
        verb = f"was subjected to an act recorded as “{act.act_label}”"
    known = [PERPETRATORS[key][0] for key, _ in act.perpetrators if key in PERPETRATORS]
    other = [label for key, label in act.perpetrators if key not in PERPETRATORS]
    agent = f" by {_joined(known, 'and')}" if known else ""
    shown = latin_place(act.place)
    place = f" in {shown}" if shown else ""
    if act.region and not _named_in(act.region, shown):
        place = f"{place} ({act.region})" if place else f" in {act.region}"
    alleged = f" (alleged perpetrator: {', '.join(other)})" if other else ""
    sentence = f"{_english_date(act.when)}, {subject} {verb}{agent}{place}{alleged}."
    if act.provisions:
        sentence += f" The authorities reportedly invoked {_joined(act.provisions, 'and')}."
    return _capitalised(sentence)


def _english_date(when: UncertainDate) -> str:
    value = when.value
    match when.precision:
        case Precision.EXACT:
            return f"On {in_words(when, 'en')}"
        case Precision.MONTH | Precision.YEAR | Precision.SEASON:
            return f"In {in_words(when, 'en')}"
        case Precision.APPROXIMATE if value is not None:
            return f"On or about {in_words(UncertainDate.exact(value), 'en')}"
        case Precision.RANGE:
            return f"During {in_words(when, 'en')}"
        case Precision.BEFORE | Precision.AFTER:
            return _capitalised(in_words(when, "en"))
        case _:
            return "On a date that is not known"


# --- Russian ------------------------------------------------------------------------------

_MONTHS_RU_PREP = (
    "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
)
_SEASONS_RU = {
    Season.SPRING: "Весной",
    Season.SUMMER: "Летом",
    Season.AUTUMN: "Осенью",
    Season.WINTER: "Зимой",
}


def _russian(act: ActFacts) -> str:
    subject = act.victim or "пострадавший"
    sex = act.victim_sex if act.victim else MALE
    if act.act_key in VERBS:
        _, male, female, agent_form = VERBS[act.act_key]
    else:
        male, female = (
            f"стал жертвой действия «{act.act_label}»",
            (f"стала жертвой действия «{act.act_label}»"),
        )
        agent_form = _GEN
    verb = {MALE: male, FEMALE: female}.get(sex) or _either(male, female)
    column = 1 if agent_form == _INSTR else 2
    known = [PERPETRATORS[key][column] for key, _ in act.perpetrators if key in PERPETRATORS]
    other = [label for key, label in act.perpetrators if key not in PERPETRATORS]
    agent = ""
    if known:
        joined = _joined(known, "и")
        agent = f" {joined}" if agent_form == _INSTR else f" со стороны {joined}"
    where, aside = _russian_place(act.place, act.region)
    asides = [aside] if aside else []
    if other:
        asides.append(f"предполагаемый исполнитель: {', '.join(other)}")
    tail = f" ({'; '.join(asides)})" if asides else ""
    sentence = f"{_russian_date(act.when)}{where} {subject} {verb}{agent}{tail}."
    if act.provisions:
        sentence += (
            " По имеющимся сведениям, власти сослались на следующие положения: "
            f"{', '.join(act.provisions)}."
        )
    return _capitalised(sentence)


def _russian_date(when: UncertainDate) -> str:
    value = when.value
    if when.precision is Precision.RANGE and when.earliest and when.latest:
        first, last = _russian_day(when.earliest), _russian_day(when.latest)
        return f"В период с {first} года по {last} года"
    if when.precision in (Precision.BEFORE, Precision.AFTER):
        return _capitalised(in_words(when, "ru").removesuffix(" г.") + " года")
    if value is None:
        return "В неустановленную дату"
    match when.precision:
        case Precision.EXACT:
            return f"{_russian_day(value)} года"
        case Precision.MONTH:
            return f"В {_MONTHS_RU_PREP.split()[value.month - 1]} {value.year} года"
        case Precision.YEAR:
            return f"В {value.year} году"
        case Precision.SEASON:
            season = season_of(value.month)
            years = str(value.year)
            if season is Season.WINTER:
                years = f"{value.year}/{(value.year + 1) % 100:02d}"
            return f"{_SEASONS_RU[season]} {years} года"
        case _:
            return f"Около {_russian_day(value)} года"


def _russian_day(value: date) -> str:
    return f"{value.day} {month_label(value.month, 'ru', genitive=True)} {value.year}"


_ONE_CYRILLIC_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
# A generic word before a name takes the case, the name stays as it is: "в районе
# Джиликуль", "в городе Исфара".
_GENERIC_RU = {
    "район": "районе",
    "город": "городе",
    "г.": "г.",
    "село": "селе",
    "с.": "с.",
    "кишлак": "кишлаке",
    "поселок": "поселке",
    "посёлок": "посёлке",
    "джамоат": "джамоате",
}


def _russian_place(place: str, region: str) -> tuple[str, str]:
    """(" в Худжанде (Согдийская область)", ""): a place declined where a simple rule
    is safe; otherwise ("", "место: ...") quoted as written, never mis-declined."""
    place = cyrillic_place(place)
    if _named_in(region, place):
        region = ""
    first, _, rest = place.partition(",")
    words = first.split()
    where = ""
    if len(words) == 1 and _ONE_CYRILLIC_WORD.match(words[0]):
        where = f" в {_locative(words[0])}"
    elif len(words) >= 2 and words[0].casefold() in _GENERIC_RU:
        where = f" в {_GENERIC_RU[words[0].casefold()]} {' '.join(words[1:])}"
    if not where:
        return "", ", ".join(part for part in (f"место: {place}" if place else "", region) if part)
    details = ", ".join(part for part in (rest.strip(), region) if part)
    return where + (f" ({details})" if details else ""), ""


def _locative(word: str) -> str:
    # Nouns in a consonant take -е (Худжанд > Худжанде), in -а/-я change it to -е
    # (Исфара > Исфаре), in -ь to -и; vowel endings (Душанбе) do not decline.
    # Adjectives (-ий, -ый, -ой) are left as they are: "в Вахшский" would be wrong,
    # "в Вахшском" needs rules this module does not have, so they are kept nominal.
    last = word[-1]
    if word.endswith(("ий", "ый", "ой", "ая", "ое")):
        return word
    if last in "аяь":
        return word[:-1] + ("и" if last == "ь" else "е")
    if last in "еёиоуыэюй":
        return word
    return word + "е"


def _either(male: str, female: str) -> str:
    """Both genders in one, the Russian way: "был(а) задержан(а)"."""
    words = []
    for m, f in zip(male.split(), female.split(), strict=True):
        if m == f:
            words.append(m)
            continue
        common = 0
        while common < min(len(m), len(f)) and m[common] == f[common]:
            common += 1
        words.append(f"{m}({f[common:]})")
    return " ".join(words)


# --- places ---------------------------------------------------------------------------------

# Known places of the desk's region: English name, Russian name, other spellings met
# (Tajik Cyrillic, older Russian). An English letter shows the English name, a
# Russian letter the Russian one, whatever spelling the case has.
KNOWN_PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Dushanbe", "Душанбе", ()),
    ("Khujand", "Худжанд", ("Хуҷанд", "Ходжент", "Ленинабад")),
    ("Kulob", "Куляб", ("Кӯлоб",)),
    ("Bokhtar", "Бохтар", ("Курган-Тюбе", "Қӯрғонтеппа")),
    ("Khorog", "Хорог", ("Хоруғ",)),
    ("Istaravshan", "Истаравшан", ("Ура-Тюбе",)),
    ("Panjakent", "Пенджикент", ("Панҷакент",)),
    ("Isfara", "Исфара", ()),
    ("Vahdat", "Вахдат", ("Ваҳдат",)),
    ("Tursunzoda", "Турсунзаде", ("Турсунзода",)),
    ("Hisor", "Гиссар", ("Ҳисор",)),
    ("Konibodom", "Канибадам", ("Конибодом",)),
    ("Rasht", "Рашт", ()),
    ("Jilikul", "Джиликуль", ("Ҷиликӯл",)),
)
_BY_SPELLING = {
    spelling.casefold(): (english, russian)
    for english, russian, others in KNOWN_PLACES
    for spelling in (english, russian, *others)
}

# BGN/PCGN-like, simplified for reading aloud: Russian and Tajik letters together,
# "дж" as "j" (Central Asian names: Джамшед > Jamshed), no apostrophes for ь and ъ.
LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "ӣ": "i", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ӯ": "u", "ф": "f", "х": "kh", "ҳ": "h", "ц": "ts", "ч": "ch", "ҷ": "j", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_VOWELS = set("аеёиоуыэюяӣӯ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def latin_place(place: str) -> str:
    """A place as an English letter shows it: the English name of a known place,
    otherwise a transliteration of every Cyrillic word ("ул. Рудаки" > "ul. Rudaki")."""
    return _WORD.sub(lambda m: _latin_word(m.group()), place.strip())


def cyrillic_place(place: str) -> str:
    """A place as a Russian letter shows it: the Russian name of a known place (the
    case may hold the Tajik spelling), otherwise as written."""
    return _WORD.sub(
        lambda m: _BY_SPELLING.get(m.group().casefold(), ("", m.group()))[1], place.strip()
    )


def _latin_word(word: str) -> str:
    known = _BY_SPELLING.get(word.casefold())
    if known:
        return known[0]
    if not any(char.casefold() in LATIN for char in word):
        return word
    lower = word.casefold()
    out = []
    index = 0
    while index < len(lower):
        char = lower[index]
        if lower.startswith("дж", index):
            letters, index = "j", index + 2
        else:
            letters = LATIN.get(char, char)
            # "е" at the start of a word or after a vowel is read "ye" (Ежов, Бобоев).
            if char == "е" and (index == 0 or lower[index - 1] in _VOWELS | {"ь", "ъ"}):
                letters = "ye"
            index += 1
        out.append(letters)
    latin = "".join(out)
    if word.isupper() and len(word) > 1:
        return latin.upper()
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def _named_in(region: str, place: str) -> bool:
    # "Dushanbe" (the region) after "Dushanbe, SIZO" (the place) says nothing new.
    words = set(_WORD.findall(place.casefold()))
    return bool(region) and set(_WORD.findall(region.casefold())) <= words


def _joined(parts: Sequence[str], conjunction: str) -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
