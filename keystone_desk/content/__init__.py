"""Reads clinical content from resources/ into domain objects, validating it at load. Imports domain only."""
