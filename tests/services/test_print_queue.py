"""The print route (the PDF itself to CUPS, or rendered pages where CUPS is not there) and the
exact `lp` command a job becomes, with the command runner replaced; no printer needed."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from keystone_desk.services.print_queue import (
    CupsClient,
    CupsJob,
    PrintQueueError,
    PrintRoute,
    job_title,
    lp_command,
    media_for,
    route,
)


class FakeRun:
    """Stands in for subprocess.run: records each command and answers like lp/lpstat would."""

    def __init__(self, *, returncode: int = 0, stdout: bytes = b"", stderr: bytes = b"",
                 raises: BaseException | None = None):
        self.calls: list[tuple[list[str], dict[str, Any]]] = []
        self._answer = (returncode, stdout, stderr)
        self._raises = raises

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append((command, kwargs))
        if self._raises is not None:
            raise self._raises
        code, out, err = self._answer
        return subprocess.CompletedProcess(command, code, out, err)


def installed(name: str) -> str | None:
    return f"/usr/bin/{name}"


def client(run: FakeRun, platform: str = "linux") -> CupsClient:
    return CupsClient(run=run, which=installed, platform=platform)


def no_queues() -> frozenset[str]:
    raise AssertionError("the queues need not be asked for this answer")


def test_a_queue_cups_knows_gets_the_pdf_itself():
    assert route("Office", to_file=False, cups_available=True,
                 known_queues=lambda: frozenset({"Office", "PDF"})) is PrintRoute.PDF_TO_CUPS


def test_an_instance_of_a_known_queue_gets_the_pdf_itself():
    assert route("Office/duplex", to_file=False, cups_available=True,
                 known_queues=lambda: frozenset({"Office"})) is PrintRoute.PDF_TO_CUPS


@pytest.mark.parametrize("queue, to_file, cups", [
    ("Office", True, True),  # "Print to file": Qt writes the file
    ("Office", False, False),  # no CUPS here (Windows)
    ("", False, True),  # no printer named
])
def test_without_a_cups_queue_pages_are_rendered(queue, to_file, cups):
    assert route(queue, to_file=to_file, cups_available=cups,
                 known_queues=no_queues) is PrintRoute.RASTER


def test_a_printer_cups_does_not_know_is_rendered():
    assert route("Elsewhere", to_file=False, cups_available=True,
                 known_queues=lambda: frozenset({"Office"})) is PrintRoute.RASTER


def test_windows_has_no_cups_even_with_an_lp_on_the_path():
    assert not client(FakeRun(), platform="win32").available
    assert client(FakeRun(), platform="linux").available
    assert not CupsClient(run=FakeRun(), which=lambda name: None, platform="linux").available


def test_the_queues_are_what_lpstat_lists():
    run = FakeRun(stdout=b"Office\nPDF\n")
    assert client(run).queues() == frozenset({"Office", "PDF"})
    assert run.calls[0][0] == ["lpstat", "-e"]


def test_no_scheduler_means_no_queues():
    assert client(FakeRun(returncode=1, stderr=b"lpstat: No destinations added.")).queues() \
        == frozenset()
    assert client(FakeRun(raises=subprocess.TimeoutExpired("lpstat", 10))).queues() == frozenset()


def test_the_lp_command_carries_title_copies_paper_and_the_dialogs_choices():
    job = CupsJob(queue="Office", title="Home program for Whitfield, Margaret (Peggy), version 2",
                  copies=2, media="Letter", page_ranges="1-2,4", sides="two-sided-long-edge",
                  colour="monochrome", collate=False, options=(("number-up", "2"),))
    assert lp_command(job) == [
        "lp", "-d", "Office", "-t", "Home program for Whitfield, Margaret (Peggy), version 2",
        "-n", "2", "-o", "media=Letter", "-o", "sides=two-sided-long-edge",
        "-o", "print-color-mode=monochrome", "-o", "collate=false", "-o", "number-up=2",
        "-P", "1-2,4", "--", "-"]


def test_a_plain_job_leaves_the_queues_defaults():
    assert lp_command(CupsJob(queue="PDF", title="Handout")) == [
        "lp", "-d", "PDF", "-t", "Handout", "-n", "1", "--", "-"]


@pytest.mark.parametrize("bad", [
    CupsJob(queue="", title="x"), CupsJob(queue="Q", title="x", copies=0),
    CupsJob(queue="Q", title="x", sides="both"), CupsJob(queue="Q", title="x", colour="grey"),
    CupsJob(queue="Q", title="x", page_ranges="1-2; rm -rf /"),
])
def test_a_job_no_dialog_makes_is_refused(bad):
    with pytest.raises(ValueError):
        lp_command(bad)


def test_job_titles_are_one_line_and_fit_ipp():
    assert job_title("Home program\nfor  Łukasz\tWiśniewski\x07") == \
        "Home program for Łukasz Wiśniewski"
    long = job_title("Ł" * 200)
    assert len(long.encode("utf-8")) <= 255 and set(long) == {"Ł"}


@pytest.mark.parametrize("size, media", [
    ((595.28, 841.89), "A4"), ((612, 792), "Letter"), ((792, 612), "Letter"),
    ((400, 600), "Custom.400x600"),
])
def test_the_paper_is_named_as_cups_names_it(size, media):
    assert media_for(*size) == media


def test_submit_sends_the_pdf_bytes_unchanged_on_stdin():
    run = FakeRun(stdout=b"request id is Office-42 (0 file(s))\n")
    pdf = b"%PDF-1.4 the handout"
    assert client(run).submit(CupsJob(queue="Office", title="Handout"), pdf) == "Office-42"
    command, kwargs = run.calls[0]
    assert command[0] == "lp" and command[-1] == "-"
    assert kwargs["input"] == pdf and kwargs["timeout"] > 0


def test_a_refused_job_says_why_in_plain_words():
    run = FakeRun(returncode=1, stderr=b"lp: Error - The printer or class does not exist.\n")
    with pytest.raises(PrintQueueError,
                       match=r"^The printer Gone did not take the job: The printer or class"):
        client(run).submit(CupsJob(queue="Gone", title="Handout"), b"%PDF")


def test_a_missing_lp_or_a_silent_scheduler_is_explained():
    with pytest.raises(PrintQueueError, match="cups-client"):
        client(FakeRun(raises=FileNotFoundError("lp"))).submit(
            CupsJob(queue="Q", title="t"), b"%PDF")
    with pytest.raises(PrintQueueError, match="did not answer within 60 seconds"):
        client(FakeRun(raises=subprocess.TimeoutExpired("lp", 60))).submit(
            CupsJob(queue="Q", title="t"), b"%PDF")
