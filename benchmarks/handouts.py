"""Home-program handouts: how long one PDF takes, warm, and how long 100 take.

    uv run python -m benchmarks.handouts [--runs 30] [--json [FILE]]

What it measures. A demo clinic (`keystone-desk demo`, 25 patients, ten of them with a handed-out
program) is made in a temporary folder, and Łukasz Wiśniewski is given a second, 6-exercise program
(two heel drops, seated and standing calf raises, band inversion, soleus stretch) through the
services, handed out as version 2. Then, in this one process:
  first handout      the very first `HandoutService.version_pdf` (imports reportlab, registers the
                     fonts, builds the styles): what the first print of a session pays;
  6-exercise, warm   `version_pdf` of that program, --runs times: reading the version, the
                     patient and the clinic details, building the document and rendering it;
  render only        `render_handout` of the same, already-built document (the PDF work alone);
  draft preview      `draft_pdf` of the same program (what the builder's live preview calls);
  large print, low ink  `version_pdf` with those options;
  100 handouts       `current_pdf` for the ten demo patients, ten rounds (2-6 exercises each, one
                     with a run calendar), and 100 × the 6-exercise program: total wall time.
Times are wall-clock (time.perf_counter), in milliseconds unless marked. Beside each, the pages of
that handout (counted with pypdf; the demo clinic prints A4), the 6-exercise one on Letter and A4,
and for the demo patients each handout's exercises and pages.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from benchmarks.clinic_fixture import percentile
from benchmarks.environment import describe, headline
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.services.clinic import Clinic

SIX = ("heel-drop-straight-knee-step", "heel-drop-bent-knee-step", "hsr-seated-calf-raise",
       "hsr-standing-calf-raise", "band-ankle-inversion", "stretch-soleus")


def six_exercise_program(clinic: Clinic) -> tuple[int, int]:
    """(program id, version) of a 6-exercise program handed to Łukasz Wiśniewski."""
    admin = clinic.builtin_administrator()
    patient = clinic.patients.search("Wiśniewski")[0]
    episode = clinic.episodes.open_episode(admin, patient.id, "Left Achilles midportion",
                                           side="left")
    draft = clinic.home_programs.get_or_create_draft(admin, episode.id)
    items = [ProgramItem(exercise_id, "left", Dosage(sets=3, reps=15, times_per_day=2),
                         "Slowly." if n == 1 else "", n) for n, exercise_id in enumerate(SIX, 1)]
    draft = clinic.home_programs.set_items(admin, draft.id, items, draft.version)
    return draft.id, clinic.home_programs.hand_out(admin, draft.id)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(ms), 1), "p90": round(percentile(ms, 90), 1),
            "min": round(min(ms), 1), "max": round(max(ms), 1), "n": len(ms)}


def measure(runs: int) -> dict[str, object]:
    from keystone_desk.pdf.handout import render_handout

    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as folder:
        clinic = Clinic(Path(folder) / "demo.db")
        try:
            started = time.perf_counter()
            clinic.demo.load(clinic.builtin_administrator(), 25)
            demo_s = time.perf_counter() - started
            program_id, number = six_exercise_program(clinic)
            handouts = clinic.handouts
            first = timed(lambda: handouts.version_pdf(program_id, number), 1)[0]
            warm = timed(lambda: handouts.version_pdf(program_id, number), runs)
            document = handouts.version_document(clinic.home_programs.version(program_id, number))
            render = timed(lambda: render_handout(document, invariant=True), runs)
            draft = timed(lambda: handouts.draft_pdf(program_id), runs)
            large = timed(lambda: handouts.version_pdf(program_id, number,
                                                       options={"large_print": True}), runs)
            low_ink = timed(lambda: handouts.version_pdf(program_id, number,
                                                         options={"low_ink": True}), runs)
            patients = [p.id for p in clinic.patients.search("", limit=100)
                        if clinic.home_programs.current_for_patient(p.id) is not None]
            demo_batch = timed(lambda: [handouts.current_pdf(pid) for _ in range(10)
                                        for pid in patients[:10]], 1)[0]
            six_batch = timed(lambda: [handouts.version_pdf(program_id, number)
                                       for _ in range(100)], 1)[0]
            six = handouts.version_pdf(program_id, number)
            size = len(six)
            page_counts = {
                "six_exercise_warm_ms": pages(six),
                "render_only_ms": pages(six),
                "draft_preview_ms": pages(handouts.draft_pdf(program_id)),
                "large_print_ms": pages(handouts.version_pdf(program_id, number,
                                                             options={"large_print": True})),
                "low_ink_ms": pages(handouts.version_pdf(program_id, number,
                                                         options={"low_ink": True})),
                "letter": pages(handouts.version_pdf(program_id, number,
                                                     options={"paper": "letter"})),
                "a4": pages(handouts.version_pdf(program_id, number, options={"paper": "a4"})),
            }
            demo_pages = []
            for pid in patients[:10]:
                version = clinic.home_programs.current_for_patient(pid)
                assert version is not None
                demo_pages.append({"exercises": len(version.items),
                                   "run_calendar": version.run_calendar is not None,
                                   "pages": pages(handouts.current_pdf(pid)[2])})
        finally:
            clinic.close()
    return {
        "demo_load_25_s": round(demo_s, 2), "first_handout_ms": round(first, 1),
        "six_exercise_warm_ms": summary(warm), "render_only_ms": summary(render),
        "draft_preview_ms": summary(draft), "large_print_ms": summary(large),
        "low_ink_ms": summary(low_ink),
        "hundred_demo_handouts_s": round(demo_batch / 1000, 2),
        "demo_patients_with_programs": len(patients),
        "hundred_six_exercise_handouts_s": round(six_batch / 1000, 2),
        "six_exercise_pdf_kb": size // 1024,
        "pages": page_counts,
        "demo_handout_pages": demo_pages,
    }


def report(figures: dict[str, object], info: dict[str, str]) -> str:
    rows = [("first handout of the session", f"{figures['first_handout_ms']} ms")]
    page_counts = figures["pages"]
    assert isinstance(page_counts, dict)
    for key, label in (("six_exercise_warm_ms", "6-exercise handout, warm (target <= 60 ms)"),
                       ("render_only_ms", "  of which rendering the PDF"),
                       ("draft_preview_ms", "draft preview (builder)"),
                       ("large_print_ms", "6-exercise, large print"),
                       ("low_ink_ms", "6-exercise, low ink")):
        s = figures[key]
        assert isinstance(s, dict)
        rows.append((label, f"median {s['median']} ms, p90 {s['p90']}, min {s['min']}, "
                            f"max {s['max']} (n={s['n']}); {page_counts[key]} pages"))
    rows.append(("6-exercise on Letter / on A4",
                 f"{page_counts['letter']} / {page_counts['a4']} pages"))
    demo = figures["demo_handout_pages"]
    assert isinstance(demo, list)
    rows.append(("demo patients' handouts: exercises -> pages", ", ".join(
        f"{d['exercises']}{'+calendar' if d['run_calendar'] else ''} -> {d['pages']}"
        for d in sorted(demo, key=lambda d: (d["exercises"], d["run_calendar"])))))
    rows += [("100 handouts of the demo patients (target <= 5 s)",
              f"{figures['hundred_demo_handouts_s']} s"),
             ("100 × the 6-exercise handout", f"{figures['hundred_six_exercise_handouts_s']} s"),
             ("demo clinic load, 25 patients with charts and programs",
              f"{figures['demo_load_25_s']} s"),
             ("6-exercise PDF size", f"{figures['six_exercise_pdf_kb']} KB")]
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    return "\n".join([headline(info), *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE")
    options = parser.parse_args(argv)
    figures = measure(options.runs)
    info = describe()
    if options.json:
        text = json.dumps({"figures": figures, "machine": info}, indent=2)
        print(text)
        if options.json != "-":
            Path(options.json).write_text(text + "\n", encoding="utf-8")
    else:
        print(report(figures, info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
