"""A PATIENT argument on the command line: the patient's id, their uid, or a search that finds
exactly one patient (`keystone-desk handout "Whitfield"`), searched as the app's search box
searches, archived patients included. A search that finds several is refused with the candidates
(id, name, date of birth), so a script never acts on the wrong person. Used by `handout` and
`audit export --patient`. Never imports Qt.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .domain.errors import KeystoneError, NotFoundError
from .domain.patients import PatientId, PatientSummary
from .services.session import ClinicSession

SHOWN_CANDIDATES = 10
PATIENT_HELP = ("the patient: id or uid (as `search --json` prints them), or a name, phone, email "
                "or date of birth that finds exactly one patient")


class AmbiguousPatientError(KeystoneError):
    """The search found more than one patient; the message lists them."""


def find_patient(session: ClinicSession, text: str) -> PatientId:
    """The patient `text` names: a number is an id, then a uid, then a search with one result."""
    query = text.strip()
    if not query:
        raise KeystoneError("PATIENT is empty: give the patient's id, uid or name.")
    if query.isascii() and query.isdigit():
        return session.patients.resolve(query)
    try:
        return session.patients.resolve(query)  # a uid
    except NotFoundError:
        pass
    found = session.patients.search(query, include_archived=True, limit=SHOWN_CANDIDATES + 1)
    if not found:
        raise NotFoundError(f"no patient matches {query!r} (look with: keystone-desk search "
                            f"{_shell_word(query)}).")
    if len(found) > 1:
        raise AmbiguousPatientError(ambiguous_message(query, found))
    return found[0].id


def ambiguous_message(query: str, found: Sequence[PatientSummary]) -> str:
    """'"ch" matches 3 patients; give the id of the one you mean:' and a table of them."""
    shown = found[:SHOWN_CANDIDATES]
    count = (f"more than {SHOWN_CANDIDATES}" if len(found) > SHOWN_CANDIDATES
             else str(len(found)))
    rows = [["id", "name", "date of birth"]]
    rows += [[str(p.id), p.display_name + (" (archived)" if p.archived else ""),
              p.date_of_birth.isoformat()] for p in shown]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    lines = ["  " + "  ".join(cell.rjust(widths[0]) if i == 0
                              else cell + " " * (widths[i] - _width(cell))
                              for i, cell in enumerate(row)).rstrip() for row in rows]
    more = ([f"  … and more: narrow the search, or list them with: keystone-desk search "
             f"{_shell_word(query)}"] if len(found) > SHOWN_CANDIDATES else [])
    return "\n".join([f"{query!r} matches {count} patients; give the id of the one you mean "
                      "(or more of the name):", *lines, *more])


def _width(text: str) -> int:
    """Columns a string takes in a terminal: combining marks none, wide characters two."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
               else 1 for c in text)


def _shell_word(text: str) -> str:
    return text if text.replace("-", "").replace(".", "").isalnum() else repr(text)
