"""Evaluation templates from resources/templates: one TOML file each, checked as they load.

A clinic adds a template by dropping a TOML file into the folder; no code changes. The file format
and the checks are in content.template_parser. `TemplateCatalog.load()` reads them all and reports
every problem in every file at once (TemplateError), each naming the file and the field.
Imports domain only.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import NotFoundError
from ..domain.templates import EvaluationTemplate
from .resources import resources_dir
from .template_parser import TemplateError, parse_template

__all__ = ["TEMPLATES_DIR", "TemplateCatalog", "TemplateError", "load_template"]

TEMPLATES_DIR = resources_dir() / "templates"


@dataclass(frozen=True, slots=True)
class TemplateCatalog:
    """Every evaluation template a clinic has, in file-name order."""

    templates: tuple[EvaluationTemplate, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> TemplateCatalog:
        """Read every *.toml in `path` (default: the app's resources/templates folder)."""
        folder = TEMPLATES_DIR if path is None else Path(path)
        if not folder.is_dir():
            raise TemplateError([f"{folder}: there is no templates folder here"])
        problems: list[str] = []
        templates: list[EvaluationTemplate] = []
        seen: dict[str, str] = {}
        for file in sorted(folder.glob("*.toml")):
            try:
                template = load_template(file)
            except TemplateError as error:
                problems += error.problems
                continue
            if template.id in seen:
                problems.append(f"{file.name}: template id {template.id!r} is already used by "
                                f"{seen[template.id]}")
                continue
            seen[template.id] = file.name
            templates.append(template)
        if problems:
            raise TemplateError(problems)
        return cls(tuple(templates))

    def get(self, template_id: str) -> EvaluationTemplate:
        for template in self.templates:
            if template.id == template_id:
                return template
        raise NotFoundError(f"There is no evaluation template {template_id!r}.")

    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.templates)

    def __iter__(self) -> Iterator[EvaluationTemplate]:
        return iter(self.templates)

    def __len__(self) -> int:
        return len(self.templates)


def load_template(file: Path) -> EvaluationTemplate:
    """One template file, or TemplateError listing every problem in it."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError([f"{file.name}: cannot be read ({error})"]) from error
    except tomllib.TOMLDecodeError as error:
        raise TemplateError([f"{file.name}: is not valid TOML ({error})"]) from error
    return parse_template(data, file.name)
