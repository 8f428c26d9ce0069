"""Printing a PDF the app made (a handout, a note) and saving it as a file.

`print_pdf` loads the reportlab bytes into QtPdf's QPdfDocument and paints each page, rendered at
the printer's resolution (capped at 300 dpi: a Letter page is then 34 MB of pixels, not 560), into
a QPrinter set to the PDF's own paper size, behind the native print dialog or a print preview.
Output through that path is raster, so "Save as PDF" (`save_pdf`) writes the reportlab bytes
unchanged: real, selectable text. The caller records the audit event when these return success.

The modal steps (`run_dialog`, `ask_save_path`) are module functions so tests replace them; they
never `exec()` a dialog. QtPdf and QtPrintSupport load on first use, not at start-up.
Imports the domain's errors and PySide6 only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QWidget

from ..domain.errors import KeystoneError

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

MAX_RENDER_DPI = 300


class PrintingError(KeystoneError):
    """The printer or the file could not take the document; the message says why."""


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, *, title: str, preview: bool,
              printer_name: str = "") -> bool:
    """Print `pdf_bytes` through the print dialog (or a preview first); True if it printed.
    `printer_name` preselects a printer (default: the system's default printer)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    document = load_pdf(pdf_bytes, parent)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name:
        printer.setPrinterName(printer_name)
    printer.setDocName(title)
    _match_paper(printer, document)
    dialog: QDialog
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(tr("Print preview — {title}").format(title=title))
        painter = _PagePainter(document, dialog)
        dialog.paintRequested.connect(painter.paint)
        printed = run_dialog(dialog)
        if painter.error is not None:
            raise painter.error
        return printed
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print {title}").format(title=title))
    if not run_dialog(dialog):
        return False
    paint_pages(document, printer)
    return True


def save_pdf(parent: QWidget | None, pdf_bytes: bytes, suggested_name: str) -> Path | None:
    """Ask where to save and write the bytes unchanged; the path written, or None if the person
    cancelled. PrintingError (fit to show) when the file cannot be written."""
    chosen = ask_save_path(parent, suggested_name)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        path.write_bytes(pdf_bytes)
    except OSError as error:
        raise PrintingError(tr("Could not save {path}: {why}.").format(
            path=path, why=error.strerror or error)) from error
    return path


# ----- the modal steps (tests replace these)

def run_dialog(dialog: QDialog) -> bool:
    """Show a modal dialog; True if the person accepted it."""
    return bool(dialog.exec() == QDialog.DialogCode.Accepted)


def ask_save_path(parent: QWidget | None, suggested_name: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, tr("Save as PDF"), suggested_name,
                                          tr("PDF documents (*.pdf)"))
    return path


# ----- pages

def load_pdf(pdf_bytes: bytes, parent: QObject | None = None) -> QPdfDocument:
    """The bytes as a QPdfDocument (kept with its buffer, so it can render later)."""
    from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice
    from PySide6.QtPdf import QPdfDocument

    # Qt takes a null parent (QPdfDocument(QObject *parent)); PySide6's stub leaves out None.
    document = QPdfDocument(parent)  # type: ignore[arg-type]
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() is QPdfDocument.Status.Loading:  # QtPdf may load a device in steps
        loop = QEventLoop()
        document.statusChanged.connect(loop.quit)
        while document.status() is QPdfDocument.Status.Loading:
            loop.exec()
    if document.status() is not QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintingError(tr("The document could not be read for printing."))
    return document


def paint_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page into `printer`, each scaled to the printable page; returns pages."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter

    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingError(tr("The printer {name} could not start printing.").format(
            name=printer.printerName() or printer.outputFileName()))
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrintingError(tr("The printer stopped after page {n}.").format(n=index))
            points = document.pagePointSize(index)
            image = document.render(index, QSize(round(points.width() / 72 * dpi),
                                                 round(points.height() / 72 * dpi)))
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(area.x(), area.y(), image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()


def _match_paper(printer: QPrinter, document: QPdfDocument) -> None:
    """The printer's paper is the PDF's (A4 or Letter), the whole sheet, no added margins."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    points = document.pagePointSize(0)
    printer.setPageSize(QPageSize(points, QPageSize.Unit.Point, "",
                                  QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    printer.setFullPage(True)


class _PagePainter(QObject):
    """Paints the document whenever the preview asks (on opening, zooming, printing)."""

    def __init__(self, document: QPdfDocument, parent: QObject):
        super().__init__(parent)
        self._document = document
        self.error: PrintingError | None = None

    def paint(self, printer: Any) -> None:
        try:
            paint_pages(self._document, printer)
        except PrintingError as error:  # raised again once the dialog has closed
            self.error = error
