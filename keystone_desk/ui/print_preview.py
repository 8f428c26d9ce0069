"""DocumentPreviewDialog: the pages as they will print, before the print dialog, with what they
are named above them — which patient, which version, when it was handed out, how many pages.

It is Qt's print preview (page navigation, zoom, facing pages) with two changes: the heading, and
the print step. "Print…" (the button, the toolbar's printer, or Ctrl+P) closes the preview as
accepted and ui/printing.py then shows the print dialog and sends the document the best way the
printer takes it; Qt's own preview printing would only ever paint pictures of the pages. Paper and
orientation are the document's own, so the preview offers no page setup.
Imports PySide6 only; loaded on the first preview.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from .screen_fit import fit_to_screen

DEFAULT_SIZE = (900, 700)
# Qt's own toolbar actions, by their (translated) text in Qt's QPrintPreviewDialog context.
_PRINT_ACTION = "Print"
_HIDDEN_ACTIONS = ("Page setup", "Portrait", "Landscape")


class DocumentPreviewDialog(QPrintPreviewDialog):
    def __init__(self, printer: QPrinter, *, title: str, description: str, pages: int,
                 parent: QWidget | None = None):
        super().__init__(printer, parent)
        self._build_ui(title, description, pages)
        self._connect_signals()

    @property
    def heading_text(self) -> str:
        return self._heading.text()

    @property
    def description_text(self) -> str:
        return self._description.text()

    def _build_ui(self, title: str, description: str, pages: int) -> None:
        self.setWindowTitle(self.tr("Print preview — {title}").format(title=title))
        self._heading = QLabel(title)
        self._heading.setObjectName("preview_heading")
        self._heading.setStyleSheet("QLabel { font-size: 13pt; font-weight: 600; }")
        self._heading.setWordWrap(True)
        self._heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._heading.setContentsMargins(12, 10, 12, 0)
        count = self.tr("1 page") if pages == 1 else self.tr("{n} pages").format(n=pages)
        self._description = QLabel(" · ".join(t for t in (description, count) if t))
        self._description.setObjectName("preview_description")
        self._description.setWordWrap(True)
        self._description.setContentsMargins(12, 0, 12, 6)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._print = self._buttons.addButton(self.tr("&Print…"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self._print.setDefault(True)
        close = self._buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setAutoDefault(False)  # Enter prints; Escape or Close closes
        self._buttons.setContentsMargins(12, 6, 12, 10)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):  # Qt's preview: one main window in a box layout
            layout.insertWidget(0, self._heading)
            layout.insertWidget(1, self._description)
            layout.addWidget(self._buttons)
        self._print_action = self._take_over_toolbar()
        fit_to_screen(self, *DEFAULT_SIZE)
        self._print.setFocus()

    def _take_over_toolbar(self) -> QAction | None:
        """Qt's print action prints pictures of the pages through its own dialog: it now does
        what the Print… button does. Page setup and orientation are hidden (the PDF's own)."""
        found: QAction | None = None
        for action in self.findChildren(QAction):
            text = action.text()
            if text in {_qt(t) for t in _HIDDEN_ACTIONS}:
                action.setVisible(False)
            elif text == _qt(_PRINT_ACTION) and found is None:
                action.triggered.disconnect()
                action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
                action.setToolTip(self.tr("Print… (Ctrl+P)"))
                found = action
        return found

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        if self._print_action is not None:
            self._print_action.triggered.connect(self.accept)


def _qt(text: str) -> str:
    return QCoreApplication.translate("QPrintPreviewDialog", text)
