"""The layout every app follows (``docs/architecture.md``, "One layout for every
app"): a view reads through selectors and writes through services. A view module
that touches ``Model.objects`` or writes an audit entry itself fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RAPPORTEUR = Path(__file__).resolve().parents[2]


def view_modules() -> list[str]:
    """Every module of views: ``<app>/views.py``, ``<app>/*_views.py`` and
    everything under ``<app>/views/``."""
    found = {
        *RAPPORTEUR.glob("*/views.py"),
        *RAPPORTEUR.glob("*/*_views.py"),
        *RAPPORTEUR.glob("*/views/**/*.py"),
    }
    return sorted(str(path.relative_to(RAPPORTEUR)) for path in found)


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def offences(source: str) -> list[str]:
    """Where ``source`` queries a model or writes an audit entry: ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call) and _called_name(node) == "record":
            found.append(f"{node.lineno}: record(")
        elif (
            isinstance(node, ast.ImportFrom)
            and (
                # A service of the audit app (noting a read of the log) is called
                # like any other; ``record`` itself, under any name, is not.
                (
                    node.module == "rapporteur.audit.services"
                    and any(a.name in {"record", "*"} for a in node.names)
                )
                or (
                    node.module == "rapporteur.audit"
                    and any(a.name == "services" for a in node.names)
                )
            )
        ) or (
            isinstance(node, ast.Import)
            and any(a.name.startswith("rapporteur.audit.services") for a in node.names)
        ):
            found.append(f"{node.lineno}: imports the audit services")
    return sorted(found, key=lambda where: int(where.split(":")[0]))


@pytest.mark.parametrize(
    "source",
    [
        "Case.objects.filter(pk=1)",
        "rows = models.Term.objects",
        "record(tag=AuditTag.CASE_READ, actor=me)",
        "audit.record(tag=tag, actor=me)",
        "from rapporteur.audit.services import record",
        "from rapporteur.audit.services import record as audit_entry",
        "from rapporteur.audit.services import *",
        "from rapporteur.audit import services",
        "import rapporteur.audit.services",
    ],
)
def test_a_query_or_an_audit_write_is_found(source):
    assert offences(source)


@pytest.mark.parametrize(
    "source",
    [
        "case.persons.filter(merged_into=None)",
        "sealing.open_record(person, desk_keys)",
        "corrections.delete_record(case=case, record=record)",
        "reading.note_read(case=case, acting_user=me)",
        "from rapporteur.audit.tags import AuditTag",
        "from rapporteur.audit.services import note_log_read",
        "def _record(case, kind): return kind",
    ],
)
def test_reads_through_relations_and_services_are_allowed(source):
    assert offences(source) == []


def test_the_check_sees_every_kind_of_view_module():
    modules = view_modules()
    assert "cases/views/cases.py" in modules
    assert "communications/views/letters.py" in modules
    assert "core/views.py" in modules
    assert "visits/views/public.py" in modules
    assert "accounts/views/staff.py" in modules


def test_views_neither_query_models_nor_write_audit_entries():
    found = {
        module: where
        for module in view_modules()
        if (where := offences((RAPPORTEUR / module).read_text(encoding="utf-8")))
    }
    assert found == {}
