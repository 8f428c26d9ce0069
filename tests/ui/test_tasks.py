"""TaskRunner: work runs on a pool thread; results, errors and progress come back on the GUI thread."""

from __future__ import annotations

import threading

import pytest

from keystone_desk.ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    made = TaskRunner()
    yield made
    made.wait(5000)


def test_result_is_delivered_on_the_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    seen = {}

    def work(progress):
        seen["worker"] = threading.get_ident()
        return 42

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(work, on_success=lambda result: seen.update(result=result,
                                                               thread=threading.get_ident()))
    assert seen["result"] == 42
    assert seen["thread"] == gui and seen["worker"] != gui
    assert not runner.busy


def test_failure_is_delivered_to_the_failure_callback(qtbot, runner):
    failures = []

    def work(progress):
        raise ValueError("disk full")

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(work, on_success=lambda r: pytest.fail("no result expected"),
                   on_failure=failures.append)
    assert [str(f) for f in failures] == ["disk full"]


def test_failure_without_a_callback_reaches_the_error_hook(qtbot, monkeypatch, runner):
    hooked = []
    monkeypatch.setattr("sys.excepthook", lambda kind, error, tb: hooked.append(kind))
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(lambda progress: 1 / 0, on_success=lambda r: None)
    assert hooked == [ZeroDivisionError]


def test_progress_reports_reach_the_indicator_in_order(qtbot, runner):
    reports = []
    runner.progress_changed.connect(lambda label, done, total: reports.append((label, done, total)))

    def work(progress):
        for done in range(1, 4):
            progress(done, 3)
        return "ok"

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(work, on_success=lambda r: None, label="Loading")
    assert reports == [("Loading", 0, 0), ("Loading", 1, 3), ("Loading", 2, 3), ("Loading", 3, 3)]
