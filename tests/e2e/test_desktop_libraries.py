"""Start-up on a Linux desktop: before Qt is loaded, a missing library of Qt's xcb plugin is named
with the exact `apt install` line, instead of Qt's abort that can name the wrong package. Runs
anywhere: the loader's answer is faked, except in the last test, which asks this machine's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from keystone_desk import desktop_libraries
from keystone_desk.desktop_libraries import (
    DEBIAN_PACKAGES,
    check_xcb_libraries,
    elf_interpreter,
    install_advice,
    list_dependencies,
    missing_libraries,
    pyside_xcb_plugin,
    will_use_xcb,
)

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = Path("/opt/PySide6/Qt/plugins/platforms/libqxcb.so")

# What the loader says on a Debian 12 desktop without libxcb-icccm4 and libxcb-keysyms1, where
# Qt's own message asks for libxcb-cursor0 (installed).
DEBIAN_12_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd4d1f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x7f0)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f01219e9000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x00007f01219db000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f011fc1e000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f0121ba3000)
"""
ALL_FOUND = "\n".join(line for line in DEBIAN_12_OUTPUT.splitlines() if "not found" not in line)
DESKTOP = {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}


def fake_loader(output: str | None):
    asked: list[Path] = []

    def lister(library: Path) -> str | None:
        asked.append(library)
        return output

    lister.asked = asked  # type: ignore[attr-defined]
    return lister


def test_missing_files_are_read_once_each_in_order():
    assert missing_libraries(DEBIAN_12_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries(ALL_FOUND) == []


def test_the_advice_names_the_files_and_the_exact_apt_line():
    advice = check_xcb_libraries(DESKTOP, lister=fake_loader(DEBIAN_12_OUTPUT), plugin=PLUGIN,
                                 platform="linux")
    assert advice is not None
    assert "    sudo apt install libxcb-icccm4 libxcb-keysyms1\n" in advice
    assert "libxcb-icccm.so.4 libxcb-keysyms.so.1" in advice
    assert "cursor" not in advice  # the package Qt would have blamed is not mentioned
    assert "keystone-desk --help" in advice  # the command line still works without a window


def test_every_xcb_package_of_the_recipe_has_its_file():
    recipe = ["libxcb-cursor0", "libxcb-icccm4", "libxcb-util1", "libxcb-image0",
              "libxcb-keysyms1", "libxcb-randr0", "libxcb-render0", "libxcb-render-util0",
              "libxcb-shape0", "libxcb-shm0", "libxcb-sync1", "libxcb-xfixes0", "libxcb-xkb1",
              "libx11-xcb1", "libxkbcommon-x11-0"]  # shared/recipes.md, "Qt on a desktop Linux"
    assert set(recipe) <= set(DEBIAN_PACKAGES.values())
    everything = install_advice(list(DEBIAN_PACKAGES))
    apt_line = next(line for line in everything.splitlines() if "apt install" in line)
    assert apt_line.split()[3:] == list(dict.fromkeys(DEBIAN_PACKAGES.values()))


def test_a_file_without_a_known_package_is_named_with_how_to_find_it():
    advice = install_advice(["libxcb-icccm.so.4", "libfancy.so.3"])
    assert "sudo apt install libxcb-icccm4\n" in advice
    assert "libfancy.so.3" in advice and "apt-file search" in advice


def test_nothing_to_say_when_all_libraries_are_found():
    lister = fake_loader(ALL_FOUND)
    assert check_xcb_libraries(DESKTOP, lister=lister, plugin=PLUGIN, platform="linux") is None
    assert lister.asked == [PLUGIN]


@pytest.mark.parametrize(("env", "qt_args", "platform"), [
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, [], "linux"),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, [], "linux"),
    ({"DISPLAY": ":0"}, ["-platform", "offscreen"], "linux"),
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, [],
     "linux"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, [], "linux"),
    ({"DISPLAY": ":0"}, [], "darwin"),
    ({"DISPLAY": ":0", "KEYSTONE_DESK_SKIP_LIBRARY_CHECK": "1"}, [], "linux"),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": "/elsewhere"}, [], "linux"),
])
def test_no_check_when_the_window_will_not_use_this_xcb_plugin(env, qt_args, platform):
    lister = fake_loader(DEBIAN_12_OUTPUT)
    assert check_xcb_libraries(env, qt_args, lister=lister, plugin=PLUGIN,
                               platform=platform) is None
    assert lister.asked == []


@pytest.mark.parametrize(("env", "qt_args"), [
    ({"DISPLAY": ":0"}, []),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, []),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nograb"}, []),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, ["-platform", "xcb"]),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, ["--platform=xcb"]),
    ({"DISPLAY": ":1", "XDG_SESSION_TYPE": "wayland"}, []),  # no Wayland display: X11 it is
])
def test_xcb_is_recognised(env, qt_args):
    assert will_use_xcb(env, qt_args, "linux")


def test_an_unsure_loader_never_blocks_the_window():
    assert check_xcb_libraries(DESKTOP, lister=fake_loader(None), plugin=PLUGIN,
                               platform="linux") is None


def test_the_loader_is_the_one_that_runs_python():
    if not sys.platform.startswith("linux"):
        pytest.skip("ELF loaders are Linux's")
    loader = elf_interpreter(Path(sys.executable).resolve())
    assert loader is not None and Path(loader).is_file() and "ld" in Path(loader).name
    assert elf_interpreter(ROOT / "README.md") is None


def test_ldd_is_asked_when_the_loader_cannot_be_found(tmp_path, monkeypatch):
    fake = tmp_path / "ldd"
    fake.write_text("#!/bin/sh\nprintf '\\tlibxcb-icccm.so.4 => not found\\n'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(desktop_libraries, "elf_interpreter", lambda executable: None)
    assert missing_libraries(list_dependencies(PLUGIN) or "") == ["libxcb-icccm.so.4"]


FAKE_LOADER_START = """\
import sys
from keystone_desk import app, desktop_libraries
from pathlib import Path
desktop_libraries.pyside_xcb_plugin = lambda: Path({plugin!r})
desktop_libraries.list_dependencies = lambda library: {output!r}
code = app.main(['--db', {db!r}])
assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'
sys.exit(code)
"""


def start(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE",
                         "KEYSTONE_DESK_SKIP_LIBRARY_CHECK")}
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_app_stops_before_qt_with_the_apt_line(tmp_path):
    db = tmp_path / "clinic.db"
    done = start({"DISPLAY": ":99"}, FAKE_LOADER_START.format(
        plugin=str(PLUGIN), output=DEBIAN_12_OUTPUT, db=str(db)))
    assert done.returncode == 1, done.stderr
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in done.stderr
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr
    assert not db.exists()


def test_for_real_on_this_machine(tmp_path):
    """The real loader and PySide6's real plugin: when this machine lacks some of its libraries
    (the Debian 12 test machine lacks libxcb-icccm4 and libxcb-keysyms1) the app names exactly
    those, as `ldd` does; with all of them there, there is nothing to say."""
    plugin, ldd = pyside_xcb_plugin(), shutil.which("ldd")
    if not sys.platform.startswith("linux") or plugin is None or ldd is None:
        pytest.skip("needs Linux, PySide6's xcb plugin and ldd")
    truth = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=60).stdout
    missing = list(dict.fromkeys(re.findall(r"^\s*(\S+) => not found", truth, re.MULTILINE)))
    assert missing_libraries(list_dependencies(plugin) or "") == missing
    if not missing:
        assert check_xcb_libraries({"DISPLAY": ":99"}) is None
        return
    db = tmp_path / "clinic.db"
    done = subprocess.run([sys.executable, "-m", "keystone_desk", "--db", str(db)],
                          env={**{k: v for k, v in os.environ.items()
                                  if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY",
                                               "KEYSTONE_DESK_SKIP_LIBRARY_CHECK")},
                               "DISPLAY": ":99"},
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    packages = [DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES]
    if packages:
        assert f"sudo apt install {' '.join(dict.fromkeys(packages))}\n" in done.stderr
    assert "Could not load the Qt platform plugin" not in done.stderr
    assert not db.exists()
