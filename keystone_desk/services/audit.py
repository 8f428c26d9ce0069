"""AuditService: the administrator's view of the audit trail. `verify` walks the hash chain and
names the first broken link; `query` and `export_csv` read it with names resolved. Reading the
trail is itself recorded ("view"/"export" of the audit trail), so nobody looks unseen.

Uses domain.audit_chain for the rule and store/ for the SQL; never imports Qt."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from ..domain.audit_chain import (
    BrokenLink,
    ChainAnchor,
    ChainedEntry,
    anchor_note,
    anchor_problem,
    first_broken_link,
)
from ..domain.audit_trail import CSV_HEADER, AuditFilter, AuditRow
from ..domain.errors import KeystoneError
from ..domain.users import Role, User
from ..store.audit import AuditLog
from ..store.audit_trail import AuditTrailRepository
from ..store.database import Database

AUDIT_ENTITY = "audit_trail"
MAX_PAGE = 5000


class AuditAccessError(KeystoneError):
    """Only an administrator reads the audit trail."""


@dataclass(frozen=True, slots=True)
class AuditVerification:
    ok: bool  # the chain is intact and, when an anchor was given, reaches it and matches it
    entries_checked: int
    first_broken: BrokenLink | None
    last_entry_id: int = 0  # 0: an empty trail (or the walk stopped at a broken link)
    last_hash: str = ""
    anchor_problem: str | None = None  # the trail was shortened or rewritten after the anchor
    anchor_note: str | None = None  # a matching anchor: where the trail stands against it


@dataclass(frozen=True, slots=True)
class AuditUser:
    id: int
    username: str
    display_name: str


class AuditService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *, tz: tzinfo | None = None):
        self._db = db
        self._clock = clock
        self._tz = tz  # None: the computer's zone, as everywhere in the app
        self._audit = AuditLog(db)
        self._trail = AuditTrailRepository(db)

    # ----- the chain (needs no user: it reveals entry ids only)

    def verify(self, anchor: ChainAnchor | tuple[int, str] | None = None
               ) -> AuditVerification:
        """Walk every entry oldest first, streaming; stop at the first broken link. With an
        `anchor` (entry id, hash or its first 16+ hex digits, recorded outside the database),
        an intact chain must also still reach that entry with that hash."""
        if anchor is not None and not isinstance(anchor, ChainAnchor):
            anchor = ChainAnchor.of(*anchor)
        counter = _Counter(self._audit.chain(), watch=anchor.entry_id if anchor else None)
        broken = first_broken_link(counter)
        last = counter.last if broken is None else None
        problem = note = None
        if broken is None and anchor is not None:
            problem = anchor_problem(anchor, counter.at_watch, last)
            note = None if problem else anchor_note(anchor, last)
        return AuditVerification(broken is None and problem is None, counter.count, broken,
                                 last.id if last else 0, last.hash if last else "", problem,
                                 note)

    # ----- reading, for an administrator; each read is recorded

    def query(self, actor: User, *, user_id: int | None = None, patient_id: int | None = None,
              action: str | None = None, since: date | None = None, until: date | None = None,
              limit: int = 500, offset: int = 0, before_id: int | None = None
              ) -> list[AuditRow]:
        """Entries matching every filter given, newest first; `before_id` continues a page
        from the last entry shown (the viewer's scrolling: new entries never shift it)."""
        where = AuditFilter(user_id, patient_id, action or None, since, until)
        self._check(actor, "view")
        rows = self._trail.find(where, where.utc_bounds(self._tz),
                                limit=max(0, min(limit, MAX_PAGE)), offset=max(0, offset),
                                before_id=before_id)
        with self._db.atomic():
            self._audit.append(self._clock(), actor.id, "view", AUDIT_ENTITY, None, patient_id,
                             _describe(where, offset, before_id))
        return rows

    def export_csv(self, actor: User, path: Path | str, *, user_id: int | None = None,
                   patient_id: int | None = None, action: str | None = None,
                   since: date | None = None, until: date | None = None) -> int:
        """Write every matching entry (newest first) to a UTF-8 CSV with a header; the number of
        entries written. The export is recorded once the file is complete."""
        where = AuditFilter(user_id, patient_id, action or None, since, until)
        self._check(actor, "export")
        target = Path(path)
        count = _write_csv(target, self._trail.iter_all(where, where.utc_bounds(self._tz)))
        try:
            with self._db.atomic():
                self._audit.append(self._clock(), actor.id, "export", AUDIT_ENTITY, None,
                                 patient_id, f"{count} entries to {target.name}; "
                                             f"{_describe(where, 0)}".rstrip("; "))
        except BaseException:
            target.unlink(missing_ok=True)  # an unrecorded export must not stay behind
            raise
        return count

    def users(self) -> list[AuditUser]:
        """Everyone who can appear in the trail, for the viewer's user filter."""
        return [AuditUser(*row) for row in self._trail.users()]

    def actions(self) -> list[str]:
        """Every action recorded so far, for the viewer's action filter."""
        return self._trail.actions()

    def _check(self, actor: User, what: str) -> None:
        if actor.role is Role.ADMINISTRATOR:
            return
        with self._db.atomic():
            self._audit.append(self._clock(), actor.id, "denied", AUDIT_ENTITY, None, None, what)
        raise AuditAccessError("Only an administrator can read the audit trail.")


class _Counter(Iterator[ChainedEntry]):
    """Counts the entries the chain check actually read, keeping the last one and the one
    with the `watch` id (an anchor's)."""

    def __init__(self, entries: Iterable[ChainedEntry], watch: int | None = None):
        self._it = iter(entries)
        self._watch = watch
        self.count = 0
        self.last: ChainedEntry | None = None
        self.at_watch: ChainedEntry | None = None

    def __next__(self) -> ChainedEntry:
        entry = next(self._it)
        self.count += 1
        self.last = entry
        if entry.id == self._watch:
            self.at_watch = entry
        return entry


def _write_csv(path: Path, rows: Iterable[AuditRow]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(row.csv_values())
            count += 1
    return count


def _describe(where: AuditFilter, offset: int, before_id: int | None = None) -> str:
    """The filters used, for the entry that records the read (ids, never names)."""
    parts = [f"{name}={value}" for name, value in (
        ("user", where.user_id), ("patient", where.patient_id), ("action", where.action),
        ("since", where.since), ("until", where.until)) if value is not None]
    if offset:
        parts.append(f"from row {offset}")
    if before_id is not None:
        parts.append(f"before #{before_id}")
    return " ".join(parts)
