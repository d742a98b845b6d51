import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Requests activate the visitor's language in the thread and leave it active;
    messages compared in these tests are the English ones."""
    with translation.override("en"):
        yield
