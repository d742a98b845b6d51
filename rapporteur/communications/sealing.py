"""Reply documents' bytes, sealed in their rows. Letters, persons concerned and
replies are sealed and opened with ``rapporteur.vault.sealing``.

Each function says who can decrypt. Nothing else in the app touches a primitive.
"""

from __future__ import annotations

from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.models import DeskKey


def seal_bytes(*, data: bytes, desk_key: DeskKey) -> bytes:
    """A reply document. WHO CAN DECRYPT: holders of this desk key generation."""
    return vault_sealing.seal_bytes(data=data, desk_key=desk_key)


def open_bytes(*, envelope: bytes, version: int, desk_keys: dict[int, bytes]) -> bytes:
    """Raises ``CannotOpen`` when this session does not hold the generation."""
    return vault_sealing.open_bytes(envelope=envelope, version=version, desk_keys=desk_keys)
