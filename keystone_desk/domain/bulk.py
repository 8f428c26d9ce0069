"""Problems found when many intake rows are checked together (bulk registration, CSV import).

A batch is all or nothing: every row is checked first, and one `RowsRejectedError` lists every
problem of every row, so a person can fix a file in one pass. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import KeystoneError


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem in one row.

    `row` says where the row is: its position in the batch (from 0) for `register_many`, its line
    number in the file (from 1) for an import. `field` is the field or column, '' for the whole row.
    """

    row: int
    field: str
    message: str


class RowsRejectedError(KeystoneError):
    """Some rows are not acceptable; nothing was written."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = list(problems)
        rows = len({p.row for p in self.problems})
        super().__init__(
            f"Nothing was saved: {len(self.problems)} problem{'s' * (len(self.problems) != 1)} "
            f"in {rows} row{'s' * (rows != 1)}."
        )
