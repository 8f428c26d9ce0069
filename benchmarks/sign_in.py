"""Sign-in: pressing Enter in the sign-in window -> the main window's first paint (offscreen).

Each run is a fresh process (the first sign-in of a session is what a person waits for: it imports
the main window): `Clinic(<clinic>)`, the app's own `SignInFlow`, its `LoginDialog` shown and
painted; the demo administrator's user name and password (docs/command-line.md) typed with QTest;
then Enter. Timed from the Enter key: `AuthService.login` (argon2id verify with the hash's own
parameters, i.e. argon2-cffi's defaults the app hashes with, plus the audit event), and the main
window's first paint (first Paint event plus one event-loop turn, as in ui/application.py).

    uv run python -m benchmarks.sign_in [--runs 7] [--db PATH] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.clinic_fixture import DEFAULT_DB, ROOT, ensure_clinic

USER, PASSWORD = "admin", "demo-admin-2026"


def one_run(db: Path) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from keystone_desk.services.clinic import Clinic
    from keystone_desk.ui.access.sign_in_flow import SignInFlow
    from keystone_desk.ui.application import FirstPaintWatcher

    app = QApplication([sys.argv[0]])
    clinic = Clinic(db)
    flow = SignInFlow(clinic)
    login = flow.start()
    loop = QEventLoop()
    FirstPaintWatcher(login).painted.connect(loop.quit)
    QTimer.singleShot(5000, loop.quit)
    loop.exec()
    QTest.keyClicks(login.username, USER)
    QTest.keyClicks(login.password, PASSWORD)
    app.processEvents()

    auth = clinic.auth
    login_call = auth.login
    timings: dict[str, float] = {}

    def timed_login(*args, **kwargs):
        started = time.perf_counter()
        try:
            return login_call(*args, **kwargs)
        finally:
            timings["login"] = time.perf_counter() - started

    auth.login = timed_login
    painted = QEventLoop()
    flow.window_shown.connect(
        lambda window: FirstPaintWatcher(window).painted.connect(painted.quit))
    t0 = time.perf_counter()
    QTest.keyClick(login.password, Qt.Key.Key_Return)
    t_built = time.perf_counter()
    if flow.window is None:
        raise SystemExit("sign-in failed: " + login.error.text())
    QTimer.singleShot(5000, painted.quit)
    painted.exec()
    t_paint = time.perf_counter()
    result = {"enter_to_main_window_painted": t_paint - t0, "argon2_login": timings["login"],
              "enter_to_window_shown": t_built - t0}
    flow.window.close()
    clinic.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--json", nargs="?", const="-", default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(one_run(args.db)))
        return 0
    db = ensure_clinic(args.db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME="/tmp/keystone-sign-in-bench")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    runs = []
    for i in range(args.runs + 1):  # the first is a warm-up (bytecode, page cache)
        done = subprocess.run([sys.executable, "-m", "benchmarks.sign_in", "--child", "--db",
                               str(db)], cwd=ROOT, env=env, capture_output=True, text=True,
                              check=True)
        if i:
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    summary = {key: {"median": statistics.median(r[key] for r in runs),
                     "min": min(r[key] for r in runs), "max": max(r[key] for r in runs)}
               for key in runs[0]}
    print(f"sign-in, {len(runs)} fresh processes, offscreen, {db.name}; seconds")
    for key, s in summary.items():
        print(f"  {key:32s} median {s['median']:.3f}  min {s['min']:.3f}  max {s['max']:.3f}")
    load = os.getloadavg()[0]
    print(f"  load {load:.2f}")
    if args.json:
        data = {"runs": runs, "summary": summary, "load": load}
        if args.json != "-":
            Path(args.json).write_text(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
