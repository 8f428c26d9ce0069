"""Finding what is on screen the way a person does: by the words shown, never by object names.

Buttons, menu actions, inputs (by the label beside them, whose buddy must also be announced under
the same name), labels, rows of a list or tree, and top-level windows by their title. Only what is
visible counts: a hidden button is not there for a person. Each finder fails with what it did see,
so a journey that breaks says where.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QWidget,
)

from tests.ui.find_widgets import visible_text

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A label's text as read: rich-text tags dropped, line breaks as spaces, entities decoded."""
    text = _TAG.sub(" ", text.replace("<br>", "\n"))
    for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'),
                         ("&#x27;", "'"), ("&#39;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return " ".join(text.split())


def buttons(root: QWidget, text: str) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton)
            if b.isVisible() and visible_text(b.text()) == text]


def button(root: QWidget, text: str) -> QAbstractButton:
    """The one visible button reading `text` under `root`."""
    found = buttons(root, text)
    if len(found) != 1:
        shown = sorted({visible_text(b.text()) for b in root.findChildren(QAbstractButton)
                        if b.isVisible() and b.text()})
        raise AssertionError(f"{len(found)} visible buttons read {text!r} in "
                             f"{root.windowTitle() or type(root).__name__}; shown: {shown}")
    return found[0]


def has_button(root: QWidget, text: str) -> bool:
    return bool(buttons(root, text))


def action(window: QWidget, text: str) -> QAction:
    """The menu or toolbar action reading `text`, offered (visible) to the signed-in person."""
    found = [a for a in window.findChildren(QAction)
             if a.isVisible() and visible_text(a.text()) == text]
    if len(found) != 1:
        offered = sorted({visible_text(a.text()) for a in window.findChildren(QAction)
                          if a.isVisible() and a.text()})
        raise AssertionError(f"{len(found)} actions read {text!r}; offered: {offered}")
    return found[0]


def offers_action(window: QWidget, text: str) -> bool:
    return any(a.isVisible() and visible_text(a.text()) == text
               for a in window.findChildren(QAction))


def field(root: QWidget, label: str) -> QWidget:
    """The input beside the visible label `label`, announced by the same name."""
    found = [lb for lb in root.findChildren(QLabel)
             if lb.isVisible() and lb.buddy() is not None
             and visible_text(lb.text()).rstrip(":") == label]
    if len(found) != 1:
        shown = sorted({visible_text(lb.text()) for lb in root.findChildren(QLabel)
                        if lb.isVisible() and lb.buddy() is not None})
        raise AssertionError(f"{len(found)} visible labels read {label!r} in "
                             f"{root.windowTitle() or type(root).__name__}; labels: {shown}")
    widget = found[0].buddy()
    assert widget.accessibleName() == label, (
        f"the input labelled {label!r} is announced as {widget.accessibleName()!r}")
    return widget


def texts(root: QWidget) -> list[str]:
    """Every visible label's text under `root`, as read."""
    return [plain(lb.text()) for lb in root.findChildren(QLabel) if lb.isVisible() and lb.text()]


def label_with(root: QWidget, words: str) -> str:
    """The one visible label whose text contains `words` (as read)."""
    found = [t for t in texts(root) if words in t]
    assert len(found) == 1, f"{len(found)} visible labels contain {words!r}: {found}"
    return found[0]


def shows(root: QWidget, words: str) -> bool:
    return any(words in t for t in texts(root))


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: it has one column
        return 1


def _indexes(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[QModelIndex]:
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.rowCount(index) > 0:
                yield from _indexes(model, index)


def rows(view: QAbstractItemView) -> list[str]:
    """Each row of a list, table or tree as read: its cells joined by ' | ' (trees: every level)."""
    model = view.model()
    lines: dict[tuple[int, ...], list[str]] = {}
    for index in _indexes(model, QModelIndex()):
        key, at = [], index
        while at.isValid():
            key.insert(0, at.row())
            at = at.parent()
        lines.setdefault(tuple(key), []).append(str(index.data() or ""))
    return [" | ".join(cells) for _, cells in sorted(lines.items())]


def row_with(view: QAbstractItemView, words: str) -> QModelIndex:
    """The first cell (in reading order) of the one row whose cells contain `words`."""
    model = view.model()
    found: list[QModelIndex] = []
    for index in _indexes(model, QModelIndex()):
        if index.column() == 0:
            cells = [str(index.siblingAtColumn(c).data() or "")
                     for c in range(_columns(model, index.parent()))]
            if any(words in cell for cell in cells):
                found.append(index)
    assert len(found) == 1, f"{len(found)} rows contain {words!r}: {rows(view)}"
    return found[0]


def views(root: QWidget, name: str) -> QAbstractItemView:
    """The visible list, table or tree announced as `name`."""
    found = [v for v in root.findChildren(QAbstractItemView)
             if v.isVisible() and v.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} visible views are announced as {name!r}"
    return found[0]


def top_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def window_titled(start: str) -> QWidget:
    """The one visible top-level window whose title starts with `start`."""
    found = [w for w in top_windows() if w.windowTitle().startswith(start)]
    assert len(found) == 1, (f"{len(found)} windows are titled {start!r}…; open: "
                             f"{[w.windowTitle() for w in top_windows()]}")
    return found[0]


def is_read_only(widget: QWidget) -> bool:
    read_only = getattr(widget, "isReadOnly", None)
    return not widget.isEnabled() or (callable(read_only) and bool(read_only()))



def everything_shown(root: QWidget) -> str:
    """All the words a person can read in `root`: labels, inputs, text areas, rows, tab names."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTabWidget, QTextEdit

    parts = texts(root)
    parts += [w.text() for w in root.findChildren(QLineEdit) if w.isVisible()]
    parts += [w.toPlainText() for w in root.findChildren(QPlainTextEdit) if w.isVisible()]
    parts += [w.toPlainText() for w in root.findChildren(QTextEdit) if w.isVisible()]
    for view in root.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None:
            parts += rows(view)
    for tab_widget in root.findChildren(QTabWidget):
        if tab_widget.isVisible():
            parts += [tab_widget.tabText(i) for i in range(tab_widget.count())]
    return "\n".join(parts)
