"""``rapporteur visits …``: the management command wired to the extraction core."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

SEED = settings.VISITS_SHARED_DIR / "seed" / "end-of-mission-statement-tajikistan-2022.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"shared seed statement absent: {SEED}")
RAPPORTEUR = Path(sys.executable).parent / "rapporteur"


@needs_seed
def test_extract_prints_one_json_object_per_recommendation():
    out = io.StringIO()
    call_command("visits", "extract", str(SEED), "--format", "jsonl", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 7
    assert set(rows[0]) >= {
        "text",
        "paragraph",
        "page",
        "addressee",
        "recommending_states",
        "themes",
        "instruments",
        "places",
    }


def test_extract_adds_body_subitem_strength_priority_for_prose(tmp_path):
    from rapporteur.visits.tests.test_prose_extraction import CONCLUDING_OBSERVATIONS

    path = tmp_path / "co.txt"
    path.write_text(CONCLUDING_OBSERVATIONS, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("visits", "extract", str(path), "--format", "jsonl", stdout=out, stderr=err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert err.getvalue() == "Read as: treaty body concluding observations.\n"
    assert set(rows[0]) >= {"text", "paragraph", "page", "addressee", "recommending_states"}
    first = rows[0]
    assert (first["body"], first["subitem"], first["strength"], first["priority"]) == (
        "CAT",
        "a",
        "recommends",
        True,
    )
    assert first["context"] == "The Committee recommends that the State party:"


def test_a_document_of_no_known_family_says_the_generic_rules_read_it(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Notes of a meeting.\n\n1. The Government should repeal article 307 of the Criminal "
        "Code.\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("visits", "extract", str(path), "--format", "jsonl", stdout=out, stderr=err)
    assert "generic rules" in err.getvalue()
    assert [json.loads(line)["text"] for line in out.getvalue().splitlines()] == [
        "The Government should repeal article 307 of the Criminal Code."
    ]


def test_bad_file_is_a_message_and_a_non_zero_status(tmp_path):
    garbage = tmp_path / "noise.bin"
    garbage.write_bytes(bytes(range(256)) * 20)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("visits", "extract", str(garbage), stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 2
    assert err.getvalue().startswith("error:") and "binary" in err.getvalue()


def test_classify_without_a_model_says_how_to_build_one(tmp_path, monkeypatch, settings):
    settings.VISITS_THEMES_MODEL = tmp_path / "none"
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO("Release all defenders\n"))
    with pytest.raises(SystemExit):
        call_command("visits", "classify", "--format", "jsonl", stdout=io.StringIO(), stderr=err)
    assert "train-themes" in err.getvalue()


@pytest.mark.skipif(
    not settings.VISITS_THEMES_MODEL.with_suffix(".npz").exists(),
    reason="no theme model built (make themes needs ../shared/data/upr-info)",
)
def test_console_script_classifies_standard_input_in_order():
    """Through the installed ``rapporteur`` script, as scripts call it: no secret needed."""
    result = subprocess.run(
        [str(RAPPORTEUR), "visits", "classify", "--format", "jsonl"],
        input="Protect human rights defenders from reprisals\n\nAbolish the death penalty\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 3 and lines[1] == {"themes": []}
    assert lines[0]["themes"][0]["label"] == "Human rights defenders"
    assert "Death penalty" in {t["label"] for t in lines[2]["themes"]}
