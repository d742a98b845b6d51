import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Requests activate the visitor's language in the thread and leave it active;
    messages compared in these tests are the English ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def desk_keys(settings, rapporteur_user, officer):
    """An initialised vault and the unlocked desk keys of a session: {version: key}
    (ingestion needs them for the content digest)."""
    from rapporteur.testing.vault import initialise, use_fast_argon2

    use_fast_argon2(settings)
    key = initialise(rapporteur_user, officer)
    return {key.version: key.private_key}
