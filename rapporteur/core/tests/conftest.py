"""Fixtures of the tests that walk every URL of the desk."""

from __future__ import annotations

import pytest


@pytest.fixture
def samples(personas, settings, tmp_path):
    """Argument values for URLs that take some, pointing at real objects of every app."""
    from rapporteur.testing.cases import url_samples
    from rapporteur.testing.communications import communication_samples
    from rapporteur.testing.insights import insights_samples, report_samples
    from rapporteur.testing.visits import visit_samples

    samples = {**url_samples(personas, settings, tmp_path), **visit_samples()}
    samples |= communication_samples(personas) | insights_samples(personas)
    samples |= report_samples(personas)
    return samples | {"chart": "series"}
