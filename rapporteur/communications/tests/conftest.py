# Russian and Tajik text is the test data here, not look-alikes of Latin letters.
from datetime import date

import pytest

from rapporteur.communications.letters.render import LetterDraft, PersonConcerned
from rapporteur.communications.references import Kind

SR_HRD_EN = "Special Rapporteur on the situation of human rights defenders"
WGAD_EN = "Working Group on Arbitrary Detention"
SR_HRD_RU = "Специальный докладчик по вопросу о положении правозащитников"


@pytest.fixture
def consenting():
    return PersonConcerned(
        name="Zarina Nazarova",
        description="a woman human rights defender, a lawyer from Dushanbe",
        consent_to_share_name=True,
    )


@pytest.fixture
def unconsenting():
    return PersonConcerned(
        name="Ҷамшед Ғуломов",
        description="a journalist from Khujand",
        consent_to_share_name=False,
    )


@pytest.fixture
def urgent_appeal(consenting, unconsenting):
    return LetterDraft(
        kind=Kind.URGENT_APPEAL,
        language="en",
        addressee_name="Tajikistan",
        reference="UA TJK 3/2022",
        date=date(2022, 5, 12),
        mandates=(SR_HRD_EN, WGAD_EN),
        subject="the arrest of [[person:1]] and the summons of [[person:2]]",
        facts=(
            "On 3 May 2022, [[person:1]] was arrested by officers of the State Security "
            "Committee, without a warrant.",
            "On 5 May 2022, [[person:2]] was summoned for interrogation; his laptop was seized.",
        ),
        legal_paragraphs=("declaration-hrd", "iccpr-9", "iccpr-17", "basic-principles-lawyers"),
        questions=("Please provide the legal basis for the arrest of [[person:1]].",),
        persons=(consenting, unconsenting),
    )


@pytest.fixture
def russian_letter(consenting):
    return LetterDraft(
        kind=Kind.ALLEGATION_LETTER,
        language="ru",
        addressee_name="Таджикистан",
        reference="AL TJK 4/2022",
        date=date(2022, 12, 1),
        mandates=(SR_HRD_RU,),
        subject="задержание [[person:1]]",
        facts=("Сотрудники ГКНБ задержали [[person:1]] в районе Ҷиликӯл (ғ ӣ қ ӯ ҳ ҷ).",),
        legal_paragraphs=("declaration-hrd", "iccpr-19"),
        questions=("Просим сообщить правовые основания задержания.",),
        persons=(
            PersonConcerned(
                name="Зарина Назарова", description="правозащитница, адвокат из Душанбе"
            ),
        ),
    )


# --- app fixtures: a desk key, unlocked staff clients, a communication factory -------


@pytest.fixture
def seeded_library(db):
    """The mandates and standard paragraphs of the data migration. Transactional
    tests (run last) flush the database after them, seeded rows included, so a
    later one gets them back here."""
    from rapporteur.testing.seeds import reseed_migration_data

    reseed_migration_data("communications")


@pytest.fixture
def desk(settings, tmp_path, seeded_library, rapporteur_user, officer):
    from rapporteur.testing.vault import initialise, use_fast_argon2

    use_fast_argon2(settings)
    settings.COMMUNICATIONS_FILE_STORE = tmp_path / "replies"
    return initialise(rapporteur_user, officer)


@pytest.fixture
def case_desk(settings, tmp_path, seeded_library, rapporteur_user, officer, other_officer):
    """The desk key for the rapporteur and both officers, with the case store and
    vocabularies, so a 404 for the other officer comes from need-to-know, never
    from a locked vault."""
    from rapporteur.testing.cases import ensure_vocabularies
    from rapporteur.testing.vault import initialise, use_fast_argon2

    use_fast_argon2(settings)
    settings.CASES_FILE_STORE = tmp_path / "cases"
    ensure_vocabularies()
    initialise(rapporteur_user, officer, other_officer)


@pytest.fixture
def unlocked(desk):
    """``unlocked(user)``: a client signed in through both factors, vault unlocked."""
    from rapporteur.testing.vault import sign_in_unlocked

    return sign_in_unlocked


@pytest.fixture
def make_communication(desk, officer):
    """``make_communication(name=..., consent=..., code=..., subject=..., **fields)``:
    the officer's draft naming one person (``testing.communications.draft_letter``)."""
    from rapporteur.testing.communications import PERSON, SUBJECT, draft_letter

    def _make(*, name=PERSON[0], consent=False, code="TJK", subject=None, **kwargs):
        return draft_letter(
            drafter=officer,
            addressee_code=code,
            subject=subject or SUBJECT,
            person=(name, PERSON[1]),
            consent=consent,
            **kwargs,
        )

    return _make
