"""Helpers for outcome-measure tests: a patient with an episode of care, and the VISA-A example."""

from __future__ import annotations

from datetime import date

from keystone_desk.domain.users import User
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values

# The worked example of issue 3: `keystone-desk score visa-a 1=7 ... 8B=10` scores 54.
VISA_A_EXAMPLE = {"1": 7, "2": 6, "3": 8, "4": 8, "5": 6, "6": 5, "7": 4, "8B": 10}


def open_episode(clinic: Clinic, actor: User, **intake: object) -> int:
    """Register a patient and open an episode for them; returns the episode id."""
    patient = clinic.patients.register(actor, intake_values(**intake)).patient
    episode = clinic.episodes.open_episode(actor, patient.id,
                                           "Right Achilles midportion tendinopathy",
                                           condition="achilles_midportion", side="right",
                                           opened_on=date(2026, 9, 1))
    return int(episode.id)

