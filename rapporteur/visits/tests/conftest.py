import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Requests activate the visitor's language in the thread and leave it active;
    messages compared in these tests are the English ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def desk(settings, tmp_path, rapporteur_user, officer, other_officer):
    """An initialised vault whose keys the rapporteur and both officers hold, with
    the file stores under ``tmp_path``."""
    from rapporteur.testing.visits import initialise_desk

    return initialise_desk(settings, tmp_path, rapporteur_user, officer, other_officer)


@pytest.fixture
def desk_keys(desk):
    """The unlocked desk keys of a session: {version: key} (ingestion needs them
    for the content digest)."""
    return {desk.version: desk.private_key}
