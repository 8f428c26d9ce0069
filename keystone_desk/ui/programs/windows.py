"""Opening an episode's program builder window, one per episode, and closing them with the chart.

Builders are child windows of the widget that opened them (the chart's episodes panel), found again
by object name, so this module loads the builder (and QtPdf) only when one is first opened.
Qt widgets and the clinic's services only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ...services.session import ClinicSession

BUILDER_NAME = "program_builder"


def open_program_builder(session: ClinicSession, episode_id: int, owner: QWidget) -> QWidget:
    """Show the episode's builder, bringing it forward if it is open. KeystoneError if the
    episode cannot be read."""
    for window in _builders(owner):
        if window.property("episode_id") == episode_id and window.isVisible():
            break
    else:
        from .builder import ProgramBuilder  # loads QtPdf with the first builder

        window = ProgramBuilder(session, episode_id, owner)
        window.setObjectName(BUILDER_NAME)
        window.setProperty("episode_id", episode_id)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def close_program_builders(owner: QWidget) -> bool:
    """Close every builder `owner` opened; False if one asked to stay open (unsaved edit)."""
    return all(window.close() for window in _builders(owner) if window.isVisible())


def _builders(owner: QWidget) -> list[QWidget]:
    return [w for w in owner.findChildren(QWidget, BUILDER_NAME) if shiboken6.isValid(w)]
