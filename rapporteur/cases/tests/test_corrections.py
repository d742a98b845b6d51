"""Correcting records: every kind of record can be edited and deleted by those who
may write on the case, with a history row (a sealed tombstone for a delete) and an
audit entry; nobody else can, and a record others depend on is never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import selectors
from rapporteur.cases.models import (
    Act,
    Change,
    Event,
    Information,
    Intervention,
    Involvement,
    Person,
    Task,
    Term,
)
from rapporteur.cases.services import corrections, records
from rapporteur.testing.cases import (
    add_act,
    case_writer,
    desk_keys_of,
    documented_case,
    record_samples,
    sign_in_with_keys,
    term,
)
from rapporteur.vault import sealing as vault_sealing

pytestmark = pytest.mark.django_db

KINDS = ["event", "act", "person", "involvement", "information", "intervention", "task"]
MODELS = {
    "event": Event,
    "act": Act,
    "person": Person,
    "involvement": Involvement,
    "information": Information,
    "intervention": Intervention,
    "task": Task,
}


@pytest.fixture
def case(case_and_document, officer):
    found, _ = case_and_document
    return found


@pytest.fixture
def samples(case, officer):
    return record_samples(case, officer)


def _degree(code: str = "010100000000") -> Term:
    return Term.objects.get(list_name="degrees_of_involvement", code=code)


def _edit_data(kind: str, case, samples) -> tuple[dict, str, object]:
    """A valid edit form for each kind, the field it changes and its new value."""
    person = str(samples["person_id"])
    if kind == "event":
        return (
            {"title": "Pre-trial detention", "description": "", "follows": ""},
            "title",
            ("Pre-trial detention"),
        )
    if kind == "act":
        data = {
            "event": samples["event_id"],
            "act_type": term("types_of_acts", "arrest").pk,
            "victim": person,
            "start": "spring 2022",
            "end": "",
            "place": "Душанбе",
            "stated_reason": "public calls",
            "legal_provisions": [term("legal_provisions", "tj_cc_307").pk],
        }
        return data, "place", "Душанбе"
    if kind == "person":
        data = {
            "kind": "individual",
            "name": "Buzurgmehr Yorov",
            "description": "",
            "other_names": "Бузургмеҳр Ёров",
            "contacts": "",
            "narrative": "",
            "protection_needs": "",
            "age_group": "",
            "consent_to_name": "unknown",
        }
        return data, "other_names", "Бузургмеҳр Ёров"
    if kind == "involvement":
        data = {"perpetrator": "", "perpetrator_type": term("types_of_perpetrators", "court").pk}
        return data, "perpetrator_type", "010300000000"
    if kind == "information":
        return {"summary": "Told by his brother", "source": ""}, "summary", "Told by his brother"
    if kind == "intervention":
        return {"description": "Allegation letter sent"}, "description", "Allegation letter sent"
    return {"text": "Ask for the verdict", "due_on": "2022-08-01"}, "due_on", "2022-08-01"


def _url(kind: str, action: str, case, record_id: int) -> str:
    return reverse(f"cases:{kind}_{action}", args=[case.pk, record_id])


@pytest.mark.parametrize("kind", KINDS)
def test_edit_shows_the_stored_values_and_writes_history_and_audit(kind, case, samples, colleague):
    record_id = samples[f"{kind}_id"]
    client = sign_in_with_keys(colleague)
    form = client.get(_url(kind, "edit", case, record_id))
    assert form.status_code == 200
    data, field, new = _edit_data(kind, case, samples)
    response = client.post(_url(kind, "edit", case, record_id), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = MODELS[kind].objects.get(pk=record_id)
    stored = corrections.snapshot(record, desk_keys_of(colleague))
    assert stored[field] == new
    change = Change.objects.filter(
        case=case, record_type=kind, record_id=record_id, action="change"
    ).get()
    details = vault_sealing.open_record(change, desk_keys_of(colleague))["changes"]
    assert details[field][1] == new and details[field][0] != new
    entry = AuditEntry.objects.filter(tag=AuditTag.CASE_RECORD_CHANGED).last()
    assert entry.extras["record_id"] == record_id and entry.extras["record"] == kind


def test_edit_form_is_filled_with_the_decrypted_record(case, samples, officer):
    client = sign_in_with_keys(officer)
    page = client.get(_url("act", "edit", case, samples["act_id"])).content.decode()
    assert 'value="Хуҷанд"' in page and "public calls" in page
    assert 'value="spring 2022"' in page  # the date as words, read back by cases.dates
    person = client.get(_url("person", "edit", case, samples["person_id"])).content.decode()
    assert 'value="Buzurgmehr Yorov"' in person and "relocation" in person


def test_edit_without_a_change_writes_no_history(case, samples, officer):
    client = sign_in_with_keys(officer)
    before = Change.objects.count()
    client.post(
        _url("task", "edit", case, samples["task_id"]), {"text": "Call the lawyer", "due_on": ""}
    )
    assert Change.objects.count() == before


def test_invalid_edit_changes_nothing(case, samples, officer):
    client = sign_in_with_keys(officer)
    before = Change.objects.count()
    act = Act.objects.get(pk=samples["act_id"])
    response = client.post(
        _url("act", "edit", case, act.pk),
        {"event": samples["event_id"], "act_type": "", "start": "the thirty-third of Maybe"},
    )
    assert response.status_code == 200 and b'class="error"' in response.content
    assert Change.objects.count() == before
    act.refresh_from_db()
    assert act.act_type == term("types_of_acts", "arrest")


def _record_without_dependents(kind: str, case, owner, samples):
    writer = case_writer(case, owner)
    if kind == "event":
        return records.add_event(**writer, title="Hearing")
    if kind == "act":
        event = Event.objects.get(pk=samples["event_id"])
        return add_act(writer, event=event, kind="arrest", start="2023", place="Кулоб")
    if kind == "person":
        return records.add_person(**writer, data={"name": "Гулрухсор Сафиева"})
    return MODELS[kind].objects.get(pk=samples[f"{kind}_id"])


@pytest.mark.parametrize("kind", KINDS)
def test_delete_asks_first_then_leaves_a_sealed_tombstone(kind, case, samples, officer):
    record = _record_without_dependents(kind, case, officer, samples)
    keys = desk_keys_of(officer)
    expected = corrections.snapshot(record, keys)
    client = sign_in_with_keys(officer)
    url = _url(kind, "delete", case, record.pk)
    question = client.get(url)
    assert question.status_code == 200
    page = question.content.decode()
    assert '<button type="submit" class="danger">Delete</button>' in page
    assert MODELS[kind].objects.filter(pk=record.pk).exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not MODELS[kind].objects.filter(pk=record.pk).exists()
    tombstone = Change.objects.get(
        case=case, record_type=kind, record_id=record.pk, action="deleted"
    )
    assert vault_sealing.open_record(tombstone, keys)["changes"] == expected
    for value in expected.values():
        if isinstance(value, str) and len(value) > 3:
            assert value.encode() not in bytes(tombstone.envelope)
    entry = AuditEntry.objects.filter(tag=AuditTag.CASE_RECORD_DELETED).get()
    assert entry.extras == {"record": kind, "record_id": record.pk, "action": "deleted"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_outsider_gets_404_and_reader_403(kind, action, case, samples, other_officer, reader):
    record_id = samples[f"{kind}_id"]
    url = _url(kind, action, case, record_id)
    before = (Change.objects.count(), MODELS[kind].objects.count())
    data, _, _ = _edit_data(kind, case, samples)
    outsider = sign_in_with_keys(other_officer)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, data).status_code == 404
    member = sign_in_with_keys(reader)
    assert member.get(url).status_code == 403
    assert member.post(url, data).status_code == 403
    assert (Change.objects.count(), MODELS[kind].objects.count()) == before


@pytest.mark.parametrize("kind", KINDS)
def test_record_of_another_case_is_404(kind, case, samples, officer):
    """The owner of both cases still gets 404 when the ids do not belong together."""
    other, _ = documented_case(officer, name="Alisher Karimov", document=None)
    record_id = samples[f"{kind}_id"]
    client = sign_in_with_keys(officer)
    for action in ("edit", "delete"):
        url = _url(kind, action, other, record_id)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert MODELS[kind].objects.filter(pk=record_id).exists()


def _letter_naming(person: Person, owner) -> None:
    from rapporteur.communications.models import Communication, PersonConcerned
    from rapporteur.vault.sealing import seal_record
    from rapporteur.vault.selectors import current_desk_key

    key = current_desk_key()
    letter = Communication.objects.create(
        kind="UA", addressee_code="TJK", created_by=owner, desk_key=key,
        envelope=seal_record(data={"subject": "x"}, desk_key=key),
    )  # fmt: skip
    PersonConcerned.objects.create(
        communication=letter, position=1, case_person=person, desk_key=key,
        envelope=seal_record(data={"name": "x"}, desk_key=key),
    )  # fmt: skip


def _dependent(what: str, case, owner, samples):
    """A record that others depend on, and the words the refusal must use."""
    writer = case_writer(case, owner)
    if what == "event with acts":
        return "event", samples["event_id"], "Acts belong to this event"
    if what == "event followed":
        first = records.add_event(**writer, title="Arrest")
        records.add_event(**writer, title="Trial", follows=first)
        return "event", first.pk, "Other events follow this event"
    if what == "act with perpetrators":
        return "act", samples["act_id"], "Perpetrators are named in this act"
    if what == "act cited in a letter":
        from rapporteur.communications.models import Communication
        from rapporteur.vault.sealing import seal_record
        from rapporteur.vault.selectors import current_desk_key

        Involvement.objects.filter(act_id=samples["act_id"]).delete()
        key = current_desk_key()
        letter = Communication.objects.create(
            kind="AL", addressee_code="TJK", created_by=owner, desk_key=key,
            envelope=seal_record(data={"subject": "x"}, desk_key=key),
        )  # fmt: skip
        letter.acts.add(samples["act_id"])
        return "act", samples["act_id"], "A communication to a State cites this act"
    if what == "victim":
        return "person", samples["person_id"], "victim of an act"
    if what == "perpetrator":
        perpetrator = Involvement.objects.get(pk=samples["involvement_id"]).perpetrator
        return "person", perpetrator.pk, "named as a perpetrator"
    if what == "source":
        source = records.add_person(**writer, data={"name": "Source"})
        Information.objects.filter(pk=samples["information_id"]).update(source=source)
        return "person", source.pk, "source of information"
    # a person named in a letter to a State
    person = records.add_person(**writer, data={"name": "P"})
    _letter_naming(person, owner)
    return "person", person.pk, "A communication to a State names this person"


@pytest.mark.parametrize(
    "what",
    [
        "event with acts",
        "event followed",
        "act with perpetrators",
        "act cited in a letter",
        "victim",
        "perpetrator",
        "source",
        "named in a letter",
    ],
)
def test_delete_of_a_record_others_depend_on_is_refused_and_changes_nothing(
    what, case, samples, officer
):
    kind, record_id, reason = _dependent(what, case, officer, samples)
    client = sign_in_with_keys(officer)
    url = _url(kind, "delete", case, record_id)
    question = client.get(url).content.decode()
    assert reason in question and 'class="danger"' not in question
    counts = {model: model.objects.count() for model in MODELS.values()}
    history = Change.objects.count()
    response = client.post(url, follow=True)
    assert reason in response.content.decode()
    assert {model: model.objects.count() for model in MODELS.values()} == counts
    assert Change.objects.count() == history
    assert not AuditEntry.objects.filter(tag=AuditTag.CASE_RECORD_DELETED).exists()
    assert case.persons.count() == counts[Person] or kind != "person"


def test_person_on_another_case_is_only_taken_off_this_one(case, samples, officer):
    keys = desk_keys_of(officer)
    person = records.add_person(**case_writer(case, officer, keys), data={"name": "Q"})
    other, _ = documented_case(officer, name="Alisher Karimov", document=None)
    records.link_person(case=other, acting_user=officer, person=person)
    client = sign_in_with_keys(officer)
    assert client.post(_url("person", "delete", case, person.pk)).status_code == 302
    assert Person.objects.filter(pk=person.pk, cases=other).exists()
    assert not case.persons.filter(pk=person.pk).exists()
    row = Change.objects.get(case=case, record_type="person", record_id=person.pk, action="unlink")
    assert vault_sealing.open_record(row, keys)["changes"]["name"] == "Q"


def test_search_follows_an_edited_name_and_a_deleted_person(case, samples, officer):
    keys = desk_keys_of(officer)
    client = sign_in_with_keys(officer)

    def found(query: str) -> bool:
        return selectors.search_cases(officer, query=query, desk_keys=keys).exists()

    person = records.add_person(**case_writer(case, officer, keys), data={"name": "Zafar Nazarov"})
    assert found("Zafar")
    data, _, _ = _edit_data("person", case, samples)
    edited = {**data, "name": "Rahim Saidov", "other_names": ""}
    client.post(_url("person", "edit", case, person.pk), edited)
    assert found("Rahim Saidov") and found("Раҳим") and not found("Zafar")
    client.post(_url("person", "delete", case, person.pk))
    assert not found("Rahim")


def test_case_page_links_each_record_to_edit_and_delete_for_writers_only(
    case, samples, officer, reader
):
    page = sign_in_with_keys(officer).get(reverse("cases:detail", args=[case.pk])).content.decode()
    for kind in KINDS:
        if kind == "involvement":
            continue  # on the act's page
        assert _url(kind, "edit", case, samples[f"{kind}_id"]) in page
        assert _url(kind, "delete", case, samples[f"{kind}_id"]) in page
    seen = sign_in_with_keys(reader).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "/edit/" not in seen.replace(reverse("cases:edit", args=[case.pk]), "")
    assert "/delete/" not in seen


def test_confidential_information_is_the_owners_to_edit_delete_and_read_in_history(
    case, officer, colleague
):
    """A colleague who may write on the case still never sees a confidential
    source: its edit and delete pages are 404, and the history leaves its rows out."""
    writer = case_writer(case, officer)
    secret = records.add_information(
        **writer, summary="Told by Nigora, a prosecutor's clerk", confidential=True
    )
    opened_then_closed = records.add_information(**writer, summary="Told by Farrukh, a guard")
    corrections.edit_record(**writer, record=opened_then_closed, fields={"confidential": True})
    client = sign_in_with_keys(colleague)
    for record in (secret, opened_then_closed):
        for action in ("edit", "delete"):
            assert client.get(_url("information", action, case, record.pk)).status_code == 404
            assert client.post(_url("information", action, case, record.pk)).status_code == 404
    assert Information.objects.filter(case=case).count() == 2
    history = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Nigora" not in history and "Farrukh" not in history
    owner_history = (
        sign_in_with_keys(officer).get(reverse("cases:history", args=[case.pk])).content.decode()
    )
    assert "Nigora" in owner_history and "Farrukh" in owner_history
    owner = sign_in_with_keys(officer)
    assert owner.get(_url("information", "edit", case, secret.pk)).status_code == 200


def test_an_event_cannot_follow_itself_or_an_event_after_it(case, samples, officer):
    writer = case_writer(case, officer)
    first = Event.objects.get(pk=samples["event_id"])
    second = records.add_event(**writer, title="Detention", follows=first)
    third = records.add_event(**writer, title="Trial", follows=second)
    client = sign_in_with_keys(officer)
    for later in (first, second, third):
        response = client.post(
            _url("event", "edit", case, first.pk),
            {"title": "Arrest", "description": "", "follows": later.pk},
        )
        assert response.status_code == 200 and b'class="error"' in response.content
    first.refresh_from_db()
    assert first.follows is None


def test_a_perpetrators_rank_and_unit_are_found_by_search(case, samples, officer):
    keys = desk_keys_of(officer)
    corrections.add_involvement(
        **case_writer(case, officer, keys),
        act=Act.objects.get(pk=samples["act_id"]),
        new_perpetrator={"name": "R. K.", "kind": "individual", "description": "GKNB Khujand"},
    )
    assert list(selectors.search_cases(officer, query="GKNB", desk_keys=keys)) == [case]
