"""Writes to cases, one keyword-only function per intent (see each module)."""
