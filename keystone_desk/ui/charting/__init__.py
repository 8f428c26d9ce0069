"""Charting screens: episodes, evaluations, visit notes, signing, outcome measures."""
