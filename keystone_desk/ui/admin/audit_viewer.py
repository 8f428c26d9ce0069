"""AuditViewer: the administrator's window onto the audit trail (File → Audit trail…).

Filters by user, patient (found through the patient search), action and local dates; the table
loads a page at a time; "Export CSV…" writes the filtered entries and "Verify chain" checks the
hash chain, both off the GUI thread in a session of their own (`TaskRunner.run_in_session`). Every read goes
through AuditService, which records it. Talks to services only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import KeystoneError
from ...services.audit import AuditVerification
from ...services.session import ClinicSession
from .. import messages
from ..tasks import Progress, TaskRunner
from .audit_table_model import AuditColumn, AuditTableModel

NO_DATE = QDate(2000, 1, 1)  # the date edits' "Any" value
FILTER_DELAY_MS = 250
PATIENT_MATCHES = 15
PatientIdRole = Qt.ItemDataRole.UserRole + 1
SavePathAsker = Callable[[QWidget, str], str]


def ask_csv_path(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Export audit trail"), suggested,
                                          parent.tr("CSV files (*.csv)"))
    return path


class AuditViewer(QDialog):
    verified = Signal(object)  # AuditVerification
    exported = Signal(int)  # entries written

    def __init__(self, session: ClinicSession, parent: QWidget | None = None, *,
                 ask_save_path: SavePathAsker = ask_csv_path):
        super().__init__(parent)
        self._session, self._ask_save_path = session, ask_save_path
        self._patient_id: int | None = None
        self._tasks = TaskRunner(self)
        self.setWindowTitle(self.tr("Audit trail"))
        self.resize(980, 600)
        self._build_ui()
        self._connect_signals()
        self._load()

    # ----- building

    def _build_ui(self) -> None:
        self._user_combo = QComboBox()
        self._patient_box = QLineEdit()
        self._patient_box.setPlaceholderText(self.tr("Any patient: type a name, then Enter"))
        self._patient_box.setClearButtonEnabled(True)
        self._patient_matches = QStandardItemModel(self)
        self._completer = QCompleter(self._patient_matches, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._patient_box.setCompleter(self._completer)
        self._action_combo = QComboBox()
        self._since_edit, self._until_edit = self._date_edit(), self._date_edit()
        self._clear_button = QPushButton(self.tr("C&lear filters"))

        filters = QGridLayout()
        for column, (text, field) in enumerate((
                (self.tr("&User:"), self._user_combo), (self.tr("&Patient:"), self._patient_box),
                (self.tr("&Action:"), self._action_combo), (self.tr("&From:"), self._since_edit),
                (self.tr("&To:"), self._until_edit))):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
            filters.addWidget(label, 0, column)
            filters.addWidget(field, 1, column)
        filters.addWidget(self._clear_button, 1, 5)
        filters.setColumnStretch(1, 2)

        self._model = AuditTableModel(self)
        self._table = QTableView()
        self._table.setModel(self._model)
        self._table.setAccessibleName(self.tr("Audit entries"))
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setAlternatingRowColors(True)
        rows = self._table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)  # dense: a log, not a form
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AuditColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((AuditColumn.TIME, 150), (AuditColumn.USER, 170),
                              (AuditColumn.ACTION, 110), (AuditColumn.PATIENT, 190)):
            self._table.setColumnWidth(column, width)

        self._count_label = QLabel()
        self._verify_button = QPushButton(self.tr("&Verify chain"))
        self._verify_label = QLabel()
        self._verify_label.setObjectName("verify_result")
        self._verify_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._export_button = QPushButton(self.tr("&Export CSV…"))
        self._close_button = QPushButton(self.tr("Close"))
        for button in (self._clear_button, self._verify_button, self._export_button,
                       self._close_button):
            button.setAutoDefault(False)  # Enter in the patient box picks a patient, nothing else
        bottom = QHBoxLayout()
        bottom.addWidget(self._count_label)
        bottom.addStretch(1)
        bottom.addWidget(self._verify_label)
        for button in (self._verify_button, self._export_button, self._close_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)
        layout.addLayout(bottom)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._patient_timer = QTimer(self)
        self._patient_timer.setSingleShot(True)
        self._patient_timer.setInterval(FILTER_DELAY_MS)
        for first, second in ((self._user_combo, self._patient_box),
                              (self._patient_box, self._action_combo),
                              (self._action_combo, self._since_edit),
                              (self._since_edit, self._until_edit),
                              (self._until_edit, self._clear_button),
                              (self._clear_button, self._table),
                              (self._table, self._verify_button),
                              (self._verify_button, self._export_button),
                              (self._export_button, self._close_button)):
            QWidget.setTabOrder(first, second)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("Any"))
        edit.setDate(NO_DATE)
        return edit

    def _connect_signals(self) -> None:
        self._user_combo.currentIndexChanged.connect(self._on_filter_changed)
        self._action_combo.currentIndexChanged.connect(self._on_filter_changed)
        self._since_edit.dateChanged.connect(self._on_filter_changed)
        self._until_edit.dateChanged.connect(self._on_filter_changed)
        self._patient_box.textEdited.connect(self._on_patient_box_text_edited)
        self._patient_box.returnPressed.connect(self._on_patient_box_return_pressed)
        # The QModelIndex overload (the default one sends the text). PySide6's stubs declare the
        # overloaded signal without its [type] index, which works at run time.
        activated = self._completer.activated[QModelIndex]  # type: ignore[index]
        activated.connect(self._on_completer_activated)
        self._patient_timer.timeout.connect(self._on_patient_timer_timeout)
        self._filter_timer.timeout.connect(self.apply_filters)
        self._clear_button.clicked.connect(self._on_clear_button_clicked)
        self._verify_button.clicked.connect(self._on_verify_button_clicked)
        self._export_button.clicked.connect(self._on_export_button_clicked)
        self._close_button.clicked.connect(self.close)
        self._model.modelReset.connect(self._on_model_rows_changed)
        self._model.rowsInserted.connect(self._on_model_rows_changed)

    def _load(self) -> None:
        audit = self._session.audit
        self._user_combo.addItem(self.tr("All users"), None)
        for user in audit.users():
            self._user_combo.addItem(f"{user.display_name} ({user.username})", user.id)
        self._action_combo.addItem(self.tr("All actions"), None)
        for action in audit.actions():
            self._action_combo.addItem(action.replace("_", " "), action)
        self.apply_filters()

    # ----- filters

    def filters(self) -> dict[str, Any]:
        """The filters on screen, as AuditService.query takes them."""
        return {"user_id": self._user_combo.currentData(), "patient_id": self._patient_id,
                "action": self._action_combo.currentData(),
                "since": _date_or_none(self._since_edit), "until": _date_or_none(self._until_edit)}

    def apply_filters(self) -> None:
        """Show the first page of entries matching the filters (recorded as a view)."""
        self._filter_timer.stop()
        where = self.filters()
        audit, actor = self._session.audit, self._session.user

        def fetch(limit: int, before_id: int | None) -> list[Any]:
            return list(audit.query(actor, limit=limit, before_id=before_id, **where))

        try:
            self._model.set_fetch(fetch)
        except KeystoneError as exc:
            self._model.set_fetch(None)
            messages.show_error(self, self.tr("Audit trail not shown"), str(exc))

    def set_patient(self, patient_id: int | None, name: str = "") -> None:
        self._patient_id = patient_id
        if patient_id is None:
            self._patient_box.clear()
        else:
            self._patient_box.setText(name)
        self.apply_filters()

    def _on_filter_changed(self) -> None:
        self._filter_timer.start()

    def _on_clear_button_clicked(self) -> None:
        for widget in (self._user_combo, self._action_combo, self._since_edit, self._until_edit):
            widget.blockSignals(True)
        self._user_combo.setCurrentIndex(0)
        self._action_combo.setCurrentIndex(0)
        self._since_edit.setDate(NO_DATE)
        self._until_edit.setDate(NO_DATE)
        for widget in (self._user_combo, self._action_combo, self._since_edit, self._until_edit):
            widget.blockSignals(False)
        self.set_patient(None)

    def _on_patient_box_text_edited(self, text: str) -> None:
        if not text.strip():
            self._patient_timer.stop()
            if self._patient_id is not None:
                self.set_patient(None)
            return
        self._patient_timer.start()

    def _on_patient_timer_timeout(self) -> None:
        self._search_patients()
        if self._patient_box.hasFocus() and self._patient_matches.rowCount():
            self._completer.complete()

    def _search_patients(self) -> None:
        text = self._patient_box.text().strip()
        found = self._session.patients.search(text, include_archived=True,
                                              limit=PATIENT_MATCHES) if text else []
        self._patient_matches.clear()
        for summary in found:
            item = QStandardItem(f"{summary.display_name}, {summary.date_of_birth:%Y-%m-%d}")
            item.setData(int(summary.id), PatientIdRole)
            self._patient_matches.appendRow(item)

    def _on_completer_activated(self, index: QModelIndex) -> None:
        patient_id = index.data(PatientIdRole)
        if patient_id is not None:
            self.set_patient(int(patient_id), str(index.data()))

    def _on_patient_box_return_pressed(self) -> None:
        """Enter takes the best match, so typing a name and Enter is enough."""
        popup = self._completer.popup()
        if popup is not None and popup.isVisible():
            return  # the completer's own activation will follow
        self._patient_timer.stop()
        if not self._patient_box.text().strip():
            self.set_patient(None)
            return
        self._search_patients()
        if not self._patient_matches.rowCount():
            self._count_label.setText(self.tr("No patient matches {text!r}.").format(
                text=self._patient_box.text()))
            return
        first = self._patient_matches.index(0, 0)
        self.set_patient(int(first.data(PatientIdRole)), str(first.data()))

    def _on_model_rows_changed(self) -> None:
        n = self._model.rowCount()
        more = self.tr(" (more as you scroll)") if self._model.has_more else ""
        self._count_label.setText(self.tr("{n} entries shown{more}").format(n=n, more=more))

    # ----- verify and export, each on a connection of its own

    def _on_verify_button_clicked(self) -> None:
        self._verify_button.setEnabled(False)
        self._verify_label.setText(self.tr("Checking…"))
        self._tasks.run_in_session(self._session, _verify, on_success=self._on_verify_finished,
                                   on_failure=self._on_verify_failed,
                                   label=self.tr("Checking the audit trail"))

    def _on_verify_finished(self, result: AuditVerification) -> None:
        self._verify_button.setEnabled(True)
        broken = result.first_broken
        if result.ok:
            self._verify_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
            self._verify_label.setText(self.tr("✔ Intact: {n} entries checked.").format(
                n=result.entries_checked))
        elif broken is not None:
            self._verify_label.setStyleSheet("color: #b3261e; font-weight: bold;")
            self._verify_label.setText(self.tr("✖ Broken at entry #{id}").format(
                id=broken.entry_id))
            self._verify_label.setToolTip(self.tr(
                "Entry #{id} {reason}. Entries before it are intact.").format(
                    id=broken.entry_id, reason=broken.reason))
        else:  # intact links that do not reach an anchor (the viewer gives none today)
            self._verify_label.setStyleSheet("color: #b3261e; font-weight: bold;")
            self._verify_label.setText(self.tr("✖ Not intact: {why}").format(
                why=result.anchor_problem or ""))
        self.verified.emit(result)

    def _on_verify_failed(self, error: BaseException) -> None:
        self._verify_button.setEnabled(True)
        self._verify_label.setText("")
        if not isinstance(error, KeystoneError):
            raise error
        messages.show_error(self, self.tr("Audit trail not checked"), str(error))

    def _on_export_button_clicked(self) -> None:
        today = self._session.clock().astimezone().date()
        suggested = str(Path.home() / f"audit-trail-{today.isoformat()}.csv")
        chosen = self._ask_save_path(self, suggested)
        if not chosen:
            return
        where = self.filters()

        def export(own: ClinicSession, _progress: Progress) -> int:
            return own.audit.export_csv(own.user, chosen, **where)

        self._export_button.setEnabled(False)
        self._tasks.run_in_session(self._session, export, on_success=self._on_export_finished,
                                   on_failure=self._on_export_failed,
                                   label=self.tr("Exporting the audit trail"))

    def _on_export_finished(self, count: int) -> None:
        self._export_button.setEnabled(True)
        self._count_label.setText(self.tr("Exported {n} entries.").format(n=count))
        self.apply_filters()  # the export is now the newest entry
        self.exported.emit(count)

    def _on_export_failed(self, error: BaseException) -> None:
        self._export_button.setEnabled(True)
        if isinstance(error, KeystoneError | OSError):
            messages.show_error(self, self.tr("Audit trail not exported"), str(error))
            return
        raise error


def _verify(session: ClinicSession, _progress: Progress) -> AuditVerification:
    """On the worker thread, in its own session."""
    return session.audit.verify()


def _date_or_none(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())
