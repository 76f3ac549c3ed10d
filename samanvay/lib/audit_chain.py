"""The hash chain of the audit log, in plain Python (the migration that back-fills it uses it too).

Each entry's hash is SHA-256 over a canonical JSON serialisation of its fields and the hash of the
entry before it, so changing, inserting or deleting an entry breaks every hash after it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
    at = fields["at"]
    if isinstance(at, datetime.datetime):
        at = at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    payload = {
        "at": at,
        "actor_id": fields["actor_id"],
        "action": fields["action"],
        "object_type": fields["object_type"],
        "object_id": fields["object_id"],
        "object_label": fields["object_label"],
        "changes": fields["changes"],
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()
