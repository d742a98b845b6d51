"""Time the metadata cleaner on DOCX files whose settings part repeats an unclosed
``<w:rsids>`` (the regex rewrite was quadratic on them), from 50 KB to 16 MiB (15 MiB passes the
compression-ratio guard and is parsed).

    .venv/bin/python bench/cleaning_hostile.py
"""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from pathlib import Path

from rapporteur.intake.cleaning import clean_file

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def hostile_docx(part_bytes: int, *, well_formed: bool) -> bytes:
    repeated = "<w:rsids>" * (part_bytes // 9)
    body = f"<!--{repeated}-->" if well_formed else repeated
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CT)
        zf.writestr("word/document.xml", f"<w:document {W}><w:body/></w:document>")
        zf.writestr("word/settings.xml", f"<w:settings {W}>{body}</w:settings>")
    return buf.getvalue()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for size in (50_000, 200_000, 16 << 20, 15 << 20):
            for well_formed in (True, False):
                src = Path(tmp) / "hostile.docx"
                src.write_bytes(hostile_docx(size, well_formed=well_formed))
                start = time.monotonic()
                result = clean_file(path=src, filename="hostile.docx", workdir=Path(tmp))
                took = time.monotonic() - start
                state = "cleaned" if result.cleaned else f"refused ({result.note})"
                print(
                    f"part {size:>9} B, {'well-formed' if well_formed else 'malformed  '}, "
                    f"file {src.stat().st_size:>7} B: {took:6.2f} s, {state}"
                )
                if result.cleaned:
                    result.path.unlink()


if __name__ == "__main__":
    main()
