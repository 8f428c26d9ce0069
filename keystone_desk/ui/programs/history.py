"""The program's handed-out versions: `VersionTableModel` (number, when, by whom) and
`HistoryPanel`, which asks for any version to be opened, reprinted or saved — always the version's
own PDF, identical to what the patient was given.

The panel only asks (`output_requested(number, how)`); the builder prints. Imports QtCore/QtWidgets
and domain types only.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.home_programs import HomeProgramVersion
from ..display_text import format_local_time

AnyIndex = QModelIndex | QPersistentModelIndex


class VersionColumn(IntEnum):
    NUMBER = 0
    HANDED_AT = 1
    HANDED_BY = 2
    EXERCISES = 3


class Output(StrEnum):
    OPEN = "open"  # print preview, then print if wanted
    PRINT = "print"
    SAVE = "save"


VersionRole = Qt.ItemDataRole.UserRole + 1
"""The row's HomeProgramVersion."""
SortRole = Qt.ItemDataRole.UserRole + 2
"""Raw values (number, UTC time, name) for sorting."""


class VersionTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[HomeProgramVersion] = []
        self._headers = {
            VersionColumn.NUMBER: self.tr("Version"),
            VersionColumn.HANDED_AT: self.tr("Handed out"),
            VersionColumn.HANDED_BY: self.tr("By"),
            VersionColumn.EXERCISES: self.tr("Exercises"),
        }

    def set_rows(self, versions: Sequence[HomeProgramVersion]) -> None:
        """Newest first: the one on the fridge now is at the top."""
        self.beginResetModel()
        self._rows = sorted(versions, key=lambda v: v.number, reverse=True)
        self.endResetModel()

    def version_at(self, row: int) -> HomeProgramVersion:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(VersionColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(VersionColumn)):
            return self._headers[VersionColumn(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        version, column = self._rows[index.row()], VersionColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                VersionColumn.NUMBER: str(version.number),
                VersionColumn.HANDED_AT: format_local_time(version.handed_at),
                VersionColumn.HANDED_BY: version.therapist_name,
                VersionColumn.EXERCISES: str(len(version.items)),
            }[column]
        if role == VersionRole:
            return version
        if role == SortRole:
            return {
                VersionColumn.NUMBER: version.number,
                VersionColumn.HANDED_AT: version.handed_at.isoformat(),
                VersionColumn.HANDED_BY: version.therapist_name,
                VersionColumn.EXERCISES: len(version.items),
            }[column]
        if (role == Qt.ItemDataRole.TextAlignmentRole
                and column in (VersionColumn.NUMBER, VersionColumn.EXERCISES)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryPanel(QWidget):
    output_requested = Signal(int, str)  # version number, an Output value

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = VersionTableModel(self)
        self._build_ui()
        self._connect_signals()
        self._on_current_changed()

    def set_versions(self, versions: Sequence[HomeProgramVersion]) -> None:
        self.model.set_rows(versions)
        self._empty.setVisible(not versions)
        if versions:
            self._table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._on_current_changed()

    def select_version(self, number: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.version_at(row).number == number:
                self._table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)

    def current_version(self) -> HomeProgramVersion | None:
        version = self._table.currentIndex().data(VersionRole)
        return version if isinstance(version, HomeProgramVersion) else None

    @property
    def table(self) -> QTableView:
        return self._table

    def _build_ui(self) -> None:
        self._table = QTableView()
        self._table.setModel(self.model)
        self._table.setAccessibleName(self.tr("Handed-out versions"))
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setShowGrid(False)
        self._table.setAlternatingRowColors(True)
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VersionColumn.HANDED_BY, QHeaderView.ResizeMode.Stretch)
        self._empty = QLabel(self.tr("Nothing handed out yet. “Hand to patient” keeps a version "
                                     "here, so it can be reprinted exactly."))
        self._empty.setWordWrap(True)
        self._empty.setStyleSheet("QLabel { color: #5f6368; }")
        self._open = QPushButton(self.tr("&Open…"))
        self._open.setToolTip(self.tr("See the version as it was printed (Enter)"))
        self._print = QPushButton(self.tr("&Reprint…"))
        self._save = QPushButton(self.tr("Save as P&DF…"))
        buttons = QHBoxLayout()
        for button in (self._open, self._print, self._save):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._empty)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self._table.selectionModel().currentChanged.connect(self._on_current_changed)
        self._table.activated.connect(self._on_table_activated)
        self._open.clicked.connect(self._on_open_clicked)
        self._print.clicked.connect(self._on_print_clicked)
        self._save.clicked.connect(self._on_save_clicked)

    def _on_current_changed(self, *_: object) -> None:
        chosen = self.current_version() is not None
        for button in (self._open, self._print, self._save):
            button.setEnabled(chosen)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self._request(Output.OPEN)

    def _on_open_clicked(self) -> None:
        self._request(Output.OPEN)

    def _on_print_clicked(self) -> None:
        self._request(Output.PRINT)

    def _on_save_clicked(self) -> None:
        self._request(Output.SAVE)

    def _request(self, how: Output) -> None:
        version = self.current_version()
        if version is not None:
            self.output_requested.emit(version.number, how.value)
