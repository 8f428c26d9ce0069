"""ProgramOutput: printing and saving a handed-out home program version, and recording that it
was done (an audit event through `HandoutService.record_output`).

Only handed-out versions go on paper, so a reprint is always identical to what the patient was
given (`version_pdf`). The builder, its history and the patient list's "Print home program" all use
this. ui/printing.py is imported when first used and called through its module, so tests stub
`printing.print_pdf` / `printing.save_pdf` in one place. Talks to the clinic's services only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ...domain.home_programs import HomeProgramVersion
from ..display_text import format_local_time
from .history import Output

if TYPE_CHECKING:
    from ...services.session import ClinicSession


class ProgramOutput:
    def __init__(self, session: ClinicSession, parent: QWidget):
        self._session = session
        self._handouts = session.handouts
        self._parent = parent

    def send(self, version: HomeProgramVersion, how: Output, patient_name: str) -> str:
        """Open (preview), print or save `version`; what to tell the person ("" if cancelled)."""
        program_id, number = int(version.program_id), version.number
        if how is Output.SAVE:
            day = version.handed_at.astimezone().date().isoformat()
            saved = self.save_version(program_id, number,
                                      handout_file_name(patient_name, number, day))
            return _tr("Saved version {n} as {path}.").format(n=number, path=saved) if saved else ""
        if self.print_version(version, patient_name, preview=how is Output.OPEN):
            return _tr("Version {n} sent to the printer.").format(n=number)
        return ""

    def print_version(self, version: HomeProgramVersion, patient_name: str, *,
                      preview: bool = False, pdf: bytes | None = None) -> bool:
        """Show the print dialog (or the preview first, headed with the patient and the
        version); True, and audited with the printer and how it was sent, if it was printed."""
        from .. import printing  # QtPrintSupport/QtPdf load on first print

        program_id, number = int(version.program_id), version.number
        data = pdf if pdf is not None else self._handouts.version_pdf(program_id, number)
        printed = printing.print_pdf(self._parent, data, title=program_title(patient_name, number),
                                     preview=preview, description=version_description(version))
        if printed:
            detail = printed.detail if isinstance(printed, printing.Printed) else ""
            self._handouts.record_output(self._session.user, program_id, number, "print",
                                         detail)
        return bool(printed)

    def save_version(self, program_id: int, number: int, suggested_name: str) -> Path | None:
        """Ask where to save the version's PDF (bytes unchanged); the path, audited, or None."""
        from .. import printing  # loads on first use

        data = self._handouts.version_pdf(program_id, number)
        saved = printing.save_pdf(self._parent, data, suggested_name)
        if saved is not None:
            self._handouts.record_output(self._session.user, program_id, number, "save_pdf",
                                         str(saved))
        return saved


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgramOutput", text)


def program_title(patient_name: str, number: int) -> str:
    """The print job's title and the preview's heading: "Home program for Whitfield, Margaret
    (Peggy), version 2" — the patient's name as the caller shows it and the version number."""
    return _tr("Home program for {patient}, version {n}").format(patient=patient_name, n=number)


def version_description(version: HomeProgramVersion) -> str:
    """"Handed out 27 Nov 2026, 16:30 by Maria Lopez" (the preview's second line)."""
    return _tr("Handed out {when} by {name}").format(
        when=format_local_time(version.handed_at), name=version.therapist_name)


def handout_file_name(patient_name: str, number: int, day: str) -> str:
    """'Home program - Łukasz Wiśniewski - v2 - 2026-11-27.pdf' (no characters a disk refuses)."""
    safe = "".join(c for c in patient_name if c not in '<>:"/\\|?*').strip() or "patient"
    return f"Home program - {safe} - v{number} - {day}.pdf"
