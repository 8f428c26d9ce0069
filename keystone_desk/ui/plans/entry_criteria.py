"""EntryCriteriaView: is the runner ready to start running? The entry criteria as a checklist.

Each criterion of an EntryCheck (domain.return_to_run) shows as met (✓), not met (✗) or not
recorded (?), with the value the chart holds and what it needs — "Heel raises: Left 27, right 19
reps (LSI 70.4 %) — needs ≥ 25 single-leg heel raises on the involved leg, or limb symmetry ≥
90 %". Under them the verdict, in words: "Ready to start" or what is not met. The walking answer
(minutes walked without pain, asked now: the evaluation has no field for it) is typed here and
emitted as `walking_changed`. Qt and domain only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ...domain.return_to_run import CriterionResult, EntryCheck
from .plan_inputs import AMBER_BOX, GREEN_BOX, HINT_STYLE, Labelled

MAX_WALKING_MINUTES = 600
_MARKS = {True: ("\u2713", "#1b5e20", "Met"), False: ("\u2717", "#b3261e", "Not met"),
          None: ("?", "#8a5300", "Not recorded")}


def criterion_text(result: CriterionResult) -> str:
    """'Heel raises: Left 27, right 19 reps (LSI 70.4 %) — needs ≥ 25 …'."""
    needs = result.required[:1].lower() + result.required[1:]
    return f"{result.label}: {result.actual} — needs {needs}"


class EntryCriteriaView(QWidget):
    walking_changed = Signal(object)  # float minutes walked without pain, or None (not asked)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._walking = QSpinBox()
        self._walking.setRange(-1, MAX_WALKING_MINUTES)
        self._walking.setSpecialValueText(self.tr("Not asked"))
        self._walking.setSuffix(self.tr(" min"))
        self._walking.setValue(-1)
        self._walking.setMaximumWidth(160)
        self.walking_field = Labelled(self.tr("&Walks without pain for"), self._walking,
                                      hint=self.tr("Ask today: how long can they walk briskly "
                                                   "with no Achilles pain?"))
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(8)
        self._grid.setColumnStretch(2, 1)
        self._verdict = QLabel()
        self._verdict.setObjectName("entry_verdict")
        self._verdict.setWordWrap(True)
        self._verdict.setTextFormat(Qt.TextFormat.PlainText)
        self._sources = QLabel()
        self._sources.setStyleSheet(HINT_STYLE)
        self._sources.setWordWrap(True)
        walking = QGridLayout()
        walking.addWidget(self.walking_field.label, 0, 0, Qt.AlignmentFlag.AlignTop)
        walking.addWidget(self.walking_field.cell, 0, 1)
        walking.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(walking)
        layout.addLayout(self._grid)
        layout.addWidget(self._sources)
        layout.addWidget(self._verdict)
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        self._check: EntryCheck | None = None
        self._walking.valueChanged.connect(self._on_walking_value_changed)

    def walking_minutes(self) -> float | None:
        value = self._walking.value()
        return None if value < 0 else float(value)

    def check(self) -> EntryCheck | None:
        return self._check

    def criterion_label(self, criterion_id: str) -> QLabel:
        """The line shown for one criterion (tests read it)."""
        return self._rows[criterion_id][1]

    def verdict_text(self) -> str:
        return self._verdict.text()

    def show_check(self, check: EntryCheck, sources: Sequence[str] = ()) -> None:
        self._check = check
        shown = {result.id for result in check.results}
        for criterion_id, (mark, line) in self._rows.items():
            mark.setVisible(criterion_id in shown)
            line.setVisible(criterion_id in shown)
        for result in check.results:
            mark, line = self._row(result.id)
            mark_text, colour, word = _MARKS[result.met]
            mark.setText(mark_text)
            mark.setStyleSheet(f"color: {colour}; font-size: 15pt; font-weight: bold;")
            mark.setAccessibleName(self.tr(word))
            line.setText(self.tr("<b>{label}</b>: {actual}<br><span style='color:#5f6368'>"
                                 "needs {needs}</span>").format(
                label=html.escape(result.label), actual=html.escape(result.actual),
                needs=html.escape(result.required[:1].lower() + result.required[1:])))
            line.setAccessibleName(criterion_text(result))
            line.setToolTip(self.tr(word))
        self._sources.setText(self.tr("Read from: {sources}.").format(
            sources="; ".join(sources)) if sources else self.tr(
            "No signed evaluation, progress note or re-evaluation records these tests yet."))
        if check.ready:
            self._verdict.setStyleSheet(GREEN_BOX)
            self._verdict.setText(self.tr("\u2713 Ready to start the walk-run progression."))
        else:
            self._verdict.setStyleSheet(AMBER_BOX)
            unmet = [r.label for r in check.unmet if r.met is False]
            unknown = [r.label for r in check.unmet if r.met is None]
            lines = [self.tr("Not ready to start running yet.")]
            if unmet:
                lines.append(self.tr("\u2717 Not met: {names}").format(names=", ".join(unmet)))
            if unknown:
                lines.append(self.tr("? Not recorded: {names}").format(names=", ".join(unknown)))
            self._verdict.setText("\n".join(lines))

    def _row(self, criterion_id: str) -> tuple[QLabel, QLabel]:
        """The mark and the line of one criterion, made the first time it is shown."""
        if criterion_id not in self._rows:
            mark, line = QLabel(), QLabel()
            mark.setFixedWidth(22)
            line.setObjectName(f"criterion_{criterion_id}")
            line.setWordWrap(True)
            row = len(self._rows)
            self._grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(line, row, 1, 1, 2)
            self._rows[criterion_id] = (mark, line)
        return self._rows[criterion_id]

    def _on_walking_value_changed(self, _value: int) -> None:
        self.walking_changed.emit(self.walking_minutes())
