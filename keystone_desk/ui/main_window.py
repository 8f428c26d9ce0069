"""MainWindow: the patient list and open charts as tabs, the app's menus, toolbar and status bar.

It is the one place that hands changes around: when a service returns a `PatientChanged`, the
window gives it to the patient list and to every open chart, and each decides whether to refresh.
It receives the signed-in session from `application.run` (the acting user is the session's);
nothing here is global.
The patient list's tab is pinned first (ui/chart_tabs.py); notices every role sees until an
administrator acts (demo passwords, no backup folder) sit under the toolbar (ui/notices.py). A
patient registered in the intake form opens in a chart only when the form asks for it.
The intake form is imported when first opened, so it costs nothing at start-up.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QTabWidget,
    QWidget,
)

from ..domain.errors import KeystoneError
from ..domain.patients import Patient, PatientId
from ..domain.permissions import ROLE_NAMES, Permission
from ..domain.users import BUILTIN_ADMIN_USERNAME
from ..services.demo_users import DEMO_USERS
from ..services.patients import PatientChanged
from ..services.session import ClinicSession
from . import messages
from .access.account_menu import AccountActions, signed_in_text
from .backup_schedule import BackupScheduler
from .chart_tabs import ChartTabs
from .notices import NoticeBar, attach_notice_bar
from .patients.patient_list import PatientList
from .tasks import Progress, TaskRunner

if TYPE_CHECKING:  # the chart module loads with the first chart opened
    from .access.sign_in_flow import SignInFlow
    from .patients.chart import PatientChart

DEMO_PATIENTS = 25


class MainWindow(QMainWindow):
    def __init__(self, session: ClinicSession, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._settings = settings if settings is not None else QSettings()
        self._charts: dict[int, PatientChart] = {}
        self._forms: dict[int | None, QWidget] = {}  # open intake forms, kept alive; None = new
        self._tasks = TaskRunner(self)
        self._build_ui()
        self._connect_signals()
        self._load()
        self._backups = BackupScheduler.attach(self, session, self._tasks)  # File menu, daily, exit
        self._notices = attach_notice_bar(self, session)  # demo passwords, no backup folder
        self._notices.users_requested.connect(self._account.users.trigger)
        self._notices.backups_requested.connect(self._backups.backups_action.trigger)
        self._account.users_changed.connect(self._notices.refresh)
        self._backups.settings_changed.connect(self._notices.refresh)

    # --- public --------------------------------------------------------------------------------

    @property
    def patient_list(self) -> PatientList:
        return self._list

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    @property
    def notices(self) -> NoticeBar:
        return self._notices

    @property
    def tasks(self) -> TaskRunner:
        return self._tasks

    def chart_for(self, patient_id: int) -> PatientChart | None:
        return self._charts.get(patient_id)

    def today(self) -> date:
        """The clinic's date in local time, for ages."""
        return self._session.clock().astimezone().date()

    @Slot(int)
    def open_chart(self, patient_id: int) -> None:
        """Show the patient's chart, focusing its tab if it is already open."""
        chart = self._charts.get(patient_id)
        if chart is None:
            from .patients.chart import PatientChart  # not needed at start-up

            try:
                patient = self._session.patients.open_chart(self._session.user, PatientId(patient_id))
            except KeystoneError as exc:
                messages.show_error(self, self.tr("Cannot open chart"), str(exc))
                return
            chart = PatientChart(self._session, patient, self.today,
                                 settings=self._settings)
            chart.edit_requested.connect(self._on_chart_edit_requested)
            chart.patient_changed.connect(self._on_chart_patient_changed)
            self._charts[patient_id] = chart
            self._tabs.addTab(chart, patient.display_name)
        self._tabs.setCurrentWidget(chart)

    def apply_change(self, change: PatientChanged) -> None:
        """Give what a service changed to the views; each decides whether it matters to it."""
        self._list.apply_change(change)
        for chart in self._charts.values():
            chart.apply_change(change)
        changed = self._charts.get(change.patient.id)
        if changed is not None:
            self._tabs.setTabText(self._tabs.indexOf(changed), change.patient.display_name)

    @property
    def account_actions(self) -> AccountActions:
        return self._account

    def connect_sign_in_flow(self, flow: SignInFlow) -> None:
        """Lock now, Switch user… and Restore… are done by the app's SignInFlow (ui/access)."""
        self._account.lock_requested.connect(flow.lock)
        self._account.switch_user_requested.connect(flow.switch_user)
        self._backups.restore_requested.connect(flow.restore_backup)
        self._account.idle_lock_changed.connect(flow.restart_idle_timer)

    def offer_demo_clinic_if_empty(self) -> None:
        """On start, an empty clinic offers example patients to try the app with."""
        if not self._session.can(Permission.DEMO_LOAD):
            return
        if self._session.patients.search("", include_archived=True, limit=1):
            return
        if messages.ask_yes_no(self, self.tr("Empty clinic"), "\n\n".join((self.tr(
                "This clinic has no patients yet. Load a demo clinic with about 25 example "
                "patients?"), self._demo_sign_ins_text()))):
            self._start_demo_load()

    def _demo_sign_ins_text(self) -> str:
        """What the demo adds besides patients: sign-ins whose passwords anyone can read."""
        names = ", ".join(self.tr("{username} ({role})").format(
            username=demo.username, role=self.tr(ROLE_NAMES[demo.role]))
            for demo in DEMO_USERS if demo.username != BUILTIN_ADMIN_USERNAME)
        return self.tr(
            "It also creates three demo sign-ins, {names}, whose passwords are published in the "
            "documentation. Until each is changed (File → Users…), a notice at the top of the "
            "window says so.").format(names=names)

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._list = PatientList(self._session.patients.search, self.today)
        self._tabs = ChartTabs(self._list, self.tr("Patients"))  # the list pinned first
        self.setCentralWidget(self._tabs)
        self._build_actions()
        self._build_menus_and_toolbar()

        self._user_label = QLabel(signed_in_text(self._session.user))
        self._user_label.setObjectName("signed_in")
        self._task_label = QLabel()
        self._progress = QProgressBar()
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self._progress.setAccessibleName(self.tr("Background work"))
        for widget in (self._task_label, self._progress):
            widget.hide()
            self.statusBar().addWidget(widget)
        self.statusBar().addPermanentWidget(self._user_label)

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | str | None = None) -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
            return made

        self._new_action = action(self.tr("&New patient"), "Ctrl+N")
        self._new_action.setStatusTip(self.tr("Register a new patient"))
        self._find_action = action(self.tr("&Find patient"), "Ctrl+F")
        self._find_action.setStatusTip(self.tr("Search patients by name, phone, email or birth date"))
        self._close_chart_action = action(self.tr("&Close chart"), "Ctrl+W")
        self._print_program_action = action(self.tr("&Print home program"), "Ctrl+P")
        self._print_program_action.setStatusTip(
            self.tr("Print the selected patient's current home program again"))
        self._clinic_details_action = action(self.tr("Clinic &details…"))
        self._clinic_details_action.setStatusTip(
            self.tr("The clinic's name, address, phone and logo on printed pages"))
        self._demo_action = action(self.tr("Load &demo clinic…"))
        self._demo_action.setStatusTip(self.tr("Add about 25 fictional example patients"))
        self._audit_action = action(self.tr("&Audit trail…"))
        self._audit_action.setStatusTip(self.tr("Who did what, when: filter, export, verify"))
        self._audit_action.setVisible(self._session.can(Permission.AUDIT_VIEW))
        self._quit_action = action(self.tr("&Quit"), "Ctrl+Q")
        self._quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self._account = AccountActions(self, self._session)
        # What the role may not do is not offered; the services refuse it anyway.
        for made, permission in ((self._new_action, Permission.PATIENT_REGISTER),
                                 (self._print_program_action, Permission.PROGRAM_PRINT),
                                 (self._clinic_details_action, Permission.SETTINGS_MANAGE),
                                 (self._demo_action, Permission.DEMO_LOAD)):
            made.setVisible(self._session.can(permission))

    def _build_menus_and_toolbar(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self._clinic_details_action)
        file_menu.addAction(self._demo_action)
        file_menu.addAction(self._audit_action)
        self._account.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._quit_action)
        patient_menu = self.menuBar().addMenu(self.tr("&Patient"))
        for action in (self._new_action, self._find_action, self._print_program_action,
                       self._close_chart_action):
            patient_menu.addAction(action)
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self._new_action)
        toolbar.addAction(self._find_action)
        toolbar.addAction(self._print_program_action)
        # Right-clicking a patient offers it too (the click selects the row first).
        self._list.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._list.table.addAction(self._print_program_action)

    def _connect_signals(self) -> None:
        self._new_action.triggered.connect(self._on_new_action_triggered)
        self._find_action.triggered.connect(self._on_find_action_triggered)
        self._close_chart_action.triggered.connect(self._on_close_chart_action_triggered)
        self._print_program_action.triggered.connect(self._on_print_program_action_triggered)
        self._clinic_details_action.triggered.connect(self._on_clinic_details_action_triggered)
        self._demo_action.triggered.connect(self._on_demo_action_triggered)
        self._audit_action.triggered.connect(self._on_audit_action_triggered)
        self._quit_action.triggered.connect(self.close)
        self._tabs.tabCloseRequested.connect(self._on_tabs_tab_close_requested)
        self._list.open_patient_requested.connect(self.open_chart)
        self._tasks.busy_changed.connect(self._on_tasks_busy_changed)
        self._tasks.progress_changed.connect(self._on_tasks_progress_changed)

    def _load(self) -> None:
        name = Path(str(self._session.path)).name
        self.setWindowTitle(self.tr("{clinic} — Keystone Desk").format(clinic=name))
        geometry = self._settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1120, 720)
        state = self._settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)
        self._list.focus_search()

    def closeEvent(self, event: QCloseEvent) -> None:
        for form in list(self._forms.values()):
            if form.isVisible() and not form.close():
                event.ignore()  # a form with unsaved changes asked to stay open
                return
        for chart in self._charts.values():
            if not chart.close_windows():
                event.ignore()  # a note with unsaved typing asked to stay open
                return
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        self._settings.setValue("main_window/state", self.saveState())
        self._backups.stop()
        self._tasks.wait()
        super().closeEvent(event)

    # --- slots ---------------------------------------------------------------------------------

    def _on_new_action_triggered(self) -> None:
        self._open_intake_form(None)

    def _on_find_action_triggered(self) -> None:
        self._tabs.setCurrentWidget(self._list)
        self._list.focus_search()

    def _on_close_chart_action_triggered(self) -> None:
        index = self._tabs.currentIndex()
        if index > 0:
            self._on_tabs_tab_close_requested(index)

    def _on_print_program_action_triggered(self) -> None:
        """The patient whose chart is in front, else the one selected in the list."""
        from .programs.reprint import print_current_program  # on first print

        chart = next((c for c in self._charts.values() if c is self._tabs.currentWidget()), None)
        if chart is not None:
            patient_id, name = chart.patient_id, chart.patient.display_name
        elif (summary := self._list.current_patient()) is not None:
            patient_id, name = int(summary.id), summary.display_name
        else:
            self.statusBar().showMessage(self.tr("Choose a patient in the list first."), 6000)
            return
        if print_current_program(self, self._session, patient_id, name):
            self.statusBar().showMessage(
                self.tr("Home program for {name} sent to the printer.").format(name=name), 8000)

    def _on_tabs_tab_close_requested(self, index: int) -> None:
        widget = self._tabs.widget(index)
        for patient_id, chart in list(self._charts.items()):
            if chart is widget:
                if not chart.close_windows():
                    return  # a note with unsaved typing asked to stay open
                del self._charts[patient_id]
                self._tabs.removeTab(index)
                chart.deleteLater()

    def _on_chart_edit_requested(self, patient_id: int) -> None:
        try:
            patient = self._session.patients.get(PatientId(patient_id))
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Cannot edit patient"), str(exc))
            return
        self._open_intake_form(patient)

    def _on_chart_patient_changed(self, change: PatientChanged) -> None:
        self.apply_change(change)

    def _on_intake_form_patient_saved(self, change: PatientChanged) -> None:
        self.apply_change(change)  # the chart opens only when asked (open_patient_requested)

    def _on_clinic_details_action_triggered(self) -> None:
        from .settings_dialog import edit_clinic_details

        if edit_clinic_details(self, self._session) is not None:
            self.statusBar().showMessage(self.tr("Clinic details saved."), 6000)

    def _on_audit_action_triggered(self) -> None:
        from .admin.audit_viewer import AuditViewer

        viewer = AuditViewer(self._session, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()

    def _on_demo_action_triggered(self) -> None:
        if messages.confirm(
                self, self.tr("Load demo clinic"),
                self.tr("Add about {count} fictional example patients to {clinic}?").format(
                    count=DEMO_PATIENTS, clinic=Path(str(self._session.path)).name),
                self.tr("Load demo patients"),
                informative=" ".join((self.tr(
                    "Use this to try Keystone Desk. The examples are stored with your real "
                    "records; archive them when you are done."), self._demo_sign_ins_text()))):
            self._start_demo_load()

    def _on_tasks_busy_changed(self, busy: bool) -> None:
        self._task_label.setVisible(busy)
        self._progress.setVisible(busy)

    def _on_tasks_progress_changed(self, label: str, done: int, total: int) -> None:
        self._task_label.setText(label)
        self._progress.setRange(0, total)
        self._progress.setValue(min(done, total))

    # --- helpers -------------------------------------------------------------------------------

    def _open_intake_form(self, patient: Patient | None) -> None:
        from .patients.intake_form import IntakeForm  # not needed at start-up

        key = int(patient.id) if patient is not None else None
        for closed_key, closed in list(self._forms.items()):
            if not closed.isVisible():  # closed forms are dropped; open ones are reused
                del self._forms[closed_key]
                closed.deleteLater()
        form = self._forms.get(key)
        if form is None:
            form = IntakeForm(self._session, patient, self)
            form.patient_saved.connect(self._on_intake_form_patient_saved)
            form.open_patient_requested.connect(self.open_chart)
            self._forms[key] = form
        form.show()
        form.raise_()
        form.activateWindow()

    def _start_demo_load(self) -> None:
        """Demo patients are written on a pool thread through a connection of its own."""

        def work(own: ClinicSession, progress: Progress) -> int:
            return int(own.demo.load(own.user, DEMO_PATIENTS, progress=progress))

        self._demo_action.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._tasks.run_in_session(self._session, work, on_success=self._on_demo_loaded,
                                   on_failure=self._on_demo_failed,
                                   label=self.tr("Loading demo patients…"))

    def _on_demo_loaded(self, count: int) -> None:
        self._demo_finished()
        self._list.refresh()
        self._notices.refresh()  # the demo sign-ins now exist
        self.statusBar().showMessage(
            self.tr("Loaded {count} demo patients.").format(count=count), 8000)

    def _on_demo_failed(self, error: BaseException) -> None:
        self._demo_finished()
        self._list.refresh()
        if not isinstance(error, KeystoneError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        messages.show_error(self, self.tr("Demo clinic not loaded"), str(error))

    def _demo_finished(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        self._demo_action.setEnabled(True)

