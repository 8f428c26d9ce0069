"""ChartWindows: the note editors and outcome-measure windows one patient's chart has open.

Each note opens in one `NoteEditor` window and each episode's outcome measures in one window with
its `MeasureHistoryView`, its plan of care in one `PlanOfCareWindow` and its return to running in
one `ReturnToRunWindow` (ui/plans); asking again brings the open window to the front instead of
opening a second. The windows are kept here (so they are not garbage collected) and owned by the
chart's widget (so they close with it). What they report comes out as this object's signals. Both window
modules load with the first window opened. Qt widgets and the clinic's services only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ...domain.charting import Episode

if TYPE_CHECKING:
    from ...services.session import ClinicSession


class ChartWindows(QObject):
    note_saved = Signal(object)  # Note, as the editor saved it
    note_signed = Signal(object)  # Note, as the editor signed it
    results_changed = Signal(int)  # episode id whose outcome measures changed

    def __init__(self, session: ClinicSession, owner: QWidget,
                 settings: QSettings | None = None):
        super().__init__(owner)
        self._session = session
        self._owner = owner
        self._settings = settings  # remembered credentials and export folder; None: QSettings()
        self._editors: dict[int, QWidget] = {}  # note id -> NoteEditor
        self._measures: dict[int, QDialog] = {}  # episode id -> outcome measures window
        self._plan_windows: dict[tuple[str, int], QWidget] = {}  # (kind, episode id) -> window

    def editor_for(self, note_id: int) -> QWidget | None:
        return _alive(self._editors.get(note_id))

    def measures_window_for(self, episode_id: int) -> QDialog | None:
        window = _alive(self._measures.get(episode_id))
        return window if isinstance(window, QDialog) else None

    def open_note(self, note_id: int) -> QWidget:
        """Show the note's editor, bringing it forward if open. KeystoneError if it cannot load."""
        editor = self.editor_for(note_id)
        if editor is None or not editor.isVisible():
            if editor is not None:
                editor.deleteLater()  # closed earlier: a fresh editor reads the note again
            from .note_editor import NoteEditor  # loads with the first note

            editor = NoteEditor(self._session, note_id, self._owner,
                                settings=self._settings)
            editor.setWindowFlag(Qt.WindowType.Window, True)  # its own window, owned by the chart
            editor.note_saved.connect(self.note_saved)
            editor.note_signed.connect(self.note_signed)
            self._editors[note_id] = editor
        _bring_forward(editor)
        return editor

    def open_measures(self, episode: Episode) -> QDialog:
        window = self.measures_window_for(int(episode.id))
        if window is None:
            window = self._measures_window(episode)
            self._measures[int(episode.id)] = window
        _bring_forward(window)
        return window

    def plan_window_for(self, episode_id: int) -> QWidget | None:
        return _alive(self._plan_windows.get(("plan", episode_id)))

    def return_to_run_window_for(self, episode_id: int) -> QWidget | None:
        return _alive(self._plan_windows.get(("run", episode_id)))

    def open_plan(self, episode: Episode) -> QWidget:
        """Show the episode's plan of care (created on its first save if it has none yet)."""
        return self._open_plan_window("plan", int(episode.id))

    def open_return_to_run(self, episode: Episode) -> QWidget:
        return self._open_plan_window("run", int(episode.id))

    def _open_plan_window(self, kind: str, episode_id: int) -> QWidget:
        window = _alive(self._plan_windows.get((kind, episode_id)))
        if window is None or not window.isVisible():
            if window is not None:
                window.deleteLater()  # closed earlier: a fresh window reads the plan again
            from ..plans.plan_window import PlanOfCareWindow  # first use
            from ..plans.run_window import ReturnToRunWindow

            factory = PlanOfCareWindow if kind == "plan" else ReturnToRunWindow
            window = factory(self._session, episode_id, self._owner)
            self._plan_windows[(kind, episode_id)] = window
        _bring_forward(window)
        return window

    def close_all(self) -> bool:
        """Close every window; False if an editor with unsaved typing asked to stay open."""
        for editor in [e for e in self._editors.values() if shiboken6.isValid(e)]:
            if editor.isVisible() and not editor.close():
                return False
        for window in [w for w in self._plan_windows.values() if shiboken6.isValid(w)]:
            if window.isVisible() and not window.close():
                return False
        for window in [w for w in self._measures.values() if shiboken6.isValid(w)]:
            window.close()
        return True

    def _measures_window(self, episode: Episode) -> QDialog:
        from .measures import MeasureHistoryView  # loads QtCharts on first use

        window = QDialog(self._owner)
        window.setWindowTitle(self.tr("Outcome measures — {title}").format(title=episode.title))
        window.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        view = MeasureHistoryView(self._session, episode.id, window)
        view.setProperty("episode_id", int(episode.id))
        view.results_changed.connect(self._on_view_results_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(window.close)
        layout = QVBoxLayout(window)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        window.resize(960, 680)
        return window

    def _on_view_results_changed(self, *_: Any) -> None:
        sender = self.sender()
        episode_id = sender.property("episode_id") if sender is not None else None
        if isinstance(episode_id, int):
            self.results_changed.emit(episode_id)


def _alive(widget: QWidget | None) -> QWidget | None:
    return widget if widget is not None and shiboken6.isValid(widget) else None


def _bring_forward(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
