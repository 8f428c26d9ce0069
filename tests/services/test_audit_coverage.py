"""Every write a service makes is audited: each function that opens `db.atomic()` appends an
audit event in it, or hands the actor to another service method that does. A new write without an
audit event fails here, before an auditor finds it."""

from __future__ import annotations

import ast
from pathlib import Path

import keystone_desk.services as services_package

SERVICES = Path(services_package.__file__).parent
# Writers whose atomic block only runs other services' audited methods (checked there).
DELEGATING_CALLS = {"register", "register_many", "replace_draft", "get_or_create_draft", "create",
                    "load", "write", "set_archived", "hand_out", "apply_protocol", "record",
                    "mark_in_error", "open_episode", "discharge", "sign", "save",
                    "add_addendum", "update"}


def _opens_atomic(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr == "atomic" for n in ast.walk(node))


def _audits(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)):
            continue
        if n.func.attr in ("append", "append_many") and "audit" in ast.unparse(n.func.value).lower():
            return True
        if n.func.attr in ("append", "append_many") and "AuditLog" in ast.unparse(n.func.value):
            return True
        first = n.args[0] if n.args else None
        if (n.func.attr in DELEGATING_CALLS and isinstance(first, ast.Name)
                and first.id in ("actor", "self._actor")):
            return True
        if (n.func.attr in DELEGATING_CALLS and isinstance(first, ast.Attribute)
                and ast.unparse(first).endswith("actor")):
            return True
    return False


def unaudited_writers() -> list[str]:
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    and _opens_atomic(node) and not _audits(node)):
                found.append(f"{path.name}:{node.lineno} {node.name}")
    return found


def test_every_service_write_appends_an_audit_event():
    assert unaudited_writers() == []


def test_the_check_catches_a_write_without_an_audit_event():
    source = ("def rename(self, actor, patient_id, name):\n"
              "    with self._db.atomic():\n"
              "        self._repo.rename(patient_id, name)\n")
    function = ast.parse(source).body[0]
    assert _opens_atomic(function) and not _audits(function)
