"""Inputs of the intake form: one small class per kind of value, each with label and message line.

An `IntakeField` owns a visible label (the input's buddy, with the same text as the input's
accessible name), the input, and a message line beneath the input that shows an error in red or a
hint in grey. Values go in and out in the raw shape PatientService takes: text as str, choices as
enum values, ticks as bool, and a question that may not have been asked (AnswerField) as its
domain.intake.Answer value. Qt widgets and pure domain helpers only; no services, no store.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.contact import parse_date
from ...domain.intake import ANSWER_LABELS, Answer, read_answer
from ..display_text import format_date

ALERT_COLOUR = "#b3261e"
ERROR_STYLE = f"color: {ALERT_COLOUR};"
HINT_STYLE = "color: #5f6368;"
# Focus moving into a combo's own list or another window is not the person leaving the field.
_NOT_LEAVING = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)


class IntakeField(QObject):
    """One value of the intake record on screen: label, input, and the message line beneath."""

    edited = Signal(str)  # the field's key: the person changed the value
    left = Signal(str)  # the field's key: keyboard focus moved on to something else
    # A pick or a tick is finished as soon as it changes; typed text only once the person moves on.
    commits_on_change = False

    def __init__(self, key: str, label: str, input_widget: QWidget, parent: QObject,
                 *, own_label: bool = False):
        super().__init__(parent)
        self.key = key
        self.label_text = label
        self.input = input_widget
        input_widget.setAccessibleName(label)
        input_widget.installEventFilter(self)
        self.message = QLabel()
        self.message.setObjectName(f"{key}Message")
        self.message.setWordWrap(True)
        self.message.hide()
        self._error = ""
        self.cell = QWidget()
        layout = QVBoxLayout(self.cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        # A tick box is labelled by its own text; every other input gets a QLabel as its buddy.
        self.label: QLabel | None = None
        if not own_label:
            self.label = QLabel(label)
            self.label.setBuddy(input_widget)
            layout.addWidget(self.label)
        layout.addWidget(input_widget)
        layout.addWidget(self.message)
        self._cell_layout = layout
        layout.addStretch(1)

    def add_note(self, note: QWidget) -> None:
        """Show `note` beneath the field's message, for advice about what was entered."""
        self._cell_layout.insertWidget(self._cell_layout.count() - 1, note)

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def hint(self) -> str:
        """Grey help shown beneath the input while it has no error."""
        return ""

    @property
    def error(self) -> str:
        return self._error

    def show_error(self, text: str) -> None:
        self._error = text
        self.input.setAccessibleDescription(text)
        self._show_message(text, ERROR_STYLE)

    def clear_error(self) -> None:
        self._error = ""
        self.input.setAccessibleDescription("")
        self._show_message(self.hint(), HINT_STYLE)

    def _show_message(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent)
                and event.reason() not in _NOT_LEAVING):
            self.left.emit(self.key)
        return False

    def _on_input_changed(self, *_: object) -> None:
        self.edited.emit(self.key)


class TextField(IntakeField):
    def __init__(self, key: str, label: str, parent: QObject, *, placeholder: str = ""):
        line_edit = QLineEdit()
        line_edit.setPlaceholderText(placeholder)
        super().__init__(key, label, line_edit, parent)
        self.line_edit = line_edit
        self.line_edit.textChanged.connect(self._on_input_changed)

    def value(self) -> str:
        return self.line_edit.text()

    def set_value(self, value: object) -> None:
        self.line_edit.setText(str(value or ""))


class DateField(TextField):
    """A date typed as text (fast, and it can be blank); the hint spells out how it was read."""

    def __init__(self, key: str, label: str, parent: QObject, *, day_first: bool):
        other = "DD/MM/YYYY" if day_first else "MM/DD/YYYY"
        super().__init__(key, label, parent, placeholder=f"YYYY-MM-DD or {other}")
        self._day_first = day_first

    def hint(self) -> str:
        text = self.value().strip()
        if not text:
            return ""
        try:
            when = parse_date(text, day_first=self._day_first)
        except ValueError:
            return ""
        return format_date(when)


class ChoiceField(IntakeField):
    """A closed pick-list with a blank first entry; the value is the chosen item's raw value."""

    commits_on_change = True

    def __init__(self, key: str, label: str, choices: Sequence[tuple[str, str]], parent: QObject):
        combo = QComboBox()
        combo.addItem("", "")
        for value, text in choices:
            combo.addItem(text, value)
        super().__init__(key, label, combo, parent)
        self.combo = combo
        self.combo.currentIndexChanged.connect(self._on_input_changed)

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: object) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(str(value or "")), 0))


class EditableChoiceField(IntakeField):
    """Suggestions the person may also type over (referral source)."""

    def __init__(self, key: str, label: str, suggestions: Sequence[str], parent: QObject):
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(["", *suggestions])
        super().__init__(key, label, combo, parent)
        self.combo = combo
        self.combo.editTextChanged.connect(self._on_input_changed)

    def value(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: object) -> None:
        text = str(value or "")
        index = self.combo.findText(text)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        self.combo.setEditText(text)


class MultiLineField(IntakeField):
    def __init__(self, key: str, label: str, parent: QObject, *, lines: int = 3):
        editor = QPlainTextEdit()
        editor.setTabChangesFocus(True)  # Tab moves on, as in every other field
        editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines + 14)
        super().__init__(key, label, editor, parent)
        self.editor = editor
        self.editor.textChanged.connect(self._on_input_changed)

    def value(self) -> str:
        return self.editor.toPlainText()

    def set_value(self, value: object) -> None:
        self.editor.setPlainText(str(value or ""))


class CheckField(IntakeField):
    """A yes/no tick whose own text is its visible label."""

    commits_on_change = True

    def __init__(self, key: str, label: str, parent: QObject):
        check = QCheckBox(label)
        super().__init__(key, label, check, parent, own_label=True)
        self.check = check
        self.check.toggled.connect(self._on_input_changed)

    def value(self) -> bool:
        return self.check.isChecked()

    def set_value(self, value: object) -> None:
        self.check.setChecked(value is True)


class AnswerField(IntakeField):
    """A yes/no question that starts as "Not asked", so an unanswered question is never a "No".

    A drop-down "Not asked / No / Yes" under the question: the keyboard answers it with N or Y.
    """

    commits_on_change = True
    YES_STYLE = f"QComboBox {{ color: {ALERT_COLOUR}; font-weight: bold; }}"

    def __init__(self, key: str, label: str, parent: QObject, *, alarming: bool = False):
        combo = QComboBox()
        super().__init__(key, label, combo, parent)
        for answer in (Answer.NOT_ASKED, Answer.NO, Answer.YES):
            combo.addItem(self.tr(ANSWER_LABELS[answer]), answer.value)
        self.combo = combo
        combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._cell_layout.setAlignment(combo, Qt.AlignmentFlag.AlignLeft)
        assert self.label is not None
        self.label.setWordWrap(True)  # a question can be longer than its column
        self._alarming = alarming  # a Yes is shown in red (the red-flag questions)
        self.combo.currentIndexChanged.connect(self._on_input_changed)
        self.combo.currentIndexChanged.connect(self._on_answer_changed)

    def value(self) -> str:
        return str(self.combo.currentData())

    def answer(self) -> Answer:
        return Answer(self.value())

    def set_value(self, value: object) -> None:
        answer = read_answer(value) or Answer.NOT_ASKED
        self.combo.setCurrentIndex(max(self.combo.findData(answer.value), 0))

    def _on_answer_changed(self, *_: object) -> None:
        self.combo.setStyleSheet(
            self.YES_STYLE if self._alarming and self.answer() is Answer.YES else "")
