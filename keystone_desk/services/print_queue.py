"""Handing a finished PDF to a CUPS print queue as it is, and deciding when that is the way to print.

A handout is a reportlab PDF with real text. Painting its pages into a QPrinter turns every page
into a picture (megabytes of pixels, no text). Where the chosen printer is a CUPS queue — every
printer on Linux and macOS — there is no need: CUPS accepts PDF on practically every queue and its
own filters turn it into what the printer speaks (Qt's CUPS backend itself sends CUPS a PDF). So
`route` answers PDF_TO_CUPS for a queue the local CUPS client knows, and the bytes go to `lp`
unchanged (`CupsClient.submit`, the PDF on stdin, the job title, copies, paper, sides, colour, page
ranges and the print dialog's CUPS options on the command line). It answers RASTER — pages
rendered at the printer's resolution and painted by Qt — where there is no CUPS (Windows), when
the person chose "Print to file", or for a printer CUPS does not know.

Standard library only (subprocess, shutil): no Qt, no SQL. The command runner is injected, so
tests check the exact `lp` command without a printer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..domain.errors import KeystoneError

Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]
MAX_TITLE_BYTES = 255  # IPP job-name is at most 255 octets
LP_TIMEOUT_S = 60.0
SIDES = ("one-sided", "two-sided-long-edge", "two-sided-short-edge")
COLOUR_MODES = ("color", "monochrome")
_MEDIA = {"A4": (595, 842), "Letter": (612, 792), "Legal": (612, 1008), "A5": (420, 595)}
_PAGE_RANGES = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")
_REQUEST_ID = re.compile(r"request id is (\S+)")
_LP_PREFIX = re.compile(r"^lp:\s*(Error\s*-\s*)?")


class PrintRoute(StrEnum):
    PDF_TO_CUPS = "pdf_to_cups"  # the PDF itself, through `lp`
    RASTER = "raster"  # pages rendered to pictures and painted into the printer by Qt


class PrintQueueError(KeystoneError):
    """CUPS refused or could not take the job; the message says why, fit to show."""


@dataclass(frozen=True, slots=True)
class CupsJob:
    """One print job as `lp` takes it. Blank fields leave the queue's own default."""

    queue: str
    title: str
    copies: int = 1
    media: str = ""  # "A4", "Letter": the PDF's own paper
    page_ranges: str = ""  # "1-2,4", as the print dialog's page range
    sides: str = ""  # one of SIDES
    colour: str = ""  # one of COLOUR_MODES
    collate: bool = True
    options: tuple[tuple[str, str], ...] = ()  # CUPS options the print dialog chose


def job_title(text: str) -> str:
    """`text` as a job title CUPS shows and cups-pdf names files by: one line, no control
    characters, at most 255 bytes of UTF-8 (cut at a character, not inside one)."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    encoded = line.encode("utf-8")[:MAX_TITLE_BYTES]
    return encoded.decode("utf-8", errors="ignore").rstrip()


def media_for(width_pt: float, height_pt: float) -> str:
    """The CUPS media name for a page of this size in points: "A4", "Letter", or a custom size
    in points ("Custom.400x600") for anything else (either way up)."""
    short, long = sorted((round(width_pt), round(height_pt)))
    for name, (w, h) in _MEDIA.items():
        if abs(short - w) <= 2 and abs(long - h) <= 2:
            return name
    return f"Custom.{round(width_pt)}x{round(height_pt)}"


def route(queue: str, *, to_file: bool, cups_available: bool,
          known_queues: Callable[[], frozenset[str]]) -> PrintRoute:
    """How to print on `queue`: the PDF to CUPS where CUPS knows the queue, else raster.
    `known_queues` is only asked when the answer depends on it (it runs `lpstat`)."""
    if to_file or not cups_available or not queue:
        return PrintRoute.RASTER
    destination = queue.split("/", 1)[0]  # "Office/duplex" is an instance of the queue "Office"
    return PrintRoute.PDF_TO_CUPS if destination in known_queues() else PrintRoute.RASTER


def lp_command(job: CupsJob, lp: str = "lp") -> list[str]:
    """The `lp` command for `job`, reading the PDF from standard input. ValueError for a job no
    print dialog makes (no queue, no copies, an unknown side or colour, a bad page range)."""
    if not job.queue or job.copies < 1:
        raise ValueError(f"a CUPS job needs a queue and at least one copy: {job!r}")
    if job.sides and job.sides not in SIDES:
        raise ValueError(f"sides must be one of {SIDES}: {job.sides!r}")
    if job.colour and job.colour not in COLOUR_MODES:
        raise ValueError(f"colour must be one of {COLOUR_MODES}: {job.colour!r}")
    if job.page_ranges and not _PAGE_RANGES.match(job.page_ranges):
        raise ValueError(f"page ranges look like 1-2,4: {job.page_ranges!r}")
    command = [lp, "-d", job.queue, "-t", job_title(job.title) or "Keystone Desk",
               "-n", str(job.copies)]
    options = [("media", job.media), ("sides", job.sides), ("print-color-mode", job.colour)]
    if job.copies > 1:
        options.append(("collate", "true" if job.collate else "false"))
    options.extend(job.options)
    for name, value in options:
        if value:
            command += ["-o", f"{name}={value}"]
    if job.page_ranges:
        command += ["-P", job.page_ranges]
    return [*command, "--", "-"]


class CupsClient:
    """The computer's CUPS client programs (`lp`, `lpstat`), if it has them."""

    def __init__(self, *, run: Runner = subprocess.run,
                 which: Callable[[str], str | None] = shutil.which,
                 platform: str = sys.platform):
        self._run = run
        self._which = which
        self._platform = platform

    @property
    def available(self) -> bool:
        """CUPS prints here: not Windows, and `lp` and `lpstat` are installed."""
        return (not self._platform.startswith(("win", "cygwin"))
                and self._which("lp") is not None and self._which("lpstat") is not None)

    def queues(self) -> frozenset[str]:
        """The destinations CUPS knows (`lpstat -e`: its queues and the printers it can reach);
        empty when the scheduler does not answer."""
        try:
            done = self._run(["lpstat", "-e"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return frozenset()
        if done.returncode != 0:
            return frozenset()
        return frozenset(line.strip() for line in _text(done.stdout).splitlines() if line.strip())

    def route(self, queue: str, *, to_file: bool) -> PrintRoute:
        return route(queue, to_file=to_file, cups_available=self.available,
                     known_queues=self.queues)

    def submit(self, job: CupsJob, pdf: bytes) -> str:
        """Give `pdf` to CUPS as `job`; the request id CUPS gave it ("Office-42", or "" when
        `lp` did not say). PrintQueueError, fit to show, when CUPS did not take it."""
        return _request_id(self._lp(lp_command(job), pdf, job.queue))

    def _lp(self, command: Sequence[str], pdf: bytes, queue: str) -> str:
        try:
            done = self._run(list(command), input=pdf, capture_output=True,
                             timeout=LP_TIMEOUT_S, check=False)
        except FileNotFoundError as error:
            raise PrintQueueError("The print command (lp) is not installed on this computer; "
                                  "install the CUPS client (cups-client).") from error
        except subprocess.TimeoutExpired as error:
            raise PrintQueueError(f"The print system did not answer within {LP_TIMEOUT_S:.0f} "
                                  f"seconds; nothing was sent to {queue}.") from error
        except OSError as error:
            raise PrintQueueError(f"Could not start the print command: "
                                  f"{error.strerror or error}.") from error
        if done.returncode != 0:
            why = _LP_PREFIX.sub("", _text(done.stderr).strip()) or \
                f"lp stopped with code {done.returncode}"
            raise PrintQueueError(f"The printer {queue} did not take the job: {why}")
        return _text(done.stdout)


def _request_id(lp_output: str) -> str:
    found = _REQUEST_ID.search(lp_output)
    return found.group(1) if found else ""


def _text(output: bytes | str | None) -> str:
    if output is None:
        return ""
    return output if isinstance(output, str) else output.decode("utf-8", errors="replace")
