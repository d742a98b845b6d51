"""Where the desk finds DejaVu Sans, the Unicode font of its PDF letters, reports,
charts and maps (Russian and Tajik: ғ ӣ қ ӯ ҳ ҷ). Apart from the PDF writer, so that
pages drawing a chart do not import it."""

from __future__ import annotations

import os
from pathlib import Path

# Debian's fonts-dejavu-core, installed by scripts/system-packages.sh; the
# RAPPORTEUR_PDF_FONT_DIR environment variable points elsewhere if needed.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
FAMILY = "DejaVuSans"


class FontMissing(RuntimeError):
    """The Unicode font is not installed: a PDF without it would drop Cyrillic."""


def font_paths(*, font_dir: Path | None = None) -> tuple[Path, Path]:
    """The regular and bold DejaVu Sans files, found at run time."""
    directory = font_dir or Path(os.environ.get("RAPPORTEUR_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    paths = (directory / REGULAR, directory / BOLD)
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise FontMissing(
            f"PDF letters need DejaVu Sans for Cyrillic; missing {', '.join(missing)}. "
            "Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set "
            "RAPPORTEUR_PDF_FONT_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf."
        )
    return paths
