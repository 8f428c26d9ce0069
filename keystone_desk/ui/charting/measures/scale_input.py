"""ScaleInput: one questionnaire item's answer, as a row of radio buttons limited to its points.

Only the scale's points can be chosen (0–10, or VISA-A item 7's 0/4/7/10), and the row can be
cleared back to unanswered. Points with their own words (VISA-A 7 and 8A–8C) show them on the
buttons; otherwise the words are the buttons' tooltips and a caption under the row. Imports
QtWidgets and domain types only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QRadioButton,
    QToolButton,
    QWidget,
)

from ....domain.measures import Scale

# Points whose words fit beside them go in a row; longer ones stack so each reads in full.
_ROW_LABEL_CHARS = 24
_ROW_TOTAL_CHARS = 64


class ScaleInput(QWidget):
    value_changed = Signal(object)  # int | None

    def __init__(self, scale: Scale, *, words_on_buttons: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._scale = scale
        self._group = QButtonGroup(self)
        self._buttons: dict[int, QRadioButton] = {}
        self._build_ui(words_on_buttons)
        self._group.idToggled.connect(self._on_group_id_toggled)
        self._clear.clicked.connect(self._on_clear_clicked)

    @property
    def scale(self) -> Scale:
        return self._scale

    def value(self) -> int | None:
        checked = self._group.checkedId()
        return None if checked == -1 else checked

    def set_value(self, value: int | None) -> None:
        """Choose `value` (a point of the scale) or clear with None; emits value_changed."""
        if value is None:
            self._uncheck()
            self._clear.setEnabled(False)
            self.value_changed.emit(None)
        elif value in self._buttons:
            self._buttons[value].setChecked(True)

    def clear_quietly(self) -> None:
        """Unanswer without emitting value_changed (the form is already handling a change)."""
        self._uncheck()
        self._clear.setEnabled(False)

    def button_for(self, value: int) -> QRadioButton:
        return self._buttons[value]

    def clear_button(self) -> QAbstractButton:
        return self._clear

    def _build_ui(self, words_on_buttons: bool) -> None:
        for point in self._scale.points:
            words = self._scale.label_for(point)
            text = f"{point}  {words}" if words_on_buttons and words else str(point)
            button = QRadioButton(text)
            button.setAccessibleName(f"{point} {words}".strip())
            if words:
                button.setToolTip(words)
            self._group.addButton(button, point)
            self._buttons[point] = button
        self._clear = QToolButton()
        self._clear.setText(self.tr("Clear"))
        self._clear.setToolTip(self.tr("Leave this item unanswered"))
        self._clear.setAccessibleName(self.tr("Clear answer"))
        self._clear.setEnabled(False)
        self._clear.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        labels = [self._scale.label_for(p) for p in self._scale.points] if words_on_buttons else []
        longest, total = max(map(len, labels), default=0), sum(map(len, labels))
        # Long words stack one per line; several medium ones wrap into a grid; else one row.
        columns = (1 if longest > _ROW_LABEL_CHARS
                   else 3 if total > _ROW_TOTAL_CHARS else len(self._buttons))
        layout = QGridLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(14)
        layout.setVerticalSpacing(2)
        for n, button in enumerate(self._buttons.values()):
            layout.addWidget(button, n // columns, n % columns)
        layout.setColumnStretch(columns, 1)
        outer = QGridLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout, 0, 0)
        outer.addWidget(self._clear, 0, 1, Qt.AlignmentFlag.AlignTop)
        outer.setColumnStretch(0, 1)
        self.setFocusProxy(next(iter(self._buttons.values())))

    def _uncheck(self) -> None:
        # An exclusive group never lets the last checked button go: step outside it briefly.
        self._group.setExclusive(False)
        for button in self._buttons.values():
            button.setChecked(False)
        self._group.setExclusive(True)

    def _on_group_id_toggled(self, point: int, checked: bool) -> None:
        if checked:
            self._clear.setEnabled(True)
            self.value_changed.emit(point)

    def _on_clear_clicked(self) -> None:
        self.set_value(None)
