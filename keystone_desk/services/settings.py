"""ClinicSettingsService: the clinic's details printed on every document (name, address, phone,
logo, default paper size). No Qt.

`get()` is what the documents print; `update` checks the details (the logo must be a PNG or JPEG
of at most 2 MB), writes them over the version the person opened and records an audit event, in
one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ..domain.clinic_settings import ClinicBranding, check_branding
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.clinic_settings import ClinicSettingsRepository
from ..store.database import Database

_KEEP = object()


class ClinicSettingsService:
    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock
        self._repo = ClinicSettingsRepository(db)
        self._audit = AuditLog(db)

    def get(self) -> ClinicBranding:
        """The clinic's branding as every document prints it."""
        return self._repo.get()[0]

    def version(self) -> int:
        """The version the details are at (pass it back to `update`)."""
        return self._repo.get()[1]

    def update(self, actor: User, branding: ClinicBranding, *,
               expected_version: int | None = None) -> ClinicBranding:
        """Save new details; ValidationError names each wrong field, ConflictError if they were
        changed since `expected_version` (None: over whatever is there now)."""
        checked = check_branding(branding)
        now = self._clock()
        with self._db.atomic():
            before, version = self._repo.get()
            self._repo.update(checked, version if expected_version is None else expected_version,
                              now, actor.id)
            self._audit.append(now, actor.id, "update", "clinic_settings", 1, None,
                               _changed(before, checked))
        return checked

    def set_details(self, actor: User, *, name: str | None = None, address: str | None = None,
                    phone: str | None = None, paper: str | None = None,
                    logo: bytes | None | object = _KEEP,
                    expected_version: int | None = None) -> ClinicBranding:
        """Change some details and keep the rest; `logo=None` (or b"") removes the logo."""
        current = self.get()
        changes: dict[str, object] = {k: v for k, v in (
            ("name", name), ("address", address), ("phone", phone), ("paper", paper))
            if v is not None}
        if logo is not _KEEP:
            changes["logo"] = logo or b""
        return self.update(actor, replace(current, **changes),  # type: ignore[arg-type]
                           expected_version=expected_version)


def _changed(before: ClinicBranding, after: ClinicBranding) -> str:
    """Which details changed, for the audit trail (the logo by size, not content)."""
    names = [field for field in ("name", "address", "phone", "paper")
             if getattr(before, field) != getattr(after, field)]
    if before.logo != after.logo:
        names.append(f"logo ({len(after.logo) // 1024} KB)" if after.logo else "logo removed")
    return ", ".join(names) or "no change"
