"""Modal questions (ui/questions.ask) answered with the keyboard: Esc backs out, and never means an
answer that throws something away. A real QMessageBox is shown and Esc is pressed on it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from keystone_desk.ui.charting.note_questions import recover_question
from keystone_desk.ui.questions import Answer, Question, ask, escape_answer


def press_escape_on_the_question(seen: list[str]) -> None:
    """Once the box is on screen (ask() runs its own event loop), press Esc on it."""
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(10, lambda: press_escape_on_the_question(seen))
        return
    seen.append(box.windowTitle())
    QTest.keyClick(box, Qt.Key.Key_Escape)


def escape_on(qtbot, question: Question) -> Answer:
    seen: list[str] = []
    QTimer.singleShot(0, lambda: press_escape_on_the_question(seen))
    answer = ask(None, question)
    assert seen == [question.title]
    return answer


def test_escape_on_found_unsaved_typing_decides_later(qtbot):
    assert escape_on(qtbot, recover_question("09:41")) is Answer.DECIDE_LATER


def test_escape_never_means_discard_when_no_cancel_is_offered(qtbot):
    question = Question("Keep?", "Keep the typing?",
                        ((Answer.RECOVER, "Recover"), (Answer.DISCARD, "Discard")), Answer.RECOVER)
    assert escape_on(qtbot, question) is Answer.RECOVER
    last_first = Question("Keep?", "Keep the typing?",
                          ((Answer.DISCARD, "Discard"), (Answer.SAVE, "Save")), Answer.SAVE)
    assert escape_answer(last_first) is Answer.SAVE


def test_escape_means_cancel_when_cancel_is_offered(qtbot):
    question = Question("Unsaved changes", "Save?",
                        ((Answer.SAVE, "Save"), (Answer.DISCARD, "Discard"),
                         (Answer.CANCEL, "Cancel")), Answer.SAVE)
    assert escape_on(qtbot, question) is Answer.CANCEL
