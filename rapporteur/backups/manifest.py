"""The manifest of an archive: every part with its size and the SHA-256 of its bytes
*in the archive* (ciphertext), the database's kind and migration state, when, and the
fingerprint of the backup key the parts are encrypted to. It holds no content, no
file name but the stores' random ones, and is kept in clear so that ``backup verify``
needs no private key; it is signed (Ed25519, ``vault.signing``) with the desk's
backup signing key, so a manifest altered to match altered parts is detected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from rapporteur.backups.archive import ArchiveError, Part
from rapporteur.vault import signing

FORMAT = "rapporteur-backup-1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATABASE = "database.enc"
FILES = "files/"
# A manifest is small (a line per file); anything larger is not one.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Manifest:
    created_at: str
    vendor: str  # "sqlite" or "postgresql": which database the dump loads into
    key_fingerprint: str
    signer: str  # the public key that signed it (base64)
    migrations: dict[str, list[str]]
    parts: list[Part]
    areas: dict[str, int]  # files per store (its setting's name)

    def database_part(self) -> Part:
        return next(part for part in self.parts if part.name == DATABASE)


def file_part_name(area: str, name: str) -> str:
    return f"{FILES}{area}/{name}"


def area_and_name(part_name: str) -> tuple[str, str]:
    """``(store setting, stored name)`` of a file part's name."""
    area, _, name = part_name.removeprefix(FILES).partition("/")
    return area, name


def _signing_key_path() -> Path:
    return Path(settings.DATA_DIR) / "backup-signing.key"


def own_signer() -> str:
    """This desk's signing key (public part), or "" where it has none (a fresh
    machine restoring): a manifest re-signed by anyone else is then caught even
    when the operator gives no ``--signer``."""
    path = _signing_key_path()
    return signing.public_key_text(signing.signing_key(path)) if path.is_file() else ""


def encode(
    *,
    created_at: str,
    vendor: str,
    key_fingerprint: str,
    migrations: dict[str, list[str]],
    parts: list[Part],
) -> tuple[bytes, bytes]:
    """The manifest's bytes and their signature (made with, or by creating, the
    desk's backup signing key)."""
    key = signing.signing_key(_signing_key_path())
    areas: dict[str, int] = {}
    for part in parts:
        if part.name.startswith(FILES):
            area, _name = area_and_name(part.name)
            areas[area] = areas.get(area, 0) + 1
    body = {
        "format": FORMAT,
        "created_at": created_at,
        "database": vendor,
        "backup_key": key_fingerprint,
        "signer": signing.public_key_text(key),
        "migrations": migrations,
        "areas": areas,
        "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256} for p in parts],
    }
    data = json.dumps(body, indent=1, sort_keys=True).encode("utf-8")
    return data, signing.sign(key, data).encode("ascii")


def decode(data: bytes, signature: bytes, *, signer: str = "") -> Manifest:
    """The manifest, once its signature holds (and, with ``signer``, was made by that
    key). Raises ``ArchiveError`` otherwise."""
    try:
        body: dict[str, Any] = json.loads(data)
        claimed = str(body["signer"])
    except (ValueError, KeyError, TypeError):
        raise ArchiveError("the manifest is not readable") from None
    if signer and signer != claimed:
        raise ArchiveError("the manifest was signed by another key than the one given")
    try:
        signing.verify(claimed, data, signature.decode("ascii", "replace").strip())
    except signing.BadSignature:
        raise ArchiveError("the manifest's signature does not match: it was altered") from None
    if body.get("format") != FORMAT:
        raise ArchiveError(f"not an archive of this format ({body.get('format')!r})")
    try:
        return Manifest(
            created_at=str(body["created_at"]),
            vendor=str(body["database"]),
            key_fingerprint=str(body["backup_key"]),
            signer=claimed,
            migrations={str(k): [str(m) for m in v] for k, v in body["migrations"].items()},
            parts=[Part(str(p["name"]), int(p["size"]), str(p["sha256"])) for p in body["parts"]],
            areas={str(k): int(v) for k, v in body["areas"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ArchiveError("the manifest lacks a field") from None
