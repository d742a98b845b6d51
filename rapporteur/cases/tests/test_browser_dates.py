"""A real Chromium, in English, Russian and Tajik: an officer triages two submissions
(one "when" the desk can read, one it cannot), then adds acts whose dates are written
as people write them; what was not understood is saved, kept as written, and said so.
Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.cases.models import Act, Case
from rapporteur.intake.models import Submission
from rapporteur.testing.browser import choose_language, shot, sign_in
from rapporteur.testing.cases import ensure_vocabularies, term
from rapporteur.testing.intake import receipt_in, submit
from rapporteur.testing.vault import initialise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNREAD_WHEN = "на следующий день после выборов"


def _submission(when: str) -> Submission:
    receipt_in(
        submit(
            Client(),
            person_name="Давлат Назаров",
            act_kind="detention",
            event_dates=when,
            narrative="Боздошт пас аз видео.",
        )
    )
    return Submission.objects.order_by("-id").first()  # type: ignore[return-value]


def test_triage_and_the_act_form_read_dates_as_written_in_three_languages(
    page, rapporteur_user, officer
):
    ensure_vocabularies()
    initialise(rapporteur_user, officer)
    readable, unreadable = _submission("середина марта 2022"), _submission(UNREAD_WHEN)

    sign_in(page, officer)

    choose_language(page, "ru")
    page.goto("/desk/cases/triage/")
    for submission in (readable, unreadable):
        page.check(f"input[name=submissions][value='{submission.pk}']")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/desk/cases/*/")
    case = Case.objects.get()
    text = page.inner_text("main")
    assert "середина марта 2022 г." in text
    assert f"дата как записано: «{UNREAD_WHEN}» (не распознана)" in text
    assert UNREAD_WHEN in page.inner_text("ul.messages li.warning")
    shot(page, "cases-dates-1-triaged-ru")

    written = {"en": "10-15.03.2022", "ru": "31.02.2022", "tg": "аввали моҳи марти 2022"}
    shown = {
        "en": "10–15 March 2022",
        "ru": "дата как записано: «31.02.2022» (не распознана)",
        "tg": "аввали марти 2022",
    }
    for language, when in written.items():
        choose_language(page, language)
        page.goto(f"/desk/cases/{case.pk}/acts/add/")
        page.select_option("#id_act_type", str(term("types_of_acts", "arrest").pk))
        page.fill("#id_start", when)
        shot(page, f"cases-dates-2-act-form-{language}")
        page.click("main form button[type=submit]")
        page.wait_for_url(f"**/desk/cases/{case.pk}/")
        assert shown[language] in page.inner_text("main")
        shot(page, f"cases-dates-3-case-page-{language}")
    notice = page.locator("ul.messages li.warning")
    assert notice.count() == 0  # the Tajik date was understood
    assert Act.objects.filter(case=case, start_precision="unknown").count() == 2
    assert Act.objects.filter(case=case, start_precision="range").count() == 3
