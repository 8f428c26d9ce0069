"""Reprinting a patient's current home program from the patient list: pick the patient, click
"Print home program" (Ctrl+P), and a print preview shows the version they were last given —
headed with the patient's name, the version number, when and by whom it was handed out — before
the print dialog.

Written for the front desk: when there is nothing to print, the message says so and who can make
one, in plain words. Printing is recorded (ProgramOutput). Talks to the clinic's services only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ...domain.errors import KeystoneError
from .. import messages
from .output import ProgramOutput

if TYPE_CHECKING:
    from ...services.session import ClinicSession


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintHomeProgram", text)


def print_current_program(parent: QWidget, session: ClinicSession, patient_id: int,
                          patient_name: str) -> bool:
    """Preview the patient's current program, then the print dialog; True if it was printed."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        version = session.home_programs.current_for_patient(patient_id)
        pdf = (session.handouts.version_pdf(version.program_id, version.number)
               if version is not None else b"")
    except KeystoneError as exc:
        QGuiApplication.restoreOverrideCursor()
        messages.show_error(parent, _tr("Home program not printed"), str(exc))
        return False
    QGuiApplication.restoreOverrideCursor()
    if version is None:
        messages.show_error(parent, _tr("No home program to print"), _tr(
            "{name} has not been given a home program yet, so there is nothing to reprint.\n\n"
            "The therapist makes one in the patient's chart (select the episode, then Home "
            "program) and hands it out there.").format(name=patient_name))
        return False
    output = ProgramOutput(session, parent)
    try:
        return output.print_version(version, patient_name, preview=True, pdf=pdf)
    except KeystoneError as exc:
        messages.show_error(parent, _tr("Home program not printed"), str(exc))
        return False
