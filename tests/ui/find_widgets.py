"""Finding widgets the way a person does: by the visible label text next to them.

`input_labelled(root, "Search patients")` finds the QLabel showing that text, returns its buddy and
checks that the buddy's accessible name says the same, so every test that uses it also checks the
labelling rule of shared/design.md. Check boxes and buttons carry their own text.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def visible_text(text: str) -> str:
    """Label text as shown: mnemonic ampersands removed ('&&' stays a literal '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def input_labelled(root: QWidget, text: str) -> QWidget:
    labels = [label for label in root.findChildren(QLabel)
              if visible_text(label.text()) == text and label.buddy() is not None]
    assert labels, f"no label {text!r} with a buddy under {type(root).__name__}"
    assert len(labels) == 1, f"{len(labels)} labels read {text!r}"
    field = labels[0].buddy()
    assert field.accessibleName() == text, (
        f"input labelled {text!r} is announced as {field.accessibleName()!r}")
    return field


def button_named(root: QWidget, text: str) -> QAbstractButton:
    found = [b for b in root.findChildren(QAbstractButton) if visible_text(b.text()) == text]
    assert len(found) == 1, f"{len(found)} buttons read {text!r}"
    return found[0]


def action_named(root: QWidget, text: str) -> QAction:
    """A menu or toolbar action by its visible text."""
    found = [a for a in root.findChildren(QAction) if visible_text(a.text()) == text]
    assert len(found) == 1, f"{len(found)} actions read {text!r}"
    return found[0]
