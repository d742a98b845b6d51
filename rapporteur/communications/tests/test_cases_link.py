"""Communications and cases: drafting from a case, consent read live from the case,
need-to-know on links, the case's Interventions list, press releases with their
visit, and a canary name from a case that must reach no public page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.cases.models import Person
from rapporteur.cases.services import records
from rapporteur.communications.content import open_communication
from rapporteur.communications.models import Communication, State
from rapporteur.communications.services import ConsentMissing, workflow
from rapporteur.testing import communications as helpers
from rapporteur.testing.cases import desk_keys_of, documented_case, sign_in_with_keys

pytestmark = pytest.mark.django_db
NAME = "Buzurgmehr Yorov"


@pytest.fixture
def case(case_desk, officer):
    found, _ = documented_case(officer, name=NAME, document=None)
    return found


def _draft(client, case, **extra):
    data = {"kind": "UA", "language": "en", "addressee_code": "TJK", **extra}
    response = client.post(reverse("communications_desk:from_case", args=[case.pk]), data)
    assert response.status_code == 302, response.content[:500]
    return Communication.objects.latest("id")


def test_draft_from_case_prefills_facts_and_persons(case, officer):
    comm = _draft(sign_in_with_keys(officer), case)
    opened = open_communication(communication=comm, desk_keys=desk_keys_of(officer))
    (fact,) = opened.content.facts
    assert fact.startswith("In spring 2022, [[person:1]] was arrested in Khujand.")
    assert "The authorities reportedly invoked Article 307 " in fact
    (person,) = opened.persons
    victim = case.persons.get()
    assert (person.name, person.case_person_id, person.consent) == (NAME, victim.pk, False)
    assert person.description == "a human rights defender (Lawyers)"
    assert list(comm.cases.all()) == [case]
    assert set(comm.acts.all()) == set(case.acts.all())
    assert comm.addressee_code == "TJK" and comm.state == State.DRAFT


def test_draft_from_case_in_russian(case, officer):
    comm = _draft(sign_in_with_keys(officer), case, language="ru")
    opened = open_communication(communication=comm, desk_keys=desk_keys_of(officer))
    assert opened.content.facts[0].startswith(
        "Весной 2022 года в Худжанде [[person:1]] был задержан."
    )
    assert "власти сослались на следующие положения: Статья 307 " in opened.content.facts[0]


def test_consent_read_live_from_the_case_blocks_then_unblocks_sending(
    case, officer, rapporteur_user
):
    from rapporteur.communications.content import DraftContent
    from rapporteur.communications.services import drafting

    comm = _draft(sign_in_with_keys(officer), case)
    keys = desk_keys_of(officer)
    opened = open_communication(communication=comm, desk_keys=keys)
    # Staff typed the name into the text: readable without consent, so blocked.
    drafting.set_body(
        communication=comm,
        acting_user=officer,
        content=DraftContent(
            subject=opened.content.subject,
            facts=opened.content.facts,
            body=f"We write about {NAME}, arrested in spring 2022.",
        ),
    )
    workflow.move(communication=comm, acting_user=officer, to=State.REVIEW)
    approve = {
        "communication": comm,
        "acting_user": rapporteur_user,
        "to": State.APPROVED,
        "desk_keys": desk_keys_of(rapporteur_user),
    }
    with pytest.raises(ConsentMissing):
        workflow.move(**approve)
    victim = Person.objects.get(pk=opened.persons[0].case_person_id)
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="yes")
    assert open_communication(communication=comm, desk_keys=keys).persons[0].consent is True
    workflow.move(**approve)
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="no")
    with pytest.raises(ConsentMissing):
        workflow.send(communication=comm, acting_user=officer, desk_keys=keys, sent_on=date.today())
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="yes")
    sent = workflow.send(
        communication=comm, acting_user=officer, desk_keys=keys, sent_on=date.today()
    )
    assert sent.reference.startswith("UA TJK ")


def test_consent_withdrawn_on_the_case_blocks_again(case, officer, rapporteur_user):
    victim = case.persons.get()
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="yes")
    client = sign_in_with_keys(officer)
    comm = _draft(client, case)
    detail = reverse("communications_desk:detail", args=[comm.pk])
    assert NAME in client.get(detail).content.decode()  # named in the rendered letter
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="no")
    text = client.get(detail).content.decode()
    letter = text.split('class="letter"')[1]
    assert NAME not in letter  # described, not named, as soon as the case says no


def test_consent_recorded_through_the_case_page(case, officer):
    victim = case.persons.get()
    client = sign_in_with_keys(officer)
    url = reverse("cases:person_consent", args=[case.pk])
    assert client.post(url, {"person": victim.pk, "consent": "yes"}).status_code == 302
    victim.refresh_from_db()
    assert victim.consent_to_name == "yes"


def test_officer_who_cannot_see_a_case_cannot_draft_from_it_or_link_it(
    case, officer, other_officer
):
    outsider = sign_in_with_keys(other_officer)
    url = reverse("communications_desk:from_case", args=[case.pk])
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(url, {"kind": "UA", "language": "en", "addressee_code": "TJK"}).status_code
        == 404
    )
    comm = _draft(sign_in_with_keys(officer), case)
    comm.cases.clear()
    links = reverse("communications_desk:links", args=[comm.pk])
    for action in ("link", "unlink", "acts"):
        response = outsider.post(links, {"case": case.pk, "action": action})
        assert response.status_code == 404, action
    assert not comm.cases.exists()
    assert outsider.post(links, {"case": "not a number"}).status_code == 404


def test_linked_case_listed_only_to_those_who_may_see_it(case, officer, other_officer):
    owner = sign_in_with_keys(officer)
    comm = _draft(owner, case)
    comm.cases.clear()
    links = reverse("communications_desk:links", args=[comm.pk])
    assert owner.post(links, {"case": case.pk, "action": "link"}).status_code == 302
    assert list(comm.cases.all()) == [case]
    case_url = reverse("cases:detail", args=[case.pk])
    detail = reverse("communications_desk:detail", args=[comm.pk])
    assert case_url in owner.get(detail).content.decode()
    outsider = sign_in_with_keys(other_officer)
    for url in (detail, links):
        text = outsider.get(url).content.decode()
        assert case_url not in text and f"Case {case.pk}<" not in text, url


def test_acts_chosen_and_case_unlinked(case, officer):
    owner = sign_in_with_keys(officer)
    comm = _draft(owner, case)
    links = reverse("communications_desk:links", args=[comm.pk])
    owner.post(links, {"case": case.pk, "action": "acts"})  # no act ticked
    assert not comm.acts.exists() and comm.cases.exists()
    act = case.acts.get()
    owner.post(links, {"case": case.pk, "action": "acts", "act": [act.pk]})
    assert list(comm.acts.all()) == [act]
    owner.post(links, {"case": case.pk, "action": "unlink"})
    assert not comm.cases.exists() and not comm.acts.exists()


def test_case_page_lists_linked_communications(case, officer, rapporteur_user):
    comm = _draft(sign_in_with_keys(officer), case)
    text = sign_in_with_keys(rapporteur_user).get(reverse("cases:detail", args=[case.pk]))
    text = text.content.decode()
    assert reverse("communications_desk:detail", args=[comm.pk]) in text
    assert "Urgent appeal" in text and "Draft a communication from this case" in text


def _published_from_case(case, officer, rapporteur_user):
    comm = helpers.sent(
        _draft(sign_in_with_keys(officer), case),
        officer=officer,
        rapporteur=rapporteur_user,
        keys=desk_keys_of(officer),
        on=timezone.localdate() - timedelta(days=70),
    )
    comm = helpers.published(comm, rapporteur=rapporteur_user)
    assert comm.state == State.PUBLISHED
    return comm


def _published_release(officer, rapporteur_user, **release):
    """A press release saved by the officer, approved and published by the rapporteur."""
    return helpers.published_release(drafter=officer, approver=rapporteur_user, **release)


def test_press_release_shows_its_visit_and_published_communications_only(
    case, officer, rapporteur_user, client
):
    from rapporteur.testing.visits import make_visit

    published = _published_from_case(case, officer, rapporteur_user)
    draft = _draft(sign_in_with_keys(officer), case)
    visit = make_visit()
    release = _published_release(
        officer,
        rapporteur_user,
        versions={"en": ("On Tajikistan", "Text."), "ru": ("", ""), "tg": ("", "")},
        communications=[published, draft],
        visit=visit,
    )
    url = reverse("communications:press_detail", args=[release.pk])
    text = client.get(url).content.decode()
    assert reverse("communications:detail", args=[published.pk]) in text
    assert reverse("communications:detail", args=[draft.pk]) not in text
    assert reverse("tracker:visit", args=[visit.pk]) in text
    visit.published = False
    visit.save(update_fields=["published"])
    assert reverse("tracker:visit", args=[visit.pk]) not in client.get(url).content.decode()


def test_public_pages_never_show_a_name_drawn_from_a_case(
    case_desk, officer, rapporteur_user, client
):
    canary = "Canarycase Secretovich"
    found, _ = documented_case(officer, name=canary, document=None)
    victim = found.persons.get()
    records.set_consent(case=found, acting_user=officer, person=victim, consent_to_name="yes")
    comm = _published_from_case(found, officer, rapporteur_user)
    release = _published_release(
        officer,
        rapporteur_user,
        versions={"en": ("Statement", "On a defender."), "ru": ("", ""), "tg": ("", "")},
        communications=[comm],
    )
    pages = [
        reverse("communications:report"),
        reverse("communications:detail", args=[comm.pk]),
        reverse("communications:export_csv"),
        reverse("communications:export_json"),
        reverse("communications:feed"),
        reverse("communications:press_list"),
        reverse("communications:press_detail", args=[release.pk]),
        reverse("communications:press_feed"),
    ]
    texts = {url: client.get(url).content.decode() for url in pages}
    assert comm.reference in texts[pages[1]]
    for url, text in texts.items():
        for part in canary.split():
            assert part not in text, url


def test_facts_from_a_case_are_sentences_in_the_letters_language(case_desk, officer):
    from rapporteur.testing.cases import add_act, case_writer, term

    case, _ = documented_case(officer, name=NAME, place="Худжанд", when="2022-03-03", document=None)
    victim = case.persons.get()
    Person.objects.filter(pk=victim.pk).update(sex="020000000000")  # a woman defender
    add_act(
        case_writer(case, officer),
        event=case.events.get(),
        kind="search_home_office",
        victim=victim,
        start="2022-03",
        place="Хуҷанд",
        region=term("regions", "tj_sughd"),
        perpetrators=[
            {"perpetrator_type": term("types_of_perpetrators", "state_security_committee")}
        ],
    )
    client = sign_in_with_keys(officer)
    facts = {}
    for language in ("en", "ru"):
        comm = _draft(client, case, language=language)
        facts[language] = open_communication(
            communication=comm, desk_keys=desk_keys_of(officer)
        ).content.facts
    # Oldest first: "March 2022" may be 1 March, so it comes before 3 March.
    assert facts["en"] == [
        "In March 2022, [[person:1]] had their home or office searched by officers of the "
        "State Security Committee in Khujand (Sughd Region).",
        "On 3 March 2022, [[person:1]] was arrested in Khujand. The authorities reportedly "
        "invoked Article 307 (public calls for violent change of the constitutional order).",
    ]
    assert facts["ru"][0] == (
        "В марте 2022 года в Худжанде (Согдийская область) [[person:1]] подверглась обыску "
        "жилища или офиса со стороны сотрудников Государственного комитета национальной "
        "безопасности."
    )
    assert facts["ru"][1].startswith("3 марта 2022 года в Худжанде [[person:1]] была задержана.")
    # No consent on the case: the letter describes her, and says so in sentences.
    page = client.get(reverse("communications_desk:detail", args=[comm.pk])).content.decode()
    letter = page.split('<article class="letter"')[1].split("</article>")[0]
    assert "правозащитница (Юристы) была задержана" in letter
    assert NAME not in letter and "; date:" not in letter and "Арест:" not in letter
