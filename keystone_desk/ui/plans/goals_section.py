"""GoalsSection: the plan's goals in a sortable table, with Add goal…, Edit goal… and status.

Goals are their own records with their own versions, so they are written as soon as a dialog is
accepted (not with the plan's Save): the section calls PlanService.add_goal / update_goal /
set_goal_status itself, shows refusals beside the dialog's fields, and reads the goals and their
checks against the chart back (PlanService.check_goals). A plan must exist first: the window's
`ensure_plan` callback saves a new one and returns its id (or None when it could not).
Qt, the plan service and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ConflictError, KeystoneError, ValidationError
from ...domain.plan_goals import Goal, GoalKind, GoalStatus, GoalTarget
from ...domain.templates import EvaluationTemplate, FieldKind
from .. import messages
from .goal_dialogs import GoalDialog, GoalStatusDialog, MeasureChoice, TestChoice
from .goal_model import GoalColumn, GoalRole, GoalTableModel, SortRole
from .plan_inputs import HINT_STYLE

if TYPE_CHECKING:
    from ...services.session import ClinicSession


def goal_tests(templates: Iterable[EvaluationTemplate], used: Collection[str]
                 ) -> list[TestChoice]:
    """The bilateral tests a goal can target: those of the templates the episode's notes use
    (of every template when they use none)."""
    templates = list(templates)
    chosen = [t for t in templates if t.id in used] or templates
    choices: dict[str, TestChoice] = {}
    for template in chosen:
        for field in template.fields:
            if field.kind is FieldKind.BILATERAL and field.id not in choices:
                choices[field.id] = TestChoice.of(field)
    return list(choices.values())


class GoalsSection(QGroupBox):
    goals_changed = Signal()

    def __init__(self, session: ClinicSession, episode_id: int,
                 measures: Sequence[MeasureChoice], tests: Sequence[TestChoice], today: date,
                 ensure_plan: Callable[[], int | None], parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._plans = session.plans
        self._episode_id = episode_id
        self._measures = list(measures)
        self._tests = list(tests)
        self._today = today
        self._ensure_plan = ensure_plan
        self._dialog: GoalDialog | GoalStatusDialog | None = None
        self._build_ui()
        self._connect_signals()

    @property
    def model(self) -> GoalTableModel:
        return self._model

    @property
    def view(self) -> QTableView:
        return self._view

    def dialog(self) -> QDialog | None:
        """The goal dialog now open, if any (tests drive it)."""
        return self._dialog if self._dialog is not None and self._dialog.isVisible() else None

    def refresh(self) -> None:
        """Read the goals and their checks again, keeping the selected goal selected."""
        selected = self.selected_goal()
        plan = self._plans.for_episode(self._episode_id)
        goals = plan.goals if plan is not None else ()
        self._model.set_rows(goals, self._plans.check_goals(self._episode_id) if goals else ())
        self._view.resizeRowsToContents()
        if selected is not None:
            self.select_goal(int(selected.id))
        self._on_selection_changed()

    def selected_goal(self) -> Goal | None:
        goal = self._view.currentIndex().data(GoalRole)
        return goal if isinstance(goal, Goal) else None

    def select_goal(self, goal_id: int) -> None:
        for row in range(self._proxy.rowCount()):
            index = self._proxy.index(row, GoalColumn.GOAL)
            goal = index.data(GoalRole)
            if isinstance(goal, Goal) and int(goal.id) == goal_id:
                self._view.setCurrentIndex(index)
                return

    # ----- building

    def _build_ui(self) -> None:
        self.setTitle(self.tr("Goals"))
        self._model = GoalTableModel(self._what, self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(SortRole)
        self._view = QTableView()
        self._view.setModel(self._proxy)
        self._view.setAccessibleName(self.tr("Goals"))
        self._view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setSortingEnabled(True)
        self._view.sortByColumn(GoalColumn.TERM, Qt.SortOrder.AscendingOrder)
        self._view.setWordWrap(True)
        self._view.verticalHeader().hide()
        self._view.verticalHeader().setMinimumSectionSize(28)
        header = self._view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(GoalColumn.GOAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GoalColumn.CHART, QHeaderView.ResizeMode.Stretch)
        for column, width in ((GoalColumn.TERM, 50), (GoalColumn.TARGET, 100),
                              (GoalColumn.TARGET_DATE, 88), (GoalColumn.STATUS, 92)):
            self._view.setColumnWidth(column, width)
        self._add = QPushButton(self.tr("&Add goal…"))
        self._edit = QPushButton(self.tr("Edit goal…"))
        self._status = QPushButton(self.tr("Change status…"))
        hint = QLabel(self.tr("Goals are saved as soon as you add or change them. "
                              "\u201cFrom the chart\u201d compares each goal with the latest "
                              "scores and signed test results."))
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self._add, self._edit, self._status):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._view, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)

    def _connect_signals(self) -> None:
        self._add.clicked.connect(self._on_add_clicked)
        self._edit.clicked.connect(self._on_edit_clicked)
        self._status.clicked.connect(self._on_status_clicked)
        self._view.selectionModel().currentChanged.connect(self._on_selection_changed)
        self._view.doubleClicked.connect(self._on_edit_clicked)

    def set_read_only(self) -> None:
        """Goals shown for reading only (a role without plan_write): no buttons, no editing."""
        for button in (self._add, self._edit, self._status):
            button.hide()
        self._view.doubleClicked.disconnect(self._on_edit_clicked)

    def _what(self, target: GoalTarget) -> str:
        if target.kind is GoalKind.MEASURE_SCORE:
            return next((m.short_name for m in self._measures if m.id == target.measure_id),
                        target.measure_id)
        return target.side if target.kind is GoalKind.TEST_COUNT else ""

    # ----- actions

    def _on_selection_changed(self, *_: object) -> None:
        has = self.selected_goal() is not None
        self._edit.setEnabled(has)
        self._status.setEnabled(has)

    def _on_add_clicked(self) -> None:
        if self._ensure_plan() is None:
            return
        self._open(GoalDialog(self._measures, self._tests, self._today, self))

    def _on_edit_clicked(self, *_: object) -> None:
        goal = self.selected_goal()
        if goal is not None:
            dialog = GoalDialog(self._measures, self._tests, self._today, self, goal=goal)
            dialog.setProperty("goal_id", int(goal.id))
            self._open(dialog)

    def _on_status_clicked(self) -> None:
        goal = self.selected_goal()
        if goal is not None:
            dialog = GoalStatusDialog(goal, self)
            dialog.setProperty("goal_id", int(goal.id))
            self._open(dialog)

    def _open(self, dialog: GoalDialog | GoalStatusDialog) -> None:
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = dialog
        dialog.submitted.connect(self._on_dialog_submitted)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_submitted(self, *values: object) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        goal_id = dialog.property("goal_id")
        goal = next((g for g in self._model.goals() if int(g.id) == goal_id), None)
        try:
            if isinstance(dialog, GoalStatusDialog) and goal is not None:
                status, note = values
                assert isinstance(status, GoalStatus) and isinstance(note, str)
                saved = self._plans.set_goal_status(self._session.user, goal.id, status, goal.version,
                                                    note)
            elif isinstance(values[0], GoalTarget) and goal is not None:
                saved = self._plans.update_goal(self._session.user, goal.id, values[0], goal.version)
            else:
                plan_id = self._ensure_plan()
                if plan_id is None or not isinstance(values[0], GoalTarget):
                    return
                saved = self._plans.add_goal(self._session.user, plan_id, values[0])
        except ValidationError as error:
            dialog.show_problems(error.problems)
            return
        except ConflictError as error:
            messages.show_error(self, self.tr("Goal changed"), "\n\n".join((
                str(error), self.tr("The table now shows the latest version; check it and "
                                    "try again."))))
            dialog.reject()
            self.refresh()
            return
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not save the goal"), str(error))
            return
        dialog.accept()
        self.refresh()
        self.select_goal(int(saved.id))
        self.goals_changed.emit()

    def _on_dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if dialog is self._dialog:
            self._dialog = None
        if isinstance(dialog, QDialog):
            dialog.deleteLater()
