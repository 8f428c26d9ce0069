"""MeasureHistoryView: an episode's outcome measures — a table of results and a trend chart.

Choose a measure; its results show oldest first with the change from baseline and whether it
reaches the MCID, results marked in error struck through with their reason, and a chart of the
score over time with the MCID band around baseline. "Record…" opens a MeasureForm and
"Mark in error…" asks for a reason; both write through MeasureService and then emit
`results_changed`. The episode screen embeds it as
`MeasureHistoryView(session, episode_id, parent)`; the signed-in person records and marks. Imports Qt, services, domain.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....domain.errors import KeystoneError
from ....domain.measure_results import MeasureResult, baseline_of, change_for, in_time_order
from ....domain.measures import ChangeStatus, MeasureDefinition, plain_number
from ....services.session import ClinicSession
from ... import messages
from ...display_text import format_date
from .error_dialog import MarkInErrorDialog
from .form import CAPTION_STYLE, MeasureForm
from .table_model import MeasureResultTableModel, ResultColumn, ResultRole, SortRole
from .trend_chart import build_trend_chart, make_chart_view

if TYPE_CHECKING:  # QtCharts loads with the first chart drawn
    from PySide6.QtCharts import QChartView


class MeasureHistoryView(QWidget):
    results_changed = Signal(object)  # domain.measure_results.MeasureResult recorded or marked

    def __init__(self, session: ClinicSession, episode_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._measures = session.measures
        self._episode_id = episode_id
        self._results: list[MeasureResult] = []
        self._chart_view: QChartView | None = None
        self._build_ui()
        self._connect_signals()
        self._load()

    # --- for the episode screen and tests ------------------------------------------------------

    @property
    def episode_id(self) -> int:
        return self._episode_id

    def current_definition(self) -> MeasureDefinition:
        return self._measures.definition(str(self._measure.currentData()))

    def select_measure(self, measure_id: str) -> None:
        index = self._measure.findData(self._measures.definition(measure_id).id)
        self._measure.setCurrentIndex(index)

    def table_model(self) -> MeasureResultTableModel:
        return self._model

    def table_view(self) -> QTableView:
        return self._table

    def chart_view(self) -> QWidget | None:
        """The QChartView, once a chart has been drawn (None before: QtCharts not loaded)."""
        return self._chart_view

    def refresh(self) -> None:
        self._load()

    def open_record_form(self) -> MeasureForm:
        """Open the form for the chosen measure (window-modal); returns it."""
        form = MeasureForm(self.current_definition(), self, save=self._record_from,
                           today=self._today())
        _delete_when_finished(form)
        form.open()
        return form

    def open_mark_in_error_dialog(self) -> MarkInErrorDialog | None:
        """Ask for a reason to mark the selected result in error; None if none is selected."""
        result = self._selected_result()
        if result is None or result.in_error:
            return None
        dialog = MarkInErrorDialog(self.current_definition(), result, self,
                                   save=lambda d: self._mark_from(d, result))
        _delete_when_finished(dialog)
        dialog.open()
        return dialog

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._measure = QComboBox()
        measure_label = QLabel(self.tr("&Measure"))
        measure_label.setBuddy(self._measure)
        self._measure.setAccessibleName(self.tr("Measure"))
        self._record = QPushButton(self.tr("&Record…"))
        self._record.setToolTip(self.tr("Fill in the chosen measure for this episode"))
        self._mark = QPushButton(self.tr("Mark in &error…"))
        self._mark.setToolTip(self.tr("A wrong score is kept, struck through, with a reason"))
        self._mark.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(measure_label)
        top.addWidget(self._measure, 1)
        top.addWidget(self._record)
        top.addWidget(self._mark)

        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._model = MeasureResultTableModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(SortRole)
        self._table = QTableView()
        self._table.setModel(self._proxy)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setSortingEnabled(True)
        self._table.sortByColumn(ResultColumn.DATE, Qt.SortOrder.AscendingOrder)
        self._table.verticalHeader().hide()
        self._table.setAlternatingRowColors(True)
        self._table.setAccessibleName(self.tr("Results"))
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self._no_chart = QLabel()
        self._no_chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._no_chart.setStyleSheet(CAPTION_STYLE)
        self._chart_stack = QStackedWidget()
        self._chart_stack.addWidget(self._no_chart)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._table)
        splitter.addWidget(self._chart_stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([230, 380])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._summary)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self._measure.currentIndexChanged.connect(self._on_measure_current_index_changed)
        self._record.clicked.connect(self._on_record_clicked)
        self._mark.clicked.connect(self._on_mark_clicked)
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    # --- loading -------------------------------------------------------------------------------

    def _load(self) -> None:
        self._results = self._measures.history(self._episode_id)
        chosen = self._measure.currentData() or self._default_measure()
        self._measure.blockSignals(True)
        self._measure.clear()
        for definition in self._measures.catalog:
            count = sum(1 for r in self._results if r.measure_id == definition.id)
            text = definition.short_name + (f"  ({count})" if count else "")
            self._measure.addItem(text, definition.id)
            self._measure.setItemData(self._measure.count() - 1, definition.name,
                                      Qt.ItemDataRole.ToolTipRole)
        self._measure.setCurrentIndex(max(self._measure.findData(chosen), 0))
        self._measure.blockSignals(False)
        self._show_measure()

    def _default_measure(self) -> str:
        latest = in_time_order(self._results)
        return latest[-1].measure_id if latest else next(iter(self._measures.catalog)).id

    def _show_measure(self) -> None:
        definition = self.current_definition()
        results = [r for r in self._results if r.measure_id == definition.id]
        self._model.set_rows(definition, results)
        self._summary.setText(self._summary_text(definition, results))
        self._show_chart(definition, results)
        self._on_table_selection_changed()

    def _show_chart(self, definition: MeasureDefinition, results: list[MeasureResult]) -> None:
        if not any(r.counts for r in results):
            self._no_chart.setText(self.tr("No {measure} scores in this episode yet.").format(
                measure=definition.short_name))
            self._chart_stack.setCurrentWidget(self._no_chart)
            return
        if self._chart_view is None:
            self._chart_view = make_chart_view()
            self._chart_stack.addWidget(self._chart_view)
        old = self._chart_view.chart()
        self._chart_view.setChart(build_trend_chart(definition, results, self))
        if old is not None:
            old.deleteLater()
        self._chart_stack.setCurrentWidget(self._chart_view)

    def _summary_text(self, definition: MeasureDefinition, results: list[MeasureResult]) -> str:
        baseline = baseline_of(results)
        if baseline is None or baseline.score is None:
            return self.tr("No scored {measure} yet. {purpose}").format(
                measure=definition.short_name, purpose=definition.purpose)
        counted = [r for r in in_time_order(results) if r.counts]
        latest = counted[-1]
        text = self.tr("Baseline {score} on {date}.").format(
            score=definition.format_score(baseline.score), date=format_date(baseline.taken_on))
        change = change_for(latest, baseline, definition)
        if latest.id != baseline.id and change is not None:
            mcid = (plain_number(definition.mcid.points)
                    if definition.mcid.points is not None else self.tr("none on record"))
            verdict = {
                ChangeStatus.IMPROVED: self.tr("improved by at least the MCID"),
                ChangeStatus.WORSENED: self.tr("worse by at least the MCID"),
                ChangeStatus.NO_IMPORTANT_CHANGE: self.tr("less than the MCID"),
                ChangeStatus.NO_MCID: self.tr("no MCID to judge by"),
            }[change.status]
            text += " " + self.tr("Latest {score} on {date}: change {change}, {verdict} "
                                  "(MCID {mcid}).").format(
                score=definition.format_score(latest.score), date=format_date(latest.taken_on),
                change=("+" if change.change > 0 else "") + definition.format_score(
                    change.change), verdict=verdict, mcid=mcid)
        return text

    def _selected_result(self) -> MeasureResult | None:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].data(ResultRole) if rows else None

    def _today(self) -> date:
        return self._measures.today()

    # --- actions -------------------------------------------------------------------------------

    def _record_from(self, form: MeasureForm) -> None:
        recorded = self._measures.record(self._session.user, self._episode_id, form.definition.id,
                                         form.taken_on(), form.answers(), form.activities())
        self._after_change(recorded)

    def _mark_from(self, dialog: MarkInErrorDialog, result: MeasureResult) -> None:
        marked = self._measures.mark_in_error(self._session.user, result.id, dialog.reason())
        self._after_change(marked)

    def _after_change(self, changed: MeasureResult) -> None:
        self._load()
        row = self._model.row_of(changed.id)
        if row is not None:
            self._table.selectRow(self._proxy.mapFromSource(self._model.index(row, 0)).row())
        self.results_changed.emit(changed)

    def _on_measure_current_index_changed(self, _index: int) -> None:
        self._show_measure()

    def _on_record_clicked(self) -> None:
        try:
            self.open_record_form()
        except KeystoneError as error:
            messages.show_error(self, self.tr("Cannot record"), str(error))

    def _on_mark_clicked(self) -> None:
        self.open_mark_in_error_dialog()

    def _on_table_selection_changed(self, *_args: QItemSelection) -> None:
        result = self._selected_result()
        self._mark.setEnabled(result is not None and not result.in_error)


def _delete_when_finished(dialog: QDialog) -> None:
    # Not WA_DeleteOnClose: with PySide6 6.11 a dialog deleted that way after its Python wrapper
    # has gone crashes in ~QDialog (seen under pytest-qt); deleteLater on `finished` does not.
    dialog.finished.connect(dialog.deleteLater)
