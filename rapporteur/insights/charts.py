"""Charts drawn on the server: SVG for pages (readable with JavaScript off, and
downloadable), PNG for those who paste a picture into a document.

Why not a chart library: the ones of the Python world either draw in the browser
(JavaScript, refused on these pages), or pull in a plotting stack of tens of megabytes
(matplotlib) for two kinds of bar chart. Every chart here is one layout, computed
once as shapes (``layout``), which the SVG writer and the Pillow drawer both render,
so the two files always agree. Text goes into the SVG through the XML library, so a
label can never break out of its element.

Each bar carries a band: solid up to the lower bound (certain), light up to the upper
bound (possible); a figure that may not be shown is drawn as no bar, labelled
"suppressed". Every chart has a data table beside it on its page.
"""

from __future__ import annotations

import functools
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from rapporteur.communications.letters.fonts import FontMissing, font_paths

CERTAIN = "#1f4e79"
POSSIBLE = "#9dc3e6"
INK = "#1a1a1a"
RULE = "#bbbbbb"
FONT_SIZE = 12


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    lower: int | None  # None: suppressed
    upper: int | None
    # What to write beside the bar, where "lower-upper" (a date's two bounds) would
    # mean something else: "2 implemented, 1 partly".
    figure: str = ""

    def figure_text(self) -> str:
        if self.figure:
            return self.figure
        if self.lower == self.upper:
            return str(self.upper)
        return f"{self.lower}\u2013{self.upper}"


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    columns: bool = False  # a time series (bars upright), else rows of groups
    legend: tuple[str, str] = ("", "")  # what solid and light mean, translated
    suppressed: str = ""  # the word under a bar that is not shown


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start, middle, end
    rotate: bool = False


@dataclass
class Layout:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


def _scale(chart: Chart) -> int:
    return max([b.upper or 0 for b in chart.bars] + [1])


LEGEND_GAP = 20  # between one key's words and the next key's square


def _legend(chart: Chart, drawn: Layout, y: float) -> float:
    """The keys (a square and its words) side by side, each as wide as its words
    are in the charts' font, whatever the language; returns where the last ends."""
    x = end = 10.0
    for colour, words in zip((CERTAIN, POSSIBLE), chart.legend, strict=True):
        if words:
            drawn.rects.append(Rect(x, y - 10, 12, 12, colour))
            drawn.texts.append(Text(x + 16, y, words))
            end = x + 16 + text_width(words)
            x = end + LEGEND_GAP
    return end


def layout(chart: Chart) -> Layout:
    return _columns(chart) if chart.columns else _rows(chart)


def _rows(chart: Chart) -> Layout:
    # Labels are cut to fit: 34 characters of DejaVu Sans at 12 px, Cyrillic included.
    label_width, bar_width, row = 270, 360, 22
    top = 48
    # Room right of the longest bar for its figure ("12-15", or a bar's own words).
    room = max([70.0] + [text_width(b.figure_text()) + 16 for b in chart.bars if b.figure])
    drawn = Layout(label_width + bar_width + int(room), top + row * len(chart.bars) + 10)
    drawn.texts.append(Text(10, 18, chart.title))
    drawn.width = max(drawn.width, int(_legend(chart, drawn, 38)) + 10)
    most = _scale(chart)
    for index, bar in enumerate(chart.bars):
        y = top + index * row
        drawn.texts.append(Text(label_width - 8, y + 14, _clip(bar.label, 34), "end"))
        if bar.upper is None or bar.lower is None:
            drawn.texts.append(Text(label_width + 4, y + 14, chart.suppressed))
            continue
        certain = bar_width * bar.lower / most
        possible = bar_width * bar.upper / most
        drawn.rects.append(Rect(label_width, y + 3, possible, row - 6, POSSIBLE))
        drawn.rects.append(Rect(label_width, y + 3, certain, row - 6, CERTAIN))
        drawn.texts.append(Text(label_width + possible + 6, y + 14, bar.figure_text()))
    return drawn


# A column's label is turned 60 degrees: it reaches below the axis by its length
# times sin 60°. Long enough for a Russian month ("September 2026") or a Tajik quarter.
COLUMN_LABEL_CHARS = 18
SIN_60 = 0.866


@functools.cache
def _measuring_font() -> ImageFont.FreeTypeFont | None:
    try:
        return ImageFont.truetype(str(font_paths()[0]), FONT_SIZE)
    except FontMissing:
        return None  # the SVG still draws; only the PNG needs the font


def text_width(text: str) -> float:
    """The width of ``text`` in DejaVu Sans at the charts' size (the PNG's font, and
    the SVG's first choice); without the font, a generous guess."""
    font = _measuring_font()
    return float(font.getlength(text)) if font else 0.7 * FONT_SIZE * len(text)


def _columns(chart: Chart) -> Layout:
    labels = [_clip(bar.label, COLUMN_LABEL_CHARS) for bar in chart.bars]
    longest = max((text_width(label) for label in labels), default=0.0)
    step = max(14, min(48, 640 // max(len(chart.bars), 1)))
    # Room for the turned labels: below the axis, and left of the first column,
    # which a label reaches by half its length (cos 60°).
    bottom = max(40, int(12 + longest * SIN_60 + 12))
    left = max(60, int(longest / 2 - step / 2 + 8))
    plot_height = 220
    top = 50
    # Wide enough for the title and the legend, however few the bars.
    drawn = Layout(max(left + step * len(chart.bars) + 20, 480), top + plot_height + bottom)
    drawn.texts.append(Text(10, 18, chart.title))
    drawn.width = max(drawn.width, int(_legend(chart, drawn, 38)) + 10)
    most = _scale(chart)
    base = top + plot_height
    drawn.rects.append(Rect(left, base, step * len(chart.bars), 1, RULE))
    drawn.texts.append(Text(left - 4, top + 10, str(most), "end"))
    drawn.texts.append(Text(left - 4, base, "0", "end"))
    for index, (bar, label) in enumerate(zip(chart.bars, labels, strict=True)):
        x = left + index * step
        drawn.texts.append(Text(x + step / 2, base + 12, label, "end", rotate=True))
        if bar.upper is None or bar.lower is None:
            drawn.rects.append(Rect(x + 2, base - 3, step - 4, 3, RULE))
            continue
        possible = plot_height * bar.upper / most
        certain = plot_height * bar.lower / most
        drawn.rects.append(Rect(x + 2, base - possible, step - 4, possible, POSSIBLE))
        drawn.rects.append(Rect(x + 2, base - certain, step - 4, certain, CERTAIN))
    return drawn


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# ------------------------------------------------------------------------ writers


def svg_image(width: int, height: int, *, title: str, description: str = "") -> ET.Element:
    """An SVG root that reads as one image: its role, its title and, for screen
    readers, a description; in the fonts the PNG files are drawn with."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "font-family": "DejaVu Sans, sans-serif",
            "font-size": str(FONT_SIZE),
        },
    )
    ET.SubElement(svg, "title").text = title
    if description:
        ET.SubElement(svg, "desc").text = description
    return svg


def to_svg(chart: Chart, *, description: str = "") -> str:
    """The chart as an SVG document: an image with a title and a description for
    screen readers (the page's data table says the same in full)."""
    drawn = layout(chart)
    svg = svg_image(drawn.width, drawn.height, title=chart.title, description=description)
    ET.SubElement(svg, "rect", width="100%", height="100%", fill="#ffffff")
    for r in drawn.rects:
        ET.SubElement(
            svg, "rect", x=_n(r.x), y=_n(r.y), width=_n(r.width), height=_n(r.height), fill=r.fill
        )
    for t in drawn.texts:
        attributes = {"x": _n(t.x), "y": _n(t.y), "fill": INK, "text-anchor": t.anchor}
        if t.rotate:
            attributes["transform"] = f"rotate(-60 {_n(t.x)} {_n(t.y)})"
        ET.SubElement(svg, "text", attributes).text = t.text
    return ET.tostring(svg, encoding="unicode")


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def to_png(chart: Chart, *, font_dir: Path | None = None) -> bytes:
    """The same layout drawn by Pillow with DejaVu Sans (Cyrillic included)."""
    drawn = layout(chart)
    scale = 2  # sharp enough to print
    image = Image.new("RGB", (drawn.width * scale, drawn.height * scale), "#ffffff")
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_paths(font_dir=font_dir)[0]), FONT_SIZE * scale)
    for r in drawn.rects:
        if r.width > 0 and r.height > 0:
            box = (r.x * scale, r.y * scale, (r.x + r.width) * scale, (r.y + r.height) * scale)
            pen.rectangle(box, fill=r.fill)
    for t in drawn.texts:
        _draw_text(image, pen, font, t, scale)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_text(
    image: Image.Image, pen: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, t: Text, scale: int
) -> None:
    width = pen.textlength(t.text, font=font)
    if not t.rotate:
        shift = {"start": 0, "middle": width / 2, "end": width}[t.anchor]
        pen.text((t.x * scale - shift, t.y * scale), t.text, font=font, fill=INK, anchor="ls")
        return
    # Rotated labels: drawn on their own small image, turned, then pasted ending at
    # the point, as the SVG's rotate() about the text's end does.
    box = Image.new("RGBA", (int(width) + 4, FONT_SIZE * scale + 6), (255, 255, 255, 0))
    ImageDraw.Draw(box).text((0, 0), t.text, font=font, fill=INK)
    turned = box.rotate(60, expand=True)
    image.paste(turned, (int(t.x * scale - turned.width), int(t.y * scale)), turned)
