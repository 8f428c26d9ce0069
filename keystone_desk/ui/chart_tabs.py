"""ChartTabs: the main window's tabs, the patient list pinned first and never out of sight.

The list's tab is first, cannot be closed or dragged, and no chart can be dragged in front of it.
Chart tabs shrink (names elided, the full name in the tab's tooltip) before the bar would scroll,
so with 20 charts open the Patients tab is still on screen and one click away; once more than
CROWDED charts are open only the chart in front keeps its close button, which leaves the others
room for a few letters of the name (a middle click or Ctrl+W closes one too). A "Charts" button
beside the tabs lists every open chart and offers "Close other charts" and "Close all charts";
closing goes through `tabCloseRequested`, so the window's own check for unsaved notes runs.
Imports QtCore, QtGui and QtWidgets only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QMenu, QStyle, QTabBar, QTabWidget, QToolButton, QWidget

# A chart tab keeps at least its close button and a few letters of the name.
CHART_TAB_MIN_WIDTH = 56
_CLOSE_OTHERS, _CLOSE_ALL = "close_others", "close_all"
CROWDED = 8
_RIGHT = QTabBar.ButtonPosition.RightSide


class PinnedFirstTabBar(QTabBar):
    """Tab 0 keeps its full width and its place; other tabs may shrink down to a few letters."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pressed = -1
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setUsesScrollButtons(True)  # only past CHART_TAB_MIN_WIDTH a tab; see the module doc
        self.tabMoved.connect(self._on_tab_moved)
        self.currentChanged.connect(self._place_close_buttons)

    def minimumTabSizeHint(self, index: int) -> QSize:
        if index == 0:
            return self.tabSizeHint(0)
        hint = super().minimumTabSizeHint(index)
        return QSize(min(hint.width(), CHART_TAB_MIN_WIDTH), hint.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = self.tabAt(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed == 0:  # the patient list's tab is never dragged
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self._pressed = -1  # (Qt itself asks to close a tab on a middle click)
        QTimer.singleShot(0, self._keep_first_in_front)

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self._place_close_buttons()

    def tabRemoved(self, index: int) -> None:
        super().tabRemoved(index)
        self._place_close_buttons()

    def _place_close_buttons(self, *_: object) -> None:
        """Every chart tab has a close button, or when crowded only the one in front."""
        if not self.tabsClosable():
            return
        crowded = self.count() - 1 > CROWDED
        for index in range(1, self.count()):
            wanted = not crowded or index == self.currentIndex()
            button = self.tabButton(index, _RIGHT)
            if wanted and button is None:
                self.setTabButton(index, _RIGHT, self._close_button())
            elif not wanted and button is not None:
                self.setTabButton(index, _RIGHT, None)
                button.deleteLater()

    def _close_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        button.setIconSize(QSize(10, 10))
        button.setFixedSize(16, 16)
        button.setToolTip(self.tr("Close chart"))
        button.setAccessibleName(self.tr("Close chart"))
        button.clicked.connect(self._on_close_button_clicked)
        return button

    def _on_close_button_clicked(self) -> None:
        sender = self.sender()
        for index in range(1, self.count()):
            if self.tabButton(index, _RIGHT) is sender:
                self.tabCloseRequested.emit(index)
                return

    def _on_tab_moved(self, _from: int, _to: int) -> None:
        QTimer.singleShot(0, self._keep_first_in_front)

    def _keep_first_in_front(self) -> None:
        """Put the pinned tab back in front once a drag is over."""
        tabs = self.parentWidget()
        if not isinstance(tabs, ChartTabs) or QGuiApplication.mouseButtons():
            return
        index = tabs.indexOf(tabs.pinned)
        if index > 0:
            self.moveTab(index, 0)


class ChartTabs(QTabWidget):
    """The patient list first, then one closable tab per open chart."""

    def __init__(self, pinned: QWidget, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pinned = pinned
        self.setTabBar(PinnedFirstTabBar(self))
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self._menu = QMenu(self)
        self.charts_button = QToolButton(self)
        self.charts_button.setObjectName("open_charts")
        self.charts_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.charts_button.setMenu(self._menu)
        self.charts_button.setAccessibleName(self.tr("Open charts"))
        self.charts_button.setToolTip(self.tr("Every open chart; close the others"))
        self.setCornerWidget(self.charts_button, Qt.Corner.TopRightCorner)
        self._menu.aboutToShow.connect(self._on_menu_about_to_show)
        self._menu.triggered.connect(self._on_menu_triggered)
        self.addTab(pinned, title)
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            self.tabBar().setTabButton(0, side, None)  # the list tab cannot be closed

    def charts(self) -> list[QWidget]:
        return [w for i in range(1, self.count()) if (w := self.widget(i)) is not None]

    def close_other_charts(self, keep: QWidget | None = None) -> None:
        """Ask to close every chart but `keep` (None: all of them), last first."""
        for index in range(self.count() - 1, 0, -1):
            if self.widget(index) is not keep:
                self.tabCloseRequested.emit(index)

    def menu_actions(self) -> list[QAction]:
        """The Charts menu as it would show now (tests and the menu itself read it)."""
        self._on_menu_about_to_show()
        return [a for a in self._menu.actions() if not a.isSeparator()]

    # --- reacting ------------------------------------------------------------------------------

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        if index > 0:
            self.setTabToolTip(index, self.tabText(index))
        self._update_button()

    def tabRemoved(self, index: int) -> None:
        super().tabRemoved(index)
        self._update_button()

    def _update_button(self) -> None:
        button = getattr(self, "charts_button", None)  # not yet built, or already torn down
        if button is None:
            return
        count = self.count() - 1
        button.setText(self.tr("Charts ({count})").format(count=count))
        button.setVisible(count > 0)

    def _on_menu_about_to_show(self) -> None:
        """One entry per tab (the list first), then the closing entries; each entry's data says
        what it does (_on_menu_triggered)."""
        self._menu.clear()
        current = self.currentWidget()
        for index in range(self.count()):
            action = self._menu.addAction(self.tabText(index))
            action.setData(self.widget(index))
            action.setCheckable(True)
            action.setChecked(self.widget(index) is current)
            if index == 0:
                self._menu.addSeparator()
        self._menu.addSeparator()
        others = self._menu.addAction(self.tr("Close other charts"))
        others.setData(_CLOSE_OTHERS)
        others.setEnabled(current is not self.pinned and len(self.charts()) > 1)
        close_all = self._menu.addAction(self.tr("Close all charts"))
        close_all.setData(_CLOSE_ALL)
        close_all.setEnabled(bool(self.charts()))

    def _on_menu_triggered(self, action: QAction) -> None:
        what = action.data()
        if what == _CLOSE_OTHERS:
            self.close_other_charts(self.currentWidget())
        elif what == _CLOSE_ALL:
            self.close_other_charts(None)
        elif isinstance(what, QWidget) and self.indexOf(what) >= 0:
            self.setCurrentWidget(what)
