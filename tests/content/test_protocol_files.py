"""The protocol files in resources/protocols: every one loads, names its sources and what was
checked, uses only the agreed exercise ids, and a broken file stops the load naming itself."""

import tomllib
from pathlib import Path

import pytest

from keystone_desk.content.exercise_files import library_exercise_document, library_exercise_ids
from keystone_desk.content.protocols import (
    ProtocolCatalog,
    ProtocolFileError,
    UnknownProtocolError,
    default_protocols_dir,
    parse_protocol,
)
from keystone_desk.domain.exercises import Dosage, dosage_text
from keystone_desk.domain.protocols import Applicability, exercises_for, phase_for_week

ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = ROOT / "resources" / "protocols"
# The exercise library's ids, as agreed with the library's author (resources/exercises/<id>.toml).
AGREED_EXERCISES = frozenset({
    "heel-drop-straight-knee-step", "heel-drop-bent-knee-step", "heel-drop-straight-knee-floor",
    "heel-drop-bent-knee-floor", "calf-isometric-hold-standing", "calf-isometric-hold-seated",
    "hsr-standing-calf-raise", "hsr-seated-calf-raise", "hsr-leg-press-calf-raise",
    "heel-raise-double-leg", "heel-raise-single-leg", "heel-raise-quick-rebound",
    "band-ankle-plantarflexion", "band-ankle-dorsiflexion", "band-ankle-inversion",
    "band-ankle-eversion", "stretch-gastrocnemius", "stretch-soleus", "glute-bridge",
    "side-lying-hip-abduction", "single-leg-romanian-deadlift", "step-up", "stretch-hamstring",
    "balance-single-leg", "pogo-hops", "skipping", "walk-run-intervals",
})


def catalog() -> ProtocolCatalog:
    return ProtocolCatalog.load(PROTOCOLS, exercise_ids=AGREED_EXERCISES)


def raw(name: str) -> dict:
    with (PROTOCOLS / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_four_protocols_load_in_order():
    assert default_protocols_dir() == PROTOCOLS
    assert catalog().ids() == ["alfredson-eccentric", "silbernagel-combined",
                               "heavy-slow-resistance", "isometric-start"]


def test_the_shipped_files_use_only_exercises_the_library_has():
    library = library_exercise_ids()
    for protocol in catalog():
        assert protocol.exercise_ids <= AGREED_EXERCISES
        if library is not None:  # once resources/exercises exists, the real check
            assert protocol.exercise_ids <= library, protocol.id
    ProtocolCatalog.load()  # the app's own load: checks against the library folder if present


@pytest.mark.parametrize("protocol", list(catalog()), ids=lambda p: p.id)
def test_every_protocol_names_sources_rules_and_what_was_verified(protocol):
    assert protocol.citations and all(len(c.text) > 40 for c in protocol.citations)
    assert protocol.summary and protocol.progression_rules and protocol.pain_rules
    assert protocol.verification
    statuses = {v.status.split(":")[0].split(",")[0] for v in protocol.verification}
    assert statuses & {"verified", "verified against secondary sources only",
                       "verified (abstract only)", "verified against the abstract and "
                       "secondary summaries; the full text was not read"}
    for phase in protocol.phases:
        for site in protocol.applicability:
            assert exercises_for(phase, site), f"{protocol.id} phase {phase.number} {site}"


def test_alfredson_is_three_by_fifteen_twice_daily_every_day_for_twelve_weeks():
    alfredson = catalog().get("alfredson-eccentric")
    (phase,) = alfredson.phases
    assert (phase.first_week, phase.last_week) == (1, 12)
    for exercise in phase.exercises:
        d = exercise.dosage
        assert (d.sets, d.reps, d.times_per_day, d.days_per_week) == (3, 15, 2, 7)
    assert {e.exercise_id for e in exercises_for(phase, Applicability.MIDPORTION)} == {
        "heel-drop-straight-knee-step", "heel-drop-bent-knee-step"}
    assert {e.exercise_id for e in exercises_for(phase, Applicability.INSERTIONAL)} == {
        "heel-drop-straight-knee-floor", "heel-drop-bent-knee-floor"}


def test_silbernagel_has_four_overlapping_phases_and_the_pain_monitoring_model():
    silbernagel = catalog().get("silbernagel-combined")
    assert [(p.first_week, p.last_week) for p in silbernagel.phases] == [
        (1, 2), (2, 5), (3, 12), (12, 26)]
    rules = " ".join(silbernagel.pain_rules)
    assert "5 on a 0–10 scale" in rules and "next morning" in rules and "week to week" in rules
    assert "reduce the load" in rules
    phase2 = silbernagel.phases[1]
    rebound = next(e for e in phase2.exercises if e.exercise_id == "heel-raise-quick-rebound")
    assert (rebound.dosage.sets, rebound.dosage.reps) == (3, 20)
    assert [phase_for_week(silbernagel, w).number for w in (1, 2, 3, 5, 6, 12, 13, 26)] == [
        1, 1, 2, 2, 3, 3, 4, 4]
    assert phase_for_week(silbernagel, 27) is None


def test_heavy_slow_resistance_loads_by_repetition_maximum_three_times_a_week():
    hsr = catalog().get("heavy-slow-resistance")
    by_week = {w: phase_for_week(hsr, w) for w in range(1, 13)}
    loads = {w: by_week[w].exercises[0].dosage.load for w in by_week}
    assert [loads[w] for w in (1, 2, 3, 4, 5, 6, 8, 9, 12)] == [
        "15RM", "12RM", "12RM", "10RM", "10RM", "8RM", "8RM", "6RM", "6RM"]
    assert by_week[1].exercises[0].dosage.sets == 3 and by_week[4].exercises[0].dosage.sets == 4
    for phase in hsr.phases:
        assert {e.exercise_id for e in phase.exercises} == {
            "hsr-seated-calf-raise", "hsr-standing-calf-raise", "hsr-leg-press-calf-raise"}
        assert all(e.dosage.days_per_week == 3 and e.dosage.tempo == "3 s up, 3 s down"
                   for e in phase.exercises)
    assert hsr.applicability == frozenset({Applicability.MIDPORTION})


def test_isometric_start_is_an_early_option_with_its_evidence_caveat():
    isometric = catalog().get("isometric-start")
    assert isometric.early_phase_option
    assert "patellar" in isometric.evidence_note and "Achilles" in isometric.evidence_note
    holds = isometric.phases[0].exercises[0].dosage
    assert (holds.sets, holds.reps, holds.hold_seconds, holds.rest_seconds) == (5, 1, 45, 120)
    assert dosage_text(holds) == "5 × 45 s holds · once a day"


def test_a_prescription_lays_only_what_the_protocol_says_over_the_exercises_default():
    hsr = catalog().get("heavy-slow-resistance").phases[0].exercises[0]
    default = Dosage(sets=2, reps=8, rest_seconds=90, each_side=True, unit="reps", load="light")
    prescribed = hsr.prescribed(default)
    assert (prescribed.sets, prescribed.reps, prescribed.load) == (3, 15, "15RM")
    assert prescribed.rest_seconds == 120 and prescribed.each_side  # rest given; side not
    assert hsr.prescribed(None) == hsr.dosage


def test_an_unknown_exercise_id_stops_the_load_naming_the_file(tmp_path):
    (tmp_path / "alfredson-eccentric.toml").write_bytes(
        (PROTOCOLS / "alfredson-eccentric.toml").read_bytes())
    library = AGREED_EXERCISES - {"heel-drop-bent-knee-floor"}
    with pytest.raises(ProtocolFileError) as raised:
        ProtocolCatalog.load(tmp_path, exercise_ids=library)
    message = str(raised.value)
    assert "alfredson-eccentric.toml" in message and "'heel-drop-bent-knee-floor'" in message


def test_the_library_folder_is_what_exercise_ids_are_checked_against(tmp_path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    for exercise_id in AGREED_EXERCISES - {"pogo-hops"}:
        (exercises / f"{exercise_id}.toml").write_text(f'id = "{exercise_id}"\n')
    assert library_exercise_ids(exercises) == AGREED_EXERCISES - {"pogo-hops"}
    assert library_exercise_ids(tmp_path / "missing") is None
    with pytest.raises(ProtocolFileError, match="no exercise 'pogo-hops'"):
        parse_protocol(raw("silbernagel-combined"), library_exercise_ids(exercises))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(dosage="3x15"), "unknown key dosage"),
    (lambda d: d["phases"][0].update(last_week=0), "last_week"),
    (lambda d: d["phases"][0]["exercises"][0].update(sets=0), r"\.sets: give a number from 1"),
    (lambda d: d["phases"][0]["exercises"][0].update(reps="15"), r"\.reps: give a whole number"),
    (lambda d: [e.pop("reps") for e in d["phases"][0]["exercises"]], "give reps or hold_seconds"),
    (lambda d: d["phases"][0]["exercises"][0].update(applies_to=["achilles"]), "midportion"),
    (lambda d: d.update(citations=[]), "citations"),
    (lambda d: d["phases"][0].update(number=2), "number them 1, 2, 3"),
    (lambda d: d["phases"][0].update(exercises=[d["phases"][0]["exercises"][0]]),
     "no exercise applies to insertional"),
])
def test_a_broken_protocol_is_refused_with_the_place_named(change, message):
    data = raw("alfredson-eccentric")
    change(data)
    with pytest.raises(ProtocolFileError, match=message):
        parse_protocol(data, AGREED_EXERCISES)


def test_a_file_must_be_named_after_its_id(tmp_path):
    (tmp_path / "eccentric.toml").write_bytes((PROTOCOLS / "alfredson-eccentric.toml").read_bytes())
    with pytest.raises(ProtocolFileError, match="named after its id"):
        ProtocolCatalog.load(tmp_path, exercise_ids=AGREED_EXERCISES)


def test_asking_for_an_unknown_protocol_names_the_known_ones():
    with pytest.raises(UnknownProtocolError, match="known protocols: alfredson-eccentric"):
        catalog().get("stanish")


def test_a_library_file_is_read_as_plain_json_for_a_handout_snapshot(tmp_path):
    (tmp_path / "glute-bridge.toml").write_text(
        'id = "glute-bridge"\nname = "Bridge"\nreviewed = 2026-11-03\n[dosage]\nsets = 3\n')
    document = library_exercise_document("glute-bridge", tmp_path)
    assert document == {"id": "glute-bridge", "name": "Bridge", "reviewed": "2026-11-03",
                        "dosage": {"sets": 3}}
    assert library_exercise_document("missing", tmp_path) is None
    assert library_exercise_document("../etc/passwd", tmp_path) is None
