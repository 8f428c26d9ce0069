"""TaskRunner: the one way the app runs work off the GUI thread.

`runner.run(work, on_success=..., on_failure=..., label=...)` calls `work(progress)` on a pool
thread and delivers the result, the exception, and every `progress(done, total)` report back on
the GUI thread, so callers never touch threads or locks themselves.

The rule that makes this safe with SQLite: `work` must not use a database connection opened on
another thread. Work that needs the clinic goes through `runner.run_in_session(session, work, ...)`:
`work(own_session, progress)` gets the same signed-in person on a connection opened on the worker
thread (with the session's clock and preferences), closed when it returns. Work that needs no
database takes data already loaded. Imports QtCore and the session type.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    from ..services.session import ClinicSession

Progress = Callable[[int, int], None]
"""`progress(done, total)`: callable from the worker thread; total 0 means 'unknown'."""

Result = TypeVar("Result")


@dataclass(slots=True)
class _Task:
    label: str
    on_success: Callable[[Any], None]
    on_failure: Callable[[BaseException], None] | None
    runnable: QRunnable


class _WorkerSignals(QObject):
    """Created on the GUI thread, so queued emissions from the worker arrive there."""

    finished = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int)


class _Worker(QRunnable):
    def __init__(self, task_id: int, work: Callable[[Progress], Any], signals: _WorkerSignals):
        super().__init__()
        self.setAutoDelete(False)  # the runner drops its reference once the result is delivered
        self._task_id, self._work, self._signals = task_id, work, signals

    def run(self) -> None:
        try:
            result = self._work(self._report)
        except BaseException as exc:  # every failure is delivered, none is lost
            self._signals.failed.emit(self._task_id, exc)
        else:
            self._signals.finished.emit(self._task_id, result)

    def _report(self, done: int, total: int) -> None:
        self._signals.progressed.emit(self._task_id, done, total)


class TaskRunner(QObject):
    """Owns a small thread pool; `busy_changed`/`progress_changed` drive a progress indicator."""

    busy_changed = Signal(bool)
    progress_changed = Signal(str, int, int)  # label, done, total (0: unknown)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._signals = _WorkerSignals(self)
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._signals.finished.connect(self._on_worker_finished)
        self._signals.failed.connect(self._on_worker_failed)
        self._signals.progressed.connect(self._on_worker_progressed)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def run(self, work: Callable[[Progress], Any], *, on_success: Callable[[Any], None],
            on_failure: Callable[[BaseException], None] | None = None, label: str = "") -> int:
        """Start `work` on a pool thread; returns a task id. Callbacks run on the GUI thread.

        Without `on_failure`, an exception goes to `sys.excepthook` (the app's error dialog).
        """
        task_id = next(self._ids)
        runnable = _Worker(task_id, work, self._signals)
        self._tasks[task_id] = _Task(label, on_success, on_failure, runnable)
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        self.progress_changed.emit(label, 0, 0)
        self._pool.start(runnable)
        return task_id

    def run_in_session(self, session: ClinicSession,
                       work: Callable[[ClinicSession, Progress], Result], *,
                       on_success: Callable[[Result], None],
                       on_failure: Callable[[BaseException], None] | None = None,
                       label: str = "") -> int:
        """Run `work(own_session, progress)` on a pool thread, as `session`'s person on a
        connection of the worker's own (opened there, closed when `work` returns)."""

        def in_own_session(progress: Progress) -> Result:
            own = session.reopen()
            try:
                return work(own, progress)
            finally:
                own.close()

        return self.run(in_own_session, on_success=on_success, on_failure=on_failure, label=label)

    def wait(self, msecs: int = -1) -> bool:
        """Block until running work finishes (on quit); results still arrive as queued events."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_worker_finished(self, task_id: int, result: object) -> None:
        task = self._finish(task_id)
        task.on_success(result)

    @Slot(int, object)
    def _on_worker_failed(self, task_id: int, error: BaseException) -> None:
        task = self._finish(task_id)
        if task.on_failure is not None:
            task.on_failure(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    @Slot(int, int, int)
    def _on_worker_progressed(self, task_id: int, done: int, total: int) -> None:
        task = self._tasks.get(task_id)
        if task is not None:
            self.progress_changed.emit(task.label, done, total)

    def _finish(self, task_id: int) -> _Task:
        task = self._tasks.pop(task_id)
        if not self._tasks:
            self.busy_changed.emit(False)
        return task
