"""The command line acts as a signed-in clinic user once the clinic has users."""

import sqlite3

import pytest

from keystone_desk.app import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("signin") / "demo.db"
    assert main(["demo", "--db", str(path), "--patients", "3"]) == 0
    return path


def test_a_fresh_clinic_acts_as_the_builtin_administrator_and_says_so(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "new.db"), "--patients", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("no user of") == 1 and "built-in administrator (admin)" in err


def test_without_a_user_the_command_is_refused_in_plain_words(demo_db, capsys, monkeypatch):
    monkeypatch.delenv("KEYSTONE_DESK_USER")
    assert main(["search", "Lopez", "--db", str(demo_db)]) == 1
    assert "--user USERNAME" in capsys.readouterr().err


def test_a_wrong_password_is_the_generic_sign_in_error(demo_db, capsys, monkeypatch):
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", "not the password")
    assert main(["search", "a", "--db", str(demo_db), "--user", "maria.lopez"]) == 1
    assert capsys.readouterr().err.strip() == (
        "keystone-desk: The user name or password is not right.")


def test_front_desk_may_search_but_not_import_and_the_refusal_is_audited(
        demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KEYSTONE_DESK_USER", "jordan.reyes")
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", "demo-frontdesk-2026")
    assert main(["search", "a", "--db", str(demo_db), "--json"]) == 0
    csv = tmp_path / "p.csv"
    csv.write_text("first_name,last_name,date_of_birth,phone,email\nAna,Lopes,1990-03-01,"
                   "555 010 1111,\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(csv), "--db", str(demo_db)]) == 1
    assert capsys.readouterr().err.strip() == (
        "keystone-desk: Your role (front desk) cannot import patients.")
    with sqlite3.connect(demo_db) as conn:
        last = conn.execute("SELECT u.username, a.action, a.entity FROM audit_events a JOIN "
                            "users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT 1").fetchone()
    assert last == ("jordan.reyes", "denied", "importer.import_file")
