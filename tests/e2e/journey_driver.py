"""Journey: Keystone Desk as `ui.application.run` starts it — the app's own SignInFlow on a copy of
the demo clinic — with the modal boundary answered the way a person would, and any unexpected error
failing the journey with its message and traceback.

The boundary, in one place:
- every QMessageBox (`ui.messages`, `ui.questions.ask`, whatever else builds one) is recorded and
  answered by the button text given to `expect_box`; a question or warning nobody announced fails
  the journey (it is answered with its escape button so nothing is lost or thrown away);
- every `QDialog.exec()` is answered by the next handler given to `on_dialog` (the handler fills the
  dialog by its labels and clicks its buttons); an unannounced dialog fails and is rejected;
- the file choosers answer from `choose_file`; `printing.run_dialog` records the print dialog or
  preview it was handed (title, pages rendered, the PDF's text) and closes it without printing;
- `sys.excepthook` is the app's own `ErrorReporter`; its "Something went wrong" dialog fails the
  journey, and so does a refusal ("Not done") nobody expected.
No plain `Clinic` reaches a window: the flow builds the signed-in session, as the app does.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from keystone_desk.services.clinic import Clinic
from keystone_desk.services.demo_users import DemoUser
from keystone_desk.ui import messages, printing
from keystone_desk.ui.access.sign_in_flow import SignInFlow, wait_for_background_work
from keystone_desk.ui.application import ErrorReporter
from tests.conftest import FakeClock

from .journey_widgets import action, button, field, plain, row_with, top_windows

DialogHandler = Callable[[QDialog], None]


@dataclass
class Box:
    """A message box as the person saw it, and what they answered."""

    kind: str  # "question", "warning", "information"
    title: str
    text: str
    informative: str = ""
    answer: str = ""


@dataclass
class Printed:
    """A print dialog or preview the app opened: for which document, with how many pages."""

    dialog: str  # "preview" or "print"
    title: str
    document_name: str
    pages_previewed: int
    pdf_text: list[str] = dataclasses.field(default_factory=list)
    words: list[str] = dataclasses.field(default_factory=list)  # the dialog's own labels


def build_demo_template(path: Path, clock: FakeClock) -> None:
    """The demo clinic as `keystone-desk demo` makes it (patients, charts, one user per role)."""
    from keystone_desk.services.session import ClinicSession

    clinic = Clinic(path, clock=clock)
    try:
        admin = clinic.builtin_administrator()
        ClinicSession(clinic, admin).demo.load(admin)
    finally:
        clinic.close()


def copy_database(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


class Journey:
    """One person after another at the same workstation, from the sign-in on."""

    def __init__(self, qtbot: Any, monkeypatch: pytest.MonkeyPatch, database: Path,
                 settings_file: Path, clock: FakeClock):
        self.qtbot = qtbot
        self.clock = clock
        self.boxes: list[Box] = []
        self.printed: list[Printed] = []
        self.problems: list[str] = []
        self._answers: list[tuple[str, str]] = []  # (words in the title, button to click)
        self._dialogs: list[DialogHandler] = []
        self._files: list[str] = []
        self._last_pdf = b""
        self._closing = False
        self._install_boundary(monkeypatch)
        self._reporter = ErrorReporter(show=self._on_unexpected_error_shown)
        monkeypatch.setattr(sys, "excepthook", self._excepthook)
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        self.clinic = Clinic(database, clock=clock)  # application.run opens it so, then the flow
        self.flow = SignInFlow(self.clinic, settings=settings,
                               reopen=lambda: Clinic(database, clock=clock))
        self.flow.window_shown.connect(self._reporter.set_parent)

    # --- signing in and out --------------------------------------------------------------------

    @property
    def window(self) -> QMainWindow:
        assert self.flow.window is not None, "nobody is signed in"
        return self.flow.window

    def sign_in(self, who: DemoUser) -> QMainWindow:
        """Type the user name and password into the sign-in window and press Sign in."""
        login = self.flow.login or self.flow.start()
        self.qtbot.waitExposed(login)
        self.type_into(field(login, "User name"), who.username)
        self.type_into(field(login, "Password"), who.password)
        with self.qtbot.waitSignal(self.flow.window_shown, timeout=10_000):
            self.click(login, "Sign in")
        window = self.window
        window.resize(1366, 740)
        self.qtbot.waitExposed(window)
        self.check()
        return window

    def switch_user(self, who: DemoUser) -> QMainWindow:
        self.trigger("Switch user…")
        assert self.flow.login is not None, "Switch user… did not bring back the sign-in"
        return self.sign_in(who)

    def close(self) -> None:
        """Close every window and let background work finish. Whatever a window asks on the way
        out (unsaved typing after a failed step) is answered Discard, so no window outlives its
        journey."""
        self.flow.idle.stop()
        self._closing = True
        for widget in top_windows():
            if not widget.close():
                widget.hide()
                widget.deleteLater()
        wait_for_background_work()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
        self.flow.clinic.close()

    # --- doing ---------------------------------------------------------------------------------

    def trigger(self, text: str) -> None:
        """Choose the menu or toolbar entry reading `text` in the main window."""
        found = action(self.window, text)
        assert found.isEnabled(), f"{text!r} is offered but disabled"
        found.trigger()
        self.check()

    def click(self, root: QWidget, text: str) -> None:
        found = button(root, text)
        assert found.isEnabled(), f"{text!r} is shown but disabled"
        self.qtbot.mouseClick(found, Qt.MouseButton.LeftButton)
        self.check()

    def type_into(self, widget: QWidget, text: str, *, leave: bool = False) -> None:
        """Type as a keyboard would (non-ASCII characters arrive as text, as a layout sends them)."""
        widget.setFocus()
        for char in text:
            if char.isascii() and char.isprintable():
                self.qtbot.keyClicks(widget, char)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, _key(kind, char))
        if leave:
            self.qtbot.keyClick(widget, Qt.Key.Key_Tab)
        self.check()

    def retype(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        self.qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClick(widget, Qt.Key.Key_Delete)
        self.type_into(widget, text)

    def pick(self, combo: QWidget, text: str) -> None:
        """Choose the entry of a drop-down list that starts with `text` (it must be offered)."""
        assert isinstance(combo, QComboBox), f"{combo.accessibleName()!r} is not a drop-down"
        index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
        offered = [combo.itemText(i) for i in range(combo.count())]
        assert index >= 0, f"{text!r} is not offered in {combo.accessibleName()!r}: {offered}"
        combo.setCurrentIndex(index)
        self.check()

    def key(self, widget: QWidget, key: Qt.Key,
            modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """Press a key in `widget`'s window, brought to the front first (as a person's click on
        it would), so that the window's shortcuts answer."""
        window = widget.window()
        if QApplication.activeWindow() is not window:
            window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        self.qtbot.keyClick(widget, key, modifier)
        self.check()

    def click_row(self, view: QAbstractItemView, words: str, *, double: bool = False) -> None:
        """Click (or double-click) the row of a list, table or tree that shows `words`."""
        index = row_with(view, words)
        view.scrollTo(index)
        where = view.visualRect(index).center()
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        if double:
            self.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        self.check()

    # --- the person's answers, announced before the step that needs them ----------------------

    def expect_box(self, title_words: str, answer: str = "") -> None:
        """The next message box whose title contains `title_words` is answered with `answer`
        (its default button when empty)."""
        self._answers.append((title_words, answer))

    def on_dialog(self, handler: DialogHandler) -> None:
        """The next modal dialog shown is filled in and closed by `handler(dialog)`."""
        self._dialogs.append(handler)

    def choose_file(self, path: Path) -> None:
        """The next file or folder chooser answers with `path`."""
        self._files.append(str(path))

    def check(self) -> None:
        """Fail the journey now if anything unexpected was shown or raised."""
        if self.problems:
            found, self.problems = self.problems, []
            pytest.fail("\n\n".join(found), pytrace=False)

    def unanswered(self) -> list[str]:
        return [f"box {t!r}" for t, _ in self._answers] + \
            [f"{len(self._dialogs)} dialog(s)"] * bool(self._dialogs) + self._files

    # --- the boundary --------------------------------------------------------------------------

    def _install_boundary(self, monkeypatch: pytest.MonkeyPatch) -> None:
        journey = self

        def box_exec(box: QMessageBox) -> int:
            return journey._answer_box(box)

        def dialog_exec(dialog: QDialog) -> int:
            return journey._answer_dialog(dialog)

        monkeypatch.setattr(QMessageBox, "exec", box_exec)
        monkeypatch.setattr(QDialog, "exec", dialog_exec)
        monkeypatch.setattr(messages, "ask_yes_no", self._ask_yes_no)
        for chooser in ("getSaveFileName", "getOpenFileName"):
            monkeypatch.setattr(QFileDialog, chooser, staticmethod(self._file_and_filter))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self._folder))
        monkeypatch.setattr(printing, "run_dialog", self._print_dialog)
        load_pdf = printing.load_pdf

        def keep_pdf(pdf_bytes: bytes, parent: Any = None) -> Any:
            self._last_pdf = pdf_bytes
            return load_pdf(pdf_bytes, parent)

        monkeypatch.setattr(printing, "load_pdf", keep_pdf)

    def _answer_box(self, box: QMessageBox) -> int:
        kind = {QMessageBox.Icon.Question: "question", QMessageBox.Icon.Warning: "warning",
                QMessageBox.Icon.Critical: "warning"}.get(box.icon(), "information")
        seen = Box(kind, box.windowTitle(), box.text(), box.informativeText())
        self.boxes.append(seen)
        offered = {b.text().replace("&", ""): b for b in box.buttons()}
        expected = next((i for i, (words, _) in enumerate(self._answers)
                         if words in seen.title), None)
        if expected is not None:
            _, answer = self._answers.pop(expected)
            chosen = offered.get(answer) if answer else (box.defaultButton()
                                                        or next(iter(offered.values()), None))
            if chosen is None:
                self.problems.append(f"the box {seen.title!r} offers no {answer!r}: "
                                     f"{list(offered)}")
                chosen = _backing_out(box)
        elif kind == "information":
            chosen = box.defaultButton() or next(iter(offered.values()), None)
        elif self._closing:
            chosen = next((b for b in box.buttons()
                           if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole),
                          box.defaultButton())
        else:
            self.problems.append(f"unexpected {kind} box {seen.title!r}: {seen.text} "
                                 f"{seen.informative}".strip())
            chosen = _backing_out(box) if kind == "question" else (
                box.defaultButton() or next(iter(offered.values()), None))
        if chosen is not None:
            seen.answer = chosen.text().replace("&", "")
            chosen.click()
        return int(box.result())

    def _ask_yes_no(self, parent: QWidget | None, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        self._answer_box(box)
        return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)

    def _answer_dialog(self, dialog: QDialog) -> int:
        if not self._dialogs:
            self.problems.append(f"unexpected dialog {dialog.windowTitle()!r} "
                                 f"({type(dialog).__name__})")
            return int(QDialog.DialogCode.Rejected)
        handler = self._dialogs.pop(0)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        handler(dialog)
        if dialog.isVisible():
            self.problems.append(f"the dialog {dialog.windowTitle()!r} stayed open")
            dialog.reject()
        return int(dialog.result())

    def _file_and_filter(self, *args: Any, **kwargs: Any) -> tuple[str, str]:
        return self._next_file(args), ""

    def _folder(self, *args: Any, **kwargs: Any) -> str:
        return self._next_file(args)

    def _next_file(self, args: tuple[Any, ...]) -> str:
        if not self._files:
            self.problems.append(f"unexpected file chooser: {args[1:2]}")
            return ""
        return self._files.pop(0)

    def _print_dialog(self, dialog: QDialog) -> bool:
        from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

        pages = 0
        if isinstance(dialog, QPrintPreviewDialog):
            preview = dialog.findChild(QPrintPreviewWidget)
            preview.updatePreview()  # what opening the preview does: the pages are painted
            pages = preview.pageCount()
        reader = pypdf.PdfReader(io.BytesIO(self._last_pdf)) if self._last_pdf else None
        self.printed.append(Printed(
            "preview" if isinstance(dialog, QPrintPreviewDialog) else "print",
            dialog.windowTitle(), dialog.printer().docName(), pages,
            [page.extract_text() for page in reader.pages] if reader else [],
            [plain(label.text()) for label in dialog.findChildren(QLabel) if label.text()]))
        return False  # the person looked and closed it

    # --- errors --------------------------------------------------------------------------------

    def _excepthook(self, kind: type[BaseException], error: BaseException,
                    tb: TracebackType | None) -> None:
        self._traceback = "".join(traceback.format_exception(kind, error, tb))
        self._reporter.excepthook(kind, error, tb)

    def _on_unexpected_error_shown(self, parent: QWidget | None, title: str, text: str,
                                   **kwargs: Any) -> None:
        self.boxes.append(Box("error", title, text))
        self.problems.append(f"unexpected-error dialog {title!r}: {text}\n"
                             f"{getattr(self, '_traceback', '')}")


def _backing_out(box: QMessageBox) -> QAbstractButton | None:
    """The answer that changes nothing (Cancel, No, Esc's button); never Accept or Discard."""
    safe = (QMessageBox.ButtonRole.RejectRole, QMessageBox.ButtonRole.NoRole)
    return box.escapeButton() or next((b for b in box.buttons() if box.buttonRole(b) in safe),
                                      None)


def _key(kind: QEvent.Type, char: str) -> Any:
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
