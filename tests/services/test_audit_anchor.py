"""The audit trail's anchor: the chain has no secret key, so an attacker who drops the triggers
and deletes the newest entries, or rewrites the whole tail with fresh hashes, leaves a chain that
verifies. The last entry and hash recorded outside the database (on paper, or the sidecar each
backup writes) catches both; `keystone-desk audit verify` prints them and checks an anchor."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from keystone_desk.app import main
from keystone_desk.domain.audit_chain import AnchorError, entry_hash, parse_anchor
from keystone_desk.services.backups import anchor_path
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values


def attacker(clinic: Clinic) -> sqlite3.Connection:
    conn = sqlite3.connect(str(clinic.path), isolation_level=None)
    for name in ("audit_events_no_update", "audit_events_no_delete", "audit_events_chained"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    return conn


@pytest.fixture
def busy(clinic: Clinic, admin):
    for first in ("Maria", "José", "Ana", "Lukasz"):
        clinic.patients.register(admin, intake_values(first_name=first))
    return clinic


def anchor_now(clinic: Clinic) -> tuple[int, str]:
    result = clinic.audit.verify()
    assert result.ok
    return result.last_entry_id, result.last_hash


def rewrite_tail_from(conn: sqlite3.Connection, first_id: int) -> None:
    """Change entry `first_id` and recompute every hash after it: the chain verifies again."""
    conn.execute("UPDATE audit_events SET detail = 'nothing to see' WHERE id = ?", [first_id])
    rows = conn.execute("SELECT id, at, user_id, action, entity, entity_id, patient_id, detail "
                        "FROM audit_events WHERE id >= ? ORDER BY id", [first_id]).fetchall()
    prev = conn.execute("SELECT hash FROM audit_events WHERE id = ?",
                        [first_id - 1]).fetchone()[0]
    for row in rows:
        digest = entry_hash(prev, *row)
        conn.execute("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?",
                     [prev, digest, row[0]])
        prev = digest


def test_verify_reports_the_last_entry_and_its_hash(busy):
    result = busy.audit.verify()
    last = busy.db.execute("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    assert (result.last_entry_id, result.last_hash) == (last[0], last[1])


def test_a_matching_anchor_passes_and_says_how_far_the_trail_went_on(busy, admin):
    anchor = anchor_now(busy)
    assert busy.audit.verify((anchor[0], anchor[1][:16])).anchor_note.endswith(
        f"ends at the recorded anchor (#{anchor[0]})")
    busy.patients.register(admin, intake_values(first_name="Later"))
    result = busy.audit.verify((anchor[0], anchor[1][:16]))
    assert result.ok and "continues 1 entry after it" in result.anchor_note


def test_deleting_the_newest_entries_passes_the_chain_but_not_the_anchor(busy):
    anchor = anchor_now(busy)
    conn = attacker(busy)
    conn.execute("DELETE FROM audit_events WHERE id > ?", [anchor[0] - 2])
    conn.close()
    assert busy.audit.verify().ok  # the chain alone cannot tell
    result = busy.audit.verify(anchor)
    assert not result.ok and result.first_broken is None
    assert result.anchor_problem.startswith("the trail ends before the recorded anchor")


def test_rewriting_the_whole_tail_passes_the_chain_but_not_the_anchor(busy):
    anchor = anchor_now(busy)
    conn = attacker(busy)
    rewrite_tail_from(conn, 3)
    conn.close()
    assert busy.audit.verify().ok  # every hash recomputed: the chain alone cannot tell
    result = busy.audit.verify((anchor[0], anchor[1][:16]))
    assert not result.ok and "does not match the recorded anchor" in result.anchor_problem


def test_truncated_then_refilled_to_the_same_length_is_caught(busy, admin):
    anchor = anchor_now(busy)
    conn = attacker(busy)
    conn.execute("DELETE FROM audit_events WHERE id > 2")
    conn.close()
    for first in ("Forged", "Entries", "Again", "And", "More"):  # new, validly chained entries
        busy.patients.register(admin, intake_values(first_name=first))
    assert busy.audit.verify().ok
    assert "does not match" in busy.audit.verify(anchor).anchor_problem


def test_an_anchor_too_short_to_mean_anything_is_refused(busy):
    with pytest.raises(AnchorError):
        busy.audit.verify((1, "abc"))


def test_each_backup_writes_an_anchor_beside_it(busy, admin, tmp_path: Path):
    busy.backups.update_settings(admin, str(tmp_path / "usb"), 2, False, False)
    made = busy.backups.backup_now(admin)
    anchor = parse_anchor(anchor_path(made.path).read_text(encoding="utf-8"))
    last = busy.audit.verify()
    assert (anchor.entry_id, anchor.hash_prefix) == (last.last_entry_id, last.last_hash)
    for _ in range(2):
        busy.backups.backup_now(admin)
    assert not made.path.exists() and not anchor_path(made.path).exists()  # pruned together


def test_cli_prints_the_anchor_and_checks_a_backup_anchor(busy, admin, tmp_path: Path, capsys):
    busy.backups.update_settings(admin, str(tmp_path / "usb"), 3, False, False)
    sidecar = anchor_path(busy.backups.backup_now(admin).path)
    anchor = parse_anchor(sidecar.read_text(encoding="utf-8"))
    db = str(busy.path)
    assert main(["audit", "verify", "--db", db]) == 0
    assert f"Last entry #{anchor.entry_id}, hash {anchor.hash_prefix[:16]}" in \
        capsys.readouterr().out
    assert main(["audit", "verify", "--db", db, "--anchor", str(sidecar)]) == 0
    assert "ends at the recorded anchor" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", db, "--expect",
                 f"{anchor.entry_id}:{anchor.hash_prefix[:16]}"]) == 0
    capsys.readouterr()
    conn = attacker(busy)
    conn.execute("DELETE FROM audit_events WHERE id > ?", [anchor.entry_id - 3])
    conn.close()
    assert main(["audit", "verify", "--db", db]) == 0  # without the anchor it looks fine
    capsys.readouterr()
    assert main(["audit", "verify", "--db", db, "--anchor", str(sidecar)]) == 1
    assert "Tampering: the trail ends before the recorded anchor" in capsys.readouterr().out
