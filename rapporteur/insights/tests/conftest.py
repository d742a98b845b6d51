import pytest
from django.utils import translation

from rapporteur.testing.cases import ensure_vocabularies
from rapporteur.testing.vault import initialise, use_fast_argon2, use_stores


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def desk(settings, tmp_path, rapporteur_user, officer, other_officer):
    """Vocabularies and a desk key (coded acts carry one sealed envelope)."""
    use_fast_argon2(settings)
    use_stores(settings, tmp_path)
    ensure_vocabularies()
    return initialise(rapporteur_user, officer, other_officer)
