"""Extraction of recommendations, entities and themes from visit documents.

Pure Python (no Django): ``text`` reads documents into numbered paragraphs,
``recommendations`` finds recommendations in them, ``entities`` finds legal
instruments, institutions and places, ``themes`` classifies recommendations
into the 54 UPR Info issues.
"""
