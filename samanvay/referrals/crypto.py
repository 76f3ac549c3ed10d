"""Encryption at rest of protected records (the `cryptography` library's Fernet, several keys).

The first key of `REFERRALS_ENCRYPTION_KEYS` encrypts; every key decrypts, so a new key can be put
in front and the records re-encrypted (`rotate_referral_keys`) before the old key is dropped.
Names are also indexed by a keyed hash (HMAC-SHA256, key derived from the first key) so that the
privacy guard can recognise them without decrypting anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("Set REFERRALS_ENCRYPTION_KEYS to protect referral records.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.REFERRALS_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(bytes(token))


def encrypt_json(value: dict) -> bytes:
    return encrypt_bytes(json.dumps(value, ensure_ascii=False).encode())


def decrypt_json(token: bytes) -> dict:
    return json.loads(decrypt_bytes(token))


def rotate(token: bytes) -> bytes:
    """The same content, encrypted with the first key."""
    return fernet().rotate(bytes(token))


def new_key() -> str:
    return Fernet.generate_key().decode()


# --- the name index ----------------------------------------------------------------------------

# `\w` alone leaves out Devanagari vowel signs (matras are marks, not letters): name them too.
WORD = re.compile(r"[\w\u0300-\u036f\u0900-\u0963\u0966-\u097f\ua8e0-\ua8ff\u200c\u200d]+")
MAX_NAME_WORDS = 4


def words(text: str) -> list[str]:
    """Lower-cased words, Unicode-normalised (NFC), so Devanagari and Latin names both match."""
    return WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _index_key() -> bytes:
    first = settings.REFERRALS_ENCRYPTION_KEYS[0] if settings.REFERRALS_ENCRYPTION_KEYS else ""
    if not first:
        raise ImproperlyConfigured("Set REFERRALS_ENCRYPTION_KEYS to protect referral records.")
    return hashlib.sha256(
        b"samanvay-referrals-name-index:" + base64.urlsafe_b64decode(first)
    ).digest()


def digest(normalised: str) -> str:
    return hmac.new(_index_key(), normalised.encode(), hashlib.sha256).hexdigest()


def name_digests(name: str) -> set[str]:
    """The digests under which a protected name is found: the whole name (up to MAX_NAME_WORDS
    words). A single common first name alone is not indexed: it would flag every namesake."""
    parts = words(name)[:MAX_NAME_WORDS]
    return {digest(" ".join(parts))} if parts else set()


def text_digests(text: str) -> set[str]:
    """The digests of every run of 1..MAX_NAME_WORDS consecutive words of `text`."""
    parts = words(text)
    found = set()
    for start in range(len(parts)):
        for length in range(1, MAX_NAME_WORDS + 1):
            if start + length > len(parts):
                break
            found.add(digest(" ".join(parts[start : start + length])))
    return found


def record_digests(details: dict) -> dict[str, set[str]]:
    """The digests under which the privacy guard finds a protected record, by field: the
    person's name, and the guardian's when it is a name of two words or more (a guardian written
    as just "father" or "पिता" would otherwise flag that word everywhere)."""
    found = {"name": name_digests(str(details.get("name") or ""))}
    guardian = str(details.get("guardian") or "")
    if len(words(guardian)) >= 2:
        found["guardian"] = name_digests(guardian)
    return found
