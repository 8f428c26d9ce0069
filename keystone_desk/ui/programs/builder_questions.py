"""The modal questions of the program builder: what is asked and the answers offered.

ProgramBuilder asks every question through its `_ask` method, which calls ui/questions.py's `ask`;
tests replace `_ask` on the builder. Imports QtCore and ui/questions only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..questions import Answer, Question

__all__ = ["Answer", "Question", "conflict_question", "unsaved_question"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgramBuilder", text)


def conflict_question() -> Question:
    return Question(
        _tr("Someone else changed this program"),
        _tr("The home program was changed somewhere else while you were editing it (a protocol "
            "applied, or another window)."),
        ((Answer.RELOAD, _tr("Reload their version")), (Answer.KEEP_MINE, _tr("Keep mine"))),
        Answer.RELOAD,
        _tr("Reload shows the program as it is now (your last change is dropped); Keep mine saves "
            "your program over theirs."),
    )


def unsaved_question(problems: str) -> Question:
    return Question(
        _tr("Changes not saved"),
        _tr("The last change to the dosage or notes is not saved: {problems}").format(
            problems=problems),
        ((Answer.DISCARD, _tr("Close without it")), (Answer.CANCEL, _tr("Keep editing"))),
        Answer.CANCEL,
        _tr("Everything else is saved in the draft."),
    )
