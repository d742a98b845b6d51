"""Dates as written through the desk: the act form accepts every form it can read and
keeps what it cannot (sealed, with a notice); triage reads the source's "when" with
the same reader; the case page, the filters and the export show what was stored."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from rapporteur.cases.dates import parse_uncertain_date
from rapporteur.cases.models import Act, Case, CaseStatus
from rapporteur.cases.selectors import detained_defender_case_count, filtered_cases
from rapporteur.cases.services import triage
from rapporteur.cases.services.records import date_columns
from rapporteur.cases.tests.test_date_forms import ISSUE_EXAMPLES
from rapporteur.intake.models import Submission
from rapporteur.testing.cases import desk_keys_of, documented_case, sign_in_with_keys, term
from rapporteur.testing.intake import submitted
from rapporteur.vault import sealing as vault_sealing

pytestmark = pytest.mark.django_db

NOT_UNDERSTOOD = {
    "en": "date as written: “{}” (not understood)",
    "ru": "дата как записано: «{}» (не распознана)",
    "tg": "сана, тавре ки навишта шудааст: «{}» (фаҳмида нашуд)",
}


def _add_act(client: Client, case_id: int, start: str, end: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cases:act_add", args=[case_id]),
        {
            "event": "new",
            "act_type": term("types_of_acts", "arrest").pk,
            "start": start,
            "end": end,
        },
        follow=True,
    )


def _in_language(client: Client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


@pytest.mark.parametrize(("text", "window"), ISSUE_EXAMPLES)
def test_the_act_form_accepts_every_example_of_the_issue(desk, officer, text, window):
    case, _ = documented_case(officer, document=None)
    client = sign_in_with_keys(officer)
    response = _add_act(client, case.pk, text)
    assert response.status_code == 200
    act = Act.objects.filter(case=case).latest("id")
    assert (act.start_earliest, act.start_latest) == window
    assert act.uncertain_date("start") == parse_uncertain_date(text)
    content = vault_sealing.open_record(act, desk_keys_of(officer))
    assert content["start_written"] == text
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.mark.parametrize("text", ["31.02.2022", "2022-13", "после выборов", "Three times in 2022"])
@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_the_act_form_keeps_what_it_cannot_read_and_says_so(desk, officer, text, language):
    case, _ = documented_case(officer, document=None)
    client = sign_in_with_keys(officer)
    _in_language(client, language)
    response = _add_act(client, case.pk, text)
    act = Act.objects.filter(case=case).latest("id")
    assert act.start_precision == "unknown" and act.start_earliest is None
    assert vault_sealing.open_record(act, desk_keys_of(officer))["start_written"] == text
    page = response.content.decode()
    # The notice after saving names the text, and the case page shows it as written.
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and text in warnings[0]
    assert NOT_UNDERSTOOD[language].format(text) in page.replace("&quot;", '"')
    # Stored sealed, never in clear.
    assert text.encode() not in bytes(act.envelope)


def test_an_unreadable_real_date_says_why_in_the_notice(desk, officer):
    case, _ = documented_case(officer, document=None)
    client = sign_in_with_keys(officer)
    response = _add_act(client, case.pk, "31.02.2022")
    (notice,) = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "is not a real date" in notice and "Start date" in notice


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "mid-March 2022"),
        ("ru", "середина марта 2022 г."),
        ("tg", "миёнаи марти 2022"),
    ],
)
def test_windows_are_shown_in_the_readers_language(desk, officer, language, shown):
    case, _ = documented_case(officer, when="середина марта 2022", document=None)
    client = sign_in_with_keys(officer)
    _in_language(client, language)
    assert shown in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_filters_count_windows_and_open_bounds_by_their_bounds(desk, officer):
    early, _ = documented_case(officer, when="early March 2022", document=None)
    quarter, _ = documented_case(officer, when="Q1 2022", document=None)
    before, _ = documented_case(officer, when="before 2020", document=None)
    after, _ = documented_case(officer, when="после марта 2022", document=None)
    unknown, _ = documented_case(officer, when="", document=None)

    def found(**window):  # type: ignore[no-untyped-def]
        return set(filtered_cases(officer, **window))

    first_days = {"since": date(2022, 3, 1), "until": date(2022, 3, 5)}
    assert found(**first_days) == {early, quarter}
    assert found(certain_only=True, since=date(2022, 3, 1), until=date(2022, 3, 10)) == {early}
    assert found(since=date(2010, 1, 1), until=date(2010, 12, 31)) == {before}
    assert found(since=date(2030, 1, 1)) == {after}
    assert found(until=date(2000, 1, 1)) == {before}
    # An open bound is never certainly inside a finite window; unknown matches none.
    assert found(certain_only=True, since=date(1900, 1, 1), until=date(2100, 1, 1)) == {
        early,
        quarter,
    }
    assert unknown not in found(since=date(1900, 1, 1))


def _submission(**answers) -> Submission:  # type: ignore[no-untyped-def]
    base = {"person_name": "Давлат Назаров", "act_kind": "detention", "narrative": "…"}
    return submitted(**{**base, **answers})


@pytest.mark.parametrize(("text", "window"), ISSUE_EXAMPLES)
def test_triage_reads_the_sources_when_with_the_same_reader(desk, officer, text, window):
    keys = desk_keys_of(officer)
    case = triage.triage(
        submissions=[_submission(event_dates=text)], acting_user=officer, desk_keys=keys
    )
    act = Act.objects.get(case=case)
    assert (act.start_earliest, act.start_latest) == window
    assert vault_sealing.open_record(act, keys)["start_written"] == text


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_triage_keeps_an_unread_when_and_the_desk_sees_it(desk, officer, language):
    submission = _submission(event_dates="на следующий день после выборов")
    client = sign_in_with_keys(officer)
    _in_language(client, language)
    response = client.post(
        reverse("cases:triage"),
        {"submissions": [submission.pk], "case": "", "country": "TJ"},
        follow=True,
    )
    act = Act.objects.get()
    assert act.start_precision == "unknown"
    page = response.content.decode().replace("&quot;", '"')
    text = "на следующий день после выборов"
    assert NOT_UNDERSTOOD[language].format(text) in page
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and text in warnings[0]


def test_the_json_export_carries_the_date_as_written(desk, officer):
    case, _ = documented_case(officer, when="1-й квартал 2022", document=None)
    client = sign_in_with_keys(officer)
    exported = json.loads(client.get(reverse("cases:export_json", args=[case.pk])).content)
    (act,) = exported["acts"]
    assert act["start"]["precision"] == "range"
    assert (act["start"]["earliest"], act["start"]["latest"]) == ("2022-01-01", "2022-03-31")
    assert act["start"]["as_written"] == "1-й квартал 2022"


@pytest.mark.parametrize(
    ("end", "ongoing"),
    [("", True), ("after 2022", True), ("before 2023", False), ("до марта 2022", False)],
)
def test_a_detention_ended_before_a_date_is_over_and_after_a_date_may_not_be(
    desk, officer, end, ongoing
):
    case, _ = documented_case(officer, when="2022", document=None)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.MONITORING)
    Act.objects.filter(case=case).update(**date_columns("end", parse_uncertain_date(end)))
    today = date(2024, 1, 1)
    assert detained_defender_case_count(country="TJ", today=today) == int(ongoing)
