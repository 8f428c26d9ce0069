"""MarkInErrorDialog: asks why a recorded outcome score is wrong before it is marked in error.

The score is never deleted: it stays in the history, struck through, with this reason. OK stays
disabled until a reason is typed. Like MeasureForm, the dialog never writes; it hands the reason
to the caller's `save` and shows a refusal in place. Imports Qt and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....domain.errors import KeystoneError, ValidationError
from ....domain.measure_results import MeasureResult
from ....domain.measures import MeasureDefinition
from ...display_text import format_date
from .form import PROBLEM_STYLE


class MarkInErrorDialog(QDialog):
    def __init__(self, definition: MeasureDefinition, result: MeasureResult,
                 parent: QWidget | None = None, *,
                 save: Callable[[MarkInErrorDialog], object] | None = None):
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(self.tr("Mark a score in error"))
        shown = (definition.format_score(result.score) if result.score is not None
                 else self.tr("no score"))
        what = QLabel(self.tr(
            "{measure} taken on {date} ({score}) will be kept in the history, struck through, "
            "and left out of the baseline, changes and the chart.").format(
            measure=definition.short_name, date=format_date(result.taken_on), score=shown))
        what.setWordWrap(True)
        self._reason = QLineEdit()
        self._reason.setPlaceholderText(self.tr("e.g. entered for the wrong patient"))
        reason_label = QLabel(self.tr("&Reason"))
        reason_label.setBuddy(self._reason)
        self._reason.setAccessibleName(self.tr("Reason"))
        self._problem = QLabel()
        self._problem.setStyleSheet(PROBLEM_STYLE)
        self._problem.setWordWrap(True)
        self._problem.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button().setText(self.tr("Mark in error"))
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(reason_label)
        layout.addWidget(self._reason)
        layout.addWidget(self._problem)
        layout.addWidget(self._buttons)
        self.resize(460, self.sizeHint().height())
        self._reason.textChanged.connect(self._on_reason_text_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self._on_reason_text_changed(self._reason.text())

    def reason(self) -> str:
        return " ".join(self._reason.text().split())

    def reason_input(self) -> QLineEdit:
        return self._reason

    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def problem_text(self) -> str:
        return "" if self._problem.isHidden() else self._problem.text()

    def _on_reason_text_changed(self, _text: str) -> None:
        self.ok_button().setEnabled(bool(self.reason()))
        self._problem.hide()

    def _on_buttons_accepted(self) -> None:
        if not self.reason():
            return
        if self._save is not None:
            try:
                self._save(self)
            except KeystoneError as error:
                self._problem.setText(" ".join(p.message for p in error.problems)
                                      if isinstance(error, ValidationError) else str(error))
                self._problem.show()
                return
        self.accept()
