"""The desk's side of the cluster reconciliation, run on the cluster's database
once the load has stopped (``manage.py shell -c "...cluster_check import main; main()"``,
the receipts shown to sources as JSON on stdin, figures as JSON on stdout).

Every submission is opened with the desk key (unlocked by the test officer) and
every attachment decrypted in full: a row whose file is missing or does not open
is a partial submission. Files that no row names (left by a host killed between
writing a file and committing its row) are counted, then removed by the store's
own sweep with no grace period (nothing is being written now), and counted again.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from typing import Any

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from rapporteur.accounts.models import User
from rapporteur.intake import sealing
from rapporteur.intake.models import Attachment, Submission
from rapporteur.testing.cluster import PASSWORD
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault import storage
from rapporteur.vault.models import StoredFile
from rapporteur.vault.services import unlock_desk_keys

_MARKER = re.compile(r"Cluster load, source ([0-9a-f]+-\d+)\.")


def desk_figures(codenames: list[str]) -> dict[str, Any]:
    keys = unlock_desk_keys(user=User.objects.get(username="officer"), passphrase=PASSWORD)
    markers: dict[str, list[list[str]]] = {}
    partial = []
    for submission in Submission.objects.select_related("desk_key"):
        answers = vault_sealing.open_required(submission, keys)["answers"]
        found = _MARKER.search(answers.get("narrative", ""))
        digests = []
        for attachment in submission.attachments.select_related("desk_key"):
            try:
                digest = hashlib.sha256()
                for chunk in storage.intake_files.decrypted_chunks(
                    attachment.stored_name, version=attachment.desk_key.version, desk_keys=keys
                ):
                    digest.update(chunk)
                digests.append(digest.hexdigest())
            except Exception:  # a missing or damaged file: the submission is partial
                partial.append(submission.pk)
        if found is not None:
            markers.setdefault(found.group(1), []).append(digests)
        if not digests:
            partial.append(submission.pk)
    hashes = {sealing.receipt_hash(c) for c in codenames}
    known = set(
        Submission.objects.filter(receipt_hash__in=hashes).values_list("receipt_hash", flat=True)
    )
    named = set(Attachment.objects.values_list("stored_name", flat=True))
    orphans_before = sorted(set(storage.intake_files.names()) - named)
    parts_before = _parts()
    storage.intake_files.sweep(known_names=named, older_than_seconds=0)
    return {
        "submissions": Submission.objects.count(),
        "markers": markers,
        "partial": sorted(set(partial)),
        "receipts_missing": len(hashes - known),
        "orphans_before_sweep": len(orphans_before) + parts_before,
        "orphans_after_sweep": len(set(storage.intake_files.names()) - named),
        "parts_after_sweep": _parts(),
        # With the database backend no host may keep a file of its own.
        "files_in_folder": sum(1 for p in storage.intake_files.root().rglob("*") if p.is_file()),
        "tasks": {
            status: DBTaskResult.objects.filter(status=status).count()
            for status in ("READY", "RUNNING", "SUCCESSFUL", "FAILED")
        },
    }


def _parts() -> int:
    """Half-written files in the intake store: ``incoming/*.part`` in the folder,
    files never marked complete in the database."""
    if settings.FILE_STORAGE == "database":
        return StoredFile.objects.filter(area=storage.intake_files.area, complete=False).count()
    incoming = storage.intake_files.root() / "incoming"
    return len(list(incoming.glob("*.part"))) if incoming.is_dir() else 0


def main() -> None:
    codenames = json.loads(sys.stdin.read())["codenames"]
    print(json.dumps(desk_figures(codenames)))
