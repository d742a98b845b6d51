"""A software security key for tests: it answers WebAuthn challenges as a browser and
an authenticator together would, signing with an EC P-256 key from ``cryptography``.

Its answers are the JSON that ``accounts/static/accounts/passkeys.js`` posts. Every
part a browser or key would fill in can be overridden, so a test can change exactly
one thing (the origin, the relying party, the challenge, the signer, the counter).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import sha256, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

ORIGIN = "http://localhost:8000"
RP_ID = "localhost"
_FLAGS = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@dataclass
class SoftKey:
    """One credential on one software key. ``counts=False`` is a key that keeps its
    signature counter at 0, as many passkeys do."""

    private_key: ec.EllipticCurvePrivateKey = field(default_factory=_new_key)
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    counter: int = 0
    counts: bool = True

    def create(
        self,
        options: dict[str, Any],
        *,
        origin: str = ORIGIN,
        rp_id: str = RP_ID,
        challenge: bytes | str | None = None,
    ) -> str:
        """The answer to ``navigator.credentials.create(options)``."""
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.CREATE,
            challenge=challenge or options["publicKey"]["challenge"],
            origin=origin,
        )
        credential = AttestedCredentialData.create(
            Aaguid.NONE, self.credential_id, ES256.from_cryptography_key(self.public_key)
        )
        auth_data = AuthenticatorData.create(
            sha256(rp_id.encode()), _FLAGS | AuthenticatorData.FLAG.AT, self.counter, credential
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return self._answer(
            clientDataJSON=client_data.b64, attestationObject=websafe_encode(attestation)
        )

    def get(
        self,
        options: dict[str, Any],
        *,
        origin: str = ORIGIN,
        rp_id: str = RP_ID,
        challenge: bytes | str | None = None,
        signer: ec.EllipticCurvePrivateKey | None = None,
    ) -> str:
        """The answer to ``navigator.credentials.get(options)``; the counter moves on."""
        if self.counts:
            self.counter += 1
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.GET,
            challenge=challenge or options["publicKey"]["challenge"],
            origin=origin,
        )
        auth_data = AuthenticatorData.create(sha256(rp_id.encode()), _FLAGS, self.counter)
        signature = (signer or self.private_key).sign(
            auth_data + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return self._answer(
            clientDataJSON=client_data.b64,
            authenticatorData=websafe_encode(auth_data),
            signature=websafe_encode(signature),
        )

    @property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.private_key.public_key()

    def _answer(self, **response: str) -> str:
        encoded_id = websafe_encode(self.credential_id)
        return json.dumps(
            {
                "id": encoded_id,
                "rawId": encoded_id,
                "type": "public-key",
                "clientExtensionResults": {},
                "response": response,
            }
        )
