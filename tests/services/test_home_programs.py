"""HomeProgramService: the episode's draft, version conflicts, handing out immutable numbered
versions, and answering "what did we give her on 3 Nov?"."""

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from keystone_desk.domain.errors import ConflictError, NotFoundError, ValidationError
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.domain.return_to_run import build_calendar, calendar_to_json
from tests.plan_fixtures import open_episode, use_stand_in_library

BRIDGE = ProgramItem("glute-bridge", "", Dosage(sets=3, reps=12, days_per_week=3), "Squeeze", 2)
DROPS = ProgramItem("heel-drop-straight-knee-step", "right",
                    Dosage(sets=3, reps=15, times_per_day=2), "", 1)


@pytest.fixture
def library(clinic):
    return use_stand_in_library(clinic)


@pytest.fixture
def episode_id(clinic, admin, library):
    return open_episode(clinic, admin)


@pytest.fixture
def programs(clinic, library):
    return clinic.home_programs


def events(clinic, entity="home_program"):
    return [r[0] for r in clinic.db.execute(
        "SELECT action FROM audit_events WHERE entity = ? ORDER BY id", [entity])]


def test_the_draft_is_made_once_per_episode(programs, admin, episode_id, clinic):
    draft = programs.get_or_create_draft(admin, episode_id)
    assert programs.get_or_create_draft(admin, episode_id) == draft
    assert (draft.items, draft.version, draft.episode_id) == ((), 1, episode_id)
    assert programs.for_episode(episode_id) == draft
    assert events(clinic) == ["create"]


def test_items_are_saved_in_order_with_side_dosage_and_notes(programs, admin, episode_id, clinic):
    draft = programs.get_or_create_draft(admin, episode_id)
    saved = programs.set_items(admin, draft.id, [BRIDGE, DROPS], draft.version)
    assert [i.exercise_id for i in saved.items] == ["heel-drop-straight-knee-step", "glute-bridge"]
    assert [i.order for i in saved.items] == [1, 2]
    assert saved.items[0].side == "right" and saved.items[0].dosage.times_per_day == 2
    assert saved.items[1].notes == "Squeeze" and saved.version == 2
    assert events(clinic) == ["create", "update"]


def test_a_stale_draft_is_a_conflict_never_an_overwrite(programs, admin, episode_id):
    draft = programs.get_or_create_draft(admin, episode_id)
    programs.set_items(admin, draft.id, [DROPS], draft.version)
    with pytest.raises(ConflictError):
        programs.set_items(admin, draft.id, [BRIDGE], draft.version)
    assert [i.exercise_id for i in programs.get(draft.id).items] == [DROPS.exercise_id]


def test_unknown_exercises_and_sides_are_refused(programs, admin, episode_id):
    draft = programs.get_or_create_draft(admin, episode_id)
    with pytest.raises(ValidationError) as raised:
        programs.set_items(admin, draft.id, [ProgramItem("moonwalk"),
                                             ProgramItem("glute-bridge", side="middle")],
                           draft.version)
    assert [p.field for p in raised.value.problems] == ["items.0", "items.1"]
    assert programs.get(draft.id).version == draft.version


def test_handing_out_numbers_versions_and_keeps_who_and_when(programs, admin, episode_id, clock,
                                                             clinic):
    draft = programs.get_or_create_draft(admin, episode_id)
    draft = programs.set_items(admin, draft.id, [DROPS, BRIDGE], draft.version)
    assert programs.hand_out(admin, draft.id) == 1
    clock.now += timedelta(days=7)
    draft = programs.set_items(admin, draft.id, [DROPS], draft.version)
    assert programs.hand_out(admin, draft.id) == 2
    first, second = programs.versions(draft.id)
    assert (first.number, second.number) == (1, 2)
    assert len(first.items) == 2 and len(second.items) == 1
    assert first.handed_by == admin.id and first.therapist_name == admin.display_name
    assert second.handed_at - first.handed_at == timedelta(days=7)
    assert programs.version(draft.id, 1) == first
    assert events(clinic)[-1] == "hand_out"


def test_a_handed_out_version_keeps_the_exercise_text_of_that_day(programs, admin, episode_id,
                                                                  library):
    draft = programs.get_or_create_draft(admin, episode_id)
    draft = programs.set_items(admin, draft.id, [BRIDGE], draft.version)
    programs.hand_out(admin, draft.id)
    library.documents["glute-bridge"]["steps"] = ["A rewritten step."]
    (handed,) = programs.version(draft.id, 1).items
    assert handed.exercise["steps"] == ["Do the glute bridge."]
    assert handed.item.dosage == BRIDGE.dosage and handed.item.notes == "Squeeze"


def test_versions_cannot_be_changed_or_deleted_even_by_raw_sql(programs, admin, episode_id,
                                                                clinic):
    draft = programs.get_or_create_draft(admin, episode_id)
    draft = programs.set_items(admin, draft.id, [BRIDGE], draft.version)
    programs.hand_out(admin, draft.id)
    for statement in ("UPDATE home_program_versions SET items_json = '[]'",
                      "UPDATE home_program_versions SET handed_at = '2020-01-01'",
                      "DELETE FROM home_program_versions"):
        with pytest.raises(sqlite3.IntegrityError, match="handed-out home programs cannot be"):
            clinic.db.execute(statement)
    assert len(programs.version(draft.id, 1).items) == 1


def test_an_empty_program_cannot_be_handed_out(programs, admin, episode_id):
    draft = programs.get_or_create_draft(admin, episode_id)
    with pytest.raises(ValidationError, match="at least one exercise"):
        programs.hand_out(admin, draft.id)
    assert programs.versions(draft.id) == []


def test_the_current_program_is_the_latest_handed_out_over_all_episodes(programs, admin, clinic,
                                                                        episode_id, clock):
    assert programs.current_for_patient(clinic.episodes.get(episode_id).patient_id) is None
    draft = programs.get_or_create_draft(admin, episode_id)
    draft = programs.set_items(admin, draft.id, [BRIDGE], draft.version)
    programs.hand_out(admin, draft.id)
    patient_id = clinic.episodes.get(episode_id).patient_id
    other = clinic.episodes.open_episode(admin, patient_id, "Left plantar heel pain", side="left")
    clock.now += timedelta(hours=2)
    second = programs.get_or_create_draft(admin, other.id)
    second = programs.set_items(admin, second.id, [DROPS], second.version)
    programs.hand_out(admin, second.id)
    current = programs.current_for_patient(patient_id)
    assert (current.program_id, current.number) == (second.id, 1)
    # A draft edited after handing out does not change what the patient has.
    programs.set_items(admin, second.id, [BRIDGE, DROPS], second.version)
    assert len(programs.current_for_patient(patient_id).items) == 1


def test_what_did_we_give_her_on_3_november(programs, admin, episode_id, clock, clinic):
    patient_id = clinic.episodes.get(episode_id).patient_id
    draft = programs.get_or_create_draft(admin, episode_id)
    clock.now = datetime(2026, 10, 20, 15, 0, tzinfo=UTC)
    draft = programs.set_items(admin, draft.id, [DROPS], draft.version)
    programs.hand_out(admin, draft.id)
    clock.now = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    draft = programs.set_items(admin, draft.id, [DROPS, BRIDGE], draft.version)
    programs.hand_out(admin, draft.id)
    clock.now = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
    draft = programs.set_items(admin, draft.id, [BRIDGE], draft.version)
    programs.hand_out(admin, draft.id)
    utc = UTC
    assert programs.version_on(patient_id, date(2026, 11, 3), utc).number == 2
    assert programs.version_on(patient_id, date(2026, 11, 2), utc).number == 1
    assert programs.version_on(patient_id, date(2026, 11, 16), utc).number == 2
    assert programs.version_on(patient_id, date(2026, 10, 19), utc) is None
    # Days are the clinic's local days: 16:00 UTC on 3 Nov is 06:00 on the 3rd in Honolulu…
    honolulu = timezone(timedelta(hours=-10))
    assert programs.version_on(patient_id, date(2026, 11, 3), honolulu).number == 2
    tokyo = timezone(timedelta(hours=9))  # …but 01:00 on the 4th in Tokyo
    assert programs.version_on(patient_id, date(2026, 11, 3), tokyo).number == 1


def test_options_are_kept_and_the_calendar_travels_into_the_version(clinic, programs, admin,
                                                                    episode_id):
    clinic.return_to_run.confirm_readiness(admin, episode_id, reason="Jogs pain-free already")
    calendar = build_calendar(date(2026, 12, 1))
    draft = programs.replace_draft(admin, episode_id, items=[BRIDGE],
                                   options={"return_to_run": calendar_to_json(calendar)},
                                   reason="return-to-run calendar")
    draft = programs.set_options(admin, draft.id, {"paper": "a4", "large_print": True},
                                 draft.version)
    assert draft.options["paper"] == "a4" and draft.run_calendar == calendar
    programs.hand_out(admin, draft.id)
    version = programs.version(draft.id, 1)
    assert version.run_calendar == calendar
    assert version.options == {"paper": "a4", "large_print": True}


def test_missing_programs_and_versions_are_not_found(programs, admin, episode_id):
    with pytest.raises(NotFoundError):
        programs.get(999)
    draft = programs.get_or_create_draft(admin, episode_id)
    with pytest.raises(NotFoundError, match="no version 3"):
        programs.version(draft.id, 3)
