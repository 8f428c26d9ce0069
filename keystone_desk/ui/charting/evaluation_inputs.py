"""Inputs of the evaluation form: one small class per kind of template field, with label and message.

An `EvaluationInput` owns a visible label (the input's buddy, with the same text as the input's
accessible name), the input, and a message line beneath it that shows a problem in red or the
field's help in grey. Values go in and out in the shape described in domain.templates (None for
blank). Yes/no and the involved side use segmented_choice's strip of buttons.
Qt widgets and pure domain helpers only; no services, no store.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.templates import LIMB_LABELS, FieldKind, Limb, TemplateField, number_text
from .segmented_choice import SegmentedChoice

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"
OTHER = "__other__"
_NOT_LEAVING = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
_INTEGER = re.compile(r"[-+]?\d+")
_DECIMAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)")


def parse_number(text: str) -> int | float | str | None:
    """A typed number as int or float ("9,5" reads as 9.5); text that is no number stays as typed,
    so nothing is lost and validation can say what is wrong; blank is None."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    if _INTEGER.fullmatch(cleaned):
        return int(cleaned)
    if _DECIMAL.fullmatch(cleaned):
        return float(cleaned)
    return text.strip()


def number_shown(value: object) -> str:
    """A stored number as it is typed back into a box (9.5, 25, never 25.0)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value) if value.is_integer() else repr(value)
    return str(value)


class EvaluationInput(QObject):
    """One template field on screen: a label, the input(s), and the message line beneath."""

    edited = Signal(str)  # the field id: the person changed the value
    left = Signal(str)  # the field id: keyboard focus moved on from the field

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(parent)
        self.field = field
        self.key = field.id
        self.cell = QWidget()
        self.title = QLabel(field.label)
        self.title.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName(f"{field.id}Message")
        self.message.setWordWrap(True)
        self._error = ""
        self._controls: list[QWidget] = []
        self._buddy: QWidget | None = None

    def _finish(self, body: QWidget, buddy: QWidget, *controls: QWidget,
                title_in_body: bool = False) -> None:
        """Lay out title, body and message; `buddy` is what the title labels. `controls` are
        what the person edits (default: the buddy); `title_in_body` when the body placed it."""
        self.title.setBuddy(buddy)
        self._buddy = buddy
        buddy.setAccessibleName(self.field.label)
        if self.field.help:
            buddy.setToolTip(self.field.help)
        self._controls = list(controls) or [buddy]
        for control in self._controls:
            control.installEventFilter(self)
        layout = QVBoxLayout(self.cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        if not title_in_body:
            layout.addWidget(self.title)
        layout.addWidget(body)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.clear_error()

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def set_read_only(self, locked: bool) -> None:
        for control in self._controls:
            control.setEnabled(not locked)

    @property
    def error(self) -> str:
        return self._error

    def show_error(self, text: str) -> None:
        self._error = text
        if self._buddy is not None:
            self._buddy.setAccessibleDescription(text)
        self._show_message(text, ERROR_STYLE)

    def clear_error(self) -> None:
        self._error = ""
        if self._buddy is not None:
            self._buddy.setAccessibleDescription(self.field.help)
        self._show_message(self.field.help, HINT_STYLE)

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


class TextInput(EvaluationInput):
    """One line, or a box of several lines when the template asks for them."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        self.line_edit: QLineEdit | None = None
        self.editor: QPlainTextEdit | None = None
        if field.lines > 1:
            self.editor = QPlainTextEdit()
            self.editor.setTabChangesFocus(True)
            self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * field.lines + 14)
            self.editor.textChanged.connect(self._on_input_changed)
            self._finish(self.editor, self.editor)
        else:
            self.line_edit = QLineEdit()
            self.line_edit.setPlaceholderText(self._placeholder())
            self.line_edit.textChanged.connect(self._on_input_changed)
            self._finish(self.line_edit, self.line_edit)

    def _placeholder(self) -> str:
        return ""

    def text(self) -> str:
        if self.editor is not None:
            return self.editor.toPlainText()
        assert self.line_edit is not None
        return self.line_edit.text()

    def value(self) -> object:
        text = self.text()
        return text if text.strip() else None

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value)
        if self.editor is not None:
            self.editor.setPlainText(text)
        elif self.line_edit is not None:
            self.line_edit.setText(text)


class DateInput(TextInput):
    def _placeholder(self) -> str:
        return "YYYY-MM-DD"

    def value(self) -> object:
        return self.text().strip() or None


class TimeInput(DateInput):
    def _placeholder(self) -> str:
        return self.tr("HH:MM (24-hour)")


class NumberInput(TextInput):
    """A number typed as text, so it can be blank; the unit shows while the box is empty."""

    def _placeholder(self) -> str:
        return self.field.unit

    def value(self) -> object:
        return parse_number(self.text())

    def set_value(self, value: object) -> None:
        assert self.line_edit is not None
        self.line_edit.setText(number_shown(value))


class ChoiceInput(EvaluationInput):
    """A pick-list with a blank first entry; "Other…" opens a box for the person's own words."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        self.combo = QComboBox()
        self.combo.addItem("", "")
        for option in field.options:
            self.combo.addItem(option.label, option.id)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.combo)
        controls: list[QWidget] = [self.combo]
        self.other: QLineEdit | None = None
        self.other_label: QLabel | None = None
        if field.allow_other:
            self.combo.addItem(self.tr("Other…"), OTHER)
            self.other = QLineEdit()
            self.other_label = QLabel(self.tr("{label}, in your words").format(label=field.label))
            self.other_label.setBuddy(self.other)
            self.other.setAccessibleName(self.other_label.text())
            layout.addWidget(self.other_label)
            layout.addWidget(self.other)
            controls.append(self.other)
            self.other.textChanged.connect(self._on_input_changed)
        self._show_other(False)
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self._finish(body, self.combo, *controls)

    def value(self) -> object:
        chosen = str(self.combo.currentData() or "")
        if chosen == OTHER and self.other is not None:
            return self.other.text().strip() or None
        return chosen or None

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value)
        index = self.combo.findData(text) if text else 0
        if index < 0 and self.other is not None:
            index = self.combo.findData(OTHER)
            self.other.setText(text)
        elif index < 0:
            # An option since dropped from the template: shown and kept, never silently lost.
            self.combo.addItem(self.tr("{value} (not in the list)").format(value=text), text)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self._show_other(self.combo.currentData() == OTHER)

    def _on_combo_changed(self) -> None:
        self._show_other(self.combo.currentData() == OTHER)
        self._on_input_changed()

    def _show_other(self, shown: bool) -> None:
        if self.other is not None and self.other_label is not None:
            self.other.setVisible(shown)
            self.other_label.setVisible(shown)


class MultiChoiceInput(EvaluationInput):
    """Tick boxes, three to a row; the value lists the ticked option ids in template order."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self.boxes: dict[str, QCheckBox] = {}
        for index, option in enumerate(field.options):
            box = QCheckBox(option.label)
            box.toggled.connect(self._on_input_changed)
            grid.addWidget(box, index // 3, index % 3)
            self.boxes[option.id] = box
        body.setFocusProxy(next(iter(self.boxes.values())))
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._finish(body, body, *self.boxes.values())

    def value(self) -> object:
        return [key for key, box in self.boxes.items() if box.isChecked()] or None

    def set_value(self, value: object) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)


class SegmentedInput(EvaluationInput):
    """Yes/no, or the involved side, as a strip of buttons."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        tones: dict[str, str] = {}
        if field.kind is FieldKind.YES_NO:
            choices = [("yes", self.tr("Yes")), ("no", self.tr("No"))]
            if field.refer is not None and field.refer.when_yes:
                tones["yes"] = "refer"
        else:
            choices = [(side.value, self.tr(LIMB_LABELS[side])) for side in Limb]
        self.segments = SegmentedChoice(choices, tones)
        self.segments.changed.connect(self._on_input_changed)
        self._finish(self.segments, self.segments, self.segments,
                     *self.segments.buttons.values())

    def set_read_only(self, locked: bool) -> None:
        for button in self.segments.buttons.values():
            button.setEnabled(not locked)

    def value(self) -> object:
        chosen = self.segments.value()
        if self.field.kind is FieldKind.YES_NO:
            return {"yes": True, "no": False}.get(chosen)
        return chosen or None

    def set_value(self, value: object) -> None:
        if self.field.kind is FieldKind.YES_NO:
            chosen = ("yes" if value else "no") if isinstance(value, bool) else ""
        else:
            chosen = value if isinstance(value, str) else ""
        self.segments.set_value(chosen)
