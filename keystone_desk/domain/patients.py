"""A registered patient: identity in the database plus the intake record. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NewType

from .contact import age_on
from .intake import Intake

PatientId = NewType("PatientId", int)


@dataclass(frozen=True, slots=True)
class Consent:
    """When consent to treat / the privacy notice were recorded, and by whom (None: not yet)."""

    recorded_at: datetime | None = None
    recorded_by: str = ""


@dataclass(frozen=True, slots=True)
class Patient:
    id: PatientId
    uid: str
    version: int
    intake: Intake
    archived: bool
    created_at: datetime
    updated_at: datetime
    consent: Consent = Consent()

    def age(self, today: date) -> int:
        return age_on(self.intake.date_of_birth, today)

    @property
    def display_name(self) -> str:
        return self.intake.display_name


@dataclass(frozen=True, slots=True)
class PatientSummary:
    """One row of the patient list: just what the list shows, cheap to load by the thousand."""

    id: PatientId
    uid: str
    last_name: str
    first_name: str
    preferred_name: str
    date_of_birth: date
    phone: str
    email: str
    red_flags: int
    archived: bool

    @property
    def display_name(self) -> str:
        name = f"{self.last_name}, {self.first_name}"
        if self.preferred_name and self.preferred_name != self.first_name:
            name += f" ({self.preferred_name})"
        return name
