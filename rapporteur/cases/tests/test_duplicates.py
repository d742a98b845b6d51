"""Duplicates: suggestions across scripts and typos, linking instead of a second
record, merging with history kept, and undo that puts back exactly what moved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import selectors
from rapporteur.cases.models import Act, Change, Merge, Person
from rapporteur.cases.services import merging, records
from rapporteur.testing.cases import (
    add_act,
    case_writer,
    desk_keys_of,
    documented_case,
    sign_in_with_keys,
)
from rapporteur.vault import sealing as vault_sealing

pytestmark = pytest.mark.django_db


def _candidates(user, name: str) -> list[str]:
    found = selectors.duplicate_candidates(
        user, name=name, kind="individual", desk_keys=desk_keys_of(user), limit=500
    )
    return [other for _, other, _ in found]


@pytest.mark.parametrize(
    "typed",
    [
        "Бузургмеҳр Ёров",  # Tajik Cyrillic
        "Бузургмехр Ёров",  # Russian spelling
        "Buzurgmekhr Yorov",  # Russian-style transliteration
        "Bouzourgmehr Yorow",  # French and German romanisation
        "Buzrugmehr Yorov",  # typo
        "Yorov Buzurgmehr",  # order swapped
    ],
)
def test_duplicate_suggested_across_scripts_and_typos(desk, officer, typed):
    documented_case(officer, name="Buzurgmehr Yorov")
    assert _candidates(officer, typed) == ["Buzurgmehr Yorov"]


def test_different_people_are_not_suggested(desk, officer):
    documented_case(officer, name="Buzurgmehr Yorov")
    assert _candidates(officer, "Rukhshona Hakimova") == []
    assert _candidates(officer, "Buzurgmehr Nazarov") == []


def test_suggestions_come_only_from_cases_the_user_may_see(desk, officer, other_officer):
    documented_case(other_officer, name="Buzurgmehr Yorov")
    assert _candidates(officer, "Бузургмеҳр Ёров") == []
    assert _candidates(other_officer, "Бузургмеҳр Ёров") == ["Buzurgmehr Yorov"]


def test_person_form_suggests_then_links_instead_of_duplicating(desk, officer):
    first, _ = documented_case(officer, name="Buzurgmehr Yorov")
    second, _ = documented_case(officer, name="Alisher Karimov")
    existing = first.persons.get()
    client = sign_in_with_keys(officer)
    url = reverse("cases:person_add", args=[second.pk])
    page = client.post(
        url, {"kind": "individual", "name": "Бузургмеҳр Ёров", "consent_to_name": "unknown"}
    )
    assert page.status_code == 200
    assert "Buzurgmehr Yorov" in page.content.decode()
    assert Person.objects.count() == 2  # nothing created while a duplicate is offered
    response = client.post(url, {"link": str(existing.pk)})
    assert response.status_code == 302
    assert existing in second.persons.all() and Person.objects.count() == 2
    # Confirmed as a different person: created despite the likeness.
    client.post(
        url,
        {
            "kind": "individual",
            "name": "Бузургмеҳр Ёров",
            "consent_to_name": "unknown",
            "not_a_duplicate": "on",
        },
    )
    assert Person.objects.count() == 3


def _duplicate_pair(officer):
    case, _ = documented_case(officer, name="Buzurgmehr Yorov")
    writer = case_writer(case, officer)
    kept = case.persons.get()
    duplicate = records.add_person(**writer, data={"name": "Бузургмеҳр Ёров"})
    event = records.add_event(**writer, title="Trial")
    act = add_act(writer, event=event, kind="pre_trial_detention", victim=duplicate, start="2022")
    return case, kept, duplicate, act


def test_merge_moves_references_and_keeps_the_duplicate_record(desk, officer):
    case, kept, duplicate, act = _duplicate_pair(officer)
    merge = merging.merge_persons(case=case, kept=kept, merged=duplicate, acting_user=officer)

    act.refresh_from_db()
    duplicate.refresh_from_db()
    assert act.victim == kept
    assert duplicate.merged_into == kept  # never deleted
    assert merge.moves["act.victim"] == [act.pk]
    keys = desk_keys_of(officer)
    assert vault_sealing.open_record(duplicate, keys)["name"] == "Бузургмеҳр Ёров"
    change = Change.objects.filter(case=case, action="merge").get()
    assert vault_sealing.open_record(change, keys)["changes"] == {
        "merged": duplicate.pk,
        "merge": merge.pk,
    }
    assert AuditEntry.objects.filter(tag=AuditTag.CASE_PERSON_MERGED).count() == 1
    # Merged persons no longer count as duplicates nor appear in the case export.
    assert _candidates(officer, "Yorov") == ["Buzurgmehr Yorov"]


def test_undo_puts_back_exactly_what_moved_and_history_shows_both(desk, officer):
    case, kept, duplicate, act = _duplicate_pair(officer)
    own_act = Act.objects.get(case=case, victim=kept)
    merge = merging.merge_persons(case=case, kept=kept, merged=duplicate, acting_user=officer)
    merging.undo_merge(case=case, merge=merge, acting_user=officer)

    act.refresh_from_db()
    own_act.refresh_from_db()
    duplicate.refresh_from_db()
    merge.refresh_from_db()
    assert act.victim == duplicate and own_act.victim == kept
    assert duplicate.merged_into is None and merge.undone_at is not None
    actions = list(
        Change.objects.filter(case=case, record_id=kept.pk).values_list("action", flat=True)
    )
    assert "merge" in actions and "unmerge" in actions
    with pytest.raises(merging.MergeRefused):
        merging.undo_merge(case=case, merge=merge, acting_user=officer)


def test_merge_refuses_a_person_with_itself_and_a_person_with_an_organisation(desk, officer):
    case, kept, _, _ = _duplicate_pair(officer)
    with pytest.raises(merging.MergeRefused):
        merging.merge_persons(case=case, kept=kept, merged=kept, acting_user=officer)
    group = records.add_person(
        **case_writer(case, officer), kind="organisation", data={"name": "Yorov"}
    )
    with pytest.raises(merging.MergeRefused):
        merging.merge_persons(case=case, kept=kept, merged=group, acting_user=officer)
    assert not Merge.objects.exists()


def test_merge_view_merges_and_undoes(desk, officer, colleague, reader):
    case, kept, duplicate, act = _duplicate_pair(officer)
    records.set_member(case=case, acting_user=officer, user=reader, can_write=False)
    url = reverse("cases:merge", args=[case.pk])
    assert (
        sign_in_with_keys(reader).post(url, {"kept": kept.pk, "merged": duplicate.pk}).status_code
        == 403
    )
    client = sign_in_with_keys(officer)
    assert client.post(url, {"kept": kept.pk, "merged": duplicate.pk}).status_code == 302
    merge = Merge.objects.get()
    assert merge.kept == kept and merge.merged == duplicate
    client.post(url, {"undo": str(merge.pk)})
    merge.refresh_from_db()
    act.refresh_from_db()
    assert merge.undone_at is not None and act.victim == duplicate
