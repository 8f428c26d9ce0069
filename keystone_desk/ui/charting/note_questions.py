"""The modal questions of the note editor: what is asked, the answers offered, and one function
that shows them.

NoteEditor asks every question through its `_ask` method, which calls `ask` here; tests replace
`_ask` on the editor. Imports QtWidgets only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..questions import Answer, Question, ask

__all__ = ["Answer", "Question", "ask", "recover_question"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoteEditor", text)


def recover_question(saved_at: str) -> Question:
    return Question(
        _tr("Unsaved typing found"),
        _tr("Recover the unsaved typing from {time}?").format(time=saved_at),
        ((Answer.RECOVER, _tr("Recover")), (Answer.DISCARD, _tr("Discard")),
         (Answer.DECIDE_LATER, _tr("Decide later"))),
        Answer.RECOVER,
        _tr("This note was being edited when the app closed without saving. Recover puts that "
            "typing back (then save it); Discard deletes it and keeps the saved draft; Decide "
            "later keeps it and shows the saved draft, asking again next time."),
    )


def replace_question() -> Question:
    return Question(
        _tr("Replace what you typed?"),
        _tr("Objective and Plan will be replaced by the last note's. What you typed there is "
            "lost."),
        ((Answer.REPLACE, _tr("Replace")), (Answer.CANCEL, _tr("Cancel"))),
        Answer.CANCEL,
    )


def conflict_question() -> Question:
    return Question(
        _tr("Someone else changed this note"),
        _tr("This note was saved by someone else while you were editing it."),
        ((Answer.RELOAD, _tr("Reload their version")), (Answer.KEEP_MINE, _tr("Keep mine")),
         (Answer.CANCEL, _tr("Cancel"))),
        Answer.CANCEL,
        _tr("Reload their version to see it (what you typed here is discarded), or keep yours "
            "to save it over theirs."),
    )


def unsaved_typing_of_signed_note_question() -> Question:
    return Question(
        _tr("Close without your typing?"),
        _tr("What you typed is not in the note: it was signed elsewhere before you saved."),
        ((Answer.DISCARD, _tr("Close without it")), (Answer.CANCEL, _tr("Cancel"))),
        Answer.CANCEL,
        _tr("Cancel, then use “Copy my text into an addendum…” to keep it."),
    )


def unsaved_question() -> Question:
    return Question(
        _tr("Unsaved changes"), _tr("Save the changes to this note before closing?"),
        ((Answer.SAVE, _tr("Save")), (Answer.DISCARD, _tr("Discard")),
         (Answer.CANCEL, _tr("Cancel"))),
        Answer.SAVE, _tr("Save keeps them in the draft; the note stays unsigned."),
    )
