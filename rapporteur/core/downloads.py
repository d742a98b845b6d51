"""Headers for files the desk hands out (decrypted attachments, documents, letters)."""

from __future__ import annotations

from urllib.parse import quote


def attachment_disposition(filename: str, *, fallback: str = "file") -> str:
    """A Content-Disposition that always downloads, never renders inline.

    The plain ``filename`` is reduced to safe ASCII (a sender's name could carry
    quotes or path separators); ``filename*`` keeps the original in UTF-8 for
    browsers that read it (RFC 6266).
    """
    ascii_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[:100]
    return f"attachment; filename=\"{ascii_name or fallback}\"; filename*=UTF-8''{quote(filename)}"
