"""Helpers for plan, home-program and return-to-run tests: a clinic whose exercise library is a
fixed stand-in (the real files are data that change), an episode, and signed evaluations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from keystone_desk.content.protocols import ProtocolCatalog
from keystone_desk.domain.charting import NoteHeader, NoteKind
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.users import User
from keystone_desk.services.clinic import Clinic
from keystone_desk.services.home_programs import HomeProgramService
from keystone_desk.services.plans import PlanService
from tests.conftest import intake_values

EXERCISE_IDS = (
    "heel-drop-straight-knee-step", "heel-drop-bent-knee-step", "heel-drop-straight-knee-floor",
    "heel-drop-bent-knee-floor", "calf-isometric-hold-standing", "calf-isometric-hold-seated",
    "hsr-standing-calf-raise", "hsr-seated-calf-raise", "hsr-leg-press-calf-raise",
    "heel-raise-double-leg", "heel-raise-single-leg", "heel-raise-quick-rebound",
    "band-ankle-plantarflexion", "band-ankle-dorsiflexion", "band-ankle-inversion",
    "band-ankle-eversion", "stretch-gastrocnemius", "stretch-soleus", "glute-bridge",
    "side-lying-hip-abduction", "single-leg-romanian-deadlift", "step-up", "stretch-hamstring",
    "balance-single-leg", "pogo-hops", "skipping", "walk-run-intervals",
)
# What each library file says, as far as these tests care: a name and steps.
LIBRARY: dict[str, dict[str, Any]] = {
    exercise_id: {"id": exercise_id, "name": exercise_id.replace("-", " ").capitalize(),
                  "steps": [f"Do the {exercise_id.replace('-', ' ')}."]}
    for exercise_id in EXERCISE_IDS
}


class StandInLibrary:
    """Exercise documents tests can change (to show a handed-out version keeps the old text)."""

    def __init__(self) -> None:
        self.documents = {k: dict(v) for k, v in LIBRARY.items()}
        self.dosages: dict[str, Dosage] = {}  # default dosages; none unless a test sets one

    def document(self, exercise_id: str) -> Mapping[str, Any] | None:
        return self.documents.get(exercise_id)

    def ids(self) -> frozenset[str]:
        return frozenset(self.documents)

    def dosage(self, exercise_id: str) -> Dosage | None:
        return self.dosages.get(exercise_id)


def use_stand_in_library(clinic: Clinic) -> StandInLibrary:
    """Build the clinic's protocol catalog, home-program and plan services over the stand-in
    library (before any of them is first used)."""
    library = StandInLibrary()
    clinic.__dict__["protocols"] = ProtocolCatalog.load(exercise_ids=library.ids())
    programs = HomeProgramService(clinic.db, clinic.clock, exercise_document=library.document,
                                  library_ids=library.ids)
    clinic.__dict__["home_programs"] = programs
    clinic.__dict__["plans"] = PlanService(
        clinic.db, clinic.clock, protocols=lambda: clinic.protocols, home_programs=programs,
        measures=lambda: clinic.measures, exercise_dosage=library.dosage)
    return library


def open_episode(clinic: Clinic, actor: User, side: str = "right", **intake: object) -> int:
    patient = clinic.patients.register(actor, intake_values(**intake)).patient
    episode = clinic.episodes.open_episode(actor, patient.id, "Right Achilles midportion",
                                           side=side, opened_on=date(2026, 9, 1))
    return int(episode.id)


def signed_note(clinic: Clinic, actor: User, episode_id: int, kind: NoteKind, day: date,
                content: Mapping[str, Any]) -> int:
    note = clinic.notes.create(actor, episode_id, kind, template_id="achilles-running",
                               header=NoteHeader(day, therapist_id=actor.id), content=content)
    return int(clinic.notes.sign(actor, note.id, "PT, DPT", note.version).id)
