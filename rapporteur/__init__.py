"""Rapporteur: the secure desk of a human rights mandate."""
