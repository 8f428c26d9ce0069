"""Printing and saving PDFs: Save as PDF writes the reportlab bytes unchanged; printing paints
every page into the printer (a PDF file here, with the modal dialog stubbed); and, where a CUPS
server with a CUPS-PDF queue runs, the real print path produces a job with the right pages."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from keystone_desk.domain.clinic_settings import ClinicBranding
from keystone_desk.pdf.handout import ExerciseCard, HandoutDocument, HandoutOptions, render_handout
from keystone_desk.ui import printing

CUPS_QUEUE = "PDF"
CUPS_OUTPUT = Path(os.path.expanduser("~/PDF"))


@pytest.fixture(scope="module")
def handout() -> bytes:
    cards = tuple(ExerciseCard(f"Exercise {n}", "3 sets × 10 reps · once a day",
                               steps=("Do it slowly.",) * 30) for n in range(1, 4))
    return render_handout(HandoutDocument(ClinicBranding(), "Łukasz Wiśniewski", "27 Nov 2026",
                                          "A. Therapist", HandoutOptions(paper="a4"), cards, 1))


def page_count(data: bytes) -> int:
    from io import BytesIO

    return len(PdfReader(BytesIO(data)).pages)


def to_file(path: Path):
    """A stand-in for the person pressing Print: the dialog's printer writes a PDF file."""
    from PySide6.QtPrintSupport import QPrinter

    def accept(dialog) -> bool:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        if hasattr(dialog, "paintRequested"):  # the preview paints when the person prints
            dialog.paintRequested.emit(printer)
        return True

    return accept


def test_save_as_pdf_writes_the_bytes_unchanged(qapp, tmp_path, monkeypatch, handout):
    monkeypatch.setattr(printing, "ask_save_path", lambda parent, name: str(tmp_path / name))
    saved = printing.save_pdf(None, handout, "Wiśniewski home program")
    assert saved == tmp_path / "Wiśniewski home program.pdf"
    assert saved.read_bytes() == handout


def test_save_as_pdf_cancelled_writes_nothing(qapp, tmp_path, monkeypatch, handout):
    monkeypatch.setattr(printing, "ask_save_path", lambda parent, name: "")
    assert printing.save_pdf(None, handout, "x.pdf") is None
    assert list(tmp_path.iterdir()) == []


def test_a_save_that_fails_says_why(qapp, tmp_path, monkeypatch, handout):
    monkeypatch.setattr(printing, "ask_save_path",
                        lambda parent, name: str(tmp_path / "missing" / "x.pdf"))
    with pytest.raises(printing.PrintingError, match="Could not save"):
        printing.save_pdf(None, handout, "x.pdf")


@pytest.mark.parametrize("preview", [False, True])
def test_printing_paints_every_page_at_the_documents_paper_size(qapp, tmp_path, monkeypatch,
                                                                handout, preview):
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "run_dialog", to_file(out))
    assert printing.print_pdf(None, handout, title="Home program", preview=preview) is True
    printed = PdfReader(out)
    assert len(printed.pages) == page_count(handout) > 1
    width, height = float(printed.pages[0].mediabox.width), float(printed.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4, as the handout
    assert printed.pages[0].images  # rendered pages, painted as pictures


def test_a_cancelled_print_prints_nothing(qapp, tmp_path, monkeypatch, handout):
    monkeypatch.setattr(printing, "run_dialog", lambda dialog: False)
    assert printing.print_pdf(None, handout, title="Home program", preview=False) is False


def test_bytes_that_are_not_a_pdf_are_refused_plainly(qapp):
    with pytest.raises(printing.PrintingError, match="could not be read"):
        printing.load_pdf(b"not a pdf")


def _cups_queue_problem() -> str | None:
    """Why the real print path cannot be tested here, or None when it can."""
    if shutil.which("lpstat") is None:
        return "no CUPS client (lpstat) installed: apt-get install cups cups-client " \
               "printer-driver-cups-pdf"
    status = subprocess.run(["lpstat", "-r"], capture_output=True, text=True)
    if "is running" not in status.stdout:
        return "the CUPS scheduler (cupsd) is not running"
    queue = subprocess.run(["lpstat", "-p", CUPS_QUEUE], capture_output=True, text=True)
    if queue.returncode != 0:
        return f"no CUPS-PDF queue named {CUPS_QUEUE!r} (lpadmin -p PDF -E -v cups-pdf:/ " \
               "-m lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd)"
    return None


def _wait_for_output(before: set[str], timeout: float = 90.0) -> Path:
    """The new file CUPS-PDF writes, once its job has finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = set(glob.glob(str(CUPS_OUTPUT / "*.pdf"))) - before
        pending = subprocess.run(["lpstat", "-o", CUPS_QUEUE], capture_output=True,
                                 text=True).stdout.strip()
        if new and not pending:
            return Path(new.pop())
        time.sleep(0.25)
    raise AssertionError(f"no finished job from queue {CUPS_QUEUE} in {CUPS_OUTPUT} after "
                         f"{timeout:.0f} s")


def test_a_handout_prints_through_a_real_cups_pdf_queue(qapp, monkeypatch, handout):
    problem = _cups_queue_problem()
    if problem is not None:
        pytest.skip(f"real print path not tested: {problem}")
    from PySide6.QtPrintSupport import QPrinterInfo

    if QPrinterInfo.printerInfo(CUPS_QUEUE).isNull():
        pytest.skip(f"Qt does not see the CUPS queue {CUPS_QUEUE!r} (no CUPS print plugin)")
    before = set(glob.glob(str(CUPS_OUTPUT / "*.pdf")))
    monkeypatch.setattr(printing, "run_dialog", lambda dialog: True)  # "Print" pressed
    assert printing.print_pdf(None, handout, title="Handout CUPS test", preview=False,
                              printer_name=CUPS_QUEUE) is True
    output = _wait_for_output(before)
    try:
        assert page_count(output.read_bytes()) == page_count(handout)
    finally:
        output.unlink(missing_ok=True)
