"""Drive the plan-of-care and return-to-run windows as a person does: find inputs by their visible
labels, type, pick, click; read the message shown beside a field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from keystone_desk.domain.charting import NoteHeader, NoteKind
from tests.ui.find_widgets import button_named, input_labelled
from tests.ui.intake_driver import Answers, type_into

__all__ = ["Answers", "choose", "click", "message_beside", "pick_date", "set_number",
           "sign_note", "type_into"]


def click(qtbot, root: QWidget, text: str) -> None:
    button = button_named(root, text)
    assert button.isEnabled(), f"{text!r} is disabled"
    if isinstance(button, QCheckBox):  # a tick box is clicked at its box, left of its text
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def message_beside(root: QWidget, label_text: str) -> str:
    """The error or hint shown beneath an input, or '' when none is shown."""
    cell = input_labelled(root, label_text).parentWidget()
    shown = [label.text() for label in cell.findChildren(QLabel, "fieldMessage")
             if label.isVisibleTo(root) and label.text()]
    return shown[0] if shown else ""


def set_number(qtbot, root: QWidget, label_text: str, value: int) -> None:
    """Select what a spin box holds and type a number over it, then move on."""
    box = input_labelled(root, label_text)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, str(value))
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.value() == value, f"{label_text!r} holds {box.value()}, not {value}"


def choose(root: QWidget, label_text: str, item_text: str) -> None:
    """Pick an entry of a drop-down list by its visible text."""
    combo = input_labelled(root, label_text)
    assert isinstance(combo, QComboBox)
    index = combo.findText(item_text)
    assert index >= 0, f"{item_text!r} is not offered by {label_text!r}"
    combo.setCurrentIndex(index)


def pick_date(root: QWidget, label_text: str, value: date) -> None:
    input_labelled(root, label_text).setDate(QDate(value.year, value.month, value.day))


def sign_note(clinic, actor, episode_id: int, kind: NoteKind, day: date, content: dict,
              template_id: str = "achilles-running") -> int:
    note = clinic.notes.create(actor, episode_id, kind, template_id=template_id,
                               header=NoteHeader(day, therapist_id=actor.id), content=content)
    return int(clinic.notes.sign(actor, note.id, "PT, DPT", note.version).id)
