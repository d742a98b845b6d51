"""A desk holding one object of every kind that keeps content, each carrying its own
distinctive canary string: a submission with an attachment, a case with a document,
a communication with a reply and a reply document, a recommendation. For the
restore drill (the canaries come back byte-identical, and never appear in the
archive) and for the upgrade fixture, whose builder runs this module against an
earlier release's code: so it calls only helpers and services that release has.

``opened_canaries`` reads every object back with a member's desk keys; run as a
script (``python -m rapporteur.testing.canaries``) it prints them as JSON, for a
test to compare a desk restored in another process with the one it backed up.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapporteur.accounts.models import User

CANARIES = {
    "submission": "Qz9SubmissionCanaryVb",
    "attachment": "Qz9AttachmentCanaryVb",
    "case": "Qz9CaseCanaryVb",
    "document": "Qz9DocumentCanaryVb",
    "letter": "Qz9LetterCanaryVb",
    "reply": "Qz9ReplyCanaryVb",
    "reply_document": "Qz9ReplyDocumentCanaryVb",
    "recommendation": "Qz9RecommendationCanaryVb",
}


def file_content(kind: str) -> bytes:
    """The bytes of a canary file: text around its canary, a few KiB (so that it
    spans more than one line of any dump, and chunking shows)."""
    return (f"Statement. {CANARIES[kind]} " * 200).encode()


def build_canary_desk(*, officer: User, rapporteur: User, ram_dir: Path) -> None:
    """Make every canary object (the desk key must be held by both members, the
    seeded vocabularies and library present; ``ram_dir`` is where the attachment is
    put before the intake cleans and stores it)."""
    _submission(ram_dir)
    _case(officer)
    _communication(officer=officer, rapporteur=rapporteur)
    _recommendation()


def _submission(ram_dir: Path) -> None:
    from rapporteur.intake.models import Kind
    from rapporteur.intake.services import source
    from rapporteur.testing.intake import VALID_ANSWERS

    workdir = ram_dir / "canary-upload"
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "statement.txt"
    path.write_bytes(file_content("attachment"))
    source.receive(
        kind=Kind.REPORT,
        answers={**VALID_ANSWERS, "narrative": f"They came at night. {CANARIES['submission']}"},
        language="en",
        files=[source.FileIn(path=path, filename="statement.txt", workdir=workdir)],
    )


def _case(officer: User) -> None:
    from rapporteur.testing.cases import documented_case

    documented_case(
        officer,
        narrative=f"Arrested at the court. {CANARIES['case']}",
        document=file_content("document"),
    )


def _communication(*, officer: User, rapporteur: User) -> None:
    from rapporteur.communications.services import workflow
    from rapporteur.testing.communications import advance, draft_letter
    from rapporteur.testing.vault import desk_keys_of

    letter = draft_letter(
        drafter=officer, subject=f"the arrest of [[person:1]] {CANARIES['letter']}"
    )
    letter = advance(
        letter,
        to="sent",
        drafter=officer,
        approver=rapporteur,
        desk_keys=desk_keys_of(rapporteur),
    )
    workflow.register_reply(
        communication=letter,
        acting_user=officer,
        received_on=date(2022, 6, 1),
        assessment="partial",
        text=f"The person was released. {CANARIES['reply']}",
        documents=[("reply.txt", [file_content("reply_document")])],
    )


def _recommendation() -> None:
    from rapporteur.testing.visits import make_recommendation, make_visit

    make_recommendation(make_visit(), text=f"Release every defender. {CANARIES['recommendation']}")


def opened_canaries(user: User, *, password: str | None = None) -> dict[str, str]:
    """Every canary object's content opened with ``user``'s desk keys, as text: the
    sealed fields as sorted JSON, files as their bytes (latin-1, so that any byte
    compares)."""
    from rapporteur.cases.models import Case, Document
    from rapporteur.communications.models import Communication, Reply, ReplyDocument
    from rapporteur.intake.models import Attachment, Submission
    from rapporteur.testing.vault import desk_keys_of
    from rapporteur.vault.sealing import open_required
    from rapporteur.vault.storage import case_files, intake_files, reply_files
    from rapporteur.visits.models import Recommendation

    keys = desk_keys_of(user) if password is None else desk_keys_of(user, password=password)

    def sealed(row: Any) -> str:
        return json.dumps(open_required(row, keys), sort_keys=True, ensure_ascii=False)

    def stored(store: Any, row: Any) -> str:
        chunks = store.decrypted_chunks(
            row.stored_name, version=row.desk_key.version, desk_keys=keys
        )
        return b"".join(chunks).decode("latin-1")

    first = {
        model: model.objects.select_related("desk_key").order_by("pk").first()
        for model in (Submission, Attachment, Case, Document, Communication, Reply, ReplyDocument)
    }
    recommendation = Recommendation.objects.order_by("pk").first()
    return {
        "submission": sealed(first[Submission]),
        "attachment": stored(intake_files, first[Attachment]),
        "case": sealed(first[Case]),
        "document": stored(case_files, first[Document]),
        "letter": sealed(first[Communication]),
        "reply": sealed(first[Reply]),
        "reply_document": stored(reply_files, first[ReplyDocument]),
        "recommendation": recommendation.text if recommendation else "",
    }


def model_counts() -> dict[str, int]:
    """Rows of every model of the desk's apps ({"app.Model": count}), to compare a
    desk before and after an upgrade."""
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label.startswith(("accounts.", "audit.", "vault.", "intake.", "cases."))
        or model._meta.label.startswith(("communications.", "visits.", "insights."))
    }


def stored_digests() -> dict[str, str]:
    """The SHA-256 of every stored file's ciphertext, by store and name, read through
    the store (whichever backend keeps it)."""
    import hashlib

    from rapporteur.vault.storage import AREAS

    digests = {}
    for store in AREAS:
        for name in store.names():
            with store.open_encrypted(name) as stored:
                digests[f"{store.setting}/{name}"] = hashlib.sha256(stored.read()).hexdigest()
    return digests


def read_in_process(data_dir: Path, database_url: str, argument: str, **env_overrides: str) -> Any:
    """This module run as a script in a process of its own on the desk at
    ``data_dir`` and ``database_url``: the canaries opened by the member named
    ``argument``, with ``--counts`` the rows per model, with ``--digests`` the
    stored files' digests; parsed from its JSON."""
    import os
    import subprocess
    import sys

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
        "RAPPORTEUR_MODE": "dev",
        "RAPPORTEUR_DATA_DIR": str(data_dir),
        "RAPPORTEUR_DATABASE_URL": database_url,
        **env_overrides,
    }
    done = subprocess.run(  # noqa: S603 - our own module, arguments from the test
        [sys.executable, "-m", "rapporteur.testing.canaries", argument],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(done.stderr[-3000:])
    return json.loads(done.stdout)


if __name__ == "__main__":  # pragma: no cover - run in a process of its own by tests
    import sys

    import django

    django.setup()
    from rapporteur.accounts.models import User as Member

    if sys.argv[1] == "--counts":
        print(json.dumps(model_counts()))
    elif sys.argv[1] == "--digests":
        print(json.dumps(stored_digests()))
    else:
        print(json.dumps(opened_canaries(Member.objects.get(username=sys.argv[1]))))
