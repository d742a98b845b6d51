"""Dates as people write them: each form class in English, Russian and Tajik reads
to the window it means; what cannot be read is an error with a code, or (through
``read_uncertain_date``) kept as written, never silently "unknown"."""

from __future__ import annotations

from datetime import date

import pytest

from rapporteur.cases.dates import (
    Precision,
    UncertainDateError,
    WindowMatch,
    classify_in_window,
    parse_uncertain_date,
    read_uncertain_date,
)

D = date
EARLY_MARCH = (D(2022, 3, 1), D(2022, 3, 10))
MID_MARCH = (D(2022, 3, 11), D(2022, 3, 20))
LATE_MARCH = (D(2022, 3, 21), D(2022, 3, 31))
MARCH = (D(2022, 3, 1), D(2022, 3, 31))
Q1 = (D(2022, 1, 1), D(2022, 3, 31))
DAYS_10_15 = (D(2022, 3, 10), D(2022, 3, 15))

# Every example of the issue, as the sources and staff wrote them.
ISSUE_EXAMPLES = [
    ("начало марта 2022", EARLY_MARCH),
    ("середина марта 2022", MID_MARCH),
    ("конец марта 2022", LATE_MARCH),
    ("моҳи марти 2022", MARCH),
    ("mid-March 2022", MID_MARCH),
    ("early March 2022", EARLY_MARCH),
    ("10-15.03.2022", DAYS_10_15),
    ("Q1 2022", Q1),
    ("1-й квартал 2022", Q1),
    ("late 2021", (D(2021, 9, 1), D(2021, 12, 31))),
]


@pytest.mark.parametrize(("text", "window"), ISSUE_EXAMPLES)
def test_every_example_of_the_issue_reads_to_its_window(text, window):
    parsed = parse_uncertain_date(text)
    assert (parsed.earliest, parsed.latest) == window
    assert parsed.written == text


FORMS = {
    "part of a month": [
        (text, EARLY_MARCH)
        for text in (
            "early March 2022",
            "beginning of March 2022",
            "at the start of March 2022",
            "начало марта 2022 г.",
            "в начале марта 2022 года",
            "в первой декаде марта 2022",
            "аввали марти 2022",
            "аввали моҳи марти соли 2022",
            "ибтидои марти 2022",
        )
    ]
    + [
        (text, MID_MARCH)
        for text in (
            "mid March 2022",
            "in the middle of March 2022",
            "середина марта 2022",
            "в середине марта 2022 г.",
            "миёнаи марти 2022",
            "нимаи моҳи марти 2022",
        )
    ]
    + [
        (text, LATE_MARCH)
        for text in (
            "late March 2022",
            "end of March 2022",
            "в конце марта 2022 года",
            "охири марти 2022",
            "интиҳои моҳи марти 2022",
        )
    ]
    + [("late February 2024", (D(2024, 2, 21), D(2024, 2, 29)))],
    "part of a year or season": [
        ("early 2021", (D(2021, 1, 1), D(2021, 4, 30))),
        ("mid-2021", (D(2021, 5, 1), D(2021, 8, 31))),
        ("конец 2021 года", (D(2021, 9, 1), D(2021, 12, 31))),
        ("в начале 2021 г.", (D(2021, 1, 1), D(2021, 4, 30))),
        ("охири соли 2021", (D(2021, 9, 1), D(2021, 12, 31))),
        ("миёнаи соли 2021", (D(2021, 5, 1), D(2021, 8, 31))),
        ("late winter 2021", (D(2022, 2, 1), D(2022, 2, 28))),
    ],
    "quarter": [
        (text, Q1)
        for text in (
            "Q1 2022",
            "q1/2022",
            "2022-Q1",
            "1st quarter 2022",
            "the first quarter of 2022",
            "1-й квартал 2022",
            "1 квартал 2022 г.",
            "I квартал 2022",
            "первый квартал 2022 года",
            "в первом квартале 2022 г.",
            "семоҳаи 1 2022",
            "семоҳаи I 2022",
            "семоҳаи якуми соли 2022",
        )
    ]
    + [
        ("Q4 2021", (D(2021, 10, 1), D(2021, 12, 31))),
        ("IV квартал 2021", (D(2021, 10, 1), D(2021, 12, 31))),
        ("семоҳаи чоруми 2021", (D(2021, 10, 1), D(2021, 12, 31))),
    ],
    "half of a year": [
        ("H2 2022", (D(2022, 7, 1), D(2022, 12, 31))),
        ("second half of 2022", (D(2022, 7, 1), D(2022, 12, 31))),
        ("во второй половине 2022 года", (D(2022, 7, 1), D(2022, 12, 31))),
        ("I полугодие 2022", (D(2022, 1, 1), D(2022, 6, 30))),
        ("1-е полугодие 2022 г.", (D(2022, 1, 1), D(2022, 6, 30))),
        ("нимсолаи дуюми 2022", (D(2022, 7, 1), D(2022, 12, 31))),
    ],
    "range in digits or words": [
        (text, DAYS_10_15)
        for text in (
            "10-15.03.2022",
            "10.03-15.03.2022",
            "10–15 March 2022",
            "10 - 15 March 2022",
            "10 to 15 March 2022",
            "from 10 to 15 March 2022",
            "between 10 and 15 March 2022",
            "2022-03-10..2022-03-15",
            "2022-03-10 – 2022-03-15",
            "с 10 по 15 марта 2022",
            "с 10 по 15 марта 2022 года",
            "от 10 до 15 марта 2022 г.",
            "10–15 марта 2022 г.",
            "аз 10 то 15 марти 2022",
            "10–15 марти 2022",
        )
    ]
    + [
        ("March–May 2022", (D(2022, 3, 1), D(2022, 5, 31))),
        ("с марта по май 2022", (D(2022, 3, 1), D(2022, 5, 31))),
        ("January–February 2022", (D(2022, 1, 1), D(2022, 2, 28))),
        ("аз январ то феврали 2022", (D(2022, 1, 1), D(2022, 2, 28))),
        ("2021–2022", (D(2021, 1, 1), D(2022, 12, 31))),
        ("2021-2022 гг.", (D(2021, 1, 1), D(2022, 12, 31))),
        ("солҳои 2021–2022", (D(2021, 1, 1), D(2022, 12, 31))),
        ("28 February – 3 March 2022", (D(2022, 2, 28), D(2022, 3, 3))),
        ("November 2021 – February 2022", (D(2021, 11, 1), D(2022, 2, 28))),
    ],
    "month written every way": [
        (text, MARCH)
        for text in (
            "March 2022",
            "Mar 2022",
            "Mar. 2022",
            "3/2022",
            "03.2022",
            "2022-03",
            "2022/03",
            "март 2022",
            "марта 2022 года",
            "в марте 2022",
            "мар. 2022",
            "марти 2022",
            "март 2022",
            "моҳи марти 2022",
            "дар моҳи марти соли 2022",
        )
    ],
}
FORM_CASES = [(kind, text, window) for kind, rows in FORMS.items() for text, window in rows]


@pytest.mark.parametrize(
    ("kind", "text", "window"), FORM_CASES, ids=[f"{k}: {t}" for k, t, _w in FORM_CASES]
)
def test_each_form_class_reads_in_every_language(kind, text, window):
    parsed = parse_uncertain_date(text)
    assert (parsed.earliest, parsed.latest) == window


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("around 10 March 2022", D(2022, 2, 23), D(2022, 3, 25)),
        ("about 10 March 2022 ±3 days", D(2022, 3, 7), D(2022, 3, 13)),
        ("approximately 10 March 2022", D(2022, 2, 23), D(2022, 3, 25)),
        ("около 10 марта 2022 г.", D(2022, 2, 23), D(2022, 3, 25)),
        ("примерно 10 марта 2022", D(2022, 2, 23), D(2022, 3, 25)),
        ("тахминан 10 марти 2022", D(2022, 2, 23), D(2022, 3, 25)),
        ("тақрибан 10 марти 2022 (± 3 рӯз)", D(2022, 3, 7), D(2022, 3, 13)),
        # About a window: the window widened by the default margin on each side.
        ("about mid-March 2022", D(2022, 2, 23), D(2022, 4, 4)),
    ],
)
def test_around_widens_the_date(text, earliest, latest):
    parsed = parse_uncertain_date(text)
    assert parsed.precision is Precision.APPROXIMATE
    assert (parsed.earliest, parsed.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("before March 2022", None, D(2022, 2, 28)),
        ("prior to 10 March 2022", None, D(2022, 3, 9)),
        ("до марта 2022 г.", None, D(2022, 2, 28)),
        ("до 2022 года", None, D(2021, 12, 31)),
        ("пеш аз марти 2022", None, D(2022, 2, 28)),
        ("қабл аз соли 2022", None, D(2021, 12, 31)),
        ("by March 2022", None, D(2022, 3, 31)),
        ("by the end of March 2022", None, D(2022, 3, 31)),
        ("не позднее 15 марта 2022", None, D(2022, 3, 15)),
        ("after March 2022", D(2022, 4, 1), None),
        ("после 10 марта 2022", D(2022, 3, 11), None),
        ("после середины марта 2022", D(2022, 3, 21), None),
        ("пас аз марти 2022", D(2022, 4, 1), None),
        ("баъд аз соли 2021", D(2022, 1, 1), None),
        ("not before March 2022", D(2022, 3, 1), None),
        ("не ранее марта 2022", D(2022, 3, 1), None),
    ],
)
def test_before_and_after_leave_the_other_side_open(text, earliest, latest):
    parsed = parse_uncertain_date(text)
    assert parsed.precision is (Precision.BEFORE if earliest is None else Precision.AFTER)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)


def test_open_bounds_count_as_possible_never_certain():
    before = parse_uncertain_date("before March 2022")
    after = parse_uncertain_date("after March 2022")
    old_window = {"start": D(1990, 1, 1), "end": D(1990, 12, 31)}
    assert classify_in_window(before, **old_window) is WindowMatch.POSSIBLE
    assert classify_in_window(after, **old_window) is WindowMatch.OUTSIDE
    assert classify_in_window(before, start=D(2022, 3, 1), end=D(2022, 12, 31)) is (
        WindowMatch.OUTSIDE
    )
    assert classify_in_window(after, start=D(2030, 1, 1), end=D(2030, 1, 31)) is (
        WindowMatch.POSSIBLE
    )
    mid_march = parse_uncertain_date("mid-March 2022")
    assert classify_in_window(mid_march, start=D(2022, 3, 1), end=D(2022, 3, 31)) is (
        WindowMatch.CERTAIN
    )
    assert classify_in_window(mid_march, start=D(2022, 3, 15), end=D(2022, 3, 31)) is (
        WindowMatch.POSSIBLE
    )


def test_a_window_that_is_one_unit_takes_that_precision():
    assert parse_uncertain_date("1-31.03.2022") == parse_uncertain_date("March 2022")
    assert parse_uncertain_date("March–May 2022").precision is Precision.SEASON
    assert parse_uncertain_date("January–December 2022") == parse_uncertain_date("2022")
    assert parse_uncertain_date("10-10.03.2022") == parse_uncertain_date("10.03.2022")
    assert parse_uncertain_date("early spring 2022") == parse_uncertain_date("March 2022")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31.02.2022", "not_real"),
        ("2022-13", "not_real"),
        ("2022-02-30", "not_real"),
        ("30-31.02.2022", "not_real"),
        ("15–10 March 2022", "range_backwards"),
        ("с 15 по 10 марта 2022", "range_backwards"),
        ("Q5 2022", "not_month"),
        ("5-й квартал 2022", "no_such_part"),
        ("III полугодие 2022", "no_such_part"),
        ("early 14 March 2022", "part_of"),
        ("before after March 2022", "open_bound"),
        ("after 9999", "not_real"),
        ("about", "about_without_date"),
        ("после выборов", "unreadable"),
        ("Three times in February 2022", "unreadable"),
    ],
)
def test_bad_dates_say_why_with_a_code(text, code):
    with pytest.raises(UncertainDateError) as raised:
        parse_uncertain_date(text)
    assert raised.value.code == code


@pytest.mark.parametrize("text", ["31.02.2022", "2022-13", "после выборов", "  spät  im  Jahr "])
def test_the_lenient_reader_keeps_the_text_as_written(text):
    kept = read_uncertain_date(text)
    assert kept.precision is Precision.UNKNOWN and kept.not_understood
    assert kept.written == " ".join(text.split())
    assert kept.earliest is None and kept.latest is None


@pytest.mark.parametrize("text", ["", "unknown", "неизвестно", "номаълум", None])
def test_unknown_said_as_such_is_not_a_text_left_unread(text):
    assert not read_uncertain_date(text).not_understood
