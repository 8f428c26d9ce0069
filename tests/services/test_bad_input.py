"""Bad input: hypothesis types anything into every service input that takes text, dates, numbers
or answers. Each call either succeeds or is refused with a domain error (KeystoneError, e.g.
ValidationError) — never another exception — and a refused call leaves the database exactly as it
was (a hash of every table's rows except the audit trail, before and after).

The number of inputs tried is printed at the end of the module (`-s` shows it) for the README.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keystone_desk.domain.charting import NoteHeader, NoteKind
from keystone_desk.domain.errors import KeystoneError
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.domain.plan_goals import Comparator, GoalKind, GoalTarget, GoalTerm
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values

TRIED: Counter[str] = Counter()
EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

texts = st.text(max_size=80) | st.sampled_from(
    ["", " ", "\x00", "'; DROP TABLE patients; --", 'smi" OR', "*", "NEAR(", "Łukasz", "O'Brien",
     "x" * 5000, "\u202e", "2026-02-30", "31/12/1999", "25:61", "12:30", "-1", "1e309", "NaN"])
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
numbers = (st.integers(min_value=-10**12, max_value=10**12)
           | st.floats(allow_nan=True, allow_infinity=True))
loose = texts | numbers | st.none() | st.booleans() | dates


def content_hash(clinic: Clinic) -> str:
    """Every row of every table except the audit trail, in a stable order."""
    digest = hashlib.sha256()
    tables = [row[0] for row in clinic.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit_events' "
        "ORDER BY name")]
    for table in tables:
        rows = sorted(repr(r) for r in clinic.db.execute(f'SELECT * FROM "{table}"'))
        digest.update(table.encode())
        for row in rows:
            digest.update(row.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def attempt(clinic: Clinic, what: str, call: Callable[[], object]) -> bool:
    """Run one input; True if accepted. A refusal must be a domain error and change nothing."""
    before = content_hash(clinic)
    TRIED[what] += 1
    try:
        call()
    except KeystoneError:
        assert content_hash(clinic) == before, f"{what}: a refused input changed the database"
        TRIED["refused"] += 1
        return False
    return True


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """One clinic with a patient, an episode, a draft note, a plan and a draft home program."""
    clinic = Clinic(tmp_path_factory.mktemp("bad-input") / "clinic.db")
    admin = clinic.builtin_administrator()
    patient = clinic.patients.register(admin, intake_values()).patient
    episode = clinic.episodes.open_episode(admin, patient.id, "Right Achilles")
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content={"plan": "HSR"})
    plan = clinic.plans.create(admin, episode.id)
    program = clinic.home_programs.get_or_create_draft(admin, episode.id)
    yield clinic, admin, patient, episode, note, plan, program
    clinic.close()
    print(f"\nbad input: {sum(v for k, v in TRIED.items() if k != 'refused')} inputs tried, "
          f"{TRIED['refused']} refused with a domain error, none crashed: {dict(TRIED)}")


intake_fields = ("first_name", "last_name", "date_of_birth", "sex", "mobile_phone", "home_phone",
                 "email", "goals", "preferred_name", "address", "referral_source")


@EXAMPLES
@given(overrides=st.dictionaries(st.sampled_from(intake_fields), loose, max_size=4))
def test_register_and_update_patients(world, overrides: dict[str, object]) -> None:
    clinic, admin, patient, *_ = world
    raw = intake_values(**overrides)
    attempt(clinic, "patients.register",
            lambda: clinic.patients.register(admin, raw, allow_duplicate=True))
    current = clinic.patients.get(patient.id)
    attempt(clinic, "patients.update",
            lambda: clinic.patients.update(admin, patient.id, raw, current.version))


@EXAMPLES
@given(text=texts, limit=st.integers(min_value=0, max_value=1000), archived=st.booleans())
def test_search(world, text: str, limit: int, archived: bool) -> None:
    clinic = world[0]
    attempt(clinic, "patients.search",
            lambda: clinic.patients.search(text, include_archived=archived, limit=limit))
    attempt(clinic, "patients.resolve", lambda: clinic.patients.resolve(text))


@EXAMPLES
@given(title=texts, condition=texts, side=texts | st.sampled_from(["left", "right"]),
       opened_on=st.none() | dates)
def test_open_episode(world, title: str, condition: str, side: str,
                      opened_on: date | None) -> None:
    clinic, admin, patient, *_ = world
    attempt(clinic, "episodes.open_episode", lambda: clinic.episodes.open_episode(
        admin, patient.id, title, condition, side, opened_on))


@EXAMPLES
@given(visit=dates, time_in=texts, time_out=texts, therapist=st.integers(-5, 10**6),
       plan=texts)
def test_note_header_times(world, visit: date, time_in: str, time_out: str, therapist: int,
                           plan: str) -> None:
    clinic, admin, _, _, note, *_ = world
    current = clinic.notes.get(note.id)
    header = NoteHeader(visit, time_in, time_out, therapist)
    attempt(clinic, "notes.save", lambda: clinic.notes.save(
        admin, note.id, header, {**current.content, "plan": plan}, current.version))


@EXAMPLES
@given(measure=st.sampled_from(["visa-a", "nprs", "lefs", "psfs", "atrs"]) | texts,
       answers=st.dictionaries(texts | st.sampled_from(["1", "2", "8A", "8B", "8C", "pain"]),
                               loose, max_size=10),
       taken_on=dates)
def test_measure_answers(world, measure: str, answers: dict[str, object], taken_on: date) -> None:
    clinic, admin, _, episode, *_ = world
    attempt(clinic, "measures.record",
            lambda: clinic.measures.record(admin, episode.id, measure, taken_on, answers))


@EXAMPLES
@given(term=st.sampled_from(GoalTerm), kind=st.sampled_from(GoalKind), description=texts,
       value=st.floats(allow_nan=True, allow_infinity=True), comparator=st.sampled_from(Comparator),
       unit=texts, target_date=st.none() | dates, measure_id=texts | st.just("visa-a"),
       test_field=texts, side=texts)
def test_plan_goals(world, term, kind, description, value, comparator, unit, target_date,
                    measure_id, test_field, side) -> None:
    clinic, admin, *_, plan, _ = world
    attempt(clinic, "plans.add_goal", lambda: clinic.plans.add_goal(admin, plan.id, GoalTarget(
        term, kind, description, value, comparator, unit, target_date, measure_id, test_field,
        side)))


@EXAMPLES
@given(exercise=st.sampled_from(["heel-raise-double", "calf-stretch-wall"]) | texts,
       side=texts | st.sampled_from(["", "left", "both"]),
       ints=st.lists(st.integers(-10**6, 10**6), min_size=6, max_size=6),
       load=texts, tempo=texts, unit=texts | st.just("reps"), notes=texts, order=st.integers())
def test_home_program_dosages(world, exercise: str, side: str, ints: list[int], load: str,
                              tempo: str, unit: str, notes: str, order: int) -> None:
    clinic, admin, *_, program = world

    def save() -> None:
        dosage = Dosage(*ints, load=load, tempo=tempo, unit=unit)  # type: ignore[misc]
        current = clinic.home_programs.get(program.id)
        clinic.home_programs.set_items(admin, program.id,
                                       [ProgramItem(exercise, side, dosage, notes, order)],
                                       current.version)

    attempt(clinic, "home_programs.set_items", save)


@EXAMPLES
@given(name=texts, address=texts, phone=texts, paper=texts | st.just("Letter"),
       logo=st.binary(max_size=64) | st.just(b"\x89PNG\r\n\x1a\n" + b"0" * 10),
       folder=loose, keep=loose, daily=loose, on_exit=loose)
def test_settings(world, name, address, phone, paper, logo, folder, keep, daily, on_exit) -> None:
    clinic, admin, *_ = world
    attempt(clinic, "settings.set_details", lambda: clinic.settings.set_details(
        admin, name=name, address=address, phone=phone, paper=paper, logo=logo))
    attempt(clinic, "backups.update_settings", lambda: clinic.backups.update_settings(
        admin, folder, keep, daily, on_exit))


@EXAMPLES
@given(header=st.lists(texts | st.sampled_from(["first_name", "last_name", "date_of_birth",
                                                "phone", "email"]), max_size=7),
       rows=st.lists(st.lists(texts, max_size=7), max_size=4), raw=st.binary(max_size=200),
       use_raw=st.booleans(), dry_run=st.booleans())
def test_csv_import_cells(world, header: list[str], rows: list[list[str]], raw: bytes,
                          use_raw: bool, dry_run: bool) -> None:
    clinic, admin, *_ = world
    if use_raw:
        data = raw
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerows([header or ["first_name", "last_name", "date_of_birth", "phone",
                                     "email"], *rows])
        data = out.getvalue().encode("utf-8", "surrogatepass")
    attempt(clinic, "importer.import_bytes",
            lambda: clinic.importer.import_bytes(admin, data, dry_run=dry_run))


def test_the_hash_sees_a_change(world) -> None:
    clinic, admin, patient, *_ = world
    before = content_hash(clinic)
    current = clinic.patients.get(patient.id)
    clinic.patients.update(admin, patient.id, intake_values(goals="walk"), current.version)
    assert content_hash(clinic) != before

