"""A real Chromium with JavaScript off, through the whole life of an urgent appeal:
an officer drafts it (the person described, not named), the rapporteur approves,
the officer records it as sent, registers a late partial reply, the rapporteur
publishes, and a reader finds it on the public report in the Tajik interface.
Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest

from rapporteur.testing.browser import choose_language, html, public_page, shot, signed_in_page
from rapporteur.testing.vault import initialise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Zarina Nazarova"  # fictional; no consent, so never in the letter or in public
DESCRIPTION = "a woman human rights defender, a lawyer from Dushanbe"


def draft_urgent_appeal(
    desk, *, paragraphs: tuple[str, ...], questions: str, name: str, description: str
) -> str:
    """Draft an urgent appeal to Tajikistan on the arrest of one person concerned,
    through the desk's own forms; the letter's page address."""
    desk.goto("/desk/communications/new/")
    desk.select_option("#id_kind", "UA")
    desk.select_option("#id_language", "en")
    desk.select_option("#id_addressee_code", "TJK")
    for paragraph in paragraphs:
        desk.check(f"input[name=legal_paragraphs][value={paragraph}]")
    desk.fill("#id_subject", "the arrest of [[person:1]]")
    desk.fill("#id_facts", "On 3 May 2022, [[person:1]] was arrested without a warrant.")
    desk.fill("#id_questions", questions)
    desk.click("main button[type=submit]")
    assert "/desk/communications/" in desk.url
    detail_url = desk.url
    desk.click("text=Add a person concerned")
    desk.fill("#id_name", name)
    desk.fill("#id_description", description)
    desk.click("main button[type=submit]")
    return detail_url


def test_urgent_appeal_from_draft_to_the_tajik_public_report(
    chromium, live_server, seeded_library, rapporteur_user, officer
):
    initialise(rapporteur_user, officer)

    desk = signed_in_page(chromium, live_server, officer)
    desk.click("nav.staff >> text=Communications")
    detail_url = draft_urgent_appeal(
        desk,
        paragraphs=("declaration-hrd", "iccpr-9"),
        questions="Please provide the legal basis for the arrest of [[person:1]].",
        name=NAME,
        description=DESCRIPTION,
    )
    letter = desk.inner_text("article.letter")
    assert DESCRIPTION in letter and NAME not in letter
    # Typeset, not a text dump: a serif face, the question in a real list, numbered once
    # by the browser, and no markup marker on the page.
    font = desk.eval_on_selector("article.letter", "e => getComputedStyle(e).fontFamily")
    assert "serif" in font and "mono" not in font
    assert desk.locator("article.letter ol > li").all_inner_texts() == [
        f"Please provide the legal basis for the arrest of {DESCRIPTION}."
    ]
    assert "# " not in letter and "1. 1." not in letter and "---" not in letter
    assert desk.locator("article.letter section.annex h3").inner_text().startswith("Annex:")
    desk.click("text=Submit for review")
    assert desk.inner_text("#state") == "In review"
    shot(desk, "communications-1-draft-in-review")

    chief = signed_in_page(chromium, live_server, rapporteur_user)
    chief.goto(detail_url)
    chief.click("text=Approve (rapporteur)")
    assert chief.inner_text("#state") == "Approved"

    desk.goto(detail_url)
    desk.fill("#id_sent_on", "2022-05-12")
    desk.click("text=Record as sent")
    assert desk.inner_text("#reference") == "UA TJK 1/2022"
    assert "2022-07-11" in html(desk)  # 60 days after sending
    desk.fill("#id_received_on", "2022-07-20")
    desk.select_option("#id_assessment", "partial")
    desk.fill("#id_text", "The Government notes that the lawyer was released on bail.")
    desk.click("text=Register the reply")
    replies = desk.inner_text("main")
    assert "2022-07-20 — Partial — late" in replies
    shot(desk, "communications-2-sent-with-late-partial-reply")

    chief.goto(detail_url)
    chief.click("text=Publish (rapporteur)")
    assert chief.inner_text("#state") == "Published"
    shot(chief, "communications-3-published")
    chief.context.close()
    desk.context.close()

    public = public_page(chromium, live_server, language="tg")
    assert public.locator("html").get_attribute("lang") == "tg"
    public.click("text=Номаҳо ба Давлатҳо ва ҷавобҳои онҳо")
    assert public.locator("h1").inner_text() == "Муроҷиатҳо ба Давлатҳо"
    public.select_option("#f-state", "TJK")
    public.select_option("#f-year", "2022")
    public.click("form.filters button[type=submit]")
    assert "state=TJK" in public.url and "year=2022" in public.url
    public.click("text=UA TJK 1/2022")
    page = html(public)
    assert "The Government notes that the lawyer was released on bail." in page
    assert DESCRIPTION in page and NAME not in page
    assert public.locator("html").get_attribute("lang") == "tg"
    shot(public, "communications-4-public-report-tajik")
    public.context.close()


def test_a_name_typed_in_another_script_blocks_approval_and_shows_the_words(
    chromium, live_server, seeded_library, rapporteur_user, officer
):
    """The issue's case: a person recorded as "Рустам Назаров (вымышленный)" without
    consent, named by hand as "Rustam Nazarov" and "Назарову". The officer sees which
    words match and why, in English and in Russian; the rapporteur cannot approve."""
    initialise(rapporteur_user, officer)
    desk = signed_in_page(chromium, live_server, officer)
    detail_url = draft_urgent_appeal(
        desk,
        paragraphs=("declaration-hrd",),
        questions="",
        name="Рустам Назаров (вымышленный)",
        description="a journalist from Khujand",
    )
    desk.click("text=Edit the text of the letter")
    body = desk.input_value("#id_body")
    desk.fill("#id_body", body + "\n\nRustam Nazarov thanks you; we wrote to Назарову.\n")
    desk.click("main button[type=submit]")
    warning = desk.inner_text("#consent-warning")
    assert "“Rustam Nazarov”" in warning and "matches Рустам Назаров (вымышленный)" in warning
    assert "other script" in warning and "surname only, inflected form" in warning
    shot(desk, "communications-5-consent-block-matched-words")
    desk.click("text=Submit for review")

    chief = signed_in_page(chromium, live_server, rapporteur_user)
    chief.goto(detail_url)
    chief.click("text=Approve (rapporteur)")
    assert chief.inner_text("#state") == "In review"
    assert "Blocked: 1 person(s) named in the letter" in chief.inner_text("ul.messages")
    choose_language(chief, "ru")
    warning = chief.inner_text("#consent-warning")
    assert "другая письменность" in warning and "только фамилия, падежная форма" in warning
    shot(chief, "communications-6-consent-block-russian")
    chief.context.close()
    desk.context.close()
