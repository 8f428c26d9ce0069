"""The audit trail's hash chain, worked by hand: a three-entry chain verifies, and changing,
removing, reordering or forging any entry is caught at the first entry that no longer fits."""

from __future__ import annotations

from dataclasses import replace

from keystone_desk.domain.audit_chain import (
    GENESIS,
    ChainedEntry,
    entry_hash,
    first_broken_link,
)


def chained(*fields: tuple[str, int, str, str, int | None, int | None, str]) -> list[ChainedEntry]:
    entries, prev = [], GENESIS
    for number, (at, user_id, action, entity, entity_id, patient_id, detail) in enumerate(
            fields, start=1):
        digest = entry_hash(prev, number, at, user_id, action, entity, entity_id, patient_id,
                            detail)
        entries.append(ChainedEntry(number, at, user_id, action, entity, entity_id, patient_id,
                                    detail, prev, digest))
        prev = digest
    return entries


def three() -> list[ChainedEntry]:
    return chained(
        ("2026-11-27T09:00:00+00:00", 1, "create", "patient", 7, 7, ""),
        ("2026-11-27T09:05:00+00:00", 2, "view", "patient", 7, 7, ""),
        ("2026-11-27T09:10:00+00:00", 2, "sign", "note:daily", 3, 7, "PT, DPT"),
    )


def test_a_three_entry_chain_verifies():
    assert first_broken_link(three()) is None


def test_an_empty_trail_verifies():
    assert first_broken_link([]) is None


def test_the_first_entry_follows_genesis():
    assert three()[0].prev_hash == GENESIS
    assert three()[1].prev_hash == three()[0].hash


def test_changing_the_detail_of_entry_2_breaks_the_chain_at_2():
    entries = three()
    entries[1] = replace(entries[1], detail="nothing to see")
    broken = first_broken_link(entries)
    assert broken is not None and broken.entry_id == 2
    assert "changed" in broken.reason


def test_changing_the_time_of_entry_2_breaks_the_chain_at_2():
    entries = three()
    entries[1] = replace(entries[1], at="2026-11-26T09:05:00+00:00")
    assert first_broken_link(entries).entry_id == 2


def test_changing_the_user_of_entry_2_breaks_the_chain_at_2():
    entries = three()
    entries[1] = replace(entries[1], user_id=1)
    assert first_broken_link(entries).entry_id == 2


def test_rehashing_a_changed_entry_2_is_still_caught_at_3():
    """An attacker who recomputes entry 2's own hash breaks the link entry 3 holds."""
    entries = three()
    e = replace(entries[1], user_id=1)
    e = replace(e, hash=entry_hash(e.prev_hash, e.id, e.at, e.user_id, e.action, e.entity,
                                   e.entity_id, e.patient_id, e.detail))
    entries[1] = e
    broken = first_broken_link(entries)
    assert broken.entry_id == 3
    assert "does not follow" in broken.reason


def test_removing_entry_2_breaks_the_chain_at_3():
    entries = three()
    del entries[1]
    broken = first_broken_link(entries)
    assert broken.entry_id == 3
    assert "removed" in broken.reason


def test_reordering_entries_2_and_3_breaks_the_chain_at_the_first_moved_entry():
    entries = three()
    entries[1], entries[2] = entries[2], entries[1]
    assert first_broken_link(entries).entry_id == 3


def test_a_forged_entry_appended_with_a_wrong_previous_hash_is_caught():
    entries = three()
    at, prev = "2026-11-27T09:15:00+00:00", "f" * 64
    forged = ChainedEntry(4, at, 1, "view", "patient", 8, 8, "", prev,
                          entry_hash(prev, 4, at, 1, "view", "patient", 8, 8, ""))
    broken = first_broken_link([*entries, forged])
    assert broken.entry_id == 4
    assert "does not follow" in broken.reason


def test_a_forged_entry_with_the_right_previous_hash_but_a_made_up_hash_is_caught():
    entries = three()
    forged = ChainedEntry(4, "2026-11-27T09:15:00+00:00", 1, "view", "patient", 8, 8, "",
                          entries[-1].hash, "0" * 64)
    assert first_broken_link([*entries, forged]).entry_id == 4
