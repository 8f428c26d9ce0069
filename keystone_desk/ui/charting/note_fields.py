"""Inputs of a clinical note: the intake form's labelled fields (label as buddy and accessible
name, a message line beneath for errors), plus what a note adds — locking them once signed.

Qt and pure domain helpers only; no services, no store.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ...domain.errors import FieldProblem
from ..patients.intake_fields import (
    ChoiceField,
    DateField,
    IntakeField,
    MultiLineField,
    TextField,
)

__all__ = ["ChoiceField", "DateField", "IntakeField", "MultiLineField", "TextField",
           "set_read_only", "show_problems"]

# Locked inputs look like a record, not a form: grey, flat, still selectable.
READ_ONLY_STYLE = (
    "QLineEdit:read-only { background: #f3f4f6; color: #1f2328; border: 1px solid #c8ccd0; "
    "border-radius: 2px; padding: 3px 4px; } "
    "QPlainTextEdit:read-only { background: #f3f4f6; color: #1f2328; "
    "border: 1px solid #c8ccd0; }")


def set_read_only(widget: QWidget, read_only: bool) -> None:
    """Typing changes nothing; text stays selectable so it can still be copied."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(read_only)
    else:  # pick-lists and ticks have no read-only state of their own
        widget.setEnabled(not read_only)


def show_problems(fields: Iterable[IntakeField],
                  problems: list[FieldProblem]) -> list[FieldProblem]:
    """Show each problem under its field; returns those no field here owns."""
    fields = list(fields)
    keys = {field.key for field in fields}
    for field in fields:
        messages = [p.message for p in problems if p.field == field.key]
        if messages:
            field.show_error(" ".join(messages))
        else:
            field.clear_error()
    return [p for p in problems if p.field not in keys]
