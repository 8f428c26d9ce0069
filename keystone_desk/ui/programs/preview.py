"""The live handout preview: `HandoutPreview` shows PDF bytes in a QPdfView, and `PreviewScheduler`
decides when to make new bytes.

The scheduler runs the PDF work off the GUI thread through ui/tasks.py and never runs two at once:
a request while one runs is remembered and run when it ends, and runs start at least
`MIN_INTERVAL_MS` apart, so a burst of edits costs at most one render per interval while a single
edit starts at once. What a run does is split in two by the caller: `prepare()` on the GUI thread
(it may read the database) returns `work(own_session, progress)`, which runs on the pool thread in
a session of its own (`TaskRunner.run_in_session`: a connection is used only where it was opened).
This module imports QtPdf, so it is loaded only when a builder opens.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.errors import KeystoneError
from ..tasks import Progress, TaskRunner

if TYPE_CHECKING:
    from ...services.session import ClinicSession

MIN_INTERVAL_MS = 150
Work = Callable[["ClinicSession", Progress], bytes]


class HandoutPreview(QWidget):
    """A PDF on screen, page after page, fitted to the width; keeps the place on reload."""

    loaded = Signal(int)  # page count of the bytes just shown

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setAccessibleName(self.tr("Handout preview"))
        self.status = QLabel()
        self.status.setObjectName("preview_status")
        self.status.setStyleSheet("QLabel { color: #5f6368; }")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.pdf_bytes = b""

    def show_pdf(self, data: bytes) -> None:
        """Load `data` (synchronous from memory) and keep the scroll position."""
        scroll = self.view.verticalScrollBar().value()
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pdf_bytes = data
        self.view.verticalScrollBar().setValue(scroll)
        self.loaded.emit(self.document.pageCount())

    def page_count(self) -> int:
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready \
            else 0

    def go_to_page(self, page: int) -> None:
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())


class PreviewScheduler(QObject):
    """Render on request: at once when idle, else once more when the running render ends."""

    rendered = Signal(bytes)
    failed = Signal(str)  # a message fit to show

    def __init__(self, runner: TaskRunner, session: ClinicSession, prepare: Callable[[], Work],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._session = session
        self._prepare = prepare
        self._running = False
        self._pending = False
        self._stopped = False
        self._last_start = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def busy(self) -> bool:
        return self._running or self._pending

    def stop(self) -> None:
        """No more renders (the window is closing); one already running still ends."""
        self._stopped, self._pending = True, False
        self._timer.stop()

    def resume(self) -> None:
        self._stopped = False

    def request(self) -> None:
        if self._stopped:
            return
        if self._running:
            self._pending = True
            return
        wait_ms = MIN_INTERVAL_MS - (time.monotonic() - self._last_start) * 1000
        if wait_ms > 1:
            self._pending = True
            if not self._timer.isActive():
                self._timer.start(int(wait_ms))
            return
        self._start()

    def _on_timer_timeout(self) -> None:
        if self._pending and not self._running:
            self._start()

    def _start(self) -> None:
        self._pending = False
        try:
            work = self._prepare()
        except KeystoneError as exc:
            self.failed.emit(str(exc))
            return
        self._running = True
        self._last_start = time.monotonic()
        self._runner.run_in_session(self._session, work, on_success=self._on_work_done,
                                    on_failure=self._on_work_failed,
                                    label=self.tr("Updating the preview…"))

    def _on_work_done(self, data: object) -> None:
        self._running = False
        if isinstance(data, bytes):
            self.rendered.emit(data)
        self._continue()

    def _on_work_failed(self, error: BaseException) -> None:
        self._running = False
        if isinstance(error, KeystoneError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(self.tr("The preview could not be made."))
            sys.excepthook(type(error), error, error.__traceback__)
        self._continue()

    def _continue(self) -> None:
        if self._pending and not self._stopped:
            self._pending = False
            self.request()


__all__ = ["HandoutPreview", "PreviewScheduler"]
