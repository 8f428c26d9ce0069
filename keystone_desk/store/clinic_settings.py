"""ClinicSettingsRepository: the one row of clinic details (migration 0006).

Joins the caller's transaction; never opens one. An update names the version it read
(ConflictError when someone else saved in between).
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from ..domain.clinic_settings import ClinicBranding
from ..domain.errors import ConflictError


class ClinicSettingsRepository:
    def __init__(self, db: Database):
        self._db = db

    def get(self) -> tuple[ClinicBranding, int]:
        """The clinic's details and the version they are at."""
        row = self._db.execute(
            "SELECT name, address, phone, logo, logo_mime, paper, version FROM clinic_settings "
            "WHERE id = 1").fetchone()
        if row is None:  # a database someone edited by hand: print with the defaults
            return ClinicBranding(), 0
        return ClinicBranding(row[0], row[1], row[2], row[5], bytes(row[3] or b""), row[4]), row[6]

    def update(self, branding: ClinicBranding, expected_version: int, now: datetime,
               user_id: int) -> int:
        """Write the details over `expected_version`; returns the new version."""
        cursor = self._db.execute(
            "UPDATE clinic_settings SET name = ?, address = ?, phone = ?, logo = ?, "
            "logo_mime = ?, paper = ?, version = version + 1, updated_at = ?, updated_by = ? "
            "WHERE id = 1 AND version = ?",
            [branding.name, branding.address, branding.phone, branding.logo or None,
             branding.logo_mime if branding.logo else "", branding.paper, now.isoformat(),
             user_id, expected_version])
        if cursor.rowcount != 1:
            raise ConflictError("clinic's details", 1, expected_version, self.get()[1])
        return expected_version + 1
