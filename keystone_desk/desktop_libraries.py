"""Before the window opens on a Linux desktop: are the system libraries Qt's X11 (xcb) display
plugin needs installed? When one is missing Qt aborts with a message that can name the wrong
library (on Debian 12 it asks for libxcb-cursor0 when libxcb-icccm4 is what is missing). We ask the
dynamic loader instead, as `ldd` does: it lists every library PySide6's libqxcb.so cannot find,
including those its own libQt6XcbQpa.so.6 needs; each file maps to its Debian package and the
person gets the exact `apt install` line.

Called by app.py before QApplication exists; one loader run, adding about 8 ms to start-up (ldd's
own script would take 10 more). Whenever the answer is unsure (not Linux, another platform plugin
chosen, no loader or ldd, PySide6 laid out differently) it says nothing and Qt tries as before;
KEYSTONE_DESK_SKIP_LIBRARY_CHECK=1 turns it off. Standard library only: no Qt import.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

SKIP_ENV = "KEYSTONE_DESK_SKIP_LIBRARY_CHECK"
TIMEOUT_SECONDS = 5.0
PT_INTERP = 3  # ELF program header type: the path of the program interpreter

# The library file the loader looks for -> the Debian/Ubuntu package that installs it.
DEBIAN_PACKAGES: Mapping[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    # What the plugin shares with every Qt window (a bare Debian has none of these either).
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
}

# The xcb plugin of the PySide6 wheel; it links Qt/lib/libQt6XcbQpa.so.6, which the loader follows.
XCB_PLUGIN = Path("Qt", "plugins", "platforms", "libqxcb.so")

DependencyLister = Callable[[Path], str | None]


def will_use_xcb(env: Mapping[str, str], qt_args: Sequence[str] = (),
                 platform: str = sys.platform) -> bool:
    """Whether Qt will open the window through its X11 (xcb) plugin."""
    if not platform.startswith("linux") or not env.get("DISPLAY"):
        return False
    chosen = platform_option(qt_args) or env.get("QT_QPA_PLATFORM", "")
    if chosen:
        # "xcb", "xcb:option", or a list "wayland;xcb" whose first entry is tried first.
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    # Unset: Qt picks wayland on a Wayland session (xcb only if that fails), else xcb.
    return not (env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"))


def platform_option(qt_args: Sequence[str]) -> str:
    """The value of Qt's own `-platform NAME` (or `--platform=NAME`) option, if given."""
    for i, arg in enumerate(qt_args):
        name, equals, value = arg.lstrip("-").partition("=")
        if arg.startswith("-") and name == "platform":
            return value if equals else (qt_args[i + 1] if i + 1 < len(qt_args) else "")
    return ""


def pyside_xcb_plugin() -> Path | None:
    """PySide6's libqxcb.so, found without importing PySide6 (that would load Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / XCB_PLUGIN
    return plugin if plugin.is_file() else None


def list_dependencies(library: Path) -> str | None:
    """What `ldd LIBRARY` prints (one line per library, "not found" for a missing one), or None
    when it cannot tell. Asks the dynamic loader that runs this Python directly, as ldd does
    (about 2 ms; the ldd script itself takes 10), falling back to ldd."""
    loader = elf_interpreter(Path(sys.executable))
    if loader is not None:
        output = _run([loader, str(library)], {**os.environ, "LD_TRACE_LOADED_OBJECTS": "1"})
        if output is not None:
            return output
    ldd = shutil.which("ldd")
    return _run([ldd, str(library)], None) if ldd else None


def _run(command: list[str], env: Mapping[str, str] | None) -> str | None:
    import subprocess  # only here: the check is the one user of it on the way to the window

    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 and "=>" in done.stdout else None


def elf_interpreter(executable: Path) -> str | None:
    """The program interpreter (dynamic loader) an ELF executable names, e.g.
    /lib64/ld-linux-x86-64.so.2; None if it is not a dynamically linked ELF file."""
    try:
        with executable.open("rb") as file:
            header = file.read(64)
            if len(header) < 52 or header[:4] != b"\x7fELF" or header[4] not in (1, 2):
                return None
            wide, order = header[4] == 2, "<" if header[5] == 1 else ">"
            # e_phoff, e_phentsize, e_phnum: where the program headers are
            offset, size, count = (struct.unpack_from(order + "Q", header, 32)[0],
                                   *struct.unpack_from(order + "HH", header, 54)) if wide else (
                struct.unpack_from(order + "I", header, 28)[0],
                *struct.unpack_from(order + "HH", header, 42))
            file.seek(offset)
            table = file.read(size * count)
            for i in range(min(count, len(table) // max(size, 1))):
                entry = table[i * size:(i + 1) * size]
                if struct.unpack_from(order + "I", entry, 0)[0] != PT_INTERP:
                    continue
                where, length = (struct.unpack_from(order + "QQ", entry, 8)[0],
                                 struct.unpack_from(order + "Q", entry, 32)[0]) if wide else (
                    struct.unpack_from(order + "I", entry, 4)[0],
                    struct.unpack_from(order + "I", entry, 16)[0])
                file.seek(where)
                name = file.read(length).split(b"\0")[0].decode("utf-8", "replace")
                return name if name and Path(name).is_file() else None
    except (OSError, struct.error):
        return None
    return None


def missing_libraries(ldd_output: str) -> list[str]:
    """The library files ldd reports as 'not found', each once, in its order."""
    missing: dict[str, None] = {}
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found":
            missing[name.strip()] = None
    return list(missing)


def install_advice(missing: Sequence[str]) -> str:
    """The message for a person: which files are missing and the apt line that installs them."""
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[name] for name in missing
                                  if name in DEBIAN_PACKAGES))
    unknown = [name for name in missing if name not in DEBIAN_PACKAGES]
    lines = ["keystone-desk: the window cannot open: Qt's X11 display plugin (xcb) needs system "
             "libraries", "that are not installed: " + " ".join(missing)]
    if packages:
        lines += ["On Debian or Ubuntu, install them with:",
                  "    sudo apt install " + " ".join(packages),
                  "then start keystone-desk again."]
    if unknown:
        lines += ["Find the package that provides " + " ".join(unknown) + " with",
                  "apt-file search FILE (Debian, Ubuntu) or dnf provides '*/FILE' (Fedora)."]
    lines += ["On other Linux systems, install the packages that provide those files.",
              "The command-line tools need no window: keystone-desk --help lists them."]
    return "\n".join(lines) + "\n"


def check_xcb_libraries(env: Mapping[str, str] = os.environ, qt_args: Sequence[str] = (), *,
                        lister: DependencyLister | None = None, plugin: Path | None = None,
                        platform: str = sys.platform) -> str | None:
    """The advice to print when the window would fail for want of a library, else None.
    `lister` and `plugin` stand in for the loader and PySide6's file in tests."""
    if env.get(SKIP_ENV) == "1" or not will_use_xcb(env, qt_args, platform):
        return None
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        return None  # Qt will look elsewhere for its plugin: we would check the wrong file
    library = plugin or pyside_xcb_plugin()
    if library is None:
        return None
    output = (lister or list_dependencies)(library)
    missing = missing_libraries(output) if output else []
    return install_advice(missing) if missing else None
