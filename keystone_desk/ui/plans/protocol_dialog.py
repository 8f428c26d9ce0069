"""ApplyProtocolDialog: choose a loading protocol, its start date and the tendinopathy site.

The protocols (content from resources/protocols, as domain.protocols.Protocol) are listed on the
left; the chosen one's summary, who it is for, its phases, the evidence and its sources show on
the right. Under them the start date (with the phase it puts the patient in today, from the
domain's week rule) and the site. `submitted` hands over (protocol id, start date, site or None
for "as the evaluation records"); the window applies it and calls `accept()` or
`show_problems()`. Qt and domain only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldProblem
from ...domain.protocols import (
    APPLICABILITY_LABELS,
    Applicability,
    Protocol,
    phase_for_week,
    week_of,
)
from ..display_text import format_date
from .list_model import RecordListModel, RecordRole
from .plan_inputs import ERROR_STYLE, Labelled, date_edit, from_qdate, to_qdate


@dataclass(frozen=True, slots=True)
class ProtocolChoice:
    protocol_id: str
    start_date: date
    site: Applicability | None  # None: as the latest signed evaluation records


def sites_text(protocol: Protocol) -> str:
    sites = [APPLICABILITY_LABELS[s].lower() for s in Applicability
             if s in protocol.applicability]
    return " and ".join(sites) + " tendinopathy"


class ApplyProtocolDialog(QDialog):
    submitted = Signal(object)  # ProtocolChoice

    def __init__(self, protocols: Sequence[Protocol], today: date,
                 parent: QWidget | None = None, *, current_id: str = ""):
        super().__init__(parent)
        self._today = today
        self.setWindowTitle(self.tr("Apply a protocol"))
        self._model = RecordListModel(lambda p: p.name, parent=self)
        self._model.set_rows(protocols)
        self._list = QListView()
        self._list.setModel(self._model)
        self._list.setAccessibleName(self.tr("Protocols"))
        self._list.setFixedWidth(290)
        self._list.setWordWrap(True)
        self._list.setSpacing(3)
        self._list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._details = QTextBrowser()
        self._details.setOpenExternalLinks(True)
        self._details.setAccessibleName(self.tr("About the protocol"))
        self._start = date_edit()
        self._start.setDate(to_qdate(today))
        self._site = QComboBox()
        self._site.addItem(self.tr("As the evaluation records"), None)
        for site in Applicability:
            self._site.addItem(self.tr(APPLICABILITY_LABELS[site]), site)
        self.start_field = Labelled(self.tr("&Start date"), self._start)
        self.site_field = Labelled(self.tr("S&ite"), self._site)
        self._general = QLabel()
        self._general.setStyleSheet(ERROR_STYLE)
        self._general.setWordWrap(True)
        self._general.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._apply = self._buttons.addButton(self.tr("Apply protocol"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self._apply.setDefault(True)
        form = QFormLayout()
        form.addRow(self.start_field.label, self.start_field.cell)
        form.addRow(self.site_field.label, self.site_field.cell)
        right = QVBoxLayout()
        right.addWidget(self._details, 1)
        right.addLayout(form)
        heading = QLabel(self.tr("Protocols"))
        heading.setStyleSheet("font-weight: 600;")
        left = QVBoxLayout()
        left.addWidget(heading)
        left.addWidget(self._list, 1)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)
        self.resize(860, 600)
        self._list.selectionModel().currentChanged.connect(self._on_current_changed)
        self._start.dateChanged.connect(self._on_start_date_changed)
        self._site.currentIndexChanged.connect(self._on_site_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        rows = [p.id for p in protocols]
        self.select(current_id if current_id in rows else (rows[0] if rows else ""))

    # ----- public

    def select(self, protocol_id: str) -> None:
        for row, protocol in enumerate(self._model.rows()):
            if protocol.id == protocol_id:
                self._list.selectionModel().setCurrentIndex(
                    self._model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def protocol(self) -> Protocol | None:
        found = self._list.currentIndex().data(RecordRole)
        return found if isinstance(found, Protocol) else None

    def choice(self) -> ProtocolChoice | None:
        protocol = self.protocol()
        if protocol is None:
            return None
        site = self._site.currentData()
        return ProtocolChoice(protocol.id, from_qdate(self._start.date()),
                              site if isinstance(site, Applicability) else None)

    def set_site(self, site: Applicability | None) -> None:
        self._site.setCurrentIndex(max(0, self._site.findData(site)))

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        general = []
        for problem in problems:
            if problem.field == "start_date":
                self.start_field.show_error(problem.message)
            elif problem.field == "protocol":
                self.site_field.show_error(problem.message)
            else:
                general.append(problem.message)
        self._general.setText("\n".join(general))
        self._general.setVisible(bool(general))

    # ----- slots

    def _on_current_changed(self, *_: object) -> None:
        protocol = self.protocol()
        self._details.setHtml(_details_html(protocol) if protocol else "")
        self._on_site_changed()
        self._on_start_date_changed()

    def _on_site_changed(self, *_: object) -> None:
        protocol, site = self.protocol(), self._site.currentData()
        if protocol is not None and isinstance(site, Applicability) \
                and site not in protocol.applicability:
            self.site_field.show_error(self.tr("{name} is for {sites} only.").format(
                name=protocol.name, sites=sites_text(protocol)))
        else:
            self.site_field.clear_error()
        self._apply.setEnabled(protocol is not None and not self.site_field.error
                               and not self.start_field.error)

    def _on_start_date_changed(self, *_: object) -> None:
        protocol = self.protocol()
        start = from_qdate(self._start.date())
        if protocol is None:
            return
        phase = phase_for_week(protocol, week_of(start, max(self._today, start)))
        if phase is None:
            self.start_field.show_error(self.tr(
                "Started on {date}, {name} would already be over.").format(
                date=format_date(start), name=protocol.name))
        else:
            self.start_field.clear_error()
            self.start_field.set_hint(self.tr("Today is in phase {n}, {name} ({weeks}).").format(
                n=phase.number, name=phase.name, weeks=phase.weeks_text))
        self._on_site_changed()

    def _on_buttons_accepted(self) -> None:
        choice = self.choice()
        if choice is not None and self._apply.isEnabled():
            self.submitted.emit(choice)


def _details_html(protocol: Protocol) -> str:
    e = html.escape
    parts = [f"<h3>{e(protocol.name)}</h3>", f"<p>{e(protocol.summary)}</p>",
             f"<p><b>For:</b> {e(sites_text(protocol))}.</p>"]
    if protocol.early_phase_option:
        parts.append("<p><b>An early-phase option</b>, to start with before a full loading "
                     "programme.</p>")
    parts.append("<p><b>Phases</b></p><ul>")
    for phase in protocol.phases:
        goal = f" — {e(phase.goal)}" if phase.goal else ""
        parts.append(f"<li>{phase.number}. {e(phase.name)} ({e(phase.weeks_text)}){goal}</li>")
    parts.append("</ul>")
    if protocol.evidence_note:
        parts.append(f"<p><b>Evidence:</b> {e(protocol.evidence_note)}</p>")
    if protocol.citations:
        parts.append("<p><b>Sources</b></p><ul>")
        for citation in protocol.citations:
            link = f' <a href="{e(citation.url)}">link</a>' if citation.url else ""
            parts.append(f"<li>{e(citation.text)}{link}</li>")
        parts.append("</ul>")
    return "".join(parts)
