"""The start-up check of the clinic file, split so that start-up does not wait for it (no Qt).

`header_problems` and `migrations_pending` are cheap (~1 ms): they run before the clinic opens.
`QuickCheck` runs `PRAGMA quick_check` (reads every page: ~120 ms on a 200 MiB clinic) on its own
read-only connection in a thread; sqlite3 releases the GIL, so it runs on the other core while Qt
builds the sign-in window. The caller waits for `problems()` before the person can sign in.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..store import backup as files
from ..store.file_check import header_problems, migrations_pending

__all__ = ["QuickCheck", "header_problems", "migrations_pending"]


class QuickCheck:
    """`PRAGMA quick_check` of `path`, begun at once on a daemon thread."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._problems: list[str] = ["the check did not finish"]
        self._thread = threading.Thread(target=self._run, name="keystone-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._problems = files.quick_check(self.path)
        except Exception as exc:  # reported as a problem, never lost
            self._problems = [f"the check failed: {type(exc).__name__}: {exc}"]

    def done(self) -> bool:
        return not self._thread.is_alive()

    def problems(self) -> list[str]:
        """Waits for the check; [] when SQLite said "ok"."""
        self._thread.join()
        return self._problems
