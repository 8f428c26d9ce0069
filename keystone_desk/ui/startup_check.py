"""Before the clinic opens: quick-check the database file; if it is damaged, explain in plain words
and offer the latest good backup (restored after a safety copy of the damaged file) or quitting.

`begin_check(paths)` starts it: a header and schema sanity check at once (~1 ms), and
`PRAGMA quick_check`, which reads the whole file (~120 ms on a 200 MiB clinic), on another thread
while the sign-in window is built. application.py waits for the result right after the sign-in
window's first paint, before any input reaches it, so nobody signs in to (or writes to) a file the
check has not passed. A file whose header or schema looks wrong, or that opening would upgrade
(migrations write), gets the full check before it opens: `database_is_usable(paths, problems)`.
The damaged file is never overwritten without a copy (services.backups.restore takes it first).
Imports QtWidgets and services only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..services import file_check
from ..settings import Paths
from . import messages


class BegunCheck:
    """The start-up check under way. `check_now`: the full check must finish before the file
    opens; otherwise `problems()` waits for the thread ([] = sound; None = no file to check)."""

    def __init__(self, paths: Paths):
        self.paths = paths
        self.check_now = False
        self._quick: file_check.QuickCheck | None = None
        path = paths.database
        if not path.is_file():
            return  # a new clinic: nothing to check
        self._quick = file_check.QuickCheck(path)
        if file_check.header_problems(path) or file_check.migrations_pending(path):
            self.check_now = True

    def problems(self) -> list[str] | None:
        return None if self._quick is None else self._quick.problems()


def begin_check(paths: Paths) -> BegunCheck:
    return BegunCheck(paths)


def database_is_usable(paths: Paths, parent: QWidget | None = None,
                       problems: list[str] | None = None) -> bool:
    """True to go on opening the clinic; False to quit (the person chose to, or nothing helps).

    `problems`: the quick check's result when it has already run ([] = sound, nothing to do)."""
    if problems is not None and not problems:
        return True
    from ..services import backups  # only when the check must run here

    check = backups.check_before_opening(paths.database)
    if check.ok:
        return True
    tr = QApplication.translate
    explanation = tr("StartupCheck",
                     "The clinic database {path} is damaged: SQLite's check found problems in it "
                     "(a disk fault, a power cut during a save, or a copy that was cut short). "
                     "Opening it could lose more records.").format(path=paths.database)
    if check.latest_good is None:
        messages.show_error(parent, tr("StartupCheck", "The clinic database is damaged"),
                            explanation + "\n\n" + tr(
                                "StartupCheck", "No good backup was found beside it or in the "
                                "backup folder. Keystone Desk will close without changing the "
                                "file; restore a backup with: keystone-desk restore BACKUP "
                                "--db {path}").format(path=paths.database),
                            details="\n".join(check.problems[:20]))
        return False
    backup = check.latest_good
    taken = backup.taken_at.astimezone().strftime("%d %b %Y %H:%M")
    if not _ask_restore(parent, explanation, str(backup.path), taken, check.problems):
        return False
    try:
        result = backups.restore(backup.path, paths.database,
                                 upgrade_backups=paths.upgrade_backups)
    except Exception as exc:  # any failure is explained; the file is as it was
        messages.show_error(parent, tr("StartupCheck", "The backup was not restored"), str(exc))
        return False
    QMessageBox.information(parent, tr("StartupCheck", "Backup restored"), tr(
        "StartupCheck", "The clinic was restored from the backup of {taken}. Work saved after "
                        "that backup is not in it.\n\nThe damaged file was kept as:\n{copy}")
        .format(taken=taken, copy=result.safety_copy))
    return True


def _ask_restore(parent: QWidget | None, explanation: str, backup: str, taken: str,
                 problems: list[str]) -> bool:
    tr = QApplication.translate
    box = QMessageBox(QMessageBox.Icon.Warning, tr("StartupCheck", "The clinic database is damaged"),
                      explanation, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(tr(
        "StartupCheck", "The latest good backup is from {taken}:\n{backup}\n\nRestore it? The "
                        "damaged file is copied aside first, never overwritten.").format(
        taken=taken, backup=backup))
    box.setDetailedText("\n".join(problems[:20]))
    restore = box.addButton(tr("StartupCheck", "Restore the backup"),
                            QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("StartupCheck", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore
