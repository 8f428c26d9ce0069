"""Before the clinic opens: quick-check the database file; if it is damaged, explain in plain words
and offer the latest good backup (restored after a safety copy of the damaged file) or quitting.

`database_is_usable(paths)` is the one call application.py makes. The damaged file is never
overwritten without a copy (services.backups.restore takes it first). Imports QtWidgets and
services only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..services import backups
from ..settings import Paths
from . import messages


def database_is_usable(paths: Paths, parent: QWidget | None = None) -> bool:
    """True to go on opening the clinic; False to quit (the person chose to, or nothing helps)."""
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
    except Exception as exc:  # noqa: BLE001 - any failure is explained; the file is as it was
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
