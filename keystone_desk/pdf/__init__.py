"""PDF documents built with reportlab from domain objects only; returns bytes."""
