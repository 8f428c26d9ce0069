"""Two app instances (two connections to one file) editing one patient: no silent overwrite."""

import threading
import time

import pytest

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.errors import ConflictError, DatabaseBusyError
from keystone_desk.services.clinic import Clinic
from keystone_desk.store.database import connect
from tests.conftest import add_therapist, intake_values


def test_second_instance_saving_a_stale_version_gets_a_conflict(tmp_path, clock):
    path = tmp_path / "shared.db"
    front_desk, therapist = Clinic(path, clock=clock), Clinic(path, clock=clock)
    actor = front_desk.builtin_administrator()
    pid = front_desk.patients.register(actor, intake_values()).patient.id
    read_by_therapist = therapist.patients.get(pid)

    front_desk.patients.update(actor, pid, intake_values(email="desk@example.com"), 1)
    with pytest.raises(ConflictError):
        therapist.patients.update(
            actor, pid, intake_values(goals="Run 10 km"), read_by_therapist.version
        )
    stored = therapist.patients.get(pid)
    assert stored.intake.email == "desk@example.com" and stored.intake.goals == ""
    assert stored.version == 2
    front_desk.close()
    therapist.close()


def test_both_instances_see_each_others_new_patients(tmp_path, clock):
    path = tmp_path / "shared.db"
    one, two = Clinic(path, clock=clock), Clinic(path, clock=clock)
    one.patients.register(one.builtin_administrator(), intake_values(first_name="Zoë"))
    assert [p.first_name for p in two.patients.search("zoe")] == ["Zoë"]
    one.close()
    two.close()


def test_a_save_while_the_other_instance_is_writing_waits_then_conflicts(tmp_path, clock):
    """The other instance holds the write lock while this one saves: the save waits for it
    (busy timeout) and then sees the new version, a conflict — never "database is locked"."""
    path = tmp_path / "shared.db"
    here = Clinic(path, clock=clock)
    actor = here.builtin_administrator()
    patient = here.patients.register(actor, intake_values()).patient
    episode = here.episodes.open_episode(actor, patient.id, "Right Achilles")
    note = here.notes.create(actor, episode.id, NoteKind.DAILY, content={"plan": "HSR"})
    writing, written = threading.Event(), threading.Event()

    def other_instance_saves() -> None:
        db = connect(path)  # its own connection, on its own thread
        with db.atomic():
            db.execute("UPDATE notes SET content_json = ?, version = version + 1 WHERE id = ?",
                       ['{"plan": "Theirs"}', note.id])
            writing.set()
            time.sleep(0.4)
        db.close()
        written.set()

    other = threading.Thread(target=other_instance_saves)
    other.start()
    assert writing.wait(5)
    with pytest.raises(ConflictError):
        here.notes.save(actor, note.id, note.header, {"plan": "Mine"}, note.version)
    other.join()
    assert written.is_set() and here.notes.get(note.id).content == {"plan": "Theirs"}
    here.close()


def test_a_save_that_waits_longer_than_the_busy_timeout_is_refused_plainly(tmp_path, clock):
    path = tmp_path / "shared.db"
    here = Clinic(path, clock=clock)
    actor = here.builtin_administrator()
    patient = here.patients.register(actor, intake_values()).patient
    here.db.execute("PRAGMA busy_timeout = 100")  # wait 0.1 s instead of 5 s
    other = connect(path)
    other.execute("BEGIN IMMEDIATE")  # another instance holding the write lock, e.g. a backup
    try:
        with pytest.raises(DatabaseBusyError, match="busy"):
            here.patients.update(actor, patient.id, intake_values(goals="Run"), patient.version)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert here.patients.get(patient.id).version == patient.version
    here.close()


def test_each_user_keeps_a_recovery_copy_with_the_version_it_was_typed_over(tmp_path, clock):
    path = tmp_path / "shared.db"
    desk, room = Clinic(path, clock=clock), Clinic(path, clock=clock)
    admin, jo = desk.builtin_administrator(), add_therapist(desk)
    patient = desk.patients.register(admin, intake_values()).patient
    episode = desk.episodes.open_episode(admin, patient.id, "Right Achilles")
    note = desk.notes.create(admin, episode.id, NoteKind.DAILY, content={"plan": "HSR"})

    desk.notes.autosave(admin, note.id, note.header, {"plan": "Admin typing"}, note.version)
    room.notes.autosave(jo, note.id, note.header, {"plan": "Jo typing"}, note.version)
    room.notes.save(jo, note.id, note.header, {"plan": "Jo saved"}, note.version)

    assert room.notes.recovered_draft(jo, note.id) is None  # saving dropped only Jo's copy
    mine = desk.notes.recovered_draft(admin, note.id)
    assert mine.content == {"plan": "Admin typing"} and mine.user_id == admin.id
    assert mine.base_version == note.version < desk.notes.get(note.id).version
    with pytest.raises(ConflictError):  # putting it back over the newer save is a conflict
        desk.notes.save(admin, note.id, mine.header, mine.content, mine.base_version)
    desk.close()
    room.close()
