"""The letter as HTML on the page: the same blocks as the DOCX and PDF writers,
typeset (``.letter`` in desk.css), never the raw markup.

Every piece of text is escaped here; the result is marked safe only as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rapporteur.communications.letters.render import Block, BlockKind, blocks


def render_html(*, body: str, language: str, letterhead: Sequence[str] = ()) -> SafeString:
    """``<article class="letter">``: letterhead lines, then the body's blocks; the
    annex is a ``<section>`` of its own."""
    parts = [f'<article class="letter" lang="{escape(language)}">']
    if letterhead:
        # The first line is the mandate(s), in bold as on the paper letter.
        first, *rest = (escape(line) for line in letterhead)
        lines = "<br>".join([f"<strong>{first}</strong>", *rest])
        parts.append(f'<p class="letterhead">{lines}</p>')
    annex_open = False
    for block in blocks(body):
        if block.kind is BlockKind.ANNEX:
            parts.append('<section class="annex">')
            annex_open = True
        parts.append(_block(block))
    if annex_open:
        parts.append("</section>")
    parts.append("</article>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above went through escape()


def split_stored_letter(text: str) -> tuple[list[str], str]:
    """A stored plain-text letter (``render_text``: letterhead lines, a blank line,
    the body) as its letterhead lines and its body."""
    head, _, body = text.strip().partition("\n\n")
    return [line.strip() for line in head.splitlines() if line.strip()], body


def _block(block: Block) -> str:
    match block.kind:
        case BlockKind.HEADING:
            return f"<h3>{escape(block.text)}</h3>"
        case BlockKind.ANNEX:
            return f"<h3>{escape(block.text)}</h3>" if block.text else ""
        case BlockKind.LIST:
            start = f' start="{block.start}"' if block.start != 1 else ""
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            return f"<ol{start}>{items}</ol>"
        case _:
            return f"<p>{escape(block.text)}</p>"
