"""ReadinessBanner: whether the therapist has confirmed the runner may start the walk-run
progression, under the entry criteria of the return-to-run window.

Before a confirmation it says that no calendar goes on the home program until there is one, and
offers "Confirm ready to run…"; after, who confirmed and when, and — when not every criterion was
met — the reason they gave. Qt and domain only.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.run_readiness import Readiness
from ..display_text import format_date
from .plan_inputs import AMBER_BOX, GREEN_BOX


class ReadinessBanner(QWidget):
    confirm_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = QLabel()
        self._text.setObjectName("readiness_status")
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._confirm = QPushButton(self.tr("C&onfirm ready to run…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._confirm, 0, Qt.AlignmentFlag.AlignTop)
        self._confirm.clicked.connect(self.confirm_requested)
        self.show_readiness(None)

    @property
    def confirm_button(self) -> QPushButton:
        return self._confirm

    def text(self) -> str:
        """What the banner says, as plain text."""
        return self._text.text().replace("<br>", "\n").replace("<b>", "").replace("</b>", "")

    def show_readiness(self, readiness: Readiness | None, *, may_confirm: bool = True) -> None:
        if readiness is None:
            self._text.setStyleSheet(AMBER_BOX)
            self._text.setText(self.tr(
                "<b>Not confirmed ready to run.</b><br>No walk-run calendar goes on the home "
                "program (preview or handout) until you confirm the runner may start."))
        else:
            self._text.setStyleSheet(GREEN_BOX)
            when = self.tr("Confirmed ready to run by {name} on {date}").format(
                name=html.escape(readiness.confirmed_by_name),
                date=format_date(readiness.confirmed_at.astimezone().date()))
            why = (self.tr("entry criteria met.") if readiness.criteria_met else self.tr(
                "not every entry criterion was met. Reason: {reason}").format(
                reason=html.escape(readiness.override_reason)))
            self._text.setText(f"<b>✓ {when}</b> — {why}")
        self._confirm.setVisible(readiness is None and may_confirm)
