"""Two app instances (two connections to one file) editing one patient: no silent overwrite."""

import pytest

from keystone_desk.domain.errors import ConflictError
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values


def test_second_instance_saving_a_stale_version_gets_a_conflict(tmp_path, clock):
    path = tmp_path / "shared.db"
    front_desk, therapist = Clinic(path, clock=clock), Clinic(path, clock=clock)
    actor = front_desk.builtin_administrator()
    pid = front_desk.patients.register(actor, intake_values()).patient.id
    read_by_therapist = therapist.patients.get(pid)

    front_desk.patients.update(actor, pid, intake_values(email="desk@example.com"), 1)
    with pytest.raises(ConflictError):
        therapist.patients.update(
            actor, pid, intake_values(goals="Run 10 km"), read_by_therapist.version
        )
    stored = therapist.patients.get(pid)
    assert stored.intake.email == "desk@example.com" and stored.intake.goals == ""
    assert stored.version == 2
    front_desk.close()
    therapist.close()


def test_both_instances_see_each_others_new_patients(tmp_path, clock):
    path = tmp_path / "shared.db"
    one, two = Clinic(path, clock=clock), Clinic(path, clock=clock)
    one.patients.register(one.builtin_administrator(), intake_values(first_name="Zoë"))
    assert [p.first_name for p in two.patients.search("zoe")] == ["Zoë"]
    one.close()
    two.close()
