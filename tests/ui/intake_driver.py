"""Drive the intake form as a person does: find inputs by their visible labels, type, tab, click.

`Answers` stands in for the person answering the form's modal questions (`IntakeForm._ask`).
Inputs are found through find_widgets, so every lookup also checks the input's accessible name.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QWidget

from keystone_desk.ui.patients.intake_form import Answer, IntakeForm, Question
from tests.ui.find_widgets import button_named, input_labelled


class Answers:
    """Stands in for the person answering modal questions, in order; records what was asked."""

    def __init__(self, *answers: Answer):
        self.queue = list(answers)
        self.questions: list[Question] = []

    def __call__(self, question: Question) -> Answer:
        self.questions.append(question)
        if not self.queue:
            raise AssertionError(f"unexpected question: {question.title}: {question.text}")
        return self.queue.pop(0)

    @property
    def texts(self) -> list[str]:
        return [q.text for q in self.questions]


def answer(monkeypatch, form: IntakeForm, *answers: Answer) -> Answers:
    stub = Answers(*answers)
    monkeypatch.setattr(form, "_ask", stub)
    return stub


def field(form: QWidget, label_text: str) -> QWidget:
    """The input a person finds by its visible label; a tick box is labelled by its own text."""
    if any(box.text() == label_text for box in form.findChildren(QCheckBox)):
        return button_named(form, label_text)
    return input_labelled(form, label_text)


def message_under(form: QWidget, label_text: str) -> str:
    """The text shown beneath a field (an error or a hint), or '' when nothing is shown."""
    cell = field(form, label_text).parentWidget()
    shown = [lbl.text() for lbl in cell.findChildren(QLabel)
             if lbl.objectName().endswith("Message") and lbl.isVisible()]
    return shown[0] if shown else ""


def type_into(qtbot, form: QWidget, label_text: str, text: str, *, leave: bool = True) -> None:
    widget = field(form, label_text)
    widget.setFocus()
    for char in text:
        if char.isascii() and char.isprintable():
            qtbot.keyClicks(widget, char)
        else:  # QTest.keyClicks only knows ASCII keys; a keyboard layout would send the text
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         char))
    if leave:
        qtbot.keyClick(widget, Qt.Key.Key_Tab)


def clear(qtbot, form: QWidget, label_text: str) -> None:
    widget = field(form, label_text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)


def tick(qtbot, form: QWidget, label_text: str) -> None:
    box = field(form, label_text)  # click the tick box itself, at the left of its text
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def click(qtbot, form: QWidget, button_text: str) -> None:
    qtbot.mouseClick(button_named(form, button_text), Qt.MouseButton.LeftButton)


def shown(form: QWidget, object_name: str) -> str:
    label = form.findChild(QLabel, object_name)
    return label.text() if label is not None and label.isVisible() else ""
