"""The resources/ folder clinical content is read from (see keystone_desk.resource_paths)."""

from ..resource_paths import resources_dir

__all__ = ["resources_dir"]
