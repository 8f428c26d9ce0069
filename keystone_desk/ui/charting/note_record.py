"""How a note reads as a record: the heading (kind, patient, episode, draft or signed), the
"Signed by …" banner (saying whether the content still matches its signature) with a summary line
for problems, and the addenda under the note.

Qt, domain types and display helpers only.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QVBoxLayout, QWidget

from ...domain.charting import NOTE_KIND_LABELS, Addendum, Episode, Note, Signature
from ...domain.patients import Patient
from ..display_text import format_date, format_local_time

SIGNED_STYLE = ("background: #e6f4ea; color: #0d3b1e; border: 1px solid #34a853; "
                "border-radius: 4px; padding: 8px 10px;")
MISMATCH_STYLE = ("background: #b3261e; color: #ffffff; border: 2px solid #7f1d18; "
                  "border-radius: 4px; padding: 8px 10px;")
ADDENDUM_STYLE = ("QFrame#addendum { background: #ffffff; border: 1px solid #d0d4d8; "
                  "border-left: 4px solid #1a5c8a; border-radius: 3px; }")
MUTED_STYLE = "color: #5f6368;"
TITLE_STYLE = "font-size: 16px; font-weight: bold;"
SUMMARY_STYLE = "color: #b3261e; font-weight: bold;"
SHORT_HASH = 12


def signed_text(signature: Signature) -> str:
    """'Signed by Jo Park, PT, DPT on 27 Nov 2026, 16:30'."""
    who = signature.signer_name
    if signature.credentials:
        who += f", {signature.credentials}"
    return f"Signed by {who} on {format_local_time(signature.signed_at)}"


class SignedBanner(QLabel):
    """Says the note is signed and locked, by whom and when, with the start of its hash."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signedBanner")
        self.setWordWrap(True)
        self.setStyleSheet(SIGNED_STYLE)
        self.hide()

    def show_signature(self, signature: Signature | None, verified: bool | None = None) -> None:
        """`verified`: whether the note still hashes to what was signed (None: not checked)."""
        if signature is None:
            self.hide()
            return
        check = ""
        if verified is False:
            check = "<br><b>⚠ {}</b> {}".format(
                html.escape(self.tr("Content does not match its signature.")),
                html.escape(self.tr("This note was changed after it was signed; do not rely on "
                                    "it, and tell the clinic's administrator.")))
        elif verified:
            check = "<br>" + html.escape(self.tr("Signature verified."))
        self.setText(
            f"<b>{html.escape(self.tr(signed_text(signature)))}</b><br>"
            + html.escape(self.tr("Locked: changes are made by addendum. Content hash {hash}…")
                          .format(hash=signature.content_hash[:SHORT_HASH])) + check)
        self.setStyleSheet(MISMATCH_STYLE if verified is False else SIGNED_STYLE)
        self.setToolTip(signature.content_hash)
        self.show()


class AddendaList(QGroupBox):
    """Every addendum of the note, oldest first: reason, text, who signed it and when."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Addenda"), parent)
        self.setObjectName("addenda")
        self._layout = QVBoxLayout(self)
        self.hide()

    def set_addenda(self, addenda: tuple[Addendum, ...],
                    mismatched: frozenset[int] = frozenset()) -> None:
        """`mismatched`: ids of addenda that no longer hash to what was signed."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for addendum in addenda:
            self._layout.addWidget(self._entry(addendum, addendum.id in mismatched))
        self.setVisible(bool(addenda))

    def _entry(self, addendum: Addendum, mismatched: bool = False) -> QFrame:
        frame = QFrame()
        frame.setObjectName("addendum")
        frame.setStyleSheet(ADDENDUM_STYLE)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 6, 10, 6)
        reason = QLabel(f"<b>{html.escape(self.tr('Reason'))}:</b> {html.escape(addendum.reason)}")
        body = QLabel(addendum.body)
        body.setWordWrap(True)
        signed = QLabel(signed_text(addendum.signature))
        signed.setStyleSheet(MUTED_STYLE)
        for label in (body, signed):
            label.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never markup
        for label in (reason, body, signed):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        if mismatched:
            warning = QLabel(self.tr("⚠ Content does not match its signature: this addendum was "
                                     "changed after it was signed."))
            warning.setObjectName("addendumMismatch")
            warning.setWordWrap(True)
            warning.setStyleSheet(MISMATCH_STYLE)
            layout.addWidget(warning)
        return frame


class NoteHeading(QWidget):
    """'Daily note — García, Maria', who and which episode, the signed banner, and a line that
    explains why a save or signing was refused."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("noteTitle")
        self.title.setStyleSheet(TITLE_STYLE)
        self.context = QLabel()
        self.context.setObjectName("noteContext")
        self.context.setStyleSheet(MUTED_STYLE)
        self.context.setWordWrap(True)
        self.banner = SignedBanner()
        self.summary = QLabel()
        self.summary.setObjectName("errorSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(SUMMARY_STYLE)
        self.summary.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.context, self.banner, self.summary):
            layout.addWidget(widget)

    def show_note(self, note: Note, patient: Patient, episode: Episode,
                  verified: bool | None = None) -> str:
        """Show the note's heading (`verified`: whether a signed note still matches its
        signature); returns the window title to use."""
        title = f"{self.tr(NOTE_KIND_LABELS[note.kind])} — {patient.display_name}"
        self.title.setText(title)
        self.context.setText(self.tr("Born {born} · Episode: {episode} · {state}").format(
            born=format_date(patient.intake.date_of_birth), episode=episode.title,
            state=self.tr("Signed") if note.is_signed else self.tr("Draft")))
        self.banner.show_signature(note.signature, verified)
        return title

    def show_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
