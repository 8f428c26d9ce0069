"""Fitting a window to the screen it opens on: its default size, never larger than the screen's
available area (a 1366×768 laptop less its panels) with room for the window's frame.

The area may be given, so tests check the arithmetic without a screen of that size (offscreen Qt
has an 800×800 screen). Imports PySide6 only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a window manager adds around the client area (title bar, borders): the frame is not known
# until the window is shown, so this much is kept free.
FRAME_ALLOWANCE = QSize(16, 40)


def available_area(window: QWidget) -> QRect:
    """The screen area windows may use (without panels and docks) where `window` is, or the
    primary screen's."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fitted_size(preferred: QSize, area: QRect) -> QSize:
    """`preferred`, made small enough for `area` with the window's frame around it."""
    return QSize(min(preferred.width(), area.width() - FRAME_ALLOWANCE.width()),
                 min(preferred.height(), area.height() - FRAME_ALLOWANCE.height()))


def fit_to_screen(window: QWidget, width: int, height: int, area: QRect | None = None) -> None:
    """Resize `window` to `width`×`height`, or less where the screen is smaller."""
    window.resize(fitted_size(QSize(width, height), area or available_area(window)))
