"""BackupDialog: the administrator's backup preferences (folder, keep N, daily, on exit), the
backups already in the folder, and Restore… with confirmation.

Like every dialog it never writes to the database itself: `choice()` returns the preferences, and
`restore_requested` names the backup the person confirmed; the caller does the work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.backups import MAX_KEEP, MIN_KEEP, BackupSettings
from ...services.backups import BackupFile
from .. import messages


class BackupDialog(QDialog):
    restore_requested = Signal(Path)

    def __init__(self, settings: BackupSettings, backups: list[BackupFile],
                 parent: QWidget | None = None, *, can_restore: bool = True):
        super().__init__(parent)
        self._settings, self._backups = settings, backups
        self._can_restore = can_restore  # administrators only; hidden for everyone else
        self._build_ui()
        self._connect_signals()
        self._load()

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Backups"))
        self._folder = QLineEdit()
        self._browse = QPushButton(self.tr("Choose…"))
        self._keep = QSpinBox()
        self._keep.setRange(MIN_KEEP, MAX_KEEP)
        self._keep.setSuffix(self.tr(" backups"))
        self._daily = QCheckBox(self.tr("Back up once a day"))
        self._on_exit = QCheckBox(self.tr("Back up when Keystone Desk closes"))
        self._list = QListWidget()
        self._last = QLabel()
        self._restore = QPushButton(self.tr("Restore…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self._folder, 1)
        folder_row.addWidget(self._browse)
        form = QFormLayout()
        for label, widget, row in ((self.tr("Backup &folder:"), self._folder, folder_row),
                                   (self.tr("&Keep the newest:"), self._keep, self._keep)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(caption, row)
        form.addRow("", self._daily)
        form.addRow("", self._on_exit)
        existing = QLabel(self.tr("&Backups in the folder:"))
        existing.setBuddy(self._list)
        self._list.setAccessibleName(self.tr("Backups in the folder"))
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                         | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._last)
        layout.addWidget(existing)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._restore)
        self._restore.setVisible(self._can_restore)
        layout.addWidget(self._buttons)
        self.resize(560, 420)

    def _connect_signals(self) -> None:
        self._browse.clicked.connect(self._on_browse_clicked)
        self._restore.clicked.connect(self._on_restore_clicked)
        self._list.currentRowChanged.connect(self._on_list_current_row_changed)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    def _load(self) -> None:
        s = self._settings
        self._folder.setText(s.folder)
        self._keep.setValue(s.keep)
        self._daily.setChecked(s.daily)
        self._on_exit.setChecked(s.on_exit)
        last = (s.last_backup_at.astimezone().strftime("%d %b %Y %H:%M")
                if s.last_backup_at else self.tr("never"))
        self._last.setText(self.tr("Last backup: {when}").format(when=last))
        for backup in self._backups:
            text = self.tr("{when} — {size} — {name}").format(
                when=backup.taken_at.astimezone().strftime("%d %b %Y %H:%M"),
                size=f"{backup.size / (1024 * 1024):.1f} MB", name=backup.path.name)
            item = QListWidgetItem(text)
            item.setData(256, str(backup.path))  # Qt.UserRole
            self._list.addItem(item)
        if self._backups:
            self._list.setCurrentRow(0)
        self._restore.setEnabled(bool(self._backups))

    def choice(self) -> tuple[str, int, bool, bool]:
        """(folder, keep, daily, on exit) as the person left them."""
        return (self._folder.text().strip(), self._keep.value(), self._daily.isChecked(),
                self._on_exit.isChecked())

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"),
                                                  self._folder.text())
        if folder:
            self._folder.setText(folder)

    def _on_list_current_row_changed(self, row: int) -> None:
        self._restore.setEnabled(row >= 0)

    def _on_restore_clicked(self) -> None:
        item = self._list.currentItem()
        if item is None:
            return
        if not self._can_restore:
            return
        if messages.confirm(self, self.tr("Restore this backup?"), self.tr(
                "Replace the clinic's records with the backup {name}? Work saved since it was "
                "taken will not be in the restored clinic.").format(name=item.text()),
                self.tr("Restore"), informative=self.tr(
                    "What happens next:\n"
                    "1. Every Keystone Desk window closes (windows with unsaved changes stop "
                    "the restore first).\n"
                    "2. The current database is copied aside as a safety copy.\n"
                    "3. The backup replaces it.\n"
                    "4. You sign in again, on the restored records.\n\n"
                    "Other computers or windows using this clinic file must be closed too.")):
            self.restore_requested.emit(Path(item.data(256)))
