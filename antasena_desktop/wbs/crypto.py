"""libsodium through PyNaCl: sealed boxes (X25519 + XSalsa20-Poly1305), secret boxes, Argon2id.
Pure functions, no database code."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

__all__ = ["CryptoError", "PrivateKey", "PublicKey", "KdfParams", "DEFAULT_KDF", "new_keypair", "seal",
           "unseal", "seal_json", "unseal_json", "secret_encrypt", "secret_decrypt", "derive_key",
           "new_salt", "random_bytes", "key_to_text", "key_from_text", "new_receipt", "lookup_tag"]

SALT_BYTES = argon2id.SALTBYTES      # 16
KEY_BYTES = SecretBox.KEY_SIZE        # 32


@dataclass(frozen=True)
class KdfParams:
    ops: int = argon2id.OPSLIMIT_INTERACTIVE     # 2 passes
    mem: int = argon2id.MEMLIMIT_INTERACTIVE     # 64 MiB (~0.1 s on one core)


DEFAULT_KDF = KdfParams()


def new_keypair() -> PrivateKey:
    return PrivateKey.generate()


def new_salt() -> bytes:
    return random_bytes(SALT_BYTES)


def derive_key(secret: str, salt: bytes, params: KdfParams = DEFAULT_KDF, size: int = KEY_BYTES) -> bytes:
    """Argon2id(secret, salt) → `size` bytes."""
    return argon2id.kdf(size, secret.encode("utf-8"), salt, opslimit=params.ops, memlimit=params.mem)


def seal(public_key: bytes | PublicKey, data: bytes) -> bytes:
    """Anonymous public-key encryption: anyone with the public key can seal, only the private key opens."""
    key = public_key if isinstance(public_key, PublicKey) else PublicKey(public_key)
    return SealedBox(key).encrypt(data)


def unseal(private_key: PrivateKey, data: bytes) -> bytes:
    return SealedBox(private_key).decrypt(data)


def seal_json(public_key: bytes | PublicKey, value: Any) -> bytes:
    return seal(public_key, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def unseal_json(private_key: PrivateKey, data: bytes) -> Any:
    return json.loads(unseal(private_key, data).decode("utf-8"))


def secret_encrypt(key: bytes, data: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(data))


def secret_decrypt(key: bytes, data: bytes) -> bytes:
    return SecretBox(key).decrypt(data)


def key_to_text(key: bytes) -> str:
    """A key as Base32 in groups of four (for a printed recovery sheet)."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def key_from_text(text: str) -> bytes:
    compact = "".join(text.split()).upper()
    compact += "=" * (-len(compact) % 8)
    return base64.b32decode(compact)


def new_receipt() -> str:
    """16 random decimal digits (GlobaLeaks-style: concealable like a phone number)."""
    return f"{secrets.randbelow(10 ** 16):016d}"


def lookup_tag(key: bytes, receipt: str, hex_chars: int = 4) -> str:
    """A short, deliberately colliding keyed hash of the receipt: 16 bits narrow the search to a few
    cases, while leaving ~1.5·10^11 candidates per case for an offline guesser (each needs Argon2id)."""
    return hmac.new(key, receipt.encode("ascii"), hashlib.sha256).hexdigest()[:hex_chars]
