"""ItemDetails: the selected program item's side, dosage and notes, checked as the person types.

`edited(immediate)` says the person changed something: a pick (the side), Enter in a field or
leaving it is finished at once, other typing when the person pauses (the program panel waits for
that). `item()` gives the edited item, or None after showing each problem beside its field (from
the domain's checks); what was typed stays. Qt widgets and domain types only.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.home_programs import MAX_NOTES_CHARS, ProgramItem
from .dosage_fields import ERROR_STYLE, DosageFields

SIDES = (("", "Not applicable"), ("left", "Left"), ("right", "Right"), ("both", "Both sides"))


class ItemDetails(QWidget):
    edited = Signal(bool)  # True: a finished pick (save now); False: typing (save on a pause)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._item: ProgramItem | None = None
        self._loading = False
        self._build_ui()
        self._connect_signals()
        self.set_item(None, "")

    def _build_ui(self) -> None:
        self._title = QLabel()
        self._title.setObjectName("item_title")
        self._title.setWordWrap(True)
        self._title.setStyleSheet("QLabel { font-weight: 600; }")
        self._side_label = QLabel(self.tr("Si&de"))
        self._side = QComboBox()
        for value, text in SIDES:
            self._side.addItem(self.tr(text), value)
        self._side.setAccessibleName(self.tr("Side"))
        self._side_label.setBuddy(self._side)
        self.dosage_fields = DosageFields()
        self._notes_label = QLabel(self.tr("N&otes for the patient"))
        self._notes = QPlainTextEdit()
        self._notes.setAccessibleName(self.tr("Notes for the patient"))
        self._notes.setTabChangesFocus(True)
        self._notes.setPlaceholderText(self.tr("Printed under the exercise, e.g. “Stop if the "
                                               "pain passes 5/10.”"))
        self._notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self._notes_label.setBuddy(self._notes)
        self._notes_error = QLabel()
        self._notes_error.setStyleSheet(ERROR_STYLE)
        self._notes_error.setWordWrap(True)
        self._notes_error.hide()

        side = QFormLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addRow(self._side_label, self._side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addLayout(side)
        layout.addWidget(self.dosage_fields)
        layout.addWidget(self._notes_label)
        layout.addWidget(self._notes)
        layout.addWidget(self._notes_error)

    def _connect_signals(self) -> None:
        self._side.currentIndexChanged.connect(self._on_side_current_index_changed)
        self.dosage_fields.edited.connect(self._on_typed)
        self.dosage_fields.committed.connect(self._on_dosage_committed)
        self._notes.textChanged.connect(self._on_typed)

    # --- values --------------------------------------------------------------------------------

    def set_item(self, item: ProgramItem | None, name: str) -> None:
        """Show `item` (None: nothing selected; the fields are disabled)."""
        self._item = item
        self._loading = True
        try:
            self._title.setText(name if item is not None else
                                self.tr("Choose an exercise in the program to set its dosage."))
            if item is not None:
                self._side.setCurrentIndex(max(0, self._side.findData(item.side)))
                self.dosage_fields.set_dosage(item.dosage)
                if self._notes.toPlainText() != item.notes:
                    self._notes.setPlainText(item.notes)
            else:
                self._notes.clear()
        finally:
            self._loading = False
        self._notes_error.hide()
        for widget in (self._side, self.dosage_fields, self._notes):
            widget.setEnabled(item is not None)

    def item(self) -> ProgramItem | None:
        """The item as edited, or None after showing the problems (nothing selected: None)."""
        if self._item is None:
            return None
        dosage = self.dosage_fields.check()
        notes = self._notes.toPlainText().strip()
        too_long = len(notes) > MAX_NOTES_CHARS
        self._notes_error.setText(self.tr("Keep notes under {n} characters.")
                                  .format(n=MAX_NOTES_CHARS) if too_long else "")
        self._notes_error.setVisible(too_long)
        if dosage is None or too_long:
            return None
        return replace(self._item, side=str(self._side.currentData()), dosage=dosage, notes=notes)

    @property
    def shown_item(self) -> ProgramItem | None:
        return self._item

    def title_text(self) -> str:
        return self._title.text()

    def problems_text(self) -> str:
        """The problems shown beside the fields, as one line: "Sets: Give a number from 1 to 10."""
        fields = self.dosage_fields
        parts = [f"{fields.labels[name].text()}: {fields.error_text(name)}"
                 for name in fields.inputs if fields.error_text(name)]
        if not self._notes_error.isHidden():
            parts.append(f"{self.tr('Notes')}: {self._notes_error.text()}")
        return " ".join(parts)

    # --- slots ---------------------------------------------------------------------------------

    def _on_side_current_index_changed(self, _index: int) -> None:
        if not self._loading and self._item is not None:
            self.edited.emit(True)

    def _on_dosage_committed(self) -> None:
        if not self._loading and self._item is not None:
            self.edited.emit(True)

    def _on_typed(self) -> None:
        if not self._loading and self._item is not None:
            self.edited.emit(False)
