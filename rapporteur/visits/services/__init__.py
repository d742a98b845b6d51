"""Every change to visits, recommendations and their follow-up: keyword-only
functions, each in one transaction with its audit entry. A refusal raises
``rapporteur.errors.Refused`` (or a subclass) with a message for the person.

``visits`` (visits and their meetings), ``recommendations`` (review, corrections,
status, evidence, themes), ``assessments`` (civil society's, through intake),
``ingestion`` (documents and CSV lists in) and ``reports`` (the follow-up report out).
"""
