"""A term of a controlled vocabulary, shared by the HURIDOCS lists (``huridocs``) and
the desk's local additions (``local_terms``). Stdlib only, like both."""

from __future__ import annotations

from dataclasses import dataclass, field


class VocabularyError(ValueError):
    """The thesaurus or a data file is missing or inconsistent."""


@dataclass(frozen=True, slots=True)
class Term:
    list_name: str
    code: str  # HURIDOCS huri_code (12 digits) or an L-prefixed local code
    parent: str | None  # the parent's code, in the same list
    level: int
    order: int
    labels: dict[str, str] = field(default_factory=dict)
    local: bool = False
    key: str = ""  # stable slug for local terms, used by forms and the demo

    @property
    def tg_missing(self) -> bool:
        """True when no Tajik label exists: the UI shows Russian and marks it."""
        return not self.labels.get("tg")

    def label(self, language: str) -> str:
        """The label in ``language``, else Russian (for Tajik readers), else English."""
        for candidate in (language, "ru" if language == "tg" else "", "en"):
            if candidate and self.labels.get(candidate):
                return self.labels[candidate]
        return self.code
