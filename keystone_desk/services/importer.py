"""PatientImportService: register patients from a CSV file, all or nothing.

The file is UTF-8 (a byte-order mark is fine) with a header row naming intake fields
(domain.intake.Intake; `phone` means `mobile_phone`). Each red-flag question may be a column named
after its RedFlag value, answered yes, no or left blank (not asked); `red_flags` lists those
answered yes, or says `none` when every one was answered no. The medication questions are yes, no
or blank (not asked) too: a blank is never read as "no". The least a file needs is
`first_name,last_name,date_of_birth,phone,email`: a missing or empty `sex` is recorded as
"undisclosed", and the report says for how many patients. Every cell of every row is checked before
anything is written; problems are reported by file line and column and then nothing is imported.
A clean file goes in through PatientService.register_many: one transaction, one audit event per
patient. Patients already registered, and rows repeating an earlier row, are reported and skipped.
No Qt, no SQL. Documented for users in docs/command-line.md.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.bulk import RowProblem, RowsRejectedError
from ..domain.errors import KeystoneError
from ..domain.intake import Answer, Intake, RedFlag, Sex, read_answer
from ..domain.patients import PatientId
from ..domain.users import User
from .bulk_registration import Progress
from .patients import PatientService

REQUIRED_COLUMNS = ("first_name", "last_name", "date_of_birth", "phone", "email")
# Many systems export no sex column: it then reads as "prefer not to say", never a guess.
SEX_WHEN_NOT_GIVEN = Sex.UNDISCLOSED
ALIASES = {"phone": "mobile_phone"}
RED_FLAGS_COLUMN = "red_flags"
NO_RED_FLAGS_WORD = "none"  # in `red_flags`: every question was asked and answered no
# Every column a file may have, in the order the documentation lists them.
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    *(f.name for f in dataclasses.fields(Intake)
      if f.name not in REQUIRED_COLUMNS and f.name not in ALIASES.values()
      and f.name != "red_flags_denied"),
    *(flag.value for flag in RedFlag),
)
_FLAG_SEPARATORS = re.compile(r"[;,|]")
_RED_FLAG_VALUES = tuple(flag.value for flag in RedFlag)
_FIELDS = ({f.name for f in dataclasses.fields(Intake)} - {"red_flags_denied"}
           | set(_RED_FLAG_VALUES))


class ImportFileError(KeystoneError):
    """The file cannot be read at all (missing, not a file, unreadable)."""


@dataclass(frozen=True, slots=True)
class ImportedDuplicate:
    """A row not imported because the patient is already registered or listed earlier."""

    line: int
    display_name: str
    date_of_birth: date
    existing: tuple[PatientId, ...] = ()
    earlier_line: int | None = None

    @property
    def reason(self) -> str:
        if self.existing:
            return "already registered as patient " + ", ".join(f"#{i}" for i in self.existing)
        return f"repeats line {self.earlier_line}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    imported: int  # patients created (would be created, for a dry run)
    duplicates: tuple[ImportedDuplicate, ...]
    created: tuple[PatientId, ...]  # empty for a dry run
    dry_run: bool = False
    sex_undisclosed: int = 0  # of those imported, how many had no sex given (set "undisclosed")


@dataclass(frozen=True, slots=True)
class _Table:
    header: dict[str, str]  # field name -> column name as the file spells it
    rows: list[dict[str, object]]
    lines: list[int]  # the line each row starts on
    problems: list[RowProblem]  # rows that could not be read (their cells are not in `rows`)
    sex_not_given: frozenset[int] = frozenset()  # positions of rows set to SEX_WHEN_NOT_GIVEN


class PatientImportService:
    def __init__(self, patients: PatientService):
        self._patients = patients

    def import_file(self, actor: User, path: Path | str, *, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportReport:
        """Import a CSV file. Raises RowsRejectedError (row = line number) or ImportFileError."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        return self.import_bytes(actor, data, source=f"import {path.name}", dry_run=dry_run,
                                 progress=progress)

    def import_bytes(self, actor: User, data: bytes, *, source: str = "import",
                     dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
        """Import CSV file contents; `source` goes into each new patient's audit event."""
        table = read_table(data)
        problems = list(table.problems)
        try:
            result = self._patients.register_many(actor, table.rows, source=source,
                                                  dry_run=dry_run or bool(problems),
                                                  progress=progress)
        except RowsRejectedError as exc:
            problems.extend(
                RowProblem(table.lines[p.row], _column(p.field, table.header), p.message)
                for p in exc.problems
            )
        if problems:
            raise RowsRejectedError(sorted(problems, key=lambda p: p.row)) from None
        duplicates = tuple(
            ImportedDuplicate(table.lines[d.row], d.display_name, d.date_of_birth, d.existing,
                              None if d.earlier_row is None else table.lines[d.earlier_row])
            for d in result.duplicates
        )
        undisclosed = sum(1 for row in result.created_rows if row in table.sex_not_given)
        return ImportReport(result.count, duplicates, result.created, dry_run, undisclosed)


def read_table(data: bytes) -> _Table:
    """Decode and parse the file, checking the header and the shape of every row.

    Raises RowsRejectedError when the rows cannot be read at all (encoding, header); problems
    with single rows are returned with the table so they are reported with the others.
    """
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    problems: list[RowProblem] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(RowProblem(start, "", f"This line cannot be read as CSV ({exc})."))
    if not records:
        raise RowsRejectedError(problems or [RowProblem(1, "", "The file is empty: it needs a "
                                                               "header row naming the columns.")])
    (header_line, names), body = records[0], records[1:]
    header = _check_header(names, header_line, problems)
    if problems:
        raise RowsRejectedError(problems)
    rows: list[dict[str, object]] = []
    lines: list[int] = []
    sex_not_given: set[int] = set()
    for line, cells in body:
        if len(cells) != len(names):
            problems.append(RowProblem(line, "", f"This row has {len(cells)} cells but the "
                                       f"header has {len(names)}; check for a stray comma or "
                                       "an unclosed quote."))
            continue
        raw = _row_values(cells, names, line, problems)
        if not str(raw.get("sex") or "").strip():
            raw["sex"] = SEX_WHEN_NOT_GIVEN.value
            sex_not_given.add(len(rows))
        rows.append(raw)
        lines.append(line)
    return _Table(header, rows, lines, problems, frozenset(sex_not_given))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RowsRejectedError([RowProblem(
            line, "", "The file is not UTF-8 text. In a spreadsheet, save it as "
                      "\"CSV UTF-8\"."
        )]) from None


def field_for_column(column: str) -> str:
    """The intake field a header cell names ('Date of birth' and 'phone' are understood)."""
    name = column.strip().lower().replace(" ", "_")
    return ALIASES.get(name, name)


def _check_header(names: list[str], line: int, problems: list[RowProblem]) -> dict[str, str]:
    """Field -> column as the file spells it; problems for unknown, repeated or missing columns."""
    header: dict[str, str] = {}
    for column in names:
        field = field_for_column(column)
        if field not in _FIELDS:
            problems.append(RowProblem(line, column, "Unknown column. The columns a file may "
                                                      "have are listed in docs/command-line.md."))
        elif field in header:
            problems.append(RowProblem(line, column, "This column appears more than once."))
        header.setdefault(field, column)
    for required in REQUIRED_COLUMNS:
        if field_for_column(required) not in header:
            problems.append(RowProblem(line, required, "Required column is missing."))
    return header


def _row_values(cells: list[str], names: list[str], line: int,
                problems: list[RowProblem]) -> dict[str, object]:
    raw: dict[str, object] = {}
    listed: tuple[str, str] | None = None  # (column, cell) of `red_flags`
    for column, cell in zip(names, cells, strict=True):
        field = field_for_column(column)
        if field == RED_FLAGS_COLUMN:
            listed = column, cell
        else:
            raw[field] = cell
    if listed is not None:
        _read_red_flags_list(raw, *listed, line, problems)
    return raw


def _read_red_flags_list(raw: dict[str, object], column: str, cell: str, line: int,
                         problems: list[RowProblem]) -> None:
    """Fold the `red_flags` cell into the per-question answers in `raw`: the flags it names are
    yes, `none` makes every question no. A question's own column may repeat the answer but not
    contradict it; a question neither names stays as its own column says (blank: not asked)."""
    words = [w.strip() for w in _FLAG_SEPARATORS.split(cell) if w.strip()]
    if [w.lower() for w in words] == [NO_RED_FLAGS_WORD]:
        answers = dict.fromkeys(_RED_FLAG_VALUES, Answer.NO)
    else:
        answers = {}
        for word in words:
            flag = field_for_column(word)
            if flag in _RED_FLAG_VALUES:
                answers[flag] = Answer.YES
            else:
                problems.append(RowProblem(line, column, f"Unknown red flag {word!r}; use any "
                                           f"of: {', '.join(_RED_FLAG_VALUES)}, or "
                                           f"{NO_RED_FLAGS_WORD!r} when every answer was no."))
    for flag, answer in answers.items():
        own = read_answer(raw.get(flag))
        if own is Answer.NOT_ASKED and not str(raw.get(flag) or "").strip():
            raw[flag] = answer.value
        elif own is not None and own is not answer:
            problems.append(RowProblem(line, column, f"{RED_FLAGS_COLUMN} says {flag} is "
                                       f"{answer.value} but its own column says {own.value}."))


def _column(field: str, header: dict[str, str]) -> str:
    """The file's own column name for a domain field in a problem report."""
    if field in header:
        return header[field]
    return field
