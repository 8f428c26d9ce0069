"""Small input pieces the plan-of-care and return-to-run windows share.

`Labelled` ties a visible label (the input's buddy, with the same text as its accessible name) to
an input and a message line beneath it that explains an error in red or gives a hint in grey.
`OptionalDateEdit` is a date that may be left blank ("Not yet"). Colours for the amber, green and
red boxes live here so both windows speak the same visual language. Qt widgets only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"
AMBER_BOX = ("QLabel { background: #fff4e0; color: #5c3b00; border: 1px solid #c77c02; "
             "border-radius: 4px; padding: 6px 10px; }")
GREEN_BOX = ("QLabel { background: #e8f5e9; color: #1b5e20; border: 1px solid #2e7d32; "
             "border-radius: 4px; padding: 6px 10px; }")
RED_BOX = ("QLabel { background: #fdecea; color: #5f1410; border: 1px solid #b3261e; "
           "border-radius: 4px; padding: 6px 10px; }")
PLAIN_BOX = "QLabel { color: #37474f; padding: 6px 10px; }"
STATUS_STYLE = "color: #1b5e20;"
DATE_FORMAT = "d MMM yyyy"
DATE_WIDTH = 170
_NOT_SET = QDate(2000, 1, 1)  # the bottom of an OptionalDateEdit's range: shown as its blank text


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def plain(text: str) -> str:
    """Label text as shown: mnemonic ampersands removed ('&&' stays a literal '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMaximumWidth(DATE_WIDTH)
    return edit


class OptionalDateEdit(QDateEdit):
    """A date that may be blank: the bottom of the range reads `blank_text` and means None."""

    def __init__(self, blank_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMaximumWidth(DATE_WIDTH)
        self.setMinimumDate(_NOT_SET)
        self.setSpecialValueText(blank_text)
        self.setDate(_NOT_SET)

    def value(self) -> date | None:
        return None if self.date() == _NOT_SET else from_qdate(self.date())

    def set_value(self, value: date | None) -> None:
        self.setDate(_NOT_SET if value is None else to_qdate(value))


class Labelled:
    """A visible label, its input and a message line beneath the input, in one `cell`."""

    def __init__(self, text: str, widget: QWidget, *, hint: str = ""):
        self.input = widget
        self.label = QLabel(text)
        self.label.setBuddy(widget)
        widget.setAccessibleName(plain(text))
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self._hint = hint
        self.cell = QWidget()
        layout = QVBoxLayout(self.cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.message)
        self.clear_error()

    @property
    def error(self) -> str:
        return self.message.text() if self.message.styleSheet() == ERROR_STYLE else ""

    def show_error(self, text: str) -> None:
        if not text:
            self.clear_error()
            return
        self.input.setAccessibleDescription(text)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        self.message.show()

    def clear_error(self) -> None:
        self.input.setAccessibleDescription("")
        self.message.setStyleSheet(HINT_STYLE)
        self.message.setText(self._hint)
        self.message.setVisible(bool(self._hint))

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        if not self.error:
            self.clear_error()
