"""An import-linter contract type the built-in ones lack: "imports only the standard library".

A `forbidden` contract has to name each third-party package, and a package added to the project
later would slip past it; this one allows what `sys.stdlib_module_names` lists and the project's
own root packages, and reports every other import with its line. Registered in pyproject.toml
under [tool.importlinter] contract_types (lint-imports runs from the project root, which it puts
on sys.path, so `tools.import_contracts` imports from the checkout).
"""

from __future__ import annotations

import sys

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


class StandardLibraryOnlyContract(Contract):
    """`source_modules` (and everything inside them) import only the standard library and the
    project itself. Needs include_external_packages = true, or third-party imports are invisible."""

    source_modules = fields.ListField(subfield=fields.ModuleField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        allowed = set(sys.stdlib_module_names) | set(self.session_options["root_packages"])
        found: list[tuple[str, str, list[int]]] = []
        for source in self.source_modules:
            modules = {source.name} | graph.find_descendants(source.name)
            for module in sorted(modules):
                output.verbose_print(verbose, f"Checking the imports of {module}...")
                for imported in sorted(graph.find_modules_directly_imported_by(module)):
                    if imported.partition(".")[0] in allowed:
                        continue
                    details = graph.get_import_details(importer=module, imported=imported)
                    found.append((module, imported, sorted(d["line_number"] for d in details)))
        return ContractCheck(kept=not found, metadata={"imports": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, imported, lines in check.metadata["imports"]:
            where = ", ".join(f"l.{n}" for n in lines)
            output.print_error(f"{module} -> {imported} ({where}): not in the standard library")
        output.new_line()
