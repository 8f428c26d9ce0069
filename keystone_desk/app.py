"""Composition root: command-line arguments -> settings -> Clinic -> MainWindow.

`keystone-desk` with no subcommand opens the app; `demo`, `search` and `import` are handled by
cli.py without importing Qt. Qt is imported only once we know a window is wanted, which keeps the
command line fast and lets us explain a missing display instead of letting Qt abort.
"""

from __future__ import annotations

import argparse
import os
import sys

from .settings import resolve_paths

CLI_COMMANDS = {"demo", "search", "import", "handout", "score", "backup", "restore", "audit"}

NO_DISPLAY_MESSAGE = """\
keystone-desk: no display found, so the window cannot open.
Run it on a desktop session, or under a virtual display:
    xvfb-run -a uv run keystone-desk
or without any display at all (nothing is shown, useful for checks):
    QT_QPA_PLATFORM=offscreen uv run keystone-desk
The command-line tools need no display: keystone-desk demo|search|import --help
"""


def has_display(env: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    if env.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in CLI_COMMANDS:
        from . import cli

        return cli.run(args)
    parser = argparse.ArgumentParser(
        prog="keystone-desk",
        description="Keystone Desk for physical therapy clinics. Subcommands: demo, search, import, "
                    "score.",
    )
    parser.add_argument("--db", help="clinic database file (default: in your user data folder)")
    options, qt_args = parser.parse_known_args(args)
    if not has_display():
        sys.stderr.write(NO_DISPLAY_MESSAGE)
        return 2
    return run_gui(resolve_paths(options.db), qt_args)


def run_gui(paths, qt_args: list[str]) -> int:  # type: ignore[no-untyped-def]
    from .ui.application import run

    return run(paths, qt_args)
