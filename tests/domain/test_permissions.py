"""The permission matrix reads as the clinic's roles are described (issue 5)."""

from keystone_desk.domain.permissions import (
    METHOD_PERMISSIONS,
    ROLE_PERMISSIONS,
    Permission,
    PermissionDeniedError,
    allows,
)
from keystone_desk.domain.users import Role

P = Permission


def test_front_desk_sees_no_clinical_notes_and_no_outcome_scores():
    desk = ROLE_PERMISSIONS[Role.FRONT_DESK]
    assert not desk & {P.CLINICAL_READ, P.CLINICAL_WRITE, P.MEASURE_READ, P.MEASURE_WRITE}
    assert {P.PATIENT_REGISTER, P.PATIENT_EDIT, P.PROGRAM_PRINT} <= desk


def test_assistant_writes_notes_but_cannot_sign_add_addenda_or_hand_out():
    assistant = ROLE_PERMISSIONS[Role.ASSISTANT]
    assert {P.CLINICAL_READ, P.CLINICAL_WRITE, P.MEASURE_WRITE} <= assistant
    assert not assistant & {P.NOTE_SIGN, P.NOTE_ADDENDUM, P.PROGRAM_HAND_OUT, P.PLAN_WRITE}


def test_administrator_runs_the_clinic_but_cannot_read_clinical_notes():
    admin = ROLE_PERMISSIONS[Role.ADMINISTRATOR]
    assert {P.USERS_MANAGE, P.SETTINGS_MANAGE, P.BACKUP_RUN, P.BACKUP_RESTORE,
            P.AUDIT_VIEW} <= admin
    assert not admin & {P.CLINICAL_READ, P.MEASURE_READ, P.NOTE_SIGN}


def test_only_administrators_manage_users_and_only_therapists_sign():
    assert [r for r in Role if allows(r, P.USERS_MANAGE)] == [Role.ADMINISTRATOR]
    assert [r for r in Role if allows(r, P.NOTE_SIGN)] == [Role.THERAPIST]


def test_every_permission_is_held_by_some_role_and_every_role_is_described():
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert set().union(*ROLE_PERMISSIONS.values()) == set(Permission)
    assert set(METHOD_PERMISSIONS.values()) - {None} <= set(Permission)


def test_a_refusal_says_which_role_and_what_in_plain_words():
    error = PermissionDeniedError(Role.FRONT_DESK, P.CLINICAL_READ)
    assert str(error) == "Your role (front desk) cannot open clinical notes."
