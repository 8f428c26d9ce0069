"""SegmentedChoice: adjacent toggle buttons of which at most one is chosen (yes/no, a side, a test
result). Clicking the chosen button again clears it, so "not recorded" stays possible.

Each value may have a tone (the colour it shows when chosen), kept readable when locked.
Qt widgets only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

# Segment colours when chosen: (background, text, background when locked).
TONES = {
    "neutral": ("#1a5fb4", "#ffffff", "#c5d5ec"),
    # Amber, not red: a positive test is a finding; red is kept for the refer banner.
    "positive": ("#a15c00", "#ffffff", "#f3d9b8"),
    "negative": ("#1b5e20", "#ffffff", "#c4dcc6"),
    "refer": ("#b3261e", "#ffffff", "#f0c4c0"),  # an answer that raises the refer banner
    "muted": ("#5f6368", "#ffffff", "#d7d9dc"),
}


class SegmentedChoice(QWidget):
    """Adjacent toggle buttons, at most one chosen; clicking the chosen one again clears it."""

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[str, str]], tones: Mapping[str, str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.buttons: dict[str, QPushButton] = {}
        for index, (value, text) in enumerate(choices):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            position = "first" if index == 0 else "last" if index == len(choices) - 1 else "mid"
            button.setStyleSheet(_segment_style((tones or {}).get(value, "neutral"), position))
            button.clicked.connect(self._on_button_clicked)
            layout.addWidget(button)
            self.buttons[value] = button
        layout.addStretch(1)
        self.setFocusProxy(next(iter(self.buttons.values())))

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        for key, button in self.buttons.items():
            button.setChecked(key == value)

    def _on_button_clicked(self, checked: bool) -> None:
        clicked = self.sender()
        for button in self.buttons.values():
            if button is not clicked and checked:
                button.setChecked(False)
        self.changed.emit()


def _segment_style(tone: str, position: str) -> str:
    chosen, chosen_text, locked = TONES[tone]
    left = "4px" if position == "first" else "0"
    right = "4px" if position == "last" else "0"
    border_left = "1px solid #8a9099" if position == "first" else "none"
    return (
        f"QPushButton {{ background: #ffffff; color: #202124; border: 1px solid #8a9099;"
        f" border-left: {border_left}; padding: 3px 10px; min-height: 20px;"
        f" border-top-left-radius: {left}; border-bottom-left-radius: {left};"
        f" border-top-right-radius: {right}; border-bottom-right-radius: {right}; }}"
        f" QPushButton:hover {{ background: #eef3fb; }}"
        f" QPushButton:focus {{ border-color: #1a5fb4; }}"
        f" QPushButton:checked {{ background: {chosen}; color: {chosen_text}; }}"
        f" QPushButton:disabled {{ background: #f1f3f4; color: #80868b; }}"
        f" QPushButton:checked:disabled {{ background: {locked}; color: #202124; }}"
    )
