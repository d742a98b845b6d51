"""Case fixtures: a desk key held by the rapporteur and two officers, throw-away
stores, the officer's documented case with a colleague (write) and a reader."""

from __future__ import annotations

import pytest

from rapporteur.accounts.permissions import Role
from rapporteur.cases.services import records
from rapporteur.testing.cases import documented_case, ensure_vocabularies
from rapporteur.testing.personas import make_staff
from rapporteur.testing.vault import initialise, use_fast_argon2, use_stores


@pytest.fixture(autouse=True)
def _case_settings(settings, tmp_path):
    use_fast_argon2(settings)
    use_stores(settings, tmp_path)


@pytest.fixture
def colleague(db):
    return make_staff(Role.OFFICER, "colleague")


@pytest.fixture
def reader(db):
    return make_staff(Role.OFFICER, "reader")


@pytest.fixture
def desk(rapporteur_user, officer, other_officer, colleague, reader):
    ensure_vocabularies()
    return initialise(rapporteur_user, officer, other_officer, colleague, reader)


@pytest.fixture
def case_and_document(desk, officer, colleague, reader):
    case, document = documented_case(officer)
    records.set_member(case=case, acting_user=officer, user=colleague, can_write=True)
    records.set_member(case=case, acting_user=officer, user=reader, can_write=False)
    return case, document
