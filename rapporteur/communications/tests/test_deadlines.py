from datetime import date

import pytest

from rapporteur.communications.deadlines import (
    Timeliness,
    days_overdue,
    due_this_week,
    is_overdue,
    may_publish,
    publication_date,
    reply_due_date,
    reply_timeliness,
    week_bounds,
)


@pytest.mark.parametrize(
    ("sent_on", "due_on"),
    [
        (date(2022, 5, 12), date(2022, 7, 11)),
        # Across a leap day: 60 days from 31 December 2023 is 29 February 2024.
        (date(2023, 12, 31), date(2024, 2, 29)),
        # The same date a year earlier lands on 1 March: 2023 has no 29 February.
        (date(2022, 12, 31), date(2023, 3, 1)),
        (date(2024, 1, 31), date(2024, 3, 31)),
        # Across the year end.
        (date(2022, 11, 15), date(2023, 1, 14)),
    ],
)
def test_due_date_is_sixty_calendar_days(sent_on, due_on):
    assert reply_due_date(sent_on=sent_on) == due_on


def test_window_is_configurable():
    assert reply_due_date(sent_on=date(2024, 2, 28), window_days=1) == date(2024, 2, 29)
    assert reply_due_date(sent_on=date(2022, 5, 12), window_days=30) == date(2022, 6, 11)


def test_window_must_be_positive():
    with pytest.raises(ValueError, match="at least one day"):
        reply_due_date(sent_on=date(2022, 5, 12), window_days=0)


def test_overdue_only_after_the_due_date():
    due = date(2024, 2, 29)
    assert not is_overdue(due_on=due, today=date(2024, 2, 29), replied=False)
    assert is_overdue(due_on=due, today=date(2024, 3, 1), replied=False)


def test_a_reply_ends_overdue():
    assert not is_overdue(due_on=date(2024, 2, 29), today=date(2024, 6, 1), replied=True)


def test_days_overdue():
    assert days_overdue(due_on=date(2024, 2, 29), today=date(2024, 3, 2)) == 2
    assert days_overdue(due_on=date(2024, 2, 29), today=date(2024, 2, 1)) == 0


def test_week_bounds_across_a_month_end():
    # Thursday 29 February 2024: the week runs Monday 26 February to Sunday 3 March.
    assert week_bounds(today=date(2024, 2, 29)) == (date(2024, 2, 26), date(2024, 3, 3))


def test_week_bounds_on_a_sunday_and_a_monday():
    assert week_bounds(today=date(2024, 3, 3)) == (date(2024, 2, 26), date(2024, 3, 3))
    assert week_bounds(today=date(2024, 3, 4)) == (date(2024, 3, 4), date(2024, 3, 10))


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (date(2024, 2, 28), False),  # earlier this week: already overdue instead
        (date(2024, 2, 29), True),  # today
        (date(2024, 3, 3), True),  # Sunday, across the month end
        (date(2024, 3, 4), False),  # next week
    ],
)
def test_due_this_week(due_on, expected):
    assert due_this_week(due_on=due_on, today=date(2024, 2, 29), replied=False) is expected


def test_replied_is_never_due():
    assert not due_this_week(due_on=date(2024, 2, 29), today=date(2024, 2, 29), replied=True)


def test_reply_on_the_due_date_is_in_time():
    sent = date(2023, 12, 31)
    assert reply_timeliness(sent_on=sent, replied_on=date(2024, 2, 29)) is Timeliness.IN_TIME
    assert reply_timeliness(sent_on=sent, replied_on=date(2024, 3, 1)) is Timeliness.LATE


def test_reply_before_the_letter_is_an_error():
    with pytest.raises(ValueError, match="cannot predate"):
        reply_timeliness(sent_on=date(2022, 5, 12), replied_on=date(2022, 5, 11))


def test_publication_the_day_after_the_window_closes():
    assert publication_date(sent_on=date(2023, 12, 31)) == date(2024, 3, 1)
    assert not may_publish(sent_on=date(2023, 12, 31), today=date(2024, 2, 29))
    assert may_publish(sent_on=date(2023, 12, 31), today=date(2024, 3, 1))


def test_rapporteur_may_publish_earlier():
    sent = date(2022, 5, 12)
    decided = date(2022, 5, 20)
    assert publication_date(sent_on=sent, rapporteur_decided_on=decided) == decided
    assert may_publish(sent_on=sent, today=decided, rapporteur_decided_on=decided)


def test_a_late_decision_does_not_delay_publication():
    sent = date(2022, 5, 12)
    assert publication_date(sent_on=sent, rapporteur_decided_on=date(2022, 9, 1)) == date(
        2022, 7, 12
    )


def test_decision_before_sending_is_an_error():
    with pytest.raises(ValueError, match="cannot predate"):
        publication_date(sent_on=date(2022, 5, 12), rapporteur_decided_on=date(2022, 5, 1))
