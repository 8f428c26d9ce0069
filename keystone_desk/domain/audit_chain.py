"""The audit trail's hash chain: each entry's hash covers its own fields and the previous entry's
hash, so changing, removing or reordering any entry breaks every link after it. Stdlib only."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64  # the "previous hash" of the first entry


@dataclass(frozen=True, slots=True)
class ChainedEntry:
    id: int
    at: str
    user_id: int
    action: str
    entity: str
    entity_id: int | None
    patient_id: int | None
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class BrokenLink:
    entry_id: int
    reason: str


def entry_hash(prev_hash: str, entry_id: int, at: str, user_id: int, action: str, entity: str,
               entity_id: int | None, patient_id: int | None, detail: str) -> str:
    canonical = json.dumps(
        [prev_hash, entry_id, at, user_id, action, entity, entity_id, patient_id, detail],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def first_broken_link(entries: Iterable[ChainedEntry]) -> BrokenLink | None:
    """Walk the chain oldest first; the first entry that does not hash to what it says, or does
    not name its predecessor's hash, is where tampering happened."""
    expected_prev = GENESIS
    for entry in entries:
        if entry.prev_hash != expected_prev:
            return BrokenLink(entry.id, "does not follow the entry before it (an entry was "
                                        "removed, inserted or reordered)")
        recomputed = entry_hash(entry.prev_hash, entry.id, entry.at, entry.user_id, entry.action,
                                entry.entity, entry.entity_id, entry.patient_id, entry.detail)
        if recomputed != entry.hash:
            return BrokenLink(entry.id, "its contents were changed after it was written")
        expected_prev = entry.hash
    return None
