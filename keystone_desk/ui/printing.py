"""Printing a PDF the app made (a handout, a note) and saving it as a file.

`print_pdf` shows the print dialog (after a print preview that names the document, if asked) and
sends the reportlab bytes the best way the chosen printer takes them:
- a CUPS queue (every printer on Linux and macOS): the PDF itself goes to CUPS through `lp`
  (services/print_queue.py) — real text, tens of kilobytes, CUPS's filters do the rest;
- no CUPS (Windows), "Print to file", or a printer CUPS does not know: QtPdf renders each page at
  the printer's resolution (capped at 300 dpi: a Letter page is then 34 MB of pixels, not 560)
  and paints it into a QPrinter set to the PDF's own paper size. That output is pictures.
"Save as PDF" (`save_pdf`) writes the reportlab bytes unchanged. The caller records the audit
event when these return success (`Printed.detail` says where and how).

The modal steps (`run_dialog`, `ask_save_path`) and the CUPS client (`cups_client`) are module
functions so tests replace them; they never `exec()` a dialog. QtPdf and QtPrintSupport load on
first use, not at start-up. Imports the domain's errors, services.print_queue and PySide6 only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QWidget

from ..domain.errors import KeystoneError
from ..services.print_queue import (
    CupsClient,
    CupsJob,
    PrintQueueError,
    PrintRoute,
    media_for,
)

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

MAX_RENDER_DPI = 300
CUPS_OPTIONS_KEY = 0xFE00  # QPrintEngine's PPK_CupsOptions (Qt's private CUPS support)


class PrintingError(KeystoneError):
    """The printer or the file could not take the document; the message says why."""


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


@dataclass(frozen=True, slots=True)
class Printed:
    """A document that went to a printer: which, how, how many copies, CUPS's job id."""

    printer: str
    route: PrintRoute
    copies: int = 1
    job: str = ""

    @property
    def detail(self) -> str:
        """For the audit trail: "PDF, 1 copy, the PDF sent to CUPS as job PDF-3"."""
        copies = "1 copy" if self.copies == 1 else f"{self.copies} copies"
        how = (f"the PDF sent to CUPS as job {self.job}" if self.job else "the PDF sent to CUPS"
               ) if self.route is PrintRoute.PDF_TO_CUPS else "pages rendered by the app"
        return f"{self.printer}, {copies}, {how}"


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, *, title: str, preview: bool,
              printer_name: str = "", description: str = "") -> Printed | None:
    """Print `pdf_bytes` through the print dialog, after a preview headed `title` and
    `description` when `preview`; what was printed, or None if the person cancelled.
    `printer_name` preselects a printer (default: the system's default printer).
    PrintingError, fit to show, when the printer did not take it."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

    document = load_pdf(pdf_bytes, parent)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name:
        printer.setPrinterName(printer_name)
    printer.setDocName(title)
    _match_paper(printer, document)
    if preview and not _previewed(parent, printer, document, title, description):
        return None
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print — {title}").format(title=title))
    dialog.setMinMax(1, document.pageCount())
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    if not run_dialog(dialog):
        return None
    return send_to_printer(printer, document, pdf_bytes, title)


def send_to_printer(printer: QPrinter, document: QPdfDocument, pdf_bytes: bytes,
                    title: str) -> Printed:
    """Send the document to the printer the print dialog left in `printer`: the PDF itself
    where it is a CUPS queue, rendered pages otherwise (see the module's docstring)."""
    to_file = bool(printer.outputFileName())  # "Print to file" in the dialog
    cups = cups_client()
    copies = max(1, printer.copyCount())
    if cups.route(printer.printerName(), to_file=to_file) is PrintRoute.PDF_TO_CUPS:
        try:
            job = cups.submit(cups_job(printer, document, title), pdf_bytes)
        except PrintQueueError as error:
            raise PrintingError(str(error)) from error
        return Printed(printer.printerName(), PrintRoute.PDF_TO_CUPS, copies, job)
    paint_pages(document, printer, _chosen_pages(printer, document.pageCount()))
    return Printed(printer.outputFileName() if to_file else printer.printerName(),
                   PrintRoute.RASTER, copies)


def cups_job(printer: QPrinter, document: QPdfDocument, title: str) -> CupsJob:
    """The CUPS job for what the print dialog chose: copies, pages, sides, colour and the
    dialog's own CUPS options (pages per sheet, odd/even pages, banners…), on the PDF's paper."""
    from PySide6.QtPrintSupport import QPrinter

    points = document.pagePointSize(0)
    sides = {QPrinter.DuplexMode.DuplexNone: "one-sided",
             QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
             QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge"}
    ranges = (printer.pageRanges().toString()
              if printer.printRange() is QPrinter.PrintRange.PageRange else "")
    return CupsJob(
        queue=printer.printerName(), title=title, copies=max(1, printer.copyCount()),
        media=media_for(points.width(), points.height()), page_ranges=ranges,
        sides=sides.get(printer.duplex(), ""),
        colour="monochrome" if printer.colorMode() is QPrinter.ColorMode.GrayScale else "",
        collate=printer.collateCopies(), options=_dialog_cups_options(printer))


def cups_client() -> CupsClient:
    return CupsClient()


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


def paint_pages(document: QPdfDocument, printer: QPrinter,
                pages: list[int] | None = None) -> int:
    """Paint the document's pages (`pages`, 0-based; default all) into `printer`, each scaled to
    the printable page; returns how many were painted."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter

    chosen = list(range(document.pageCount())) if pages is None else pages
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingError(tr("The printer {name} could not start printing.").format(
            name=printer.printerName() or printer.outputFileName()))
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for done, index in enumerate(chosen):
            if done and not printer.newPage():
                raise PrintingError(tr("The printer stopped after page {n}.").format(n=done))
            points = document.pagePointSize(index)
            image = document.render(index, QSize(round(points.width() / 72 * dpi),
                                                 round(points.height() / 72 * dpi)))
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(area.x(), area.y(), image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(chosen)


def _previewed(parent: QWidget | None, printer: QPrinter, document: QPdfDocument, title: str,
               description: str) -> bool:
    """Show the preview; True if the person chose Print… in it."""
    from .print_preview import DocumentPreviewDialog  # QtPdf/QtPrintSupport: on first preview

    dialog = DocumentPreviewDialog(printer, title=title, description=description,
                                   pages=document.pageCount(), parent=parent)
    painter = _PagePainter(document, dialog)
    dialog.paintRequested.connect(painter.paint)
    chosen = run_dialog(dialog)
    error = painter.error
    dialog.hide()
    shiboken6.delete(dialog)  # now, while `printer` (which the preview points to) still lives
    if error is not None:
        raise error
    return chosen


def _chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The pages (0-based) the print dialog's page range names, or all of them."""
    from PySide6.QtPrintSupport import QPrinter

    if printer.printRange() is not QPrinter.PrintRange.PageRange:
        return list(range(count))
    ranges = printer.pageRanges()
    return [index for index in range(count) if ranges.contains(index + 1)] or list(range(count))


def _dialog_cups_options(printer: QPrinter) -> tuple[tuple[str, str], ...]:
    """The CUPS options Qt's print dialog stored on the printer (pages per sheet, odd/even pages,
    banners, hold, …), as Qt's own CUPS backend would send them: a flat name, value list."""
    from PySide6.QtPrintSupport import QPrintEngine

    engine = printer.printEngine()
    raw = engine.property(QPrintEngine.PrintEnginePropertyKey(CUPS_OPTIONS_KEY)) \
        if engine is not None else None
    values = [str(v) for v in raw] if isinstance(raw, list) else []
    return tuple(zip(values[0::2], values[1::2], strict=False))


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
