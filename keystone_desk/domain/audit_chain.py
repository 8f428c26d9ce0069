"""The audit trail's hash chain: each entry's hash covers its own fields and the previous entry's
hash, so changing, removing or reordering any entry breaks every link after it; an anchor kept
outside the database catches a rewritten or shortened tail. Stdlib and domain only."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import KeystoneError

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


# ----- the anchor: the end of the chain, recorded outside the database
# The chain has no secret key, so whoever rewrites every later hash, or deletes the newest
# entries, still leaves a chain that verifies. An anchor (the last entry's number and hash, kept
# on paper or beside a backup) catches both: the trail must still reach it, and match it.

MIN_ANCHOR_HEX = 16  # what `audit verify` prints; enough to make forging it impractical
ANCHOR_TITLE = "Keystone Desk audit anchor"


class AnchorError(KeystoneError):
    """An anchor that cannot be read; the message says what is wrong with it."""


@dataclass(frozen=True, slots=True)
class ChainAnchor:
    entry_id: int
    hash_prefix: str  # the full hash or at least its first MIN_ANCHOR_HEX hex digits

    @classmethod
    def of(cls, entry_id: object, hash_prefix: object) -> ChainAnchor:
        digits = str(hash_prefix).strip().lower()
        if isinstance(entry_id, bool) or not isinstance(entry_id, int) or entry_id < 1:
            raise AnchorError("the anchor's entry number must be a whole number from 1 up.")
        if len(digits) < MIN_ANCHOR_HEX or len(digits) > 64 or \
                any(c not in "0123456789abcdef" for c in digits):
            raise AnchorError(f"the anchor's hash must be {MIN_ANCHOR_HEX} to 64 hex digits.")
        return cls(entry_id, digits)


def anchor_text(entry_id: int, digest: str, taken_at: str, database: str) -> str:
    """The sidecar written beside each backup."""
    return (f"{ANCHOR_TITLE}\nentry: {entry_id}\nhash: {digest}\ntaken: {taken_at}\n"
            f"database: {database}\n")


def parse_anchor(text: str) -> ChainAnchor:
    """Read an anchor file (`entry:` and `hash:` lines); AnchorError when it has neither."""
    fields = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    if "entry" not in fields or "hash" not in fields:
        raise AnchorError("it has no 'entry:' and 'hash:' lines.")
    try:
        entry_id = int(fields["entry"])
    except ValueError:
        raise AnchorError(f"its entry {fields['entry']!r} is not a number.") from None
    return ChainAnchor.of(entry_id, fields["hash"])


def anchor_problem(anchor: ChainAnchor, at_anchor: ChainedEntry | None,
                   last: ChainedEntry | None) -> str | None:
    """What is wrong with an intact chain measured against the anchor (None: it matches)."""
    last_id = last.id if last is not None else 0
    if last_id < anchor.entry_id:
        return (f"the trail ends before the recorded anchor: its last entry is #{last_id}, the "
                f"anchor is #{anchor.entry_id} (the newest entries were removed)")
    if at_anchor is None:
        return (f"entry #{anchor.entry_id} of the recorded anchor no longer exists (entries "
                "were removed and the trail renumbered)")
    if not at_anchor.hash.startswith(anchor.hash_prefix):
        return (f"entry #{anchor.entry_id} does not match the recorded anchor (hash "
                f"{at_anchor.hash[:MIN_ANCHOR_HEX]}, recorded {anchor.hash_prefix[:MIN_ANCHOR_HEX]})"
                ": the trail was rewritten")
    return None


def anchor_note(anchor: ChainAnchor, last: ChainedEntry | None) -> str:
    """How the intact trail relates to a matching anchor."""
    later = (last.id if last is not None else 0) - anchor.entry_id
    if later <= 0:
        return f"the trail ends at the recorded anchor (#{anchor.entry_id})"
    return (f"the trail matches the recorded anchor (#{anchor.entry_id}) and continues "
            f"{later} entr{'y' if later == 1 else 'ies'} after it")
