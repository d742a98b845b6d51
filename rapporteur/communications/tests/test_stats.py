from datetime import date

import pytest

from rapporteur.communications.stats import (
    Assessment,
    CommunicationRecord,
    ReplyRecord,
    reply_statistics,
    reply_statistics_by_state,
)

ACK = Assessment.ACKNOWLEDGEMENT
PARTIAL = Assessment.PARTIAL
SUBSTANTIVE = Assessment.SUBSTANTIVE
YEAR_2022 = {"start": date(2022, 1, 1), "end": date(2022, 12, 31)}
AS_OF = date(2023, 1, 15)


def record(code, sent_on, *replies):
    return CommunicationRecord(
        addressee_code=code,
        sent_on=sent_on,
        replies=tuple(ReplyRecord(received_on=on, assessment=a) for on, a in replies),
    )


# Tajikistan, 2022, as of 15 January 2023 (due date = sent + 60 days):
#   A  sent 10 Jan, due 11 Mar; ack 20 Jan (10 d), substantive 1 Apr  -> in time, substantive
#   B  sent  1 Mar, due 30 Apr; partial 30 Apr (60 d)                -> in time, on the due date
#   C  sent  1 Jun, due 31 Jul; substantive 15 Sep (106 d)            -> late, substantive
#   D  sent  1 Aug, due 30 Sep; no reply                              -> unanswered, settled
#   E  sent  1 Dec, due 30 Jan 2023; no reply                         -> pending, left out
#   F  sent 20 Dec 2021                                               -> outside the period
TJK = [
    record("TJK", date(2022, 1, 10), (date(2022, 1, 20), ACK), (date(2022, 4, 1), SUBSTANTIVE)),
    record("TJK", date(2022, 3, 1), (date(2022, 4, 30), PARTIAL)),
    record("TJK", date(2022, 6, 1), (date(2022, 9, 15), SUBSTANTIVE)),
    record("TJK", date(2022, 8, 1)),
    record("TJK", date(2022, 12, 1)),
    record("TJK", date(2021, 12, 20), (date(2022, 1, 5), SUBSTANTIVE)),
]


def test_hand_computed_figures():
    stats = reply_statistics(records=TJK, as_of=AS_OF, **YEAR_2022)
    assert (stats.sent, stats.pending, stats.settled) == (5, 1, 4)
    assert (stats.replied, stats.in_time, stats.substantive) == (3, 2, 2)
    assert stats.share_replied == pytest.approx(3 / 4)
    assert stats.share_in_time == pytest.approx(2 / 4)
    assert stats.share_substantive == pytest.approx(2 / 4)
    # First replies after 10, 60 and 106 days.
    assert stats.median_days_to_first_reply == 60


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    records = [
        record("RUS", date(2022, 1, 1), (date(2022, 1, 11), PARTIAL)),
        record("RUS", date(2022, 1, 1), (date(2022, 1, 31), PARTIAL)),
    ]
    stats = reply_statistics(records=records, as_of=AS_OF, **YEAR_2022)
    assert stats.median_days_to_first_reply == 20


def test_replies_after_as_of_do_not_count_yet():
    # Seen on 1 March 2022, letter A has only its acknowledgement; B is still pending.
    stats = reply_statistics(records=TJK, start=date(2022, 1, 1), end=date(2022, 3, 1),
                             as_of=date(2022, 3, 1))  # fmt: skip
    assert (stats.sent, stats.pending, stats.replied, stats.substantive) == (2, 1, 1, 0)
    assert stats.share_replied == 1.0


def test_empty_period_has_no_shares_rather_than_zero():
    stats = reply_statistics(
        records=TJK, start=date(2020, 1, 1), end=date(2020, 12, 31), as_of=AS_OF
    )
    assert stats.sent == 0
    assert stats.share_replied is None
    assert stats.share_in_time is None
    assert stats.median_days_to_first_reply is None


def test_only_pending_letters_have_no_shares():
    records = [record("TJK", date(2023, 1, 10))]
    stats = reply_statistics(
        records=records, start=date(2023, 1, 1), end=date(2023, 12, 31), as_of=AS_OF
    )
    assert (stats.sent, stats.pending) == (1, 1)
    assert stats.share_replied is None


def test_window_closes_the_day_after_the_due_date():
    # Sent 1 Dec 2022, due 30 Jan 2023: still pending on the due date, settled the next day.
    records = [record("TJK", date(2022, 12, 1))]
    on_due = reply_statistics(records=records, as_of=date(2023, 1, 30), **YEAR_2022)
    after = reply_statistics(records=records, as_of=date(2023, 1, 31), **YEAR_2022)
    assert on_due.pending == 1
    assert after.pending == 0
    assert after.share_replied == 0.0


def test_per_state():
    records = [*TJK, record("RUS", date(2022, 5, 5), (date(2022, 5, 6), SUBSTANTIVE))]
    by_state = reply_statistics_by_state(records=records, as_of=AS_OF, **YEAR_2022)
    assert list(by_state) == ["RUS", "TJK"]
    assert by_state["RUS"].share_substantive == 1.0
    assert by_state["RUS"].median_days_to_first_reply == 1
    assert by_state["TJK"].sent == 5


def test_period_must_be_ordered():
    with pytest.raises(ValueError, match="before it starts"):
        reply_statistics(records=[], start=date(2022, 2, 1), end=date(2022, 1, 1), as_of=AS_OF)
