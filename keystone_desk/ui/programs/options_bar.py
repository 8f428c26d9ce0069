"""HandoutOptionsBar: the handout's paper size, large print and low ink, above the preview.

Shows a program's options (the paper defaulting to the clinic's) and reports the person's choice as
`changed`, with the options as the program stores them ("paper": "a4"/"letter", "large_print",
"low_ink"). Qt widgets only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

PAPERS = (("letter", "Letter"), ("a4", "A4"))


class HandoutOptionsBar(QWidget):
    changed = Signal()  # the person chose another paper size or print style

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._paper_label = QLabel(self.tr("Pape&r"))
        self._paper = QComboBox()
        for value, text in PAPERS:
            self._paper.addItem(self.tr(text), value)
        self._paper.setAccessibleName(self.tr("Paper"))
        self._paper_label.setBuddy(self._paper)
        self._large_print = QCheckBox(self.tr("&Large print"))
        self._low_ink = QCheckBox(self.tr("Low &ink (black and white)"))
        self._low_ink.setToolTip(self.tr("No colour fills and grey figures, for a home printer"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._paper_label)
        layout.addWidget(self._paper)
        layout.addSpacing(12)
        layout.addWidget(self._large_print)
        layout.addWidget(self._low_ink)
        layout.addStretch(1)
        self._paper.currentIndexChanged.connect(self._on_input_changed)
        self._large_print.toggled.connect(self._on_input_changed)
        self._low_ink.toggled.connect(self._on_input_changed)

    def set_options(self, options: Mapping[str, Any], default_paper: str) -> None:
        """Show stored options (no `changed`); no paper stored means the clinic's default."""
        widgets = (self._paper, self._large_print, self._low_ink)
        for widget in widgets:
            widget.blockSignals(True)
        paper = str(options.get("paper") or default_paper).casefold()
        self._paper.setCurrentIndex(max(0, self._paper.findData(paper)))
        self._large_print.setChecked(bool(options.get("large_print")))
        self._low_ink.setChecked(bool(options.get("low_ink")))
        for widget in widgets:
            widget.blockSignals(False)

    def options(self) -> dict[str, Any]:
        return {"paper": self._paper.currentData(), "large_print": self._large_print.isChecked(),
                "low_ink": self._low_ink.isChecked()}

    def _on_input_changed(self, *_: object) -> None:
        self.changed.emit()
