"""Every URL of the project, with sample arguments, for tests that walk them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, e.g. "accounts:login"
    view: Callable[..., Any]
    converters: tuple[str, ...]  # names of the path's arguments

    @property
    def is_public(self) -> bool:
        return bool(getattr(self.view, "is_public", False))

    @property
    def permission(self) -> Any:
        return getattr(self.view, "required_permission", None)


def all_routes() -> Iterator[Route]:
    yield from _walk(get_resolver().url_patterns, prefix="")


def _walk(patterns: list[Any], prefix: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(
                name=prefix + entry.name,
                view=entry.callback,
                converters=tuple(entry.pattern.converters),
            )


def url_for(route: Route, samples: dict[str, Any]) -> str:
    """Reverse a route with sample values for its arguments, taken from ``samples``."""
    kwargs = {name: samples[name] for name in route.converters}
    return reverse(route.name, kwargs=kwargs)
