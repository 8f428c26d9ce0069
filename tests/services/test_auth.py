"""Signing in, lockout, the idle-lock unlock, password rules and user management (services.auth)."""

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from keystone_desk.domain.errors import ConflictError, ValidationError
from keystone_desk.domain.permissions import PermissionDeniedError
from keystone_desk.domain.sign_in import AccountLockedError, AlreadySetUpError, SignInError
from keystone_desk.domain.users import Role
from keystone_desk.services.clinic import Clinic

ADMIN_PASSWORD = "clinic-owner-2026"


def events(clinic, action):
    return clinic.db.execute(
        "SELECT user_id, entity, entity_id, detail FROM audit_events WHERE action = ? ORDER BY id",
        [action]).fetchall()


@pytest.fixture
def boss(clinic):
    return clinic.auth.create_first_administrator("Boss", "Dana Boss", ADMIN_PASSWORD)


@pytest.fixture
def therapist(clinic, boss):
    return clinic.auth.create_user(boss, "jo.park", "Jo Park", Role.THERAPIST,
                                   "therapist-pass-1", "PT, DPT")


def test_first_run_names_the_builtin_administrator_once(clinic, admin):
    assert clinic.auth.needs_first_administrator()
    boss = clinic.auth.create_first_administrator("Boss", "Dana Boss", ADMIN_PASSWORD)
    assert (boss.id, boss.username, boss.role) == (admin.id, "boss", Role.ADMINISTRATOR)
    assert not clinic.auth.needs_first_administrator()
    with pytest.raises(AlreadySetUpError):
        clinic.auth.create_first_administrator("other", "Other", ADMIN_PASSWORD)
    assert events(clinic, "create_first_administrator") == [(admin.id, "user", admin.id, "")]


def test_login_is_audited_and_stores_only_an_argon2id_hash(clinic, boss):
    assert clinic.auth.login(" BOSS ", ADMIN_PASSWORD) == boss
    digest, = clinic.db.execute("SELECT password_hash FROM users WHERE id = ?", [boss.id]
                                ).fetchone()
    assert digest.startswith("$argon2id$") and ADMIN_PASSWORD not in digest
    assert events(clinic, "login") == [(boss.id, "user", boss.id, "")]
    dump = "\n".join(clinic.db.conn.iterdump())
    assert ADMIN_PASSWORD not in dump


def test_wrong_name_and_wrong_password_say_the_same(clinic, boss):
    with pytest.raises(SignInError) as wrong_password:
        clinic.auth.login("boss", "not the password")
    with pytest.raises(SignInError) as wrong_name:
        clinic.auth.login("nobody", ADMIN_PASSWORD)
    assert str(wrong_password.value) == str(wrong_name.value)
    assert [e[3] for e in events(clinic, "failed_login")] == ["attempt 1", "unknown user name"]


def test_five_failures_lock_the_account_for_five_minutes(clinic, clock, boss, therapist):
    for _ in range(4):
        with pytest.raises(SignInError):
            clinic.auth.login("jo.park", "wrong password")
    with pytest.raises(AccountLockedError) as locked:
        clinic.auth.login("jo.park", "wrong password")
    assert locked.value.until == clock.now + timedelta(minutes=5)
    with pytest.raises(AccountLockedError):  # even the right password, while locked
        clinic.auth.login("jo.park", "therapist-pass-1")
    assert events(clinic, "lockout") == [
        (therapist.id, "user", therapist.id, f"until {locked.value.until.isoformat()}")]
    assert len(events(clinic, "failed_login")) == 6
    clock.now += timedelta(minutes=5)
    assert clinic.auth.login("jo.park", "therapist-pass-1") == therapist


def test_an_administrator_can_unlock_a_locked_account(clinic, boss, therapist):
    for _ in range(4):
        with pytest.raises(SignInError):
            clinic.auth.login("jo.park", "wrong password")
    with pytest.raises(AccountLockedError):
        clinic.auth.login("jo.park", "wrong password")
    clinic.auth.unlock_account(boss, therapist.id)
    assert clinic.auth.login("jo.park", "therapist-pass-1") == therapist


def test_unlock_takes_the_pin_or_password_of_the_same_user_only(clinic, boss, therapist):
    clinic.auth.set_pin(therapist, "2468")
    assert clinic.auth.verify_unlock(therapist, "2468")
    assert clinic.auth.verify_unlock(therapist, "therapist-pass-1")
    assert not clinic.auth.verify_unlock(therapist, ADMIN_PASSWORD)  # someone else's
    assert not clinic.auth.verify_unlock(boss, "2468")
    assert len(events(clinic, "unlock")) == 2
    assert len(events(clinic, "failed_unlock")) == 2


def test_failed_unlocks_count_towards_the_lockout(clinic, therapist):
    for _ in range(4):
        assert not clinic.auth.verify_unlock(therapist, "0000")
    with pytest.raises(AccountLockedError):
        clinic.auth.verify_unlock(therapist, "0000")
    with pytest.raises(AccountLockedError):
        clinic.auth.login("jo.park", "therapist-pass-1")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", ""])
def test_a_pin_is_four_to_eight_digits(clinic, therapist, pin):
    with pytest.raises(ValidationError) as error:
        clinic.auth.set_pin(therapist, pin)
    assert error.value.for_field("pin")


@pytest.mark.parametrize("password", ["short", "123456789", " padded password ", "jo.park",
                                      "aaaaaaaaaaaa"])
def test_password_rules(clinic, boss, password):
    with pytest.raises(ValidationError) as error:
        clinic.auth.create_user(boss, "jo.park", "Jo Park", Role.THERAPIST, password)
    assert error.value.for_field("password")
    assert len(clinic.auth.list_users(boss)) == 1


def test_change_password_needs_the_old_one(clinic, therapist):
    with pytest.raises(ValidationError) as wrong_old:
        clinic.auth.change_password(therapist, "not it at all", "a brand new one")
    assert wrong_old.value.for_field("old_password")
    with pytest.raises(ValidationError) as too_short:
        clinic.auth.change_password(therapist, "therapist-pass-1", "short")
    assert too_short.value.for_field("new_password")
    clinic.auth.change_password(therapist, "therapist-pass-1", "a brand new one")
    assert clinic.auth.login("jo.park", "a brand new one") == therapist
    with pytest.raises(SignInError):
        clinic.auth.login("jo.park", "therapist-pass-1")


@pytest.mark.parametrize("call", [
    lambda auth, actor, target: auth.list_users(actor),
    lambda auth, actor, target: auth.create_user(actor, "new.user", "New", Role.THERAPIST,
                                                 "long enough pass"),
    lambda auth, actor, target: auth.update_user(actor, target, display_name="X",
                                                 role=Role.ADMINISTRATOR, credentials="",
                                                 archived=False, expected_version=1),
    lambda auth, actor, target: auth.reset_password(actor, target, "long enough pass"),
    lambda auth, actor, target: auth.unlock_account(actor, target),
    lambda auth, actor, target: auth.set_idle_lock_minutes(actor, 30),
])
def test_user_management_is_refused_to_others_and_audited(clinic, boss, therapist, call):
    before = clinic.db.execute("SELECT * FROM users ORDER BY id").fetchall()
    with pytest.raises(PermissionDeniedError, match=r"Your role \(therapist\) cannot"):
        call(clinic.auth, therapist, boss.id)
    assert clinic.db.execute("SELECT * FROM users ORDER BY id").fetchall() == before
    assert [(user_id, entity.split(".")[0]) for user_id, entity, _, _ in events(
        clinic, "denied")] == [(therapist.id, "auth")]
    assert clinic.auth.idle_lock_minutes() == 10


def test_administrator_manages_users_with_versions(clinic, boss, therapist):
    account = next(a for a in clinic.auth.list_users(boss) if a.user == therapist)
    assert (account.credentials, account.has_password, account.has_pin) == ("PT, DPT", True, False)
    changed = clinic.auth.update_user(boss, therapist.id, display_name="Jo Park-Lee",
                                      role=Role.ASSISTANT, credentials="PTA", archived=False,
                                      expected_version=account.version)
    assert (changed.user.role, changed.version) == (Role.ASSISTANT, account.version + 1)
    with pytest.raises(ConflictError):
        clinic.auth.update_user(boss, therapist.id, display_name="Jo", role=Role.THERAPIST,
                                credentials="", archived=False, expected_version=account.version)
    clinic.auth.reset_password(boss, therapist.id, "reset by the boss")
    assert clinic.auth.login("jo.park", "reset by the boss").role is Role.ASSISTANT
    assert [e[3] for e in events(clinic, "update") if e[1] == "user"] == [
        "display_name, role, credentials"]


def test_archived_users_cannot_sign_in(clinic, boss, therapist):
    version = next(a.version for a in clinic.auth.list_users(boss) if a.user == therapist)
    clinic.auth.update_user(boss, therapist.id, display_name="Jo Park", role=Role.THERAPIST,
                            credentials="PT, DPT", archived=True, expected_version=version)
    with pytest.raises(SignInError):
        clinic.auth.login("jo.park", "therapist-pass-1")


def test_the_last_administrator_cannot_be_archived_or_demoted(clinic, boss):
    with pytest.raises(ValidationError):
        clinic.auth.update_user(boss, boss.id, display_name="Dana", role=Role.THERAPIST,
                                credentials="", archived=False, expected_version=2)


def test_usernames_are_unique_whatever_the_case(clinic, boss, therapist):
    with pytest.raises(ValidationError) as error:
        clinic.auth.create_user(boss, "JO.PARK", "Another Jo", Role.ASSISTANT, "long enough pw")
    assert error.value.for_field("username")


def test_idle_lock_minutes_default_ten_and_are_checked(clinic, boss):
    assert clinic.auth.idle_lock_minutes() == 10
    clinic.auth.set_idle_lock_minutes(boss, 3)
    assert clinic.auth.idle_lock_minutes() == 3
    with pytest.raises(ValidationError):
        clinic.auth.set_idle_lock_minutes(boss, 0)


def test_an_assistant_writes_a_note_that_a_therapist_signs(clinic, boss, therapist):
    from keystone_desk.domain.charting import NoteKind
    from keystone_desk.services.session import ClinicSession
    from tests.conftest import intake_values

    assistant = clinic.auth.create_user(boss, "sam", "Sam Okafor", Role.ASSISTANT,
                                        "assistant-pass-1", "PTA")
    pt = ClinicSession(clinic, therapist)
    patient = pt.patients.register(intake_values()).patient
    episode = pt.episodes.open_episode(patient.id, "Achilles")
    pta = ClinicSession(clinic, assistant)
    draft = pta.notes.create(episode.id, NoteKind.DAILY, content={"subjective": "Better."})
    with pytest.raises(PermissionDeniedError):
        pta.notes.sign(draft.id, "PTA", draft.version)
    signed = pt.notes.sign(draft.id, "PT, DPT", draft.version)
    assert signed.header.therapist_id == assistant.id
    assert signed.signature.signer_id == therapist.id


def test_accounts_still_on_their_published_demo_password_are_named(clinic, admin):
    from keystone_desk.services.demo_users import DEMO_USERS

    clinic.demo.load(admin, patients=1)
    assert {u.username for u in clinic.auth.demo_password_users()} == {
        u.username for u in DEMO_USERS}
    therapist = clinic.auth.login("maria.lopez", "demo-therapist-2026")
    clinic.auth.change_password(therapist, "demo-therapist-2026", "a-secret-of-her-own")
    front_desk = next(a.user for a in clinic.auth.list_users(admin)
                      if a.user.username == "jordan.reyes")
    clinic.auth.reset_password(admin, front_desk.id, "another-own-secret")
    clinic.auth.update_user(admin, next(a.user.id for a in clinic.auth.list_users(admin)
                                        if a.user.username == "sam.okafor"),
                            display_name="Sam Okafor", role=Role.ASSISTANT, credentials="PTA",
                            archived=True, expected_version=1)
    assert [u.username for u in clinic.auth.demo_password_users()] == ["admin"]


def test_a_clinic_of_its_own_has_no_demo_passwords_even_with_a_demo_user_name(clinic, boss):
    clinic.auth.create_user(boss, "maria.lopez", "Maria Lopez", Role.THERAPIST,
                            "not-the-demo-one-1")
    assert clinic.auth.demo_password_users() == []


class CountingHasher(PasswordHasher):
    """The cheap test hasher, noting each secret it is asked to verify."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.checked: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.checked.append(str(password))
        return super().verify(hash, password)


def test_each_stored_password_is_checked_against_its_demo_password_only_once(tmp_path, clock):
    hasher = CountingHasher()
    clinic = Clinic(tmp_path / "counted.db", clock=clock, password_hasher=hasher)
    clinic.demo.load(clinic.builtin_administrator(), patients=1)
    hasher.checked.clear()
    for _ in range(3):
        assert len(clinic.auth.demo_password_users()) == 4
    assert len(hasher.checked) == 4  # the first call checks each account; later ones remember
    therapist = clinic.auth.login("maria.lopez", "demo-therapist-2026")
    clinic.auth.change_password(therapist, "demo-therapist-2026", "a-secret-of-her-own")
    hasher.checked.clear()
    assert len(clinic.auth.demo_password_users()) == 3
    assert hasher.checked == ["demo-therapist-2026"]  # only the changed password is checked
    clinic.close()
