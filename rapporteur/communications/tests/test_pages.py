"""Through HTTP with unlocked staff sessions: the whole life of a letter, outputs
parsed back, feeds and exports, the calendar feed and its revocation, and a canary
name that must never reach any public page, feed or export."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.communications.models import Communication, State

pytestmark = pytest.mark.django_db
CANARY = "Canaryname Secretova"


@pytest.fixture
def published(make_communication, officer, rapporteur_user, unlocked):
    """A letter sent 70 days ago with a late partial reply, published through the views."""
    comm = make_communication(name=CANARY, consent=True, code="TJK")
    desk_client, boss = unlocked(officer), unlocked(rapporteur_user)
    detail = reverse("communications_desk:detail", kwargs={"communication_id": comm.pk})
    assert CANARY in desk_client.get(detail).content.decode()
    desk_client.post(reverse("communications_desk:move", args=[comm.pk]), {"to": "review"})
    assert boss.post(reverse("communications_desk:approve", args=[comm.pk])).status_code == 302
    sent_on = timezone.localdate() - timedelta(days=70)
    desk_client.post(reverse("communications_desk:send", args=[comm.pk]), {"sent_on": sent_on})
    desk_client.post(
        reverse("communications_desk:reply", args=[comm.pk]),
        {
            "received_on": sent_on + timedelta(days=65),
            "assessment": "partial",
            "text": f"{CANARY} is under investigation.",
        },
    )
    boss.post(reverse("communications_desk:publish", args=[comm.pk]))
    comm.refresh_from_db()
    assert comm.state == State.PUBLISHED
    return comm


def test_outsider_roles_cannot_approve(client_for, make_communication, officer, analyst):
    comm = make_communication()
    url = reverse("communications_desk:approve", args=[comm.pk])
    assert client_for(officer).post(url).status_code == 403
    assert client_for(analyst).post(url).status_code == 403


def test_public_report_feeds_and_exports_hold_no_confidential_name(client, published):
    comm = published
    pages = [
        reverse("communications:report"),
        reverse("communications:report") + "?state=TJK&year=" + str(comm.ref_year),
        reverse("communications:detail", args=[comm.pk]),
        reverse("communications:export_csv"),
        reverse("communications:export_json"),
        reverse("communications:feed"),
        reverse("communications:about"),
        reverse("communications:press_list"),
        reverse("communications:press_feed"),
    ]
    texts = {url: client.get(url).content.decode() for url in pages}
    assert comm.reference in texts[pages[1]] and comm.reference in texts[pages[2]]
    assert "under investigation" in texts[pages[2]]
    for url, text in texts.items():
        for part in CANARY.split():
            assert part not in text, url
    rows = json.loads(texts[pages[4]])["communications"]
    assert rows[0]["reference"] == comm.reference and rows[0]["replies"] == 1


def test_atom_feeds_validate(client, published):
    for name in ("communications:feed", "communications:press_feed"):
        parsed = feedparser.parse(client.get(reverse(name)).content)
        assert not parsed.bozo, parsed.bozo_exception
    parsed = feedparser.parse(client.get(reverse("communications:feed")).content)
    assert parsed.entries[0].title.startswith(published.reference)


def test_unpublished_is_not_public(client, make_communication):
    comm = make_communication()
    assert client.get(reverse("communications:detail", args=[comm.pk])).status_code == 404


def test_docx_and_pdf_letters_parse_back(make_communication, officer, unlocked):
    import docx
    import pypdf

    comm = make_communication(consent=True)
    desk_client = unlocked(officer)
    data = desk_client.get(reverse("communications_desk:letter", args=[comm.pk, "docx"])).content
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Zarina Nazarova" in text and "Palais des Nations" in text
    data = desk_client.get(reverse("communications_desk:letter", args=[comm.pk, "pdf"])).content
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Zarina Nazarova" in pdf_text and "60 days" in pdf_text


def test_sending_blocked_through_the_view(make_communication, officer, rapporteur_user, unlocked):
    comm = make_communication(consent=False, subject="the arrest of Zarina Nazarova")
    desk_client, boss = unlocked(officer), unlocked(rapporteur_user)
    desk_client.post(reverse("communications_desk:move", args=[comm.pk]), {"to": "review"})
    response = boss.post(reverse("communications_desk:approve", args=[comm.pk]), follow=True)
    page = response.content.decode()
    assert "Blocked: 1 person(s) named in the letter" in page
    assert "“Zarina Nazarova” (line" in page and "the full name" not in page
    assert Communication.objects.get(pk=comm.pk).state == State.REVIEW
    comm.persons.update(consent_to_share_name=True)
    boss.post(reverse("communications_desk:approve", args=[comm.pk]))
    comm.persons.update(consent_to_share_name=False)  # withdrawn after approval
    response = desk_client.post(
        reverse("communications_desk:send", args=[comm.pk]), {"sent_on": "2022-05-12"}, follow=True
    )
    assert "Blocked: 1 person(s)" in response.content.decode()
    assert Communication.objects.get(pk=comm.pk).reference == ""


def test_dashboard_lists_and_ical_feed(
    make_communication, officer, rapporteur_user, unlocked, client
):
    from rapporteur.communications.models import Communication as C

    today = timezone.localdate()
    overdue = make_communication(consent=True)
    due = make_communication(consent=True)
    C.objects.filter(pk=overdue.pk).update(
        state=State.AWAITING_REPLY, sent_on=today - timedelta(days=70),
        reply_due_on=today - timedelta(days=10), reference="UA TJK 1/2022",
    )  # fmt: skip
    C.objects.filter(pk=due.pk).update(
        state=State.AWAITING_REPLY, sent_on=today - timedelta(days=60),
        reply_due_on=today, reference="UA TJK 2/2022",
    )  # fmt: skip
    desk_client = unlocked(officer)
    page = desk_client.get(reverse("communications_desk:list")).content.decode()
    overdue_part = page.split("Overdue")[1]
    assert "UA TJK 1/2022" in overdue_part and "UA TJK 2/2022" in page.split("Overdue")[0]
    response = desk_client.post(reverse("communications_desk:calendar"), {"action": "create"})
    url = response.context["url"]
    path = url[url.index("/communications/calendar/") :]
    calendar = icalendar.Calendar.from_ical(client.get(path).content)
    events = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    assert events["Reply due: UA TJK 1/2022"] == today - timedelta(days=10)
    assert events["Reply due: UA TJK 2/2022"] == today
    desk_client.post(reverse("communications_desk:calendar"), {"action": "revoke"})
    assert client.get(path).status_code == 404


def test_reply_statistics_page(client_for, analyst, make_communication):
    comm = make_communication()
    Communication.objects.filter(pk=comm.pk).update(
        state=State.AWAITING_REPLY, sent_on=date(2022, 1, 10), reply_due_on=date(2022, 3, 11)
    )
    page = client_for(analyst).get(reverse("communications_desk:stats") + "?year=2022")
    assert page.status_code == 200 and "TJK" in page.content.decode()


def test_public_report_in_tajik(client, published):
    client.post(reverse("set_language"), {"language": "tg", "next": "/"})
    page = client.get(reverse("communications:report")).content.decode()
    assert 'lang="tg"' in page and published.reference in page


def test_a_token_for_a_person_not_yet_added_is_explained_not_a_server_error(
    desk, officer, unlocked
):
    from rapporteur.communications.content import DraftContent
    from rapporteur.communications.services import drafting

    comm = drafting.create_draft(
        acting_user=officer, kind="UA", language="en", addressee_code="TJK",
        legal_paragraphs=["declaration-hrd"],
        content=DraftContent(subject="the arrest of [[person:1]]", facts=[], questions=[]),
    )  # fmt: skip
    desk_client = unlocked(officer)
    page = desk_client.get(reverse("communications_desk:detail", args=[comm.pk]))
    assert page.status_code == 200
    assert "[[person:1]] refers to no person" in page.content.decode()
    for fmt in ("docx", "pdf"):
        response = desk_client.get(reverse("communications_desk:letter", args=[comm.pk, fmt]))
        assert response.status_code == 302
    assert desk_client.get(reverse("communications_desk:body", args=[comm.pk])).status_code == 200


def test_public_letter_is_typeset_not_dumped(client, published):
    html = client.get(reverse("communications:detail", args=[published.pk])).content.decode()
    letter = html.split('<article class="letter" lang="en">')[1].split("</article>")[0]
    assert '<p class="letterhead">' in letter and "<ol><li>" in letter
    assert '<section class="annex"><h3>Annex: ' in letter
    assert "# Annex" not in html and "<pre" not in html
