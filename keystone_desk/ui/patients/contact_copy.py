"""What the intake form offers to copy into an existing record when the person typed a duplicate.

The front desk types a patient who turns out to be registered already, often because their phone
or email changed. `new_contact_details` finds the phone numbers and email typed that differ from
the existing record, and `with_contact` gives that record's raw values with them copied in, for an
ordinary (audited, version-checked) PatientService.update. Domain types only; no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...domain.intake import Intake

CONTACT_KEYS = ("mobile_phone", "home_phone", "email")


def new_contact_details(raw: Mapping[str, object], existing: Intake) -> dict[str, str]:
    """Contact fields typed (not blank) whose value differs from the existing record's."""
    found = {}
    for key in CONTACT_KEYS:
        typed = str(raw.get(key) or "").strip()
        if typed and typed != getattr(existing, key):
            found[key] = typed
    return found


def with_contact(existing: Intake, contact: Mapping[str, str]) -> dict[str, object]:
    """The existing record's raw values with `contact` copied over; nothing else changes."""
    return {**existing.to_raw(), **contact}
