"""Encryption at rest for tokens and secrets (Fernet, several keys for rotation)."""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from playground import logredact


class SecretBoxError(Exception):
    """A stored value could not be decrypted with any configured key."""


class SecretBox:
    """Encrypts with the first key and decrypts with any of them."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        except ValueError as exc:
            raise ValueError(
                "PLAYGROUND_ENCRYPTION_KEYS holds a key that is not a Fernet key"
            ) from exc

    def encrypt(self, plaintext: str) -> bytes:
        """Encrypt a text with the newest key (and keep it out of the log)."""
        logredact.remember(plaintext)
        return self._fernet.encrypt(plaintext.encode())

    def decrypt(self, ciphertext: bytes) -> str:
        """Decrypt a value written with any configured key (and keep it out of the log)."""
        try:
            plaintext = self._fernet.decrypt(ciphertext).decode()
        except InvalidToken as exc:
            raise SecretBoxError("stored credential cannot be decrypted with the keys") from exc
        logredact.remember(plaintext)
        return plaintext

    def rotate(self, ciphertext: bytes) -> bytes:
        """Re-encrypt a value with the newest key."""
        try:
            return self._fernet.rotate(ciphertext)
        except InvalidToken as exc:
            raise SecretBoxError("stored credential cannot be decrypted with the keys") from exc


def new_key() -> str:
    """A fresh random Fernet key."""
    return Fernet.generate_key().decode()


def fingerprint(secret: str) -> str:
    """A short, non-reversible tag that tells two secrets apart without showing them."""
    return hashlib.sha256(b"playground-fingerprint:" + secret.encode()).hexdigest()[:8]
