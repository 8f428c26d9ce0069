"""Is the draft still what the patient was given? (domain.home_programs.is_as_handed_out, on
programs read back from the database): the builder previews the handed-out version, without a
DRAFT mark, exactly while the answer is yes."""

from dataclasses import replace
from datetime import date

import pytest

from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.home_programs import RUN_CALENDAR_OPTION, ProgramItem, is_as_handed_out
from keystone_desk.domain.return_to_run import build_calendar, calendar_to_json
from tests.plan_fixtures import open_episode, use_stand_in_library

BRIDGE = ProgramItem("glute-bridge", "", Dosage(sets=3, reps=12, days_per_week=3), "Squeeze", 1)
DROPS = ProgramItem("heel-drop-straight-knee-step", "right",
                    Dosage(sets=3, reps=15, times_per_day=2), "", 2)


@pytest.fixture
def handed(clinic, admin):
    """A two-exercise draft with options and a calendar, handed out as version 1."""
    use_stand_in_library(clinic)
    programs = clinic.home_programs
    episode_id = open_episode(clinic, admin)
    clinic.return_to_run.confirm_readiness(admin, episode_id, reason="Jogs pain-free already")
    draft = programs.get_or_create_draft(admin, episode_id)
    draft = programs.set_items(admin, draft.id, [BRIDGE, DROPS], draft.version)
    calendar = calendar_to_json(build_calendar(date(2026, 12, 1)))
    draft = programs.set_options(admin, draft.id, {"paper": "a4", RUN_CALENDAR_OPTION: calendar},
                                 draft.version)
    number = programs.hand_out(admin, draft.id)
    return programs.get(draft.id), programs.version(draft.id, number)


def test_a_draft_just_handed_out_is_that_version(handed):
    program, version = handed
    assert is_as_handed_out(program, version)


def test_no_version_yet_is_a_draft(handed):
    program, _ = handed
    assert not is_as_handed_out(program, None)


def test_a_changed_dosage_order_or_option_makes_it_a_draft_again(clinic, admin, handed):
    program, version = handed
    programs = clinic.home_programs
    fewer_reps = replace(DROPS, dosage=Dosage(sets=3, reps=10, times_per_day=2))
    changed = programs.set_items(admin, program.id, [BRIDGE, fewer_reps], program.version)
    assert not is_as_handed_out(changed, version)
    reordered = programs.set_items(admin, program.id, [replace(DROPS, order=1),
                                                       replace(BRIDGE, order=2)], changed.version)
    assert not is_as_handed_out(reordered, version)
    back = programs.set_items(admin, program.id, [BRIDGE, DROPS], reordered.version)
    assert is_as_handed_out(back, version)  # put back as it was: the version again
    large = programs.set_options(admin, program.id, {**back.options, "large_print": True},
                                 back.version)
    assert not is_as_handed_out(large, version)


def test_a_different_calendar_makes_it_a_draft_again(clinic, admin, handed):
    program, version = handed
    later = calendar_to_json(build_calendar(date(2026, 12, 8)))
    moved = clinic.home_programs.set_options(
        admin, program.id, {**program.options, RUN_CALENDAR_OPTION: later}, program.version)
    assert not is_as_handed_out(moved, version)
