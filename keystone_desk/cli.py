"""Command-line front door: `keystone-desk demo | search | import | handout | score | backup |
restore | audit` (backup and restore in cli_backup, audit in cli_audit, a PATIENT argument read by
cli_patient), on the same services as the app (`score` needs no database: it scores
outcome-measure answers from the command line; `handout` writes the same home-program PDF the app
prints; `demo` warns about the demo sign-ins whose passwords are published).

Reached through app.main when the first argument is a subcommand; never imports Qt. Every failure
a person can cause or fix (missing file, not a clinic database, bad CSV rows) is reported on stderr
in plain words with a non-zero exit, never as a traceback. Exit codes: 0 done, 1 refused or
failed, 2 the command line itself is wrong. User guide: docs/command-line.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from . import cli_audit, cli_backup
from .cli_patient import PATIENT_HELP, find_patient
from .cli_sign_in import add_user_argument, sign_in
from .domain.bulk import RowsRejectedError
from .domain.errors import KeystoneError
from .domain.measures import MeasureDefinition, ScoreResult
from .domain.patients import PatientSummary
from .domain.permissions import ROLE_NAMES
from .domain.users import Role, User
from .services.clinic import Clinic
from .services.demo_users import DEMO_USERS
from .services.importer import ImportReport
from .settings import resolve_paths

PROG = "keystone-desk"
BROKEN_PIPE_EXIT = 141  # what a shell reports for a command stopped by a closed pipe (128 + 13)


def run(args: list[str]) -> int:
    """Run one subcommand; returns the process exit code."""
    parser = _parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as exc:  # --help, or a usage error argparse has already explained
        return int(exc.code or 0)
    command: Callable[[argparse.Namespace], int] = options.handler
    try:
        code = command(options)
        sys.stdout.flush()  # a closed pipe shows here, not as noise when Python exits
        return code
    except KeystoneError as exc:
        return _fail(str(exc))
    except sqlite3.DatabaseError as exc:
        return _fail(f"cannot use the clinic database {_db_path(options)}: {exc}.")
    except BrokenPipeError:  # `keystone-desk score … | head`: the reader stopped; not an error
        _stop_writing_to_stdout()
        return BROKEN_PIPE_EXIT
    except OSError as exc:
        return _fail(_os_problem(exc, _db_path(options)))
    except KeyboardInterrupt:
        return _fail("interrupted; nothing more was written.", code=130)


def _os_problem(exc: OSError, database: Path) -> str:
    """An operating-system refusal in plain words, blaming the database only when it is about it
    (its file or its folder)."""
    reason = exc.strerror or str(exc)
    name = exc.filename if isinstance(exc.filename, str | Path) else None
    if name is not None and Path(name) in (database, database.parent):
        return f"cannot open the clinic database {database}: {reason}."
    return f"cannot use {name}: {reason}." if name is not None else f"{reason}."


def _stop_writing_to_stdout() -> None:
    """Point stdout at the null device, so flushing what is left at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture, say)
        pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Keystone Desk command-line tools (run without a subcommand to "
                               "open the app).")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    db_help = "clinic database file (default: $KEYSTONE_DESK_DB, else the app's own database)"

    demo = commands.add_parser("demo", help="fill a clinic database with fictional patients",
                               description="Create (or open) a clinic database and add demo "
                                           "patients: 25 hand-written, then synthetic ones.")
    demo.add_argument("--db", help=db_help)
    add_user_argument(demo)
    demo.add_argument("--patients", type=_count, default=25, metavar="N",
                      help="how many patients (default 25; more than 25 adds synthetic ones)")
    demo.add_argument("--seed", type=int, default=1, metavar="S",
                      help="seed for the synthetic patients (default 1; same seed, same clinic)")
    demo.add_argument("--force", action="store_true",
                      help="add the demo even if the database already has patients")
    demo.set_defaults(handler=_demo)

    search = commands.add_parser("search", help="find patients, as the app's search box does",
                                 description="Search by name, phone, email or date of birth; "
                                             "best matches first.")
    search.add_argument("query", metavar="QUERY", help="what you would type in the search box")
    search.add_argument("--db", help=db_help)
    add_user_argument(search)
    search.add_argument("--json", action="store_true", help="print a JSON list")
    search.add_argument("--limit", type=_count, default=100, metavar="N",
                        help="at most N patients (default 100)")
    search.add_argument("--archived", action="store_true", help="include archived patients")
    search.set_defaults(handler=_search)

    imp = commands.add_parser("import", help="register patients from a CSV file",
                              description="Import patients from a UTF-8 CSV file: every row is "
                                          "checked first; any problem and nothing is imported.")
    imp.add_argument("csv_file", metavar="PATIENTS.csv", type=Path)
    imp.add_argument("--db", help=db_help)
    add_user_argument(imp)
    imp.add_argument("--dry-run", action="store_true",
                     help="check the file and report what would happen; write nothing")
    imp.set_defaults(handler=_import)

    handout = commands.add_parser(
        "handout", help="write a patient's home-program handout as a PDF",
        description="Write the PDF the app prints for the patient's current home program (the "
                    "last version handed out), or version N of it. Recorded in the audit trail.")
    handout.add_argument("patient", metavar="PATIENT", help=PATIENT_HELP)
    handout.add_argument("--db", help=db_help)
    add_user_argument(handout)
    handout.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                         help="where to write the PDF (replaced if it exists)")
    handout.add_argument("--version", type=_count, metavar="N",
                         help="version N of the patient's current program (default: the latest)")
    handout.add_argument("--paper", type=str.lower, choices=("a4", "letter"),
                         help="paper size (default: the program's, else the clinic's)")
    handout.add_argument("--large-print", action="store_true", help="larger type throughout")
    handout.add_argument("--low-ink", action="store_true",
                         help="black and white, no filled areas")
    handout.set_defaults(handler=_handout)

    score = commands.add_parser(
        "score", help="score an outcome measure from its answers (no database needed)",
        description="Score one completed outcome measure and print JSON: the score (null when "
                    "the instrument gives none), its range, direction, MCID and any problems. "
                    "Example: keystone-desk score visa-a 1=7 2=6 3=8 4=8 5=6 6=5 7=4 8B=10")
    score.add_argument("measure", metavar="MEASURE",
                       help="the measure: visa-a, nprs, lefs, psfs or atrs")
    score.add_argument("answers", metavar="ITEM=VALUE", nargs="*",
                       help="an item as printed on the form and the points of the chosen answer")
    score.set_defaults(handler=_score)
    cli_backup.add_commands(commands, db_help)
    cli_audit.add_commands(commands, db_help)
    return parser


def command_list() -> str:
    """The commands and what each does, as this parser's help lists them (for app.py's help and
    its refusal of a word that is not a command)."""
    text = _parser().format_help()
    lines = text[text.index("commands:"):].rstrip().splitlines()
    return "\n".join(line for line in lines if line.strip() != "COMMAND")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, not {text!r}")
    return value


def _open(options: argparse.Namespace, *, must_exist: bool) -> Clinic:
    paths = resolve_paths(options.db)
    if must_exist and not paths.database.is_file():
        raise KeystoneError(f"there is no clinic database at {paths.database} (make one with: "
                            f"{PROG} demo --db {paths.database}).")
    if paths.database.is_dir():
        raise KeystoneError(f"{paths.database} is a folder, not a clinic database file.")
    return Clinic(paths.database, backup_dir=paths.upgrade_backups)


def _demo(options: argparse.Namespace) -> int:
    started = time.perf_counter()
    clinic = _open(options, must_exist=False)
    try:
        session = sign_in(clinic, options)
        existing = session.patients.count(include_archived=True)
        if existing and not options.force:
            return _fail(f"{clinic.path} already has {existing} patients; the demo was not "
                         "added. Use --force to add it anyway, or choose another --db.")
        created = session.demo.load(session.user, options.patients,
                                   options.seed, progress=_progress_printer("Adding patients"))
        elapsed = time.perf_counter() - started
        published = session.auth.demo_password_users()
    finally:
        clinic.close()
    skipped = options.patients - created
    note = f" ({skipped} already there)" if skipped else ""
    print(f"Created {created} demo patient{_s(created)}{note} in {clinic.path} "
          f"in {elapsed:.1f} s.")
    if published:
        print(demo_sign_in_warning(published), file=sys.stderr)
    return 0


def demo_sign_in_warning(users: Sequence[User]) -> str:
    """What `demo` says about the accounts that still sign in with a published demo password."""
    passwords = {demo.username: demo.password for demo in DEMO_USERS}
    order = list(passwords)
    users = sorted(users, key=lambda u: order.index(u.username) if u.username in order else 99)
    rows = [(u.username, ROLE_NAMES[u.role], passwords.get(u.username, "")) for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    table = "\n".join(f"    {name.ljust(widths[0])}  {role.ljust(widths[1])}  {password}"
                      for name, role, password in rows)
    admin = next((u.username for u in users if u.role is Role.ADMINISTRATOR), None)
    change = (f"sign in as {admin}, then File → Users… → Reset password… for each of them"
              if admin else "an administrator uses File → Users… → Reset password…")
    return (f"{PROG}: WARNING: this clinic now has {len(users)} demo sign-in{_s(len(users))} "
            "with passwords published in the\ndocumentation. Anyone who has read it can sign in "
            f"as them:\n{table}\n"
            "Use this database only to try the app, with fictional patients. To keep using it, "
            f"change those\npasswords in the app: {change}\n(or each person: File → Change "
            "password…). The app warns until no demo password is left.")


def _search(options: argparse.Namespace) -> int:
    clinic = _open(options, must_exist=True)
    try:
        found = sign_in(clinic, options).patients.search(options.query,
                                                         include_archived=options.archived,
                                                         limit=options.limit)
    finally:
        clinic.close()
    if options.json:
        print(json.dumps([_as_json(p) for p in found], ensure_ascii=False, indent=2))
    elif found:
        _print_table(found, sys.stdout)
    else:
        print(f"No patients match {options.query!r}.")
    return 0


def _import(options: argparse.Namespace) -> int:
    if not options.csv_file.is_file():
        why = "it is a folder" if options.csv_file.is_dir() else "no such file"
        return _fail(f"cannot read {options.csv_file}: {why}.")
    clinic = _open(options, must_exist=False)
    try:
        session = sign_in(clinic, options)
        report = session.importer.import_file(session.user, options.csv_file,
                                              dry_run=options.dry_run,
                                              progress=_progress_printer("Importing"))
    except RowsRejectedError as exc:
        for problem in exc.problems:
            where = f"line {problem.row}" + (f", column {problem.field}" if problem.field else "")
            print(f"{where}: {problem.message}", file=sys.stderr)
        rows = len({p.row for p in exc.problems})
        return _fail(f"nothing was imported: {len(exc.problems)} problem{_s(len(exc.problems))}"
                     f" on {rows} line{_s(rows)} of {options.csv_file}.")
    finally:
        clinic.close()
    print(_import_summary(report))
    for duplicate in report.duplicates:
        print(f"  line {duplicate.line}: {duplicate.display_name}, born "
              f"{duplicate.date_of_birth.isoformat()}, {duplicate.reason}")
    return 0


def _handout(options: argparse.Namespace) -> int:
    out: Path = options.out
    if out.is_dir():
        return _fail(f"cannot write {out}: it is a folder; give a file name such as "
                     f"{out / 'handout.pdf'}.")
    overrides = {"paper": options.paper, "large_print": options.large_print or None,
                 "low_ink": options.low_ink or None}
    clinic = _open(options, must_exist=True)
    try:
        session = sign_in(clinic, options)
        patient_id = find_patient(session, options.patient)
        program_id, number, data = session.handouts.current_pdf(patient_id, options=overrides)
        if options.version is not None and options.version != number:
            number = options.version
            data = session.handouts.version_pdf(program_id, number, options=overrides)
        try:
            out.write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {out}: {exc.strerror or exc}.")
        session.handouts.record_output(session.user, program_id, number, "cli", str(out))
    finally:
        clinic.close()
    print(f"Wrote {out}: home program version {number} ({len(data) // 1024} KB).")
    return 0


def _score(options: argparse.Namespace) -> int:
    from .content.measures import MeasureCatalog, MeasureDefinitionError
    from .domain.measures import score

    try:
        catalog = MeasureCatalog.load()
    except MeasureDefinitionError as exc:
        return _fail(f"the outcome-measure definitions are broken: {exc}")
    definition = catalog.find(options.measure)
    if definition is None:
        return _fail(f"there is no outcome measure {options.measure!r}; choose one of "
                     f"{', '.join(catalog.ids())}.", code=2)
    answers, malformed = _parse_answers(options.answers)
    if malformed:
        for message in malformed:
            print(f"{PROG}: {message}", file=sys.stderr)
        return _fail("nothing was scored: give each answer as ITEM=VALUE, e.g. 8B=10.", code=2)
    result = score(definition, answers)
    print(json.dumps(score_json(definition, result), ensure_ascii=False, indent=2))
    if result.invalid:
        for message in dict.fromkeys(m for ms in result.errors.values() for m in ms):
            print(f"{PROG}: {message}", file=sys.stderr)
        return _fail(f"the answers are not a valid {definition.short_name}; no score.")
    return 0


def _parse_answers(args: Sequence[str]) -> tuple[dict[str, Fraction], list[str]]:
    answers: dict[str, Fraction] = {}
    malformed = []
    for arg in args:
        item, sep, text = arg.partition("=")
        item, text = item.strip(), text.strip()
        if not sep or not item or not text:
            malformed.append(f"{arg!r} is not ITEM=VALUE (for example 3=8 or 8B=10).")
            continue
        try:
            value = Fraction(text)
        except (ValueError, ZeroDivisionError):
            malformed.append(f"{arg!r}: the value must be a number (the points of the answer).")
            continue
        if item.casefold() in (key.casefold() for key in answers):
            malformed.append(f"{arg!r}: item {item} is given more than once.")
            continue
        answers[item] = value
    return answers, malformed


def score_json(definition: MeasureDefinition, result: ScoreResult) -> dict[str, object]:
    """What `keystone-desk score` prints for one form (see docs/command-line.md)."""
    mcid = definition.mcid
    return {
        "measure": definition.id, "name": definition.name, "version": definition.version,
        "score": _json_number(result.exact), "display": definition.format_score(result.exact)
        or None, "exact": None if result.exact is None else str(result.exact),
        "min": _json_number(definition.scoring.minimum),
        "max": _json_number(definition.scoring.maximum),
        "direction": definition.scoring.direction.value,
        "mcid": _json_number(mcid.points), "mcid_percent": _json_number(mcid.percent),
        "mcid_source": mcid.source, "valid": result.exact is not None and not result.invalid,
        "reason": _why_no_score(definition, result), "prorated": result.prorated,
        "answers": result.answered, "problems": result.problems,
    }


def _why_no_score(definition: MeasureDefinition, result: ScoreResult) -> str | None:
    """One sentence on why these answers give no score (None when they give one)."""
    if result.invalid:
        # A group problem (two item-8 branches) is filed under each branch: say it once.
        errors = dict.fromkeys(m for ms in result.errors.values() for m in ms)
        return f"Not a valid {definition.short_name}: {' '.join(errors)}"
    if result.exact is not None:
        return None
    # The scorer's last word on an incomplete form is its rule ("No score: LEFS is scored with
    # no item unanswered.", "PSFS needs at least 3 answered items…").
    rule = result.problems[-1] if result.problems else "No score for these answers."
    blank = [i.id for i in definition.items
             if not i.optional and not i.group and i.id not in result.answered]
    blank += [g.id for g in definition.groups if not any(i in result.answered for i in g.items)]
    if not blank or not rule.startswith("No score"):
        return rule
    return (f"Not complete: {_item_runs(blank)} {'is' if len(blank) == 1 else 'are'} not "
            f"answered. {rule}")


def _item_runs(ids: Sequence[str]) -> str:
    """'item 7', 'items 3 to 20', 'items 2, 5 and 8': numbered items as runs."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]} to {run[-1]}")
            run.clear()

    for item in ids:
        if item.isdigit() and run and int(item) == run[-1] + 1:
            run.append(int(item))
        elif item.isdigit():
            close()
            run.append(int(item))
        else:
            close()
            parts.append(item)
    close()
    many = len(ids) > 1
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{'items' if many else 'item'} {listed}"


def _json_number(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def _import_summary(report: ImportReport) -> str:
    n, skipped = report.imported, len(report.duplicates)
    verb = "Would import" if report.dry_run else "Imported"
    text = f"{verb} {n} patient{_s(n)}"
    if skipped:
        lines = ", ".join(str(d.line) for d in report.duplicates[:10])
        more = ", …" if skipped > 10 else ""
        text += f" ({skipped} duplicate{_s(skipped)} skipped: line{_s(skipped)} {lines}{more})"
    text += "."
    if report.sex_undisclosed:
        k = report.sex_undisclosed
        text += (f" {k} {'patient' if k == 1 else 'patients'} had no sex given and "
                 f"{'was' if k == 1 else 'were'} recorded as undisclosed.")
    return text + (" Dry run: nothing was written." if report.dry_run else "")


def _as_json(p: PatientSummary) -> dict[str, object]:
    return {
        "id": p.id, "uid": p.uid, "name": p.display_name, "first_name": p.first_name,
        "last_name": p.last_name, "preferred_name": p.preferred_name,
        "date_of_birth": p.date_of_birth.isoformat(), "phone": p.phone, "email": p.email,
        "red_flags": p.red_flags, "archived": p.archived,
    }


def _print_table(found: Sequence[PatientSummary], out: TextIO) -> None:
    show_archived = any(p.archived for p in found)
    header = ["id", "uid", "name", "date of birth"] + (["archived"] if show_archived else [])
    rows = [[str(p.id), p.uid, p.display_name, p.date_of_birth.isoformat()]
            + (["yes" if p.archived else ""] if show_archived else []) for p in found]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [cell.rjust(widths[0]) if i == 0 else cell + " " * (widths[i] - _width(cell))
                 for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip(), file=out)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: combining marks none, wide characters two."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
               else 1 for c in text)


def _progress_printer(label: str) -> Callable[[int, int], None] | None:
    """A progress line on a terminal's stderr; nothing when output goes to a file or a test."""
    if not sys.stderr.isatty():
        return None
    shown = [-1]

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent != shown[0]:
            shown[0] = percent
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\r{label}… {percent:3d}%{end}")
            sys.stderr.flush()

    return show


def _db_path(options: argparse.Namespace) -> Path:
    return resolve_paths(getattr(options, "db", None)).database


def _fail(message: str, *, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def _s(n: int) -> str:
    return "" if n == 1 else "s"
