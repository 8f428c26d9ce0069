"""Episodes and notes: drafts, copy forward, autosave recovery, signing, addenda, immutability."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, timedelta

import pytest

from keystone_desk.domain.charting import NoteHeader, NoteKind, NoteStatus
from keystone_desk.domain.errors import ConflictError, NotFoundError, ValidationError
from keystone_desk.domain.note_images import MAX_IMAGE_BYTES
from keystone_desk.store.charting import NoteRepository, SignedNoteError
from tests.conftest import intake_values

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)  # enough of a PNG for its type to be recognised
SOAP = {"subjective": "Morning stiffness 20 min", "objective": "SLHR R 18 / L 25",
        "assessment": "Improving", "plan": "Continue HSR 3x/week"}


@pytest.fixture
def episode(clinic, admin):
    patient = clinic.patients.register(
        admin, intake_values(goals="Run the city 10 km in April; walk the dog pain-free")).patient
    return clinic.episodes.open_episode(admin, patient.id, "Right Achilles midportion, Nov 2026",
                                        side="right")


def audit(clinic):
    return [r[0] for r in clinic.db.execute("SELECT action FROM audit_events ORDER BY id")]


def test_episode_needs_a_title_and_is_listed_newest_first(clinic, admin, episode, clock):
    with pytest.raises(ValidationError):
        clinic.episodes.open_episode(admin, episode.patient_id, "  ")
    later = clinic.episodes.open_episode(admin, episode.patient_id, "Left plantar heel pain",
                                         opened_on=clock.now.date())
    older = clinic.episodes.open_episode(admin, episode.patient_id, "Old ankle sprain",
                                         opened_on=date(2025, 3, 1))
    titles = [e.title for e in clinic.episodes.for_patient(episode.patient_id)]
    assert titles[-1] == older.title and later.title in titles[:2]


def test_daily_note_copies_objective_and_plan_forward(clinic, admin, episode):
    first = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    second = clinic.notes.create(admin, episode.id, NoteKind.DAILY, copy_forward=True)
    assert second.content == {"objective": SOAP["objective"], "plan": SOAP["plan"]}
    assert first.status is NoteStatus.DRAFT


def test_saving_a_stale_draft_is_a_conflict(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    clinic.notes.save(admin, note.id, note.header, SOAP, note.version)
    with pytest.raises(ConflictError):
        clinic.notes.save(admin, note.id, note.header, {"subjective": "mine"}, note.version)


def test_times_are_checked(clinic, admin, episode):
    header = NoteHeader(date(2026, 11, 27), "10:30", "10:00", admin.id)
    with pytest.raises(ValidationError) as raised:
        clinic.notes.create(admin, episode.id, NoteKind.DAILY, header=header)
    assert raised.value.for_field("time_out")
    with pytest.raises(ValidationError):
        clinic.notes.create(admin, episode.id, NoteKind.DAILY,
                            header=NoteHeader(date(2026, 11, 27), "9.30", "", admin.id))


def test_signing_locks_the_note_in_the_service_and_in_the_database(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    signed = clinic.notes.sign(admin, note.id, "PT, DPT", note.version)
    assert signed.is_signed and signed.signature.credentials == "PT, DPT"
    assert signed.signature.signer_name == "Clinic administrator"
    assert len(signed.signature.content_hash) == 64
    assert clinic.notes.verify_signature(note.id)
    with pytest.raises(SignedNoteError):
        clinic.notes.save(admin, note.id, note.header, {"subjective": "edited"}, signed.version)
    raw = sqlite3.connect(clinic.path)
    for statement in ("UPDATE notes SET content_json = '{}' WHERE id = ?",
                      "UPDATE notes SET status = 'draft' WHERE id = ?",
                      "DELETE FROM notes WHERE id = ?"):
        with pytest.raises(sqlite3.IntegrityError, match="signed notes"):
            raw.execute(statement, [note.id])
    raw.close()
    assert clinic.notes.get(note.id).content == SOAP


def test_addenda_need_a_reason_are_signed_and_listed_under_the_note(clinic, admin, episode, clock):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    with pytest.raises(SignedNoteError):
        clinic.notes.add_addendum(admin, note.id, "typo", "Right, not left", "PT")
    clinic.notes.sign(admin, note.id, "PT", note.version)
    with pytest.raises(ValidationError) as raised:
        clinic.notes.add_addendum(admin, note.id, " ", "text", "PT")
    assert raised.value.for_field("reason")
    clock.now += timedelta(hours=2)
    addendum = clinic.notes.add_addendum(admin, note.id, "Side recorded wrongly",
                                         "Heel raises were R 25 / L 18.", "PT")
    assert addendum.signature.signed_at == clock.now
    assert [a.reason for a in clinic.notes.get(note.id).addenda] == ["Side recorded wrongly"]
    assert clinic.notes.verify_signature(note.id)
    assert audit(clinic)[-2:] == ["sign", "addendum"]


def test_attachments_count_in_the_signature_and_freeze_with_it(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.EVALUATION)
    with pytest.raises(ValidationError):
        clinic.notes.add_attachment(admin, note.id, "side", "x.txt", "text/plain", b"hi")
    picture = clinic.notes.add_attachment(admin, note.id, "side", "side.png", "image/png", PNG)
    signed = clinic.notes.sign(admin, note.id, "PT", note.version)
    with pytest.raises(SignedNoteError):
        clinic.notes.remove_attachment(admin, note.id, picture.id)
    with pytest.raises(SignedNoteError):
        clinic.notes.add_attachment(admin, note.id, "rear", "r.png", "image/png", PNG)
    assert signed.is_signed and clinic.notes.verify_signature(note.id)


def test_a_note_or_addendum_changed_after_signing_fails_verification(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    note = clinic.notes.sign(admin, note.id, "PT", note.version)
    addendum = clinic.notes.add_addendum(admin, note.id, "Side", "Right, not left.", "PT")
    assert clinic.notes.verify_signature(note.id)
    assert clinic.notes.verify_addenda(note.id) == {addendum.id: True}
    for trigger in ("notes_signed_no_update", "addenda_no_update"):  # a hand-edited file
        clinic.db.execute(f"DROP TRIGGER {trigger}")
    clinic.db.execute("UPDATE addenda SET body = 'Left after all.' WHERE id = ?", [addendum.id])
    assert clinic.notes.verify_addenda(note.id) == {addendum.id: False}
    clinic.db.execute("UPDATE notes SET content_json = '{}' WHERE id = ?", [note.id])
    assert not clinic.notes.verify_signature(note.id)


def test_an_attachment_is_removed_only_from_its_own_note(clinic, admin, episode):
    other_patient = clinic.patients.register(admin, intake_values(first_name="José")).patient
    other_episode = clinic.episodes.open_episode(admin, other_patient.id, "Left Achilles")
    mine = clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    theirs = clinic.notes.create(admin, other_episode.id, NoteKind.DAILY)
    picture = clinic.notes.add_attachment(admin, mine.id, "side", "side.png", "image/png", PNG)
    with pytest.raises(NotFoundError):
        clinic.notes.remove_attachment(admin, theirs.id, picture.id)
    with pytest.raises(NotFoundError):
        clinic.notes.remove_attachment(admin, mine.id, picture.id + 100)
    assert [a.id for a in clinic.notes.attachments(mine.id)] == [picture.id]
    assert "detach" not in audit(clinic)
    clinic.notes.remove_attachment(admin, mine.id, picture.id)
    assert clinic.notes.attachments(mine.id) == [] and audit(clinic).count("detach") == 1


def test_a_picture_is_recognised_by_its_bytes_not_its_name(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.EVALUATION)
    with pytest.raises(ValidationError) as refused:
        clinic.notes.add_attachment(admin, note.id, "side", "side.png", "image/png", b"GIF89a..")
    assert refused.value.for_field("side") == ["Attach a picture saved as PNG or JPEG."]
    jpeg = b"\xff\xd8\xff\xe0" + bytes(16)
    stored = clinic.notes.add_attachment(admin, note.id, "side", "side.png", "image/png", jpeg)
    assert stored.mime == "image/jpeg"


def test_replacing_a_picture_swaps_it_in_one_step(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.EVALUATION)
    first = clinic.notes.add_attachment(admin, note.id, "side", "first.png", "image/png", PNG)
    too_big = PNG + bytes(MAX_IMAGE_BYTES)
    with pytest.raises(ValidationError) as refused:
        clinic.notes.replace_attachment(admin, note.id, "side", "big.png", "image/png", too_big)
    assert "larger than 8 MB" in refused.value.for_field("side")[0]
    assert [a.id for a in clinic.notes.attachments(note.id)] == [first.id]

    second = clinic.notes.replace_attachment(admin, note.id, "side", "second.png", "image/png",
                                             PNG + b"2")
    assert [(a.id, a.filename) for a in clinic.notes.attachments(note.id)] == [
        (second.id, "second.png")]
    assert audit(clinic)[-2:] == ["detach", "attach"]


def test_a_replacement_that_fails_midway_keeps_the_stored_picture(clinic, admin, episode,
                                                                  monkeypatch):
    note = clinic.notes.create(admin, episode.id, NoteKind.EVALUATION)
    first = clinic.notes.add_attachment(admin, note.id, "side", "first.png", "image/png", PNG)

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(NoteRepository, "add_attachment", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        clinic.notes.replace_attachment(admin, note.id, "side", "new.png", "image/png", PNG + b"2")
    assert [a.id for a in clinic.notes.attachments(note.id)] == [first.id]


def test_autosave_is_offered_back_only_when_it_differs(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    clinic.notes.autosave(admin, note.id, note.header, SOAP, note.version)
    assert clinic.notes.recovered_draft(admin, note.id) is None
    typed = {**SOAP, "assessment": "Improving; tolerating 3x15 eccentric"}
    clinic.notes.autosave(admin, note.id, note.header, typed, note.version)
    assert clinic.notes.recovered_draft(admin, note.id).content == typed
    clinic.notes.save(admin, note.id, note.header, typed, note.version)
    assert clinic.notes.recovered_draft(admin, note.id) is None


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from keystone_desk.services.clinic import Clinic
    from keystone_desk.domain.charting import NoteHeader
    from datetime import date
    clinic = Clinic(sys.argv[1])
    admin = clinic.builtin_administrator()
    note = clinic.notes.get(int(sys.argv[2]))
    clinic.notes.autosave(admin, note.id, note.header, {"subjective": "typed before the crash"},
                          note.version)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_draft_typed_before_a_killed_process_is_recovered(clinic, admin, episode, tmp_path):
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    result = subprocess.run([sys.executable, str(script), str(clinic.path), str(note.id)],
                            env=env, capture_output=True, timeout=60)
    assert result.returncode == -9, result.stderr
    recovered = clinic.notes.recovered_draft(admin, note.id)
    assert recovered.content == {"subjective": "typed before the crash"}
    assert clinic.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_discharge_summary_starts_with_goals_and_outcomes(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.DISCHARGE)
    assert [g["goal"] for g in note.content["goals"]] == [
        "Run the city 10 km in April", "walk the dog pain-free"]
    assert "outcomes" in note.content


def test_due_items_flag_unsigned_notes_and_missing_evaluation(clinic, admin, episode):
    clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    due = clinic.episodes.due(clinic.episodes.get(episode.id))
    assert {d.kind for d in due} == {"unsigned", "evaluation"}


def test_discharged_episode_is_closed(clinic, admin, episode, clock):
    done = clinic.episodes.discharge(admin, episode.id, clock.now.date(), episode.version)
    assert done.closed_on == clock.now.date() and clinic.episodes.due(done) == []


def test_a_discharged_episode_takes_no_new_notes_but_its_drafts_can_be_signed(clinic, admin,
                                                                             episode, clock):
    draft = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP)
    clinic.episodes.discharge(admin, episode.id, clock.now.date(), episode.version)
    with pytest.raises(ValidationError) as refused:
        clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    assert refused.value.for_field("episode") == [
        "This episode was discharged on 27 Nov 2026, so it takes no new notes; its notes can "
        "still be signed and amended. Open a new episode for new visits."]
    assert clinic.notes.sign(admin, draft.id, "PT", draft.version).is_signed
    assert [n.id for n in clinic.notes.for_episode(episode.id)] == [draft.id]


def test_an_evaluation_must_fit_its_template_to_be_signed(clinic, admin, episode):
    note = clinic.notes.create(admin, episode.id, NoteKind.EVALUATION,
                               template_id="achilles-running")
    field = next(f for f in clinic.templates.get("achilles-running").fields
                 if f.kind.value == "integer")
    draft = clinic.notes.save(admin, note.id, note.header, {field.id: "lots"}, note.version)
    with pytest.raises(ValidationError) as raised:
        clinic.notes.sign(admin, note.id, "PT", draft.version)
    assert raised.value.problems[0].field == field.id
    assert not clinic.notes.get(note.id).is_signed


# --- assistants: their notes wait for a therapist's co-signature; they do not evaluate (issue 8)

@pytest.fixture
def staff(clinic, admin):
    """A therapist and an assistant, each signed in through a ClinicSession."""
    from keystone_desk.domain.users import Role
    from keystone_desk.services.session import ClinicSession

    therapist = clinic.auth.create_user(admin, "jo.park", "Jo Park", Role.THERAPIST,
                                        "long enough pw", "PT, DPT")
    assistant = clinic.auth.create_user(admin, "sam", "Sam Okafor", Role.ASSISTANT,
                                        "long enough pw", "PTA")
    return ClinicSession(clinic, therapist), ClinicSession(clinic, assistant)


def test_an_assistants_draft_awaits_a_therapists_cosignature_in_the_queue(clinic, staff,
                                                                         episode):
    therapist, assistant = staff
    mine = therapist.notes.create(episode.id, NoteKind.DAILY, content=SOAP)
    theirs = assistant.notes.create(episode.id, NoteKind.DAILY, content=SOAP)
    assert theirs.author_name == "Sam Okafor" and theirs.awaits_cosignature
    assert not mine.awaits_cosignature and mine.author_name == "Jo Park"
    queue = therapist.notes.awaiting_cosignature()
    assert [(i.note.id, i.patient_name, i.episode_title) for i in queue] == [
        (theirs.id, "García, Maria", "Right Achilles midportion, Nov 2026")]
    episode_now = clinic.episodes.get(episode.id)
    assert "Daily note, 27 Nov 2026 awaits co-signature by a therapist" in [
        d.message for d in clinic.episodes.due(episode_now)]
    cosigned = therapist.notes.sign(theirs.id, "PT, DPT", theirs.version)
    assert cosigned.author_name == "Sam Okafor" and cosigned.signature.signer_name == "Jo Park"
    assert not cosigned.awaits_cosignature
    assert therapist.notes.awaiting_cosignature() == []


def test_only_signers_see_the_cosignature_queue(clinic, staff):
    from keystone_desk.domain.permissions import PermissionDeniedError

    _, assistant = staff
    with pytest.raises(PermissionDeniedError, match=r"\(assistant\) cannot sign notes"):
        assistant.notes.awaiting_cosignature()


@pytest.mark.parametrize("kind", [NoteKind.EVALUATION, NoteKind.REEVALUATION])
def test_an_assistant_cannot_start_an_evaluation_and_the_refusal_is_audited(clinic, staff,
                                                                           episode, kind):
    from keystone_desk.domain.permissions import PermissionDeniedError

    therapist, assistant = staff
    with pytest.raises(PermissionDeniedError, match=r"assistant\) cannot start an initial "
                                                    r"evaluation or a re-evaluation"):
        assistant.notes.create(episode.id, kind)
    assert clinic.notes.for_episode(episode.id) == []
    user_id, action, entity, entity_id, patient_id = clinic.db.execute(
        "SELECT user_id, action, entity, entity_id, patient_id FROM audit_events "
        "ORDER BY id DESC LIMIT 1").fetchone()
    assert (user_id, action, entity, entity_id, patient_id) == (
        assistant.user.id, "denied", "notes.create", episode.id, episode.patient_id)
    assert therapist.notes.create(episode.id, kind).kind is kind
    assert assistant.notes.create(episode.id, NoteKind.DAILY).kind is NoteKind.DAILY


def test_copy_forward_source_names_the_note_and_what_is_still_unedited(clinic, admin, episode,
                                                                      clock):
    from keystone_desk.domain.charting import unedited_copies

    assert clinic.notes.copy_forward_source(episode.id) is None
    first = clinic.notes.create(admin, episode.id, NoteKind.DAILY, content=SOAP,
                                header=NoteHeader(date(2026, 11, 20), therapist_id=admin.id))
    second = clinic.notes.create(admin, episode.id, NoteKind.DAILY, copy_forward=True)
    source = clinic.notes.copy_forward_source(episode.id, excluding=second.id)
    assert (source.note_id, source.visit_date) == (first.id, date(2026, 11, 20))
    assert dict(source.parts) == {"objective": SOAP["objective"], "plan": SOAP["plan"]}
    assert unedited_copies(second.content, source) == ("objective", "plan")
    edited = {**second.content, "plan": SOAP["plan"] + " Add hops."}
    assert unedited_copies(edited, source) == ("objective",)
