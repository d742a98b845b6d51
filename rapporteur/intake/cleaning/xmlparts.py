"""Safe parsing of the XML parts of office documents.

A real parser replaces the regular expressions that used to rewrite these parts: a
regex such as ``<w:rsids>.*?</w:rsids>`` runs in quadratic time on a part that repeats
an unclosed opening tag, so one 33 KB upload could hold a worker for minutes. libxml2
parses in time linear in the part's size, and is configured here to read no DTD, expand
no entity, fetch nothing from the network and refuse libxml2's "huge" documents.
"""

from __future__ import annotations

from lxml import etree

from ._common import CannotClean, Unreadable


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_part(data: bytes) -> etree._ElementTree:
    """Parse one document part, refusing DTDs (the door to entity expansion)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise CannotClean("document part declares a DTD; refused")
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError):
        raise Unreadable("damaged document (a part is not well-formed XML)") from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise CannotClean("document part declares a DTD; refused")
    return tree


def serialize_part(tree: etree._ElementTree) -> bytes:
    return etree.tostring(
        tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone
    )


def remove_keeping_tail(el: etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it (lxml drops it with the element)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
