"""The command line end to end: keystone_desk.app.main as the `keystone-desk` command runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from keystone_desk.app import main
from keystone_desk.services.clinic import Clinic

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "patients.csv"
HEADER = "first_name,last_name,date_of_birth,sex,phone,email"


@pytest.fixture
def demo_db(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--patients", "120", "--seed", "4"]) == 0
    capsys.readouterr()
    return path


def audit_count(path):
    clinic = Clinic(path)
    try:
        return clinic.db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    finally:
        clinic.close()


def patient_count(path):
    clinic = Clinic(path)
    try:
        return clinic.patients.count(include_archived=True)
    finally:
        clinic.close()


def test_demo_creates_the_clinic_and_says_how_many(tmp_path, capsys):
    path = tmp_path / "new" / "clinic.db"
    assert main(["demo", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Created 25 demo patients in ") and " s." in out
    assert patient_count(path) == 25


def test_demo_warns_about_the_sign_ins_with_published_passwords(tmp_path, capsys):
    from keystone_desk.services.demo_users import DEMO_USERS

    assert main(["demo", "--db", str(tmp_path / "clinic.db"), "--patients", "3"]) == 0
    err = capsys.readouterr().err
    assert ("WARNING: this clinic now has 4 demo sign-ins with passwords published in the\n"
            "documentation. Anyone who has read it can sign in as them:\n") in err
    for demo in DEMO_USERS:  # each named, with its role and the password anyone can read
        assert any(line.split()[:1] == [demo.username] and line.split()[-1] == demo.password
                   for line in err.splitlines()), demo.username
    assert "File → Users… → Reset password…" in err and "File → Change password…" in err


def test_demo_names_only_the_accounts_still_on_their_demo_password(tmp_path, capsys):
    from keystone_desk.services.demo_users import DEMO_THERAPIST

    path = tmp_path / "clinic.db"
    assert main(["demo", "--db", str(path), "--patients", "3"]) == 0
    clinic = Clinic(path)
    try:
        clinic.auth.change_password(clinic.auth.login(DEMO_THERAPIST.username,
                                                      DEMO_THERAPIST.password),
                                    DEMO_THERAPIST.password, "a-private-passphrase-42")
    finally:
        clinic.close()
    capsys.readouterr()
    assert main(["demo", "--db", str(path), "--patients", "5", "--force"]) == 0
    err = capsys.readouterr().err
    assert "this clinic now has 3 demo sign-ins" in err
    assert DEMO_THERAPIST.username not in err


def test_demo_refuses_a_clinic_that_has_patients_unless_forced(demo_db, capsys):
    assert main(["demo", "--db", str(demo_db), "--patients", "130", "--seed", "4"]) == 1
    err = capsys.readouterr().err
    assert "already has 120 patients" in err and "--force" in err
    assert main(["demo", "--db", str(demo_db), "--patients", "130", "--seed", "4",
                 "--force"]) == 0
    assert "Created 10 demo patients" in capsys.readouterr().out
    assert patient_count(demo_db) == 130


def test_search_json_lists_best_matches_first_as_the_app_does(demo_db, capsys):
    assert main(["search", "lukasz", "--db", str(demo_db), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {"id", "uid", "name", "first_name", "last_name",
                      "date_of_birth"} <= set(found[0])
    clinic = Clinic(demo_db)
    try:
        expected = clinic.patients.search("lukasz")
    finally:
        clinic.close()
    assert [p["id"] for p in found] == [p.id for p in expected]
    lukasz = next(p for p in found if p["last_name"] == "Wiśniewski")
    assert lukasz["name"] == "Wiśniewski, Łukasz" and lukasz["date_of_birth"] == "1986-04-17"


def test_search_limit_and_archived(demo_db, capsys):
    assert main(["search", "novak", "--db", str(demo_db), "--json", "--limit", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)) <= 1
    assert main(["search", "tomas novak", "--db", str(demo_db), "--json"]) == 0
    assert not any(p["archived"] for p in json.loads(capsys.readouterr().out))
    assert main(["search", "tomas novak", "--db", str(demo_db), "--json", "--archived"]) == 0
    archived = [p for p in json.loads(capsys.readouterr().out) if p["archived"]]
    assert [p["date_of_birth"] for p in archived] == ["1987-03-30"]


def test_search_prints_an_aligned_table(demo_db, capsys):
    assert main(["search", "obrien", "--db", str(demo_db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "uid", "name", "date", "of", "birth"]
    name_at = lines[0].index("name")
    born_at = lines[0].index("date of birth")
    siobhan = next(line for line in lines if "Siobhán" in line)
    assert siobhan.index("O'Brien, Siobhán") == name_at
    assert all(line[born_at:born_at + 4].isdigit() for line in lines[1:])


def test_search_without_matches_says_so(demo_db, capsys):
    assert main(["search", "zzzzqqq", "--db", str(demo_db)]) == 0
    assert "No patients match" in capsys.readouterr().out


def test_import_reports_every_problem_and_imports_nothing(demo_db, tmp_path, capsys):
    before = (patient_count(demo_db), audit_count(demo_db))
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([
        HEADER,
        "Ana,Lopes,1990-03-01,female,555 010 1111,",
        "Ana,Silva,1990-02-30,female,555 010 1111,",
        "Ana,Costa,1990-03-01,female,,not-an-email",
        "Ana,Dias,1990-03-01,female,555 010 1111,,surplus",
    ]) + "\n", encoding="utf-8")
    assert main(["import", str(bad), "--db", str(demo_db)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith("line 3, column date_of_birth: ")
    assert lines[1].startswith("line 4, column phone: ")
    assert lines[2].startswith("line 4, column email: ")
    assert lines[3].startswith("line 5: ")
    assert lines[4] == f"keystone-desk: nothing was imported: 4 problems on 3 lines of {bad}."
    assert captured.out == ""
    patients, events = before
    assert (patient_count(demo_db), audit_count(demo_db)) == (patients, events + 1)  # sign-in


def test_import_then_import_again_reports_duplicates(tmp_path, capsys):
    db = tmp_path / "clinic.db"
    assert main(["import", str(EXAMPLE), "--db", str(db), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Would import 4 patients. Dry run")
    assert not db.exists() or patient_count(db) == 0
    assert main(["import", str(EXAMPLE), "--db", str(db)]) == 0
    assert capsys.readouterr().out == "Imported 4 patients.\n"
    assert main(["import", str(EXAMPLE), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Imported 0 patients (4 duplicates skipped: lines 2, 3, 4, 5)."
    assert out[1].startswith("  line 2: Kalinowska, Dorota, born 1983-05-09, already registered")


def test_errors_are_one_plain_line_and_create_nothing(tmp_path, capsys):
    missing = tmp_path / "nowhere.db"
    assert main(["search", "x", "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no clinic database" in err and not missing.exists()

    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert main(["search", "x", "--db", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert junk.read_text() == "not a database"

    assert main(["import", str(tmp_path / "none.csv"), "--db", str(tmp_path / "c.db")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_usage_help_and_mistakes(capsys):
    assert main(["search", "--help"]) == 0
    assert "--archived" in capsys.readouterr().out
    assert main(["search"]) == 2
    assert main(["demo", "--patients", "lots"]) == 2
    assert "whole number" in capsys.readouterr().err


def test_db_defaults_to_the_environment_setting(tmp_path, capsys, monkeypatch):
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("KEYSTONE_DESK_DB", str(path))
    assert main(["demo", "--patients", "3"]) == 0
    assert str(path) in capsys.readouterr().out


@pytest.mark.parametrize("launcher", [["-m", "keystone_desk"], [str(ROOT / "main.py")]])
def test_the_installed_command_runs_in_a_fresh_process(demo_db, launcher):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                             "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, *launcher, "search", "jose", "--db", str(demo_db), "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    names = [p["name"] for p in json.loads(result.stdout)]
    assert "Hernández, José (Pepe)" in names


def test_the_command_line_never_imports_qt(demo_db):
    code = ("import sys; from keystone_desk.app import main; "
            f"main(['search', 'jose', '--db', {str(demo_db)!r}]); "
            "sys.exit('PySide6' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_console_script_is_installed():
    script = Path(sys.executable).with_name("keystone-desk")
    result = subprocess.run([str(script), "search", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "QUERY" in result.stdout


def test_import_accepts_the_minimum_header_and_says_how_many_sexes_were_not_given(tmp_path,
                                                                                  capsys):
    minimal = tmp_path / "minimal.csv"
    minimal.write_text("first_name,last_name,date_of_birth,phone,email\n"
                       "Ana,Lopes,1990-03-01,555 010 1111,\n"
                       "Bea,Costa,1988-07-12,555 010 2222,bea@example.com\n", encoding="utf-8")
    assert main(["import", str(minimal), "--db", str(tmp_path / "clinic.db")]) == 0
    assert capsys.readouterr().out == (
        "Imported 2 patients. 2 patients had no sex given and were recorded as undisclosed.\n")


def test_output_cut_short_by_a_closed_pipe_ends_quietly(tmp_path):
    """`keystone-desk score … | head`: the reader stops early; no error, no database blamed."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    code = ("import sys; from keystone_desk.app import main; "
            "sys.exit(main(['score', 'visa-a', '1=7', '2=6', '3=8', '4=8', '5=6', '6=5', "
            "'7=4', '8B=10']))")
    env = {**os.environ, "KEYSTONE_DESK_DB": str(tmp_path / "never-created.db")}
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.stderr == "" and done.returncode == 141


def test_a_file_problem_unrelated_to_the_database_names_the_file(tmp_path, capsys, monkeypatch):
    from keystone_desk import cli

    def refused(options):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out.pdf"))

    monkeypatch.setattr(cli, "_score", refused)
    assert main(["score", "visa-a", "1=7"]) == 1
    err = capsys.readouterr().err
    assert err == f"keystone-desk: cannot use {tmp_path / 'out.pdf'}: Permission denied.\n"
    assert "database" not in err
