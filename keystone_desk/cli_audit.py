"""`keystone-desk audit verify` and `keystone-desk audit export`: the audit trail from the command
line, on the same AuditService as the app. `verify` needs only the database file and prints entry
numbers, never patient data; it ends with the trail's last entry and hash (to record outside the
database) and checks an anchor recorded earlier (`--anchor FILE` beside a backup, or `--expect
N:HASH` from paper); with `--user` it signs in first and needs a role that may view the trail;
`export` signs in like every other command (cli_sign_in; the acting
user from $KEYSTONE_DESK_USER, since `--user` here filters the entries), writes a CSV and is
itself recorded. Registered by
cli._parser; failures are KeystoneErrors that cli.run reports in plain words. Never imports Qt.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from .cli_patient import find_patient
from .cli_sign_in import USER_ENV, sign_in
from .domain.audit_chain import MIN_ANCHOR_HEX, ChainAnchor, parse_anchor
from .domain.errors import KeystoneError
from .services.clinic import Clinic
from .services.session import ClinicSession
from .settings import resolve_paths


def add_commands(commands: Any, db_help: str) -> None:
    audit = commands.add_parser(
        "audit", help="check or export the audit trail",
        description="Check the audit trail's hash chain (verify) or write it to a CSV file "
                    "(export).")
    actions = audit.add_subparsers(title="audit commands", required=True, metavar="ACTION")

    verify = actions.add_parser(
        "verify", help="check that no audit entry was changed, removed or inserted",
        description="Walk the audit trail's hash chain oldest first. Exit 0 when it is intact; "
                    "exit 1 naming the first entry that no longer fits. Prints the last entry "
                    "and the start of its hash: record them outside the database and compare "
                    "later, since a chain without a secret key cannot show on its own that its "
                    "newest entries were removed or all rewritten.")
    verify.add_argument("--db", help=db_help)
    verify.add_argument("--user", metavar="USERNAME",
                        help="sign in as this clinic user first (password from "
                             "$KEYSTONE_DESK_PASSWORD or asked for); the user must be allowed "
                             "to view the audit trail. Without it, only the file is read")
    anchor = verify.add_mutually_exclusive_group()
    anchor.add_argument("--anchor", type=Path, metavar="FILE",
                        help="also check against an anchor file (each backup writes "
                             "<backup>.anchor.txt beside it)")
    anchor.add_argument("--expect", metavar="N:HASH",
                        help="also check that entry N still has a hash starting with HASH "
                             f"(at least {MIN_ANCHOR_HEX} hex digits), as recorded earlier")
    verify.set_defaults(handler=_verify)

    export = actions.add_parser(
        "export", help="write audit entries to a UTF-8 CSV file (recorded in the trail)",
        description="Write the audit entries matching every filter given, newest first, to a "
                    "UTF-8 CSV file with a header. The export is itself recorded. Acts as "
                    f"${USER_ENV} (password from $KEYSTONE_DESK_PASSWORD or asked for), who "
                    "must be an administrator.")
    export.add_argument("--db", help=db_help)
    export.add_argument("--out", required=True, type=Path, metavar="FILE.csv",
                        help="where to write the CSV (replaced if it exists)")
    export.add_argument("--user", dest="by_user", metavar="NAME",
                        help="only entries by this username (not who is acting: see above)")
    export.add_argument("--patient", metavar="PATIENT",
                        help="only entries about this patient (id, uid, or a search that finds "
                             "exactly one)")
    export.add_argument("--action", metavar="A", help="only this action (view, create, sign, …)")
    export.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                        help="from this local date on")
    export.add_argument("--until", type=_day, metavar="YYYY-MM-DD",
                        help="up to and including this local date")
    export.set_defaults(handler=_export)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def _open(options: argparse.Namespace) -> Clinic:
    paths = resolve_paths(options.db)
    if not paths.database.is_file():
        raise KeystoneError(f"there is no clinic database at {paths.database}.")
    return Clinic(paths.database, backup_dir=paths.upgrade_backups)


def _verify(options: argparse.Namespace) -> int:
    anchor = _anchor(options)
    clinic = _open(options)
    try:
        # With --user the person signs in (recorded) and their role is checked, as every other
        # command does; without it the check reads the file alone, as for a backup on a stick.
        if options.user:
            result = sign_in(clinic, options).audit.verify(anchor)
        else:
            result = clinic.audit.verify(anchor)
    finally:
        clinic.close()
    if result.first_broken is not None:
        print(f"Audit trail broken at entry #{result.first_broken.entry_id}: "
              f"{result.first_broken.reason}. Entries before it are intact.")
        return 1
    print(f"Audit trail intact: {result.entries_checked} "
          f"entr{'y' if result.entries_checked == 1 else 'ies'} checked.")
    if result.last_entry_id:
        print(f"Last entry #{result.last_entry_id}, hash "
              f"{result.last_hash[:MIN_ANCHOR_HEX]}")
    if result.anchor_problem is not None:
        print(f"Tampering: {result.anchor_problem}.")
        return 1
    if result.anchor_note is not None:
        print(f"Anchor: {result.anchor_note}.")
    return 0


def _anchor(options: argparse.Namespace) -> ChainAnchor | None:
    if options.anchor is not None:
        try:
            text = options.anchor.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeystoneError(f"cannot read the anchor file {options.anchor}: {exc}") from exc
        try:
            return parse_anchor(text)
        except KeystoneError as exc:
            raise KeystoneError(f"{options.anchor} is not an audit anchor: {exc}") from exc
    if options.expect is not None:
        number, _, digits = options.expect.partition(":")
        if not number.strip().lstrip("#").isdigit():
            raise KeystoneError(f"--expect wants N:HASH, such as 1234:{'0' * MIN_ANCHOR_HEX}.")
        return ChainAnchor.of(int(number.strip().lstrip("#")), digits)
    return None


def _export(options: argparse.Namespace) -> int:
    out: Path = options.out
    if out.is_dir():
        raise KeystoneError(f"cannot write {out}: it is a folder; give a file name such as "
                            f"{out / 'audit.csv'}.")
    clinic = _open(options)
    try:
        session = sign_in(clinic, options)
        user_id = _user_id(session, options.by_user) if options.by_user else None
        patient_id = find_patient(session, options.patient) if options.patient else None
        count = session.audit.export_csv(session.user, out, user_id=user_id,
                                         patient_id=patient_id, action=options.action,
                                         since=options.since, until=options.until)
    finally:
        clinic.close()
    print(f"Wrote {count} audit entr{'y' if count == 1 else 'ies'} to {out}.")
    return 0


def _user_id(session: ClinicSession, username: str) -> int:
    for user in session.audit.users():
        if user.username.casefold() == username.casefold():
            return user.id
    raise KeystoneError(f"there is no user called {username!r}.")

