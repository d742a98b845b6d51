import pytest

from rapporteur.testing.vault import use_fast_argon2


@pytest.fixture(autouse=True)
def _fast_argon2(settings):
    use_fast_argon2(settings)
