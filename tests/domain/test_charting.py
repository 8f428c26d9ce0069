"""Charting rules: what is due for an episode, and what a signature's hash covers."""

from datetime import UTC, date, datetime, timedelta

from keystone_desk.domain.charting import (
    Episode,
    EpisodeId,
    EpisodeStatus,
    Note,
    NoteHeader,
    NoteId,
    NoteKind,
    NoteStatus,
    Signature,
    content_hash,
    due_items,
)

NOW = datetime(2026, 11, 27, tzinfo=UTC)
SIGNED = Signature(NOW, 1, "A", "PT", "h")


def note(n: int, kind: NoteKind, day: date, signed: bool = True) -> Note:
    return Note(NoteId(n), f"u{n}", EpisodeId(1), 1, kind, "", NoteHeader(day), {},
                NoteStatus.SIGNED if signed else NoteStatus.DRAFT, 2, NOW, NOW,
                SIGNED if signed else None)


def episode(*notes: Note, status=EpisodeStatus.OPEN) -> Episode:
    return Episode(EpisodeId(1), "e", 1, "Achilles", "", "right", date(2026, 10, 1), None,
                   status, 1, NOW, notes)


def kinds(items):
    return [i.kind for i in items]


def test_progress_note_due_at_the_tenth_visit_counting_the_evaluation():
    """The evaluation is visit 1, so the progress note is written AT visit 10. The flag shows once
    visits 1-9 are documented: the next visit is the one that needs the progress note."""
    start = date(2026, 11, 1)
    visits = [note(1, NoteKind.EVALUATION, start)]
    visits += [note(i, NoteKind.DAILY, start + timedelta(days=i)) for i in range(2, 9)]
    assert kinds(due_items(episode(*visits), start + timedelta(days=9))) == []  # next: visit 9
    visits.append(note(9, NoteKind.DAILY, start + timedelta(days=9)))
    due = due_items(episode(*visits), start + timedelta(days=10))
    assert kinds(due) == ["progress_note"]
    assert "the next visit is visit 10" in due[0].message
    visits.append(note(10, NoteKind.PROGRESS, start + timedelta(days=10)))  # visit 10: written
    assert kinds(due_items(episode(*visits), start + timedelta(days=10))) == []


def test_reevaluation_due_thirty_days_after_the_evaluation():
    start = date(2026, 10, 1)
    ep = episode(note(1, NoteKind.EVALUATION, start))
    assert kinds(due_items(ep, start + timedelta(days=29))) == []
    assert kinds(due_items(ep, start + timedelta(days=30))) == ["reevaluation"]


def test_unsigned_notes_and_a_missing_evaluation_are_due_but_not_after_discharge():
    ep = episode(note(1, NoteKind.DAILY, date(2026, 11, 20), signed=False))
    assert kinds(due_items(ep, date(2026, 11, 27))) == ["unsigned", "evaluation"]
    closed = episode(note(1, NoteKind.DAILY, date(2026, 11, 20), signed=False),
                     status=EpisodeStatus.DISCHARGED)
    assert due_items(closed, date(2026, 11, 27)) == []


def test_content_hash_covers_content_header_and_images_but_not_key_order():
    header = NoteHeader(date(2026, 11, 27), "09:00", "09:45", 3)
    base = content_hash(NoteKind.DAILY, "", header, {"a": 1, "b": "Łukasz"})
    assert base == content_hash(NoteKind.DAILY, "", header, {"b": "Łukasz", "a": 1})
    assert base != content_hash(NoteKind.DAILY, "", header, {"a": 2, "b": "Łukasz"})
    later = NoteHeader(date(2026, 11, 27), "09:00", "09:50", 3)
    assert base != content_hash(NoteKind.DAILY, "", later, {"a": 1, "b": "Łukasz"})
    assert base != content_hash(NoteKind.DAILY, "", header, {"a": 1, "b": "Łukasz"}, {"x": "f"})
    assert len(base) == 64


def test_assistants_write_visit_notes_but_do_not_evaluate():
    from keystone_desk.domain.charting import may_write
    from keystone_desk.domain.users import Role

    assert [k for k in NoteKind if not may_write(Role.ASSISTANT, k)] == [
        NoteKind.EVALUATION, NoteKind.REEVALUATION]
    assert all(may_write(Role.THERAPIST, k) for k in NoteKind)


def test_an_assistants_draft_awaits_cosignature_until_signed():
    from dataclasses import replace

    from keystone_desk.domain.users import Role

    draft = replace(note(1, NoteKind.DAILY, date(2026, 11, 20), signed=False),
                    author_role=Role.ASSISTANT)
    assert draft.awaits_cosignature
    assert not replace(draft, author_role=Role.THERAPIST).awaits_cosignature
    assert not replace(draft, status=NoteStatus.SIGNED, signature=SIGNED).awaits_cosignature
    assert [i.message for i in due_items(episode(draft), date(2026, 11, 27))][0] == (
        "Daily note, 20 Nov 2026 awaits co-signature by a therapist")


def test_copied_text_counts_as_unedited_only_while_it_still_says_the_same():
    from keystone_desk.domain.charting import CopySource, unedited_copies

    source = CopySource(NoteId(3), date(2026, 11, 30), {"objective": "SLHR 18", "plan": ""})
    assert unedited_copies({"objective": "SLHR 18 ", "plan": ""}, source) == ("objective",)
    assert unedited_copies({"objective": "SLHR 20"}, source) == ()
    assert unedited_copies({"objective": "SLHR 18"}, None) == ()
