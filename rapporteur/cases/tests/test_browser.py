"""A real Chromium: an officer signs in (password, then TOTP; the password step
unlocks the desk key), triages a Tajik submission into a new case, adds an act
under Criminal Code article 307, and finds the case by the victim's name written
in Latin. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.cases.models import Act, Case
from rapporteur.intake.models import Status, Submission
from rapporteur.testing.browser import html, shot, sign_in
from rapporteur.testing.cases import ensure_vocabularies, term
from rapporteur.testing.intake import receipt_in, submit
from rapporteur.testing.vault import initialise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_triage_add_act_with_law_and_find_by_name_in_the_other_script(
    page, rapporteur_user, officer
):
    ensure_vocabularies()
    initialise(rapporteur_user, officer)
    receipt_in(
        submit(
            Client(),
            person_name="Бузургмеҳр Ёров",
            person_role="lawyer",
            act_kind="arrest",
            event_dates="September 2015",
            event_places="Душанбе",
            narrative="Боздошт пас аз ҳимояи аъзои ҳизби оппозиционӣ.",
        )
    )
    submission = Submission.objects.get()

    sign_in(page, officer)

    page.click("nav.staff >> text=Triage")
    page.check(f"input[name=submissions][value='{submission.pk}']")
    shot(page, "cases-1-triage")
    page.click("button:has-text('Take into the case')")
    page.wait_for_url("**/desk/cases/*/")
    case = Case.objects.get()
    assert "Бузургмеҳр Ёров" in html(page)
    submission.refresh_from_db()
    assert submission.status == Status.IN_CASE

    page.click("text=Add an act")
    page.select_option("#id_event", index=1)  # the event the triage made
    page.select_option("#id_act_type", str(term("types_of_acts", "pre_trial_detention").pk))
    page.select_option("#id_victim", index=1)
    page.fill("#id_start", "autumn 2015")
    page.fill("#id_place", "Душанбе")
    provision = term("legal_provisions", "tj_cc_307")
    page.select_option("#id_legal_provisions", [str(provision.pk)])
    shot(page, "cases-2-act-form")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/desk/cases/{case.pk}/")
    act = Act.objects.get(case=case, act_type__key="pre_trial_detention")
    assert list(act.legal_provisions.all()) == [provision]
    assert act.start_precision == "season"
    assert provision.label_en in html(page)
    shot(page, "cases-3-case-page")

    page.goto("/desk/cases/search/")
    page.fill("#id_q", "Buzurgmehr Yorov")
    page.click("main form button[type=submit]")
    assert page.inner_text("#result-count") == "1 case found."
    assert page.locator(f"a[href='/desk/cases/{case.pk}/']").count() >= 1
    shot(page, "cases-4-search-latin")
