"""Printing and saving PDFs: Save as PDF writes the reportlab bytes unchanged; on a CUPS queue the
PDF itself goes to `lp` (title, copies, paper from the print dialog); "Print to file" and printers
without CUPS get pages rendered by the app; a preview first names the document; and, where a CUPS
server with a CUPS-PDF queue runs, the real print path produces a job with real text, a sane size
and the right title."""

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
from keystone_desk.services.print_queue import CupsJob, PrintRoute
from keystone_desk.ui import printing
from keystone_desk.ui.print_preview import DocumentPreviewDialog

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
    """A stand-in for the person: Print… in the preview, then "Print to file" in the dialog."""
    from PySide6.QtPrintSupport import QPrinter

    def accept(dialog) -> bool:
        if isinstance(dialog, DocumentPreviewDialog):
            return True
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return accept


class FakeCups:
    """The computer's CUPS client (print_queue.CupsClient) saying the chosen printer is one of
    its queues (that decision is tested in tests/services/test_print_queue.py); jobs recorded."""

    def __init__(self, answer: PrintRoute = PrintRoute.PDF_TO_CUPS):
        self.answer = answer
        self.asked: list[tuple[str, bool]] = []
        self.jobs: list[tuple[CupsJob, bytes]] = []

    def route(self, queue: str, *, to_file: bool) -> PrintRoute:
        self.asked.append((queue, to_file))
        return PrintRoute.RASTER if to_file else self.answer

    def submit(self, job: CupsJob, pdf: bytes) -> str:
        self.jobs.append((job, pdf))
        return "Office-7"


def press_print(copies: int = 1, chosen: list[str] | None = None):
    """The person sets `copies` in the print dialog and presses Print (on whichever printer
    the dialog offers; its name is recorded in `chosen`)."""
    def accept(dialog) -> bool:
        if isinstance(dialog, DocumentPreviewDialog):
            return True
        dialog.printer().setCopyCount(copies)
        if chosen is not None:
            chosen.append(dialog.printer().printerName())
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
def test_print_to_file_paints_every_page_at_the_documents_paper_size(qapp, tmp_path, monkeypatch,
                                                                     handout, preview):
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "run_dialog", to_file(out))
    printed = printing.print_pdf(None, handout, title="Home program", preview=preview)
    assert printed == printing.Printed(str(out), PrintRoute.RASTER)
    reader = PdfReader(out)
    assert len(reader.pages) == page_count(handout) > 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4, as the handout
    assert reader.pages[0].images  # rendered pages, painted as pictures


def test_a_cups_queue_gets_the_pdf_itself_with_title_copies_and_paper(qapp, monkeypatch,
                                                                      handout):
    cups, chosen = FakeCups(), []
    monkeypatch.setattr(printing, "cups_client", lambda: cups)
    monkeypatch.setattr(printing, "run_dialog", press_print(copies=2, chosen=chosen))
    printed = printing.print_pdf(None, handout, title="Home program for Wiśniewski, Łukasz, "
                                 "version 1", preview=False)
    [(job, sent)] = cups.jobs
    assert [queue for queue, _ in cups.asked] == chosen
    assert sent == handout  # the reportlab bytes, unchanged: real text
    assert (job.queue, job.title, job.copies, job.media) == (
        chosen[0], "Home program for Wiśniewski, Łukasz, version 1", 2, "A4")
    assert printed == printing.Printed(chosen[0], PrintRoute.PDF_TO_CUPS, 2, "Office-7")
    assert printed.detail == f"{chosen[0]}, 2 copies, the PDF sent to CUPS as job Office-7"


def test_a_page_range_goes_to_cups_and_to_the_rendered_pages(qapp, tmp_path, monkeypatch,
                                                             handout):
    from PySide6.QtPrintSupport import QPrinter

    cups = FakeCups()
    monkeypatch.setattr(printing, "cups_client", lambda: cups)

    def second_page_only(then):
        def accept(dialog) -> bool:
            dialog.printer().setPrintRange(QPrinter.PrintRange.PageRange)
            dialog.printer().setFromTo(2, 2)
            return then(dialog)
        return accept

    monkeypatch.setattr(printing, "run_dialog", second_page_only(press_print()))
    printing.print_pdf(None, handout, title="Handout", preview=False)
    assert cups.jobs[0][0].page_ranges == "2"
    monkeypatch.setattr(printing, "cups_client", lambda: FakeCups(PrintRoute.RASTER))
    out = tmp_path / "page2.pdf"
    monkeypatch.setattr(printing, "run_dialog", second_page_only(to_file(out)))
    printing.print_pdf(None, handout, title="Handout", preview=False)
    assert len(PdfReader(out).pages) == 1


def test_a_printer_cups_does_not_take_says_why(qapp, monkeypatch, handout):
    from keystone_desk.services.print_queue import PrintQueueError

    class Refusing(FakeCups):
        def submit(self, job, pdf):
            raise PrintQueueError("The printer Office did not take the job: it is stopped")

    monkeypatch.setattr(printing, "cups_client", Refusing)
    monkeypatch.setattr(printing, "run_dialog", press_print())
    with pytest.raises(printing.PrintingError, match="Office did not take the job"):
        printing.print_pdf(None, handout, title="Handout", preview=False)


def test_the_preview_names_the_document_before_anything_prints(qapp, monkeypatch, handout):
    seen: list[tuple[str, str, str, bool]] = []

    def look_and_close(dialog) -> bool:
        assert isinstance(dialog, DocumentPreviewDialog), "the print dialog came first"
        buttons = {b.text() for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)}
        seen.append((dialog.windowTitle(), dialog.heading_text, dialog.description_text,
                     "&Print…" in buttons))
        return False  # Close

    from PySide6.QtWidgets import QPushButton

    cups = FakeCups()
    monkeypatch.setattr(printing, "cups_client", lambda: cups)
    monkeypatch.setattr(printing, "run_dialog", look_and_close)
    assert printing.print_pdf(None, handout, title="Home program for Wiśniewski, Łukasz, "
                              "version 1", description="Handed out 27 Nov 2026 by A. Therapist",
                              preview=True) is None
    pages = page_count(handout)
    assert seen == [("Print preview — Home program for Wiśniewski, Łukasz, version 1",
                     "Home program for Wiśniewski, Łukasz, version 1",
                     f"Handed out 27 Nov 2026 by A. Therapist · {pages} pages", True)]
    assert cups.jobs == []


@pytest.mark.parametrize("how", ["Print… button", "Ctrl+P", "Escape"])
def test_print_in_the_preview_goes_on_to_the_print_dialog(qtbot, monkeypatch, handout, how):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QPushButton

    cups, seen = FakeCups(), []

    def person(dialog) -> bool:
        if not isinstance(dialog, DocumentPreviewDialog):
            seen.append("print dialog")
            return True
        seen.append("preview")
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        if how == "Print… button":
            [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Print…"]
            assert button.isDefault()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        elif how == "Ctrl+P":
            qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "cups_client", lambda: cups)
    monkeypatch.setattr(printing, "run_dialog", person)
    printed = printing.print_pdf(None, handout, title="Handout", preview=True)
    if how == "Escape":
        assert seen == ["preview"] and printed is None and cups.jobs == []
    else:
        assert seen == ["preview", "print dialog"] and len(cups.jobs) == 1


def test_a_cancelled_print_prints_nothing(qapp, tmp_path, monkeypatch, handout):
    cups = FakeCups()
    monkeypatch.setattr(printing, "cups_client", lambda: cups)
    monkeypatch.setattr(printing, "run_dialog", lambda dialog: False)
    assert printing.print_pdf(None, handout, title="Home program", preview=False) is None
    assert cups.jobs == []


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


def _wait_for_output(name_start: str, timeout: float = 90.0) -> Path:
    """The file CUPS-PDF writes for our job (named after its title; other jobs may land in the
    same folder meanwhile), once the queue has finished it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ours = glob.glob(str(CUPS_OUTPUT / f"{glob.escape(name_start)}*.pdf"))
        pending = subprocess.run(["lpstat", "-o", CUPS_QUEUE], capture_output=True,
                                 text=True).stdout.strip()
        if ours and not pending:
            return Path(ours[0])
        time.sleep(0.25)
    raise AssertionError(f"no finished job {name_start}… from queue {CUPS_QUEUE} in "
                         f"{CUPS_OUTPUT} after {timeout:.0f} s")


def six_exercise_handout() -> bytes:
    cards = tuple(ExerciseCard(f"Exercise {n}", "3 sets × 15 reps · twice a day",
                               steps=("Rise onto the balls of both feet.",
                                      "Lower slowly over three seconds.") * 3)
                  for n in range(1, 7))
    return render_handout(HandoutDocument(ClinicBranding(), "Margaret Whitfield", "27 Nov 2026",
                                          "Maria Lopez, PT, DPT", HandoutOptions(paper="letter"),
                                          cards, 2))


def test_a_handout_prints_through_a_real_cups_pdf_queue_as_text(qapp, monkeypatch):
    problem = _cups_queue_problem()
    if problem is not None:
        pytest.skip(f"real print path not tested: {problem}")
    from keystone_desk.services.print_queue import CupsClient

    if CUPS_QUEUE not in CupsClient().queues():
        pytest.skip(f"lpstat -e does not list the CUPS queue {CUPS_QUEUE!r}")
    handout = six_exercise_handout()
    run = f"{os.getpid()}x{time.monotonic_ns() % 10**6}"  # one job of ours among others'
    title = f"Home program for Margaret Whitfield, version 2 {run}"
    monkeypatch.setattr(printing, "run_dialog", lambda dialog: True)  # "Print" pressed
    printed = printing.print_pdf(None, handout, title=title, preview=False,
                                 printer_name=CUPS_QUEUE)
    assert printed is not None and printed.route is PrintRoute.PDF_TO_CUPS
    assert printed.job.startswith(f"{CUPS_QUEUE}-")
    # cups-pdf names the file after the job title (spaces and commas as "_")
    output = _wait_for_output(f"Home_program_for_Margaret_Whitfield__version_2_{run}")
    try:
        data = output.read_bytes()
        reader = PdfReader(output)
        assert len(reader.pages) == page_count(handout)
        text = "\n".join(page.extract_text() for page in reader.pages)
        for n in range(1, 7):
            assert f"Exercise {n}" in text  # real text, not pictures of pages
        assert "Lower slowly over three seconds." in text
        assert len(data) < 1_000_000, f"a 6-exercise job is {len(data):,} bytes"
        assert str(reader.metadata.title).strip("()") == title  # the job title, as CUPS had it
    finally:
        output.unlink(missing_ok=True)
