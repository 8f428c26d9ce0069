"""Where the app's bundled content (resources/) lives, in a source checkout or an installed wheel.

In a checkout (and the editable install `uv sync` makes) it is the repository's resources/ folder,
beside this package; a built wheel carries the same folder as keystone_desk/resources
(pyproject.toml force-includes it). Standard library only, so any layer may use it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The resources/ folder: the installed copy inside the package if present, else the checkout's."""
    installed = _PACKAGE / "resources"
    return installed if installed.is_dir() else _PACKAGE.parent / "resources"
