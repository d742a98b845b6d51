"""The desk's vocabularies: HURIDOCS lists intact, local additions complete in three languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapporteur.cases.vocabularies import (
    DESK_LISTS,
    VocabularyError,
    default_shared_data_dir,
    desk_aliases,
    load_vocabularies,
    to_plain,
)

SHARED = default_shared_data_dir()
pytestmark = pytest.mark.skipif(
    not (SHARED / "thesauri").is_dir(), reason=f"shared data folder {SHARED} is absent"
)

# Terms per HURIDOCS list in the OpenEvsys export, plus the local additions.
EXPECTED_COUNTS = {
    "types_of_acts": 532 + 10,
    "types_of_perpetrators": 40 + 8,
    "occupation": 231 + 6,
    "status_as_victim": 41,
    "international_instruments": 206,
    "types_of_intervention": 12,
    "sex": 4,
    "degrees_of_involvement": 23,
    "reliability": 6,
    "types_of_source_material": 25,
    "source_connection_to_information": 22,
    "types_of_locations": 151,
    "legal_provisions": 18,
    "regions": 5,
}


@pytest.fixture(scope="module")
def vocabularies():
    return load_vocabularies(SHARED)


def test_counts_per_list(vocabularies):
    assert {name: len(terms) for name, terms in vocabularies.items()} == EXPECTED_COUNTS


def test_codes_are_unique_and_parents_exist_one_level_up(vocabularies):
    for name, terms in vocabularies.items():
        by_code = {term.code: term for term in terms}
        assert len(by_code) == len(terms), f"duplicate code in {name}"
        for term in terms:
            if term.parent is None:
                assert term.level == 0 or not term.local, term
                continue
            parent = by_code[term.parent]
            assert term.level == parent.level + 1, term


def test_huridocs_codes_nest_by_digit_pairs(vocabularies):
    # A HURIDOCS child keeps its parent's non-zero prefix: 030101 under 0301.
    for name in DESK_LISTS:
        for term in vocabularies[name]:
            if term.parent and not term.local and not term.parent.startswith("L"):
                prefix = term.parent.rstrip("0")
                assert term.code.startswith(prefix[: len(prefix) + len(prefix) % 2]), term


def test_local_codes_live_in_their_own_namespace(vocabularies):
    for terms in vocabularies.values():
        for term in terms:
            assert term.local == term.code.startswith("L"), term
            if not term.local:
                assert len(term.code) == 12 and term.code.isdigit(), term


def test_every_local_term_has_english_russian_and_tajik(vocabularies):
    local = [t for terms in vocabularies.values() for t in terms if t.local]
    assert len(local) == 47
    for term in local:
        assert {"en", "ru", "tg"} <= term.labels.keys(), term


def test_every_act_the_issue_names_resolves_to_a_labelled_term(vocabularies):
    acts = {term.code: term for term in vocabularies["types_of_acts"]}
    named = desk_aliases()["types_of_acts"]
    for key in (
        "arrest",
        "pre_trial_detention",
        "summons_interrogation",
        "search_home_office",
        "inspection",
        "device_seizure",
        "device_hacking",
        "physical_attack",
        "smear_campaign",
        "online_harassment",
        "threats",
        "travel_ban",
        "forced_return",
        "licence_loss",
        "accreditation_denial",
        "un_reprisal",
    ):
        term = acts[named[key]]
        assert not term.tg_missing and term.labels.get("ru"), key
    assert not acts[named["arrest"]].local  # mapped to HURIDOCS, not duplicated
    assert acts[named["device_seizure"]].local


def test_every_huridocs_term_has_a_russian_label(vocabularies):
    """The thesaurus's own, or the desk's where it has none (russian_labels.csv)."""
    huridocs = [t for name in DESK_LISTS for t in vocabularies[name] if not t.local]
    assert [(t.list_name, t.code) for t in huridocs if not t.labels.get("ru")] == []


def test_tajik_covers_what_the_desk_shows_most(vocabularies):
    for name in (
        "sex",
        "reliability",
        "degrees_of_involvement",
        "status_as_victim",
        "types_of_perpetrators",
        "types_of_intervention",
        "legal_provisions",
        "regions",
    ):
        assert not any(t.tg_missing for t in vocabularies[name]), name
    assert not any(t.tg_missing for t in vocabularies["types_of_acts"] if t.level <= 1)


def test_missing_tajik_falls_back_to_russian_and_is_flagged(vocabularies):
    instrument = vocabularies["international_instruments"][0]
    assert instrument.tg_missing
    assert instrument.label("tg") == instrument.labels["ru"]
    sex = vocabularies["sex"][1]
    assert (sex.label("tg"), sex.label("en")) == ("Зан", "Female")


def test_regions_carry_iso_codes(vocabularies):
    codes = {term.code for term in vocabularies["regions"]}
    assert codes == {f"LREG-TJ-{c}" for c in ("DU", "SU", "KT", "RA", "GB")}


def test_article_307_and_its_parts_nest_under_the_criminal_code(vocabularies):
    laws = {term.code: term for term in vocabularies["legal_provisions"]}
    assert laws["LLAW-TJ-CC-307"].parent == "LLAW-TJ-CC"
    assert laws["LLAW-TJ-CC-307.3"].parent == "LLAW-TJ-CC-307"
    assert laws["LLAW-TJ-CC-307.3"].level == 2


def test_tajik_and_russian_data_match_the_thesaurus_they_translate(vocabularies):
    import csv

    from rapporteur.cases.vocabularies.local_terms import DATA_DIR

    english = {
        (t.list_name, t.code): t.labels.get("en") for ts in vocabularies.values() for t in ts
    }
    for data in ("tajik_labels.csv", "russian_labels.csv"):
        with (DATA_DIR / data).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                assert english[(row["list_name"], row["huri_code"])] == row["english"], row


def test_plain_form_is_json_for_a_data_migration(vocabularies):
    plain = json.loads(json.dumps(to_plain(vocabularies)))
    assert plain["sex"][0]["labels"]["tg"] == "Мард"
    assert plain["international_instruments"][0]["tg_missing"] is True


def test_a_missing_thesaurus_is_a_clear_error(tmp_path: Path):
    with pytest.raises(VocabularyError, match="thesaurus not found"):
        load_vocabularies(tmp_path)
