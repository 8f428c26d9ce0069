"""Modal questions with named answers: what is asked, the answers offered, and one function that
shows them. Forms route every question through a `_ask` method that calls `ask` here, so tests
replace `_ask` and never meet a real message box. Imports QtWidgets only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtWidgets import QMessageBox, QWidget


class Answer(StrEnum):
    """What the person chose."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    RECOVER = "recover"
    RELOAD = "reload"
    KEEP_MINE = "keep_mine"
    REPLACE = "replace"
    OPEN_EXISTING = "open_existing"
    SAVE_ANYWAY = "save_anyway"
    DECIDE_LATER = "decide_later"
    COPY_CONTACT = "copy_contact"  # copy what was typed into an existing record, then open it
    OPEN_ONLY = "open_only"  # open an existing record, dropping what was typed


_ROLES = {
    Answer.SAVE: QMessageBox.ButtonRole.AcceptRole,
    Answer.SAVE_ANYWAY: QMessageBox.ButtonRole.AcceptRole,
    Answer.RECOVER: QMessageBox.ButtonRole.AcceptRole,
    Answer.KEEP_MINE: QMessageBox.ButtonRole.AcceptRole,
    Answer.REPLACE: QMessageBox.ButtonRole.AcceptRole,
    Answer.COPY_CONTACT: QMessageBox.ButtonRole.AcceptRole,
    Answer.DISCARD: QMessageBox.ButtonRole.DestructiveRole,
    Answer.OPEN_ONLY: QMessageBox.ButtonRole.DestructiveRole,
    Answer.CANCEL: QMessageBox.ButtonRole.RejectRole,
    Answer.DECIDE_LATER: QMessageBox.ButtonRole.RejectRole,
}
# Answers that throw something away: Esc, a reflex, never means one of them.
DESTRUCTIVE = frozenset(a for a, role in _ROLES.items()
                        if role is QMessageBox.ButtonRole.DestructiveRole)


@dataclass(frozen=True, slots=True)
class Question:
    """A modal question: what to ask, and the answers offered with their button labels."""

    title: str
    text: str
    answers: tuple[tuple[Answer, str], ...]
    default: Answer
    informative: str = ""


def escape_answer(question: Question) -> Answer:
    """What Esc (or closing the box) means: the answer that backs out (Cancel, Decide later), else
    the first answer that loses nothing — never Discard."""
    offered = [answer for answer, _ in question.answers]
    backing_out = [a for a in offered if _ROLES.get(a) is QMessageBox.ButtonRole.RejectRole]
    keeping = [a for a in offered if a not in DESTRUCTIVE]
    return next(iter(backing_out or keeping), Answer.CANCEL)


def ask(parent: QWidget | None, question: Question,
        icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> Answer:
    """Show `question` and wait; Esc or closing the box means `escape_answer(question)`."""
    box = QMessageBox(icon, question.title, question.text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(question.informative)
    buttons = []
    for answer, label in question.answers:
        button = box.addButton(label, _ROLES.get(answer, QMessageBox.ButtonRole.ActionRole))
        buttons.append((button, answer))
        if answer is question.default:
            box.setDefaultButton(button)
    on_escape = escape_answer(question)
    escape = next((b for b, a in buttons if a is on_escape), None)
    if escape is not None:
        box.setEscapeButton(escape)
    box.exec()
    clicked = box.clickedButton()
    return next((a for b, a in buttons if b is clicked), on_escape)
