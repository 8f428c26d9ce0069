"""AuthService (`clinic.auth`): signing in and out, the idle-lock unlock, one's own password and
PIN, and the administrator's user management. Passwords and PINs are argon2id hashes
(argon2-cffi); five failed attempts lock the account for five minutes (domain.sign_in).

Every sign-in, failure, lockout and user change is audited; passwords, PINs and hashes are never
written to the audit trail or a log. Slow hashing happens outside the write transaction. User
management checks the actor's role as stored now (not as it was at sign-in), so it is safe to
call without a ClinicSession too. `demo_password_users` tells which accounts still have the
demo clinic's published passwords (services.demo_users). No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..domain.errors import FieldProblem, ValidationError
from ..domain.permissions import Permission, PermissionDeniedError, allows
from ..domain.sign_in import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    AccountLockedError,
    AlreadySetUpError,
    SignInError,
    UserAccount,
    check_idle_lock_minutes,
    check_pin,
    display_name_problems,
    normalize_username,
    password_problems,
    username_problems,
)
from ..domain.users import BUILTIN_ADMIN_USERNAME, Role, User
from ..store.audit import AuditLog
from ..store.database import Database
from ..store.user_accounts import StoredAccount, UserAccountRepository
from .demo_users import DEMO_USERS


class AuthService:
    def __init__(self, db: Database, clock: Callable[[], datetime],
                 hasher: PasswordHasher | None = None):
        self._db = db
        self._clock = clock
        self._hasher = hasher or PasswordHasher()  # argon2id, argon2-cffi's default cost
        self._accounts = UserAccountRepository(db)
        self._audit = AuditLog(db)
        self._dummy_hash: str | None = None
        # (user id, stored hash) -> whether it is that user's demo password: a changed password
        # has a new hash (a new salt), so an entry never goes stale.
        self._demo_checked: dict[tuple[int, str], bool] = {}

    # First run
    def needs_first_administrator(self) -> bool:
        """No user has a password yet: the app asks for the first administrator."""
        return not self._accounts.any_password()

    def create_first_administrator(self, username: str, display_name: str, password: str) -> User:
        """Name the built-in administrator and give it a password; AlreadySetUpError once any
        user has a password."""
        username = normalize_username(username)
        self._validate(username_problems(username) + display_name_problems(display_name)
                       + password_problems(password, username))
        digest = self._hasher.hash(password)
        now = self._clock()
        with self._db.atomic():
            if self._accounts.any_password():
                raise AlreadySetUpError()
            admin = self._accounts.by_username(BUILTIN_ADMIN_USERNAME)
            if admin is None:
                raise AlreadySetUpError()
            self._check_username_free(username, excluding=admin.user.id)
            self._accounts.rename(admin.user.id, username, display_name.strip())
            self._accounts.set_password_hash(admin.user.id, digest)
            self._audit.append(now, admin.user.id, "create_first_administrator", "user",
                               admin.user.id)
        return self._accounts.get(admin.user.id).user

    # Signing in and out
    def login(self, username: str, password: str) -> User:
        """The user, signed in; SignInError (one message for a wrong name or password) or
        AccountLockedError(until)."""
        account = self._accounts.by_username(normalize_username(username))
        if account is None or account.archived or not account.password_hash:
            self._dummy_verify(password)
            self._failed_sign_in_without_account(account)
            raise SignInError()
        self._refuse_if_locked(account, "failed_login")
        if not self._matches(account.password_hash, password):
            self._count_failure(account.user, "failed_login")
            raise SignInError()
        self._succeed(account, password, "login")
        return self._accounts.get(account.user.id).user

    def logout(self, actor: User) -> None:
        with self._db.atomic():
            self._audit.append(self._clock(), actor.id, "logout", "user", actor.id)

    def verify_unlock(self, actor: User, secret: str) -> bool:
        """Whether `secret` is `actor`'s PIN or password (to leave the idle lock). A wrong one
        counts towards the lockout; the fifth raises AccountLockedError (sign in again later)."""
        account = self._accounts.get(actor.id)
        if account.archived:
            return False
        self._refuse_if_locked(account, "failed_unlock")
        ok = bool(account.pin_hash) and self._matches(account.pin_hash, secret)
        if not ok and account.password_hash:
            ok = self._matches(account.password_hash, secret)
        if not ok:
            self._count_failure(account.user, "failed_unlock")
            return False
        self._succeed(account, None, "unlock")
        return True

    # One's own secrets
    def set_pin(self, actor: User, pin: str) -> None:
        """Set `actor`'s PIN (4 to 8 digits) for leaving the idle lock."""
        check_pin(pin)
        digest = self._hasher.hash(pin)
        with self._db.atomic():
            self._accounts.set_pin_hash(actor.id, digest)
            self._audit.append(self._clock(), actor.id, "set_pin", "user", actor.id)

    def change_password(self, actor: User, old: str, new: str) -> None:
        """A wrong `old` is a ValidationError on old_password and counts as a failed attempt."""
        account = self._accounts.get(actor.id)
        self._refuse_if_locked(account, "failed_password_change")
        self._validate(password_problems(new, account.user.username, "new_password"))
        if not account.password_hash or not self._matches(account.password_hash, old):
            self._count_failure(account.user, "failed_password_change")
            raise ValidationError(FieldProblem("old_password", "The current password is not right."))
        digest = self._hasher.hash(new)
        with self._db.atomic():
            self._accounts.set_password_hash(actor.id, digest)
            self._audit.append(self._clock(), actor.id, "change_password", "user", actor.id)

    # The administrator's user management
    def list_users(self, actor: User) -> list[UserAccount]:
        self._require(actor, Permission.USERS_MANAGE, "auth.list_users")
        return [_public(a) for a in self._accounts.all()]

    def create_user(self, actor: User, username: str, display_name: str, role: Role | str,
                    password: str, credentials: str = "") -> User:
        self._require(actor, Permission.USERS_MANAGE, "auth.create_user")
        username = normalize_username(username)
        role = self._role(role)
        self._validate(username_problems(username) + display_name_problems(display_name)
                       + password_problems(password, username))
        digest = self._hasher.hash(password)
        now = self._clock()
        with self._db.atomic():
            self._check_username_free(username)
            user_id = self._accounts.insert(username, display_name.strip(), role,
                                            credentials.strip(), digest, now)
            self._audit.append(now, actor.id, "create", "user", user_id, None,
                               f"{username} ({role.value})")
        return self._accounts.get(user_id).user

    def update_user(self, actor: User, user_id: int, *, display_name: str, role: Role | str,
                    credentials: str, archived: bool, expected_version: int) -> UserAccount:
        """Change a user over the version read (ConflictError if it moved on). The last
        active administrator can be neither archived nor given another role."""
        self._require(actor, Permission.USERS_MANAGE, "auth.update_user", user_id)
        role = self._role(role)
        self._validate(display_name_problems(display_name))
        now = self._clock()
        with self._db.atomic():
            before = self._accounts.get(user_id)
            if before.user.role is Role.ADMINISTRATOR and not before.archived and (
                    archived or role is not Role.ADMINISTRATOR) and self._active_admins() <= 1:
                raise ValidationError(FieldProblem(
                    "role", "The clinic needs at least one active administrator."))
            self._accounts.update(user_id, display_name.strip(), role, credentials.strip(),
                                  archived, expected_version)
            changed = [name for name, old, new in (
                ("display_name", before.user.display_name, display_name.strip()),
                ("role", before.user.role, role), ("credentials", before.credentials,
                                                   credentials.strip()),
                ("archived", before.archived, archived)) if old != new]
            self._audit.append(now, actor.id, "update", "user", user_id, None, ", ".join(changed))
            return _public(self._accounts.get(user_id))

    def reset_password(self, actor: User, user_id: int, new_password: str) -> None:
        """Set a new password for a user who forgot theirs (it also lifts a lockout)."""
        self._require(actor, Permission.USERS_MANAGE, "auth.reset_password", user_id)
        target = self._accounts.get(user_id)
        self._validate(password_problems(new_password, target.user.username))
        digest = self._hasher.hash(new_password)
        with self._db.atomic():
            self._accounts.set_password_hash(user_id, digest)
            self._audit.append(self._clock(), actor.id, "reset_password", "user", user_id)

    def unlock_account(self, actor: User, user_id: int) -> None:
        self._require(actor, Permission.USERS_MANAGE, "auth.unlock_account", user_id)
        with self._db.atomic():
            self._accounts.get(user_id)
            self._accounts.record_success(user_id, None)
            self._audit.append(self._clock(), actor.id, "unlock_account", "user", user_id)

    # The demo clinic's published passwords
    def demo_password_users(self) -> list[User]:
        """Active users who can still sign in with the demo password published for their user
        name: anyone who has read the documentation can sign in as them. Each stored hash is
        checked once (argon2 takes about 100 ms) and the answer remembered until it changes."""
        published = {demo.username: demo.password for demo in DEMO_USERS}
        found = []
        for account in self._accounts.all():
            password = published.get(account.user.username)
            if password is None or account.archived or not account.password_hash:
                continue
            key = (account.user.id, account.password_hash)
            if key not in self._demo_checked:
                self._demo_checked[key] = self._matches(account.password_hash, password)
            if self._demo_checked[key]:
                found.append(account.user)
        return found

    # Idle lock
    def idle_lock_minutes(self) -> int:
        return self._accounts.idle_lock_minutes()

    def set_idle_lock_minutes(self, actor: User, minutes: int) -> None:
        self._require(actor, Permission.SETTINGS_MANAGE, "auth.set_idle_lock_minutes")
        check_idle_lock_minutes(minutes)
        with self._db.atomic():
            self._accounts.set_idle_lock_minutes(minutes)
            self._audit.append(self._clock(), actor.id, "update", "idle_lock_minutes", None,
                               None, str(minutes))

    # Helpers
    def _require(self, actor: User, permission: Permission, entity: str,
                 entity_id: int | None = None) -> None:
        """The actor's role as stored now must allow `permission`; else an audited refusal."""
        current = self._accounts.get(actor.id)
        role = current.user.role
        if not current.archived and allows(role, permission):
            return
        with self._db.atomic():
            self._audit.append(self._clock(), actor.id, "denied", entity, entity_id, None,
                               permission.value)
        raise PermissionDeniedError(role, permission)

    def _matches(self, digest: str, secret: str) -> bool:
        try:
            return self._hasher.verify(digest, secret)
        except (VerificationError, InvalidHashError):
            return False

    def _dummy_verify(self, secret: str) -> None:
        """Spend as long as a real check, so a wrong name cannot be told from a wrong password."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not the password of anyone")
        self._matches(self._dummy_hash, secret)

    def _refuse_if_locked(self, account: StoredAccount, action: str) -> None:
        now = self._clock()
        until = account.locked_until
        if until is not None and now < until:
            with self._db.atomic():
                self._audit.append(now, account.user.id, action, "user", account.user.id, None,
                                   "account locked")
            raise AccountLockedError(until)

    def _count_failure(self, user: User, action: str) -> None:
        """One more failed attempt; the fifth locks the account (AccountLockedError)."""
        now = self._clock()
        with self._db.atomic():
            attempts = self._accounts.get(user.id).failed_attempts + 1
            self._audit.append(now, user.id, action, "user", user.id, None,
                               f"attempt {attempts}")
            if attempts < MAX_FAILED_ATTEMPTS:
                self._accounts.record_failure(user.id, attempts, None)
                return
            until = now + LOCKOUT
            self._accounts.record_failure(user.id, 0, until)
            self._audit.append(now, user.id, "lockout", "user", user.id, None,
                               f"until {until.isoformat()}")
        raise AccountLockedError(until)

    def _failed_sign_in_without_account(self, account: StoredAccount | None) -> None:
        """Audited against the built-in administrator's row when no such user exists (the
        audit trail names a user on every entry); the name typed is not kept, in case it was
        a password typed in the wrong box."""
        if account is not None:
            user_id = account.user.id
            detail = "archived user" if account.archived else "no password"
        else:
            builtin = self._accounts.by_username(BUILTIN_ADMIN_USERNAME)
            first = builtin or next(iter(self._accounts.all()), None)
            if first is None:
                return
            user_id, detail = first.user.id, "unknown user name"
        with self._db.atomic():
            self._audit.append(self._clock(), user_id, "failed_login", "user", None, None, detail)

    def _succeed(self, account: StoredAccount, password: str | None, action: str) -> None:
        rehash = (self._hasher.hash(password) if password is not None
                  and self._hasher.check_needs_rehash(account.password_hash) else None)
        now = self._clock()
        with self._db.atomic():
            if rehash:
                self._accounts.set_password_hash(account.user.id, rehash)
            self._accounts.record_success(account.user.id, now if action == "login" else None)
            self._audit.append(now, account.user.id, action, "user", account.user.id)

    def _check_username_free(self, username: str, excluding: int | None = None) -> None:
        existing = self._accounts.by_username(username)
        if existing is not None and existing.user.id != excluding:
            raise ValidationError(FieldProblem("username", "That user name is taken."))

    def _active_admins(self) -> int:
        return sum(1 for a in self._accounts.all()
                   if a.user.role is Role.ADMINISTRATOR and not a.archived)

    @staticmethod
    def _role(role: Role | str) -> Role:
        try:
            return Role(role)
        except ValueError:
            raise ValidationError(FieldProblem("role", "Choose one of the clinic roles.")) from None

    @staticmethod
    def _validate(problems: list[FieldProblem]) -> None:
        if problems:
            raise ValidationError(problems)


def _public(account: StoredAccount) -> UserAccount:
    return UserAccount(account.user, account.credentials, account.archived,
                       bool(account.password_hash), bool(account.pin_hash), account.locked_until,
                       account.last_login_at, account.version)
