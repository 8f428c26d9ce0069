"""The modal questions of the note editor: what is asked, the answers offered, and one function
that shows them.

NoteEditor asks every question through its `_ask` method, which calls `ask` here; tests replace
`_ask` on the editor. Imports QtWidgets only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


class Answer(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    RECOVER = "recover"
    RELOAD = "reload"
    KEEP_MINE = "keep_mine"
    REPLACE = "replace"


_ROLES = {
    Answer.SAVE: QMessageBox.ButtonRole.AcceptRole,
    Answer.RECOVER: QMessageBox.ButtonRole.AcceptRole,
    Answer.KEEP_MINE: QMessageBox.ButtonRole.AcceptRole,
    Answer.REPLACE: QMessageBox.ButtonRole.AcceptRole,
    Answer.DISCARD: QMessageBox.ButtonRole.DestructiveRole,
    Answer.CANCEL: QMessageBox.ButtonRole.RejectRole,
}


@dataclass(frozen=True, slots=True)
class Question:
    title: str
    text: str
    answers: tuple[tuple[Answer, str], ...]
    default: Answer
    informative: str = ""


def ask(parent: QWidget | None, question: Question) -> Answer:
    """Show `question` and wait; Esc or closing the box means Cancel (or the last answer offered
    when Cancel is not among them)."""
    box = QMessageBox(QMessageBox.Icon.Question, question.title, question.text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(question.informative)
    buttons = []
    for answer, label in question.answers:
        button = box.addButton(label, _ROLES.get(answer, QMessageBox.ButtonRole.ActionRole))
        buttons.append((button, answer))
        if answer is question.default:
            box.setDefaultButton(button)
    escape = next((b for b, a in buttons if a is Answer.CANCEL), buttons[-1][0])
    box.setEscapeButton(escape)
    box.exec()
    clicked = box.clickedButton()
    return next((a for b, a in buttons if b is clicked), Answer.CANCEL)


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoteEditor", text)


def recover_question(saved_at: str) -> Question:
    return Question(
        _tr("Unsaved typing found"),
        _tr("Recover the unsaved typing from {time}?").format(time=saved_at),
        ((Answer.RECOVER, _tr("Recover")), (Answer.DISCARD, _tr("Discard"))),
        Answer.RECOVER,
        _tr("This note was being edited when the app closed without saving. Recover puts that "
            "typing back (then save it); Discard keeps the saved draft."),
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


def unsaved_question() -> Question:
    return Question(
        _tr("Unsaved changes"), _tr("Save the changes to this note before closing?"),
        ((Answer.SAVE, _tr("Save")), (Answer.DISCARD, _tr("Discard")),
         (Answer.CANCEL, _tr("Cancel"))),
        Answer.SAVE, _tr("Save keeps them in the draft; the note stays unsigned."),
    )
