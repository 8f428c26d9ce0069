"""`keystone-desk WORD` where WORD is no command, or an option nobody knows: an error listing the
commands, exit 2, no window (it once opened the app and ignored the word). The app's own options
(--db) and Qt's (-platform, -style …) still start the window."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from keystone_desk import app, cli
from keystone_desk.app import CLI_COMMANDS, main, split_qt_arguments

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(monkeypatch):
    """Stands in for the window: records what it would have been opened with."""
    opened: list[tuple[Path, list[str]]] = []

    def run_gui(paths, qt_args):
        opened.append((paths.database, qt_args))
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # a display, and no xcb check
    return opened


@pytest.mark.parametrize(("args", "first_line"), [
    (["schedule"], "keystone-desk: 'schedule' is not a command."),
    (["serch", "whitfield"], "keystone-desk: 'serch' is not a command. Did you mean 'search'?"),
    (["--bogus"], "keystone-desk: '--bogus' is not an option of keystone-desk."),
    (["--db", "clinic.db", "extra"], "keystone-desk: 'extra' is not a command."),
    (["--d", "clinic.db"], "keystone-desk: '--d' is not an option of keystone-desk."),
    (["-style"], "keystone-desk: Qt's option '-style' needs a value."),
])
def test_an_unknown_word_is_an_error_listing_the_commands(window, capsys, args, first_line):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and window == []
    lines = err.splitlines()
    assert lines[0] == first_line
    assert lines[1] == "commands:"
    for command in ("demo", "search", "import", "handout", "score", "backup", "restore",
                    "audit"):
        assert any(line.split()[:1] == [command] for line in lines[2:]), command
    assert "keystone-desk --help" in err


def test_the_apps_own_options_still_open_the_window(window, tmp_path, capsys):
    db = tmp_path / "clinic.db"
    assert main(["--db", str(db)]) == 0
    assert main([f"--db={db}", "-platform", "offscreen", "-style=fusion", "-reverse"]) == 0
    assert main([]) == 0
    assert window[0] == (db, [])
    assert window[1] == (db, ["-platform", "offscreen", "-style=fusion", "-reverse"])
    assert len(window) == 3 and capsys.readouterr().err == ""


def test_a_qt_platform_option_counts_as_a_display(window, tmp_path, monkeypatch):
    monkeypatch.delenv("QT_QPA_PLATFORM")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--db", str(tmp_path / "c.db"), "-platform", "offscreen"]) == 0
    assert window[0][1] == ["-platform", "offscreen"]


def test_qt_arguments_are_split_from_the_rest():
    assert split_qt_arguments(["-platform", "xcb", "--style", "fusion", "-nograb"]) == (
        ["-platform", "xcb", "--style", "fusion", "-nograb"], None)
    assert split_qt_arguments(["-reverse", "schedule"]) == (["-reverse"], "schedule")
    assert split_qt_arguments(["-reverse=1"]) == ([], "-reverse=1")
    assert split_qt_arguments(["--"]) == ([], "--")


def test_help_lists_the_app_options_and_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--db FILE" in out and "commands:" in out and "-platform" in out
    assert all(f"    {command}" in out for command in CLI_COMMANDS)


def test_the_app_knows_the_same_commands_as_the_command_line():
    parser = cli._parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == CLI_COMMANDS


def test_schedule_as_a_real_process_opens_no_window(tmp_path):
    """Before, this started the app (and, with a display, showed the window)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "KEYSTONE_DESK_DB": str(tmp_path / "c.db")}
    code = ("import sys; from keystone_desk.app import main; rc = main(['schedule']); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'; "
            "sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "'schedule' is not a command" in done.stderr and "handout" in done.stderr
    assert not (tmp_path / "c.db").exists()


def test_an_unknown_option_of_a_command_is_refused_too(capsys):
    assert main(["search", "whitfield", "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err
