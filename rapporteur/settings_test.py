"""Settings for the test suite: the real settings in dev mode, with a fast password
hasher and a throw-away data directory. The database comes from
RAPPORTEUR_DATABASE_URL as usual, so the same suite runs on SQLite and PostgreSQL."""

import os
from pathlib import Path

os.environ.setdefault("RAPPORTEUR_MODE", "dev")
# One data directory per pytest-xdist worker ("gw0", "gw1", ...): the file stores and
# the secret key file must not be shared between processes running different tests.
os.environ.setdefault(
    "RAPPORTEUR_DATA_DIR",
    str(
        Path(__file__).resolve().parent.parent
        / "test-output"
        / "-".join(filter(None, ["data", os.environ.get("PYTEST_XDIST_WORKER")]))
    ),
)

from rapporteur.settings import *  # noqa: F403

# Argon2id costs ~0.1 s a hash by design; tests hash hundreds of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
