"""Which way imports point (``docs/architecture.md``, "Which way imports point").

Every module of ``rapporteur`` (tests, migrations and the test helpers of
``rapporteur/testing/`` aside) is read with ``ast``; every import counts, at the top
of the file or inside a function, except those under ``if TYPE_CHECKING:``, which
never run and so can neither loop nor pull a higher layer in.

- A page module (views, urls, forms, template tags, commands, ``demo.py``,
  ``apps.py``, middleware and other request plumbing) may import anything but the
  project's wiring (``settings``, the root ``urls``).
- A domain module (everything else) imports only domain modules of its own layer or
  a lower one (``LAYERS``), and within an app only down the ladder tasks → services
  → selectors → models.
- No two modules import each other, however long the way round.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

RAPPORTEUR = Path(__file__).resolve().parents[2]

# Domain modules, bottom to top, by the longest matching prefix. Modules of one layer
# may import each other (no loops); a module may import any lower layer.
LAYERS: list[tuple[str, ...]] = [
    # The project's library, and vault's pure cryptography: no database, no Django app.
    (
        "rapporteur.config",
        "rapporteur.errors",
        "rapporteur.web",
        "rapporteur.formfields",
        "rapporteur.calendars",
        "rapporteur.schedule",
        "rapporteur.vault.crypto",
        "rapporteur.vault.signing",
        "rapporteur.vault.codenames",
        "rapporteur.vault.partfiles",
        "rapporteur.vault.recovery",
        "rapporteur.vault.errors",
    ),
    ("rapporteur.audit",),
    # The access vocabulary (roles, permissions, the view decorators): it needs only
    # the audit log, and the vault asks it which roles may hold the desk key.
    ("rapporteur.accounts.permissions",),
    ("rapporteur.vault",),
    ("rapporteur.accounts",),
    # Peers: a submission taken into a case is as restricted as the case
    # (``intake.selectors`` reads ``cases.selectors``), and triage makes cases of
    # submissions (``cases.services.triage`` reads ``intake``).
    ("rapporteur.intake", "rapporteur.cases"),
    ("rapporteur.communications", "rapporteur.visits"),
    # Counts over every capability: reads cases, communications and visits.
    ("rapporteur.insights",),
    # The whole desk in and out of an archive: reads every app's stored files.
    ("rapporteur.backups",),
    ("rapporteur.core",),
]

# Within one app, a rung may import the rungs below it, never above.
RUNGS = ("models", "selectors", "services", "tasks")

# Request plumbing: modules whose last name part (or a package on the way) is one of
# these are pages.
PAGE_PARTS = {
    "views",
    "urls",
    "forms",
    "templatetags",
    "management",
    "demo",
    "admin",
    "apps",
    "middleware",
    "context_processors",
    "csrf",
    "converters",
    "decorators",
    "feeds",
    "checks",
}

# The project's wiring: it imports every app; nothing may import it.
WIRING = {
    "rapporteur.settings",
    "rapporteur.settings_test",
    "rapporteur.urls",
    "rapporteur.wsgi",
    "rapporteur.cli",
}

# Edges that break a rule and cannot move yet. Each names why; never add to it.
ALLOWED: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(RAPPORTEUR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module read here, by dotted name."""
    found = {}
    for path in RAPPORTEUR.rglob("*.py"):
        rel = path.relative_to(RAPPORTEUR).parts
        if "tests" in rel or "migrations" in rel or rel[0] == "testing":
            continue
        found[module_name(path)] = path
    return found


def is_page(module: str) -> bool:
    if module in WIRING:
        return True
    parts = module.split(".")[1:]
    return any(part in PAGE_PARTS or part.endswith("_views") for part in parts)


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    return best[0] if best else None


def rung_of(module: str) -> tuple[str, int] | None:
    """``(app, rung)`` for models, selectors, services, tasks (or within their packages)."""
    parts = module.split(".")
    if len(parts) < 3:
        return None
    return (parts[1], RUNGS.index(parts[2])) if parts[2] in RUNGS else None


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, skipping ``if TYPE_CHECKING:`` bodies."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        if isinstance(node, ast.If) and _type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int


def imported_modules(
    source: str, *, module: str, is_package: bool, known: Iterable[str]
) -> list[Edge]:
    """The project modules ``source`` (the text of ``module``) imports."""
    known = set(known)
    package = module if is_package else module.rpartition(".")[0]
    edges = []

    def resolve(name: str) -> str | None:
        # ``from a.b import c``: ``a.b.c`` when it is a module, else ``a.b``.
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    for node in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if not name.startswith("rapporteur"):
                continue
            target = resolve(name)
            if target and target != module:
                edges.append(Edge(module, target, node.lineno))
    return edges


def project_edges() -> list[Edge]:
    modules = project_modules()
    edges = []
    for name, path in modules.items():
        edges.extend(
            imported_modules(
                path.read_text(encoding="utf-8"),
                module=name,
                is_package=path.name == "__init__.py",
                known=modules,
            )
        )
    return edges


def wrong_way(edge: Edge) -> str | None:
    """Why ``edge`` points the wrong way, or None."""
    source, target = edge.source, edge.target
    if source in WIRING:
        return None
    if target in WIRING:
        return "imports the project's wiring"
    if is_page(source):
        return None
    if is_page(target):
        return "a domain module imports a page"
    source_layer, target_layer = layer_of(source), layer_of(target)
    if source_layer is not None and target_layer is not None and target_layer > source_layer:
        return "imports a higher layer"
    source_rung, target_rung = rung_of(source), rung_of(target)
    if (
        source_rung
        and target_rung
        and source_rung[0] == target_rung[0]
        and target_rung[1] > source_rung[1]
    ):
        return f"{RUNGS[source_rung[1]]} imports {RUNGS[target_rung[1]]}"
    return None


def cycles(edges: Iterable[Edge]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_domain_modules_import_only_downward():
    wrong = {
        f"{edge.source}:{edge.line} → {edge.target}: {why}"
        for edge in project_edges()
        if (why := wrong_way(edge)) and (edge.source, edge.target) not in ALLOWED
    }
    assert not wrong, "\n".join(sorted(wrong))


def test_no_module_imports_itself_round_a_loop():
    edges = [e for e in project_edges() if (e.source, e.target) not in ALLOWED]
    assert not cycles(edges), "\n".join(" ↔ ".join(group) for group in cycles(edges))


def test_the_allow_list_holds_only_edges_that_still_exist():
    present = {(edge.source, edge.target) for edge in project_edges()}
    assert present >= ALLOWED, sorted(ALLOWED - present)


def test_every_domain_module_has_a_layer():
    unplaced = [m for m in project_modules() if not is_page(m) and layer_of(m) is None]
    assert unplaced == ["rapporteur"]


# The checker itself, on sources made up here.

KNOWN = {
    "rapporteur",
    "rapporteur.audit",
    "rapporteur.audit.services",
    "rapporteur.cases",
    "rapporteur.cases.models",
    "rapporteur.cases.selectors",
    "rapporteur.cases.services",
    "rapporteur.cases.views",
    "rapporteur.intake",
    "rapporteur.intake.services",
    "rapporteur.intake.tasks",
    "rapporteur.settings",
}


def _edges(module: str, source: str) -> list[Edge]:
    return imported_modules(source, module=module, is_package=False, known=KNOWN)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("rapporteur.audit.services", "from rapporteur.cases.models import Case"),
        ("rapporteur.audit.services", "def f():\n    from rapporteur.cases import models"),
        ("rapporteur.audit.services", "import rapporteur.intake.services"),
        ("rapporteur.intake.services", "from rapporteur.cases.views import page"),
        ("rapporteur.cases.models", "from .selectors import visible_cases"),
        ("rapporteur.cases.selectors", "from rapporteur.cases import services"),
        ("rapporteur.cases.services", "from rapporteur import settings"),
    ],
)
def test_an_upward_import_is_caught(module, source):
    assert any(wrong_way(edge) for edge in _edges(module, source))


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("rapporteur.cases.services", "from rapporteur.audit.services import record"),
        ("rapporteur.cases.services", "from .selectors import visible_cases"),
        ("rapporteur.cases.views", "from rapporteur.cases.services import open_case"),
        (
            "rapporteur.audit.services",
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from rapporteur.cases.models import Case",
        ),
    ],
)
def test_a_downward_import_passes(module, source):
    assert not any(wrong_way(edge) for edge in _edges(module, source))


def test_a_loop_is_caught_even_through_a_function():
    edges = [
        *_edges("rapporteur.intake.services", "from rapporteur.intake import tasks"),
        *_edges("rapporteur.intake.tasks", "def run():\n    from . import services"),
        *_edges("rapporteur.cases.models", "import rapporteur.audit"),
    ]
    assert cycles(edges) == [["rapporteur.intake.services", "rapporteur.intake.tasks"]]


def test_a_longer_loop_is_caught():
    edges = [
        Edge("rapporteur.a", "rapporteur.b", 1),
        Edge("rapporteur.b", "rapporteur.c", 1),
        Edge("rapporteur.c", "rapporteur.a", 1),
        Edge("rapporteur.c", "rapporteur.d", 1),
    ]
    assert cycles(edges) == [["rapporteur.a", "rapporteur.b", "rapporteur.c"]]
