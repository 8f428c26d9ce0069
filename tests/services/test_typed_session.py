"""The signed-in session is typed: each service a property with the service's own type, the
catalogs handed out as themselves, a worker's own session through reopen(), and a wrong use of a
service caught by mypy rather than in front of a therapist."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from keystone_desk.domain.permissions import METHOD_PERMISSIONS, PermissionDeniedError
from keystone_desk.domain.users import Role
from keystone_desk.services.session import GUARDED_SERVICES, OPEN_CATALOGS, ClinicSession
from tests.ui.access_helpers import user_with_role

ROOT = Path(__file__).resolve().parents[2]


def _session(clinic, role: Role) -> ClinicSession:  # type: ignore[no-untyped-def]
    return ClinicSession(clinic, user_with_role(clinic, role))


def _property_type(name: str) -> str:
    prop = inspect.getattr_static(ClinicSession, name)
    assert isinstance(prop, property), f"session.{name} is not a typed property"
    return str(inspect.get_annotations(prop.fget)["return"])


def test_every_service_in_the_matrix_is_a_typed_property_of_the_service_s_own_class(clinic):
    for name in sorted(GUARDED_SERVICES):
        assert _property_type(name) == type(getattr(clinic, name)).__name__, name


def test_the_session_has_no_dynamic_attribute_lookup(clinic):
    assert "__getattr__" not in ClinicSession.__dict__
    session = _session(clinic, Role.THERAPIST)
    with pytest.raises(AttributeError):
        session.pateints  # type: ignore[attr-defined]  # noqa: B018 - a typo is an error


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_list_the_evaluation_templates(clinic, role):
    session = _session(clinic, role)
    templates = list(session.templates)  # what "New evaluation…" does
    assert templates and all(t.id for t in templates)
    assert session.templates.get(templates[0].id) == templates[0]
    assert list(session.protocols)


def test_catalogs_handed_out_whole_are_open_to_everyone_in_the_matrix():
    for (service, method), permission in METHOD_PERMISSIONS.items():
        if service in OPEN_CATALOGS:
            assert permission is None, f"{service}.{method} needs {permission}"


def test_a_guarded_service_offers_only_the_service_s_own_members(clinic):
    session = _session(clinic, Role.THERAPIST)
    for name in sorted(GUARDED_SERVICES - OPEN_CATALOGS):
        guard = getattr(session, name)
        with pytest.raises(AttributeError):
            guard._db  # noqa: B018 - private members are never reachable through the guard
        with pytest.raises(PermissionDeniedError):
            guard.no_such_method  # noqa: B018 - deny by default, and audited


def test_the_acting_user_comes_from_the_session(clinic):
    session = _session(clinic, Role.THERAPIST)
    patient = session.patients.register(session.user, {
        "first_name": "Ana", "last_name": "Ruiz", "date_of_birth": "1990-01-02",
        "sex": "female", "mobile_phone": "555 123 4567"}).patient
    episode = session.episodes.open_episode(session.user, patient.id, "Left Achilles")
    assert episode.patient_id == patient.id
    rows = clinic.db.execute(
        "SELECT u.username FROM audit_events a JOIN users u ON u.id = a.user_id "
        "WHERE a.action = 'create' AND a.entity = 'episode'").fetchall()
    assert rows == [(session.user.username,)]


def test_reopen_gives_the_same_person_on_a_connection_of_its_own(clinic, clock):
    session = _session(clinic, Role.FRONT_DESK)
    own = session.reopen()
    try:
        assert own.user == session.user
        assert own.clinic.db.conn is not session.clinic.db.conn
        assert own.clock is clock  # the injected clock travels with it
        assert own.patients.day_first == session.patients.day_first
        with pytest.raises(PermissionDeniedError):
            own.notes.for_episode(1)  # still the front desk
    finally:
        own.close()


def test_mypy_catches_a_wrong_use_of_a_session_service(tmp_path):
    pytest.importorskip("mypy")
    wrong = tmp_path / "wrong_use.py"
    wrong.write_text(
        "from keystone_desk.services.session import ClinicSession\n"
        "def f(session: ClinicSession) -> None:\n"
        "    session.templates.no_such_thing\n"
        "    session.notes.sign('not a user', 'not a note id')\n")
    mypy = Path(sys.executable).with_name("mypy")
    result = subprocess.run([str(mypy), "--no-incremental", "--follow-imports=silent", str(wrong)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"TemplateCatalog" has no attribute "no_such_thing"' in result.stdout
    assert 'Argument 1 to "sign" of "NoteService"' in result.stdout
