"""Drive the evaluation form as a person does: by the labels on screen, typing and clicking.

A left/right pair or a sided special test is found by its title, then the side by its own
"Left"/"Right" label inside it, so every lookup also checks the labelling rule (find_widgets).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from tests.ui.find_widgets import button_named, input_labelled, visible_text


def field(form: QWidget, label: str) -> QWidget:
    """The input (or the group of inputs) a person finds by its visible label."""
    return input_labelled(form, label)


def side(form: QWidget, label: str, side_label: str) -> QWidget:
    """One side of a pair or sided test: `side(form, "Single-leg heel raise (reps)", "Left")`."""
    return input_labelled(field(form, label), side_label)


def type_text(qtbot, widget: QWidget, text: str, *, leave: bool = True) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    if leave:
        qtbot.keyClick(widget, Qt.Key.Key_Tab)


def type_pair(qtbot, form: QWidget, label: str, left: str, right: str) -> None:
    type_text(qtbot, side(form, label, "Left"), left)
    type_text(qtbot, side(form, label, "Right"), right)


def click(qtbot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_result(qtbot, form: QWidget, test_label: str, side_label: str, result: str) -> None:
    """Click "Positive", "Negative" or "Not tested" on one side of a special test."""
    click(qtbot, button_named(side(form, test_label, side_label), result))


def choose_segment(qtbot, form: QWidget, label: str, text: str) -> None:
    """Click one button of a yes/no or involved-side strip."""
    click(qtbot, button_named(field(form, label), text))


def pick(form: QWidget, label: str, text: str) -> None:
    combo = field(form, label)
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered under {label!r}"
    combo.setCurrentIndex(index)


def message_under(form: QWidget, label: str) -> str:
    """The message beneath a field (a problem, or its help); '' when none is shown."""
    field(form, label)  # checks the label and its input first
    title = next(lbl for lbl in form.findChildren(QLabel)
                 if visible_text(lbl.text()) == label and lbl.buddy() is not None)
    widget = title.parentWidget()
    while widget is not None:
        lines = [child for child in widget.findChildren(
            QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if child.objectName().endswith("Message")]
        if lines:
            return lines[0].text() if lines[0].isVisible() else ""
        widget = widget.parentWidget()
    return ""


def shown(form: QWidget, object_name: str) -> str:
    label = form.findChild(QLabel, object_name)
    return label.text() if label is not None and label.isVisible() else ""
