"""Composition root: command-line arguments -> settings -> Clinic -> MainWindow.

`keystone-desk` with no subcommand opens the app; a subcommand (`demo`, `search`, `handout`, …)
is handled by cli.py without importing Qt; any other word or option is refused with the list of
commands. Qt is imported only once we know a window is wanted, which keeps the command line fast
and lets us explain a missing display or missing X11 libraries (desktop_libraries) instead of
letting Qt abort.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys

from .settings import resolve_paths

CLI_COMMANDS = {"demo", "search", "import", "handout", "score", "backup", "restore", "audit"}
# Qt's own command-line options (QGuiApplication, QApplication, X11), handed on to QApplication;
# any other word is refused rather than silently ignored.
QT_OPTIONS_WITH_VALUE = {"platform", "platformpluginpath", "platformtheme", "plugin",
                         "qwindowgeometry", "qwindowicon", "qwindowtitle", "session", "style",
                         "stylesheet", "display", "geometry", "qmljsdebugger"}
QT_FLAGS = {"reverse", "widgetcount", "nograb", "dograb", "sync"}

NO_DISPLAY_MESSAGE = """\
keystone-desk: no display found, so the window cannot open.
Run it on a desktop session, or under a virtual display:
    xvfb-run -a uv run keystone-desk
or without any display at all (nothing is shown, useful for checks):
    QT_QPA_PLATFORM=offscreen uv run keystone-desk
The command-line tools need no display: keystone-desk --help lists them.
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
    parser = _app_parser(with_commands="-h" in args or "--help" in args)
    try:
        options, rest = parser.parse_known_args(args)
    except SystemExit as exc:  # --help, or a mistake argparse has already explained
        return int(exc.code or 0)
    qt_args, unknown = split_qt_arguments(rest)
    if unknown is not None:
        sys.stderr.write(not_a_command_message(unknown))
        return 2
    from .desktop_libraries import check_xcb_libraries, platform_option

    if not has_display() and not platform_option(qt_args):
        sys.stderr.write(NO_DISPLAY_MESSAGE)
        return 2

    advice = check_xcb_libraries(os.environ, qt_args)  # before Qt can abort with a wrong hint
    if advice is not None:
        sys.stderr.write(advice)
        return 1
    return run_gui(resolve_paths(options.db), qt_args)


def _app_parser(*, with_commands: bool) -> argparse.ArgumentParser:
    epilog = None
    if with_commands:
        from . import cli

        epilog = (f"{cli.command_list()}\n\nQt's own options (-platform, -style, "
                  "-stylesheet, -reverse, ...) are passed to Qt.")
    parser = argparse.ArgumentParser(
        prog="keystone-desk", allow_abbrev=False, epilog=epilog,
        usage="keystone-desk [--db FILE]        (opens the app)\n"
              "       keystone-desk COMMAND [...]    (a command-line tool: COMMAND --help)",
        description="Keystone Desk for physical therapy clinics. Without a command it opens the "
                    "app;\nwith one it runs a command-line tool and opens no window.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", metavar="FILE",
                        help="clinic database file (default: $KEYSTONE_DESK_DB, else clinic.db "
                             "in your user data folder)")
    return parser


def split_qt_arguments(rest: list[str]) -> tuple[list[str], str | None]:
    """Qt's own options from what argparse left over, and the first word that is neither a
    command nor an option of ours or Qt's (None when there is none)."""
    qt_args: list[str] = []
    words = iter(rest)
    for arg in words:
        name, equals, _ = arg.lstrip("-").partition("=")
        if not arg.startswith("-") or arg in ("-", "--"):
            return qt_args, arg
        if (name in QT_FLAGS and not equals) or (name in QT_OPTIONS_WITH_VALUE and equals):
            qt_args.append(arg)
        elif name in QT_OPTIONS_WITH_VALUE and (value := next(words, None)) is not None:
            qt_args += [arg, value]
        else:
            return qt_args, arg
    return qt_args, None


def not_a_command_message(word: str) -> str:
    """Why `keystone-desk WORD` does nothing, and what the commands are."""
    from . import cli

    if word.lstrip("-") in QT_OPTIONS_WITH_VALUE:
        first = f"keystone-desk: Qt's option {word!r} needs a value."
    elif word.startswith("-"):
        first = f"keystone-desk: {word!r} is not an option of keystone-desk."
    else:
        first = f"keystone-desk: {word!r} is not a command."
    close = difflib.get_close_matches(word.lstrip("-"), sorted(CLI_COMMANDS), n=1)
    if close:
        first += f" Did you mean {close[0]!r}?"
    return (f"{first}\n{cli.command_list()}\n"
            "Without a command keystone-desk opens the app (its option: --db FILE);\n"
            "keystone-desk --help says more.\n")


def run_gui(paths, qt_args: list[str]) -> int:  # type: ignore[no-untyped-def]
    from .ui.application import run

    return run(paths, qt_args)
