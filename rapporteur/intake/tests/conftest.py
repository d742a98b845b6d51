"""Intake fixtures: a desk key made by a ceremony, a throw-away file store and RAM
directory per test, and a cheap Argon2id cost for staff keys."""

from __future__ import annotations

import pytest

from rapporteur.testing.vault import initialise, use_fast_argon2


@pytest.fixture(autouse=True)
def _intake_settings(settings, tmp_path_factory):
    use_fast_argon2(settings)
    settings.INTAKE_FILE_STORE = tmp_path_factory.mktemp("store")
    ram = tmp_path_factory.mktemp("ram")
    settings.INTAKE_RAM_DIR = ram


@pytest.fixture
def desk(rapporteur_user, officer):
    """The key ceremony done for the rapporteur and one officer."""
    return initialise(rapporteur_user, officer)
