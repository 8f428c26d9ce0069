"""PatientList: the search box, the "Show archived" switch and the table of matching patients.

Searches as the person types (one page per keystroke, no counting of the whole clinic), opens a
patient on Enter or double-click, and refreshes itself when told a patient changed. Talks to the
clinic only through the fetch function it is given (`PatientService.search`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.patients import PatientSummary
from ...services.patients import PatientChanged
from .table_model import PatientColumn, PatientFetch, PatientRole, PatientTableModel

# Column widths fit these samples; the name column takes whatever is left.
_COLUMN_SAMPLES = {
    PatientColumn.DATE_OF_BIRTH: "Date of birth",
    PatientColumn.AGE: "Age",
    PatientColumn.PHONE: "+353 85 555 0123 x12",
    PatientColumn.EMAIL: "firstname.lastname@example.com",
    PatientColumn.FLAGS: "\u26a0 Red flag · Archived",
}


class PatientList(QWidget):
    open_patient_requested = Signal(int)

    def __init__(self, fetch: PatientFetch, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._model = PatientTableModel(fetch, today, self)
        self._build_ui()
        self._connect_signals()
        self._load()

    # --- public --------------------------------------------------------------------------------

    @property
    def model(self) -> PatientTableModel:
        return self._model

    @property
    def search_box(self) -> QLineEdit:
        return self._search

    @property
    def table(self) -> QTableView:
        return self._table

    def focus_search(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def current_patient(self) -> PatientSummary | None:
        index = self._table.currentIndex()
        if not index.isValid():
            return None
        summary = index.data(PatientRole)
        return summary if isinstance(summary, PatientSummary) else None

    def apply_change(self, change: PatientChanged) -> None:
        """A patient was registered, edited, archived or restored: any of these can change which
        rows match the search, so run it again (one page) and keep the same patient selected."""
        keep = self.current_patient()
        self._model.refresh()
        self._select_patient(keep.id if keep else change.patient.id)
        self._update_status()

    def refresh(self) -> None:
        """Reload after changes that arrive in bulk (e.g. the demo clinic)."""
        keep = self.current_patient()
        self._model.refresh()
        if keep:
            self._select_patient(keep.id)
        self._update_status()

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._search_label = QLabel(self.tr("&Search patients"))
        self._search = QLineEdit()
        self._search.setPlaceholderText(self.tr("Name, phone, email or date of birth"))
        self._search.setClearButtonEnabled(True)
        self._search.setAccessibleName(self.tr("Search patients"))
        self._search_label.setBuddy(self._search)

        self._show_archived = QCheckBox(self.tr("Show &archived"))
        self._show_archived.setAccessibleName(self.tr("Show archived"))

        self._table = QTableView()
        self._table.setModel(self._model)
        self._table.setAccessibleName(self.tr("Patients"))
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setAlternatingRowColors(True)
        self._table.setWordWrap(False)
        self._table.setShowGrid(False)
        self._table.setTabKeyNavigation(False)
        self._table.verticalHeader().hide()
        self._size_columns()

        self._status = QLabel()
        self._status.setAccessibleName(self.tr("Search result"))
        self._status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        search_row = QHBoxLayout()
        search_row.addWidget(self._search_label)
        search_row.addWidget(self._search, 1)
        search_row.addSpacing(12)
        search_row.addWidget(self._show_archived)

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._status)
        self.setTabOrder(self._search, self._show_archived)
        self.setTabOrder(self._show_archived, self._table)

    def _size_columns(self) -> None:
        header = self._table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PatientColumn.NAME, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in _COLUMN_SAMPLES.items():
            self._table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        row_height = self.fontMetrics().height() + 10
        self._table.verticalHeader().setDefaultSectionSize(row_height)
        self._table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def _connect_signals(self) -> None:
        self._search.textChanged.connect(self._on_search_text_changed)
        self._search.returnPressed.connect(self._on_search_return_pressed)
        self._search.installEventFilter(self)
        self._show_archived.toggled.connect(self._on_show_archived_toggled)
        self._table.activated.connect(self._on_table_activated)
        self._model.rowsInserted.connect(self._on_model_rows_inserted)

    def _load(self) -> None:
        self._run_search()

    # --- behaviour -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and self._model.rowCount() > 0):
            self._table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self._table.currentIndex().isValid():
                self._select_row(0)
            return True
        return super().eventFilter(watched, event)

    def _on_search_text_changed(self, _text: str) -> None:
        self._run_search()

    def _on_show_archived_toggled(self, _checked: bool) -> None:
        self._run_search()

    def _on_search_return_pressed(self) -> None:
        if self._model.rowCount() == 0:
            return
        if not self._table.currentIndex().isValid():
            self._select_row(0)
        self._request_open(self._table.currentIndex())

    def _on_table_activated(self, index: QModelIndex) -> None:
        self._request_open(index)

    def _on_model_rows_inserted(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._update_status()

    def _run_search(self) -> None:
        self._model.set_query(self._search.text().strip(), self._show_archived.isChecked())
        # The best match is ready to open with Enter; nothing is opened until asked.
        if self._model.rowCount():
            self._select_row(0)
        self._update_status()

    def _request_open(self, index: QModelIndex) -> None:
        summary = index.data(PatientRole) if index.isValid() else None
        if isinstance(summary, PatientSummary):
            self.open_patient_requested.emit(int(summary.id))

    def _select_row(self, row: int) -> None:
        index = self._model.index(row, PatientColumn.NAME)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self._table.selectionModel().setCurrentIndex(index, flags)

    def _select_patient(self, patient_id: int) -> None:
        row = self._model.row_of(patient_id)
        if row is not None:
            self._select_row(row)
            self._table.scrollTo(self._model.index(row, PatientColumn.NAME))
        elif self._model.rowCount():
            self._select_row(0)

    def _update_status(self) -> None:
        shown, text = self._model.rowCount(), self._model.query_text
        if shown == 0 and text:
            message = self.tr("No patients match “{text}”").format(text=text)
        elif shown == 0 and self._model.include_archived:
            message = self.tr("No patients yet. Use New patient to register the first one.")
        elif shown == 0:
            message = self.tr("No active patients. Tick Show archived to see archived ones, "
                              "or use New patient to register one.")
        elif self._model.has_more:
            message = self.tr("Showing the first {shown}; keep typing to narrow").format(
                shown=shown)
        else:
            message = (self.tr("1 patient") if shown == 1
                       else self.tr("{shown} patients").format(shown=shown))
        self._status.setText(message)

    @property
    def status_text(self) -> str:
        return self._status.text()
