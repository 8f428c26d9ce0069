"""`keystone-desk handout` end to end on the demo clinic: the same PDF the app prints, the
patient found by id, uid or a search that finds one (an ambiguous one refused with the
candidates), the audit trail, and one-line errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from keystone_desk.app import main
from keystone_desk.services.clinic import Clinic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def find(db: Path, query: str, capsys) -> dict[str, object]:
    capsys.readouterr()
    assert main(["search", query, "--db", str(db), "--json"]) == 0
    return json.loads(capsys.readouterr().out)[0]


def text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def cli_events(db: Path) -> list[tuple[str, str]]:
    clinic = Clinic(db)
    try:
        return clinic.db.execute("SELECT action, detail FROM audit_events WHERE action = 'cli' "
                                 "ORDER BY id").fetchall()
    finally:
        clinic.close()


def test_writes_the_same_pdf_as_the_app_and_records_it(demo_db, tmp_path, capsys):
    patient = find(demo_db, "wisniewski", capsys)
    out = tmp_path / "handout.pdf"
    assert main(["handout", str(patient["id"]), "--db", str(demo_db), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}: home program version 1 (")
    clinic = Clinic(demo_db)
    try:
        _, _, app_pdf = clinic.handouts.current_pdf(int(patient["id"]))
    finally:
        clinic.close()
    assert out.read_bytes() == app_pdf
    printed = text(out)
    assert "Łukasz Wiśniewski" in printed and "Heavy slow calf raise" in printed
    assert cli_events(demo_db)[-1] == ("cli", f"version 1: {out}")


def test_the_uid_version_and_print_options_work_too(demo_db, tmp_path, capsys):
    patient = find(demo_db, "whitfield", capsys)
    out = tmp_path / "large.pdf"
    assert main(["handout", str(patient["uid"]), "--db", str(demo_db), "--out", str(out),
                 "--version", "1", "--paper", "A4", "--large-print", "--low-ink"]) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert round(float(reader.pages[0].mediabox.width)) == 595
    assert "Your return-to-run calendar" in text(out)


def test_a_patient_without_a_program_is_a_one_line_error(demo_db, tmp_path, capsys):
    patient = find(demo_db, "mensah", capsys)  # the suspected rupture: referred, no exercises
    out = tmp_path / "none.pdf"
    assert main(["handout", str(patient["id"]), "--db", str(demo_db), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == ("keystone-desk: Kwame Mensah has no home program handed out yet: hand one "
                   "out from the program builder first.\n")
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["999"], "There is no patient number 999."),
    (["1", "--version", "7"], "has no version 7."),
])
def test_unknown_patients_and_versions_are_one_line_errors(demo_db, tmp_path, capsys, args,
                                                           message):
    capsys.readouterr()
    out = tmp_path / "x.pdf"
    assert main(["handout", *args, "--db", str(demo_db), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_an_output_folder_is_refused(demo_db, tmp_path, capsys):
    assert main(["handout", "1", "--db", str(demo_db), "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_runs_as_the_installed_command_without_a_display(demo_db, tmp_path):
    signed_in = {k: os.environ[k] for k in ("KEYSTONE_DESK_USER", "KEYSTONE_DESK_PASSWORD")}
    out = tmp_path / "sub.pdf"
    done = subprocess.run([sys.executable, "-m", "keystone_desk", "handout", "2", "--db",
                           str(demo_db), "--out", str(out)], capture_output=True, text=True,
                          cwd=ROOT, env={"PATH": "/usr/bin:/bin", **signed_in}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_a_search_that_finds_one_patient_names_them(demo_db, tmp_path, capsys):
    out = tmp_path / "whitfield.pdf"
    assert main(["handout", "Whitfield", "--db", str(demo_db), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}: home program version ")
    assert "For Peggy Whitfield" in text(out)
    assert cli_events(demo_db)[-1] == ("cli", f"version 1: {out}")


def test_an_ambiguous_search_is_refused_with_the_candidates(demo_db, tmp_path, capsys):
    out = tmp_path / "which.pdf"
    capsys.readouterr()
    assert main(["handout", "ma", "--db", str(demo_db), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("keystone-desk: 'ma' matches 3 patients; give the id of the one you mean "
                      "(or more of the name):")
    assert err[1].split() == ["id", "name", "date", "of", "birth"]
    rows = {line.split()[0]: line for line in err[2:]}
    whitfield = find(demo_db, "whitfield", capsys)
    assert "Whitfield, Margaret (Peggy)" in rows[str(whitfield["id"])]
    assert rows[str(whitfield["id"])].rstrip().endswith(str(whitfield["date_of_birth"]))
    assert len(rows) == 3 and not out.exists()


@pytest.mark.parametrize(("patient", "message"), [
    ("zzz", "keystone-desk: no patient matches 'zzz' (look with: keystone-desk search zzz).\n"),
    ("  ", "keystone-desk: PATIENT is empty: give the patient's id, uid or name.\n"),
])
def test_a_search_that_finds_nobody_says_so(demo_db, tmp_path, capsys, patient, message):
    capsys.readouterr()
    assert main(["handout", patient, "--db", str(demo_db), "--out", str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err == message
