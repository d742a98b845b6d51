"""The map of regions: its shape files, every region the desk can name, the shades a
reader may see (suppression included), the page and the files to download."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date

import pycountry
import pytest
from defusedxml import ElementTree as ET
from django.urls import reverse
from PIL import Image

from rapporteur.cases.models import Term
from rapporteur.cases.regions import code_of_term, code_of_text
from rapporteur.cases.vocabularies.huridocs import default_shared_data_dir
from rapporteur.insights import maps
from rapporteur.insights.dimensions import Dimension
from rapporteur.insights.figures import breakdown_panel
from rapporteur.insights.periods import Period
from rapporteur.insights.selectors import Scope
from rapporteur.insights.tallies import Counts
from rapporteur.testing.insights import CodedAct, coded_acts

SVG = "{http://www.w3.org/2000/svg}"
YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))
QUERY = "?start=2022-01-01&end=2022-12-31&country=TJ"


@pytest.fixture
def acts(desk, officer):
    """Sughd 8, Khatlon 6, Dushanbe 2 acts in 2022."""
    return coded_acts(
        [CodedAct("May 2022", region="TJ-SU")] * 8
        + [CodedAct("2022", region="TJ-KT")] * 6
        + [CodedAct("March 2022", region="TJ-DU")] * 2,
        owner_id=officer.pk,
    )


def _map(*, exact: bool, country: str = "TJ") -> maps.RegionMap:
    panel = breakdown_panel(Counts.of(Scope(country=country)), YEAR, Dimension.REGION, exact=exact)
    return maps.region_map(country, panel)


def _regions(svg: str) -> dict[str, dict[str, str]]:
    root = ET.fromstring(svg)
    return {p.get("data-region"): dict(p.attrib) for p in root.iter(f"{SVG}path")}


# ------------------------------------------------------------------------- shapes


@pytest.mark.parametrize("country", ["TJ", "CO"])
def test_a_shapes_file_loads_and_every_path_is_closed_rings(country):
    shapes = maps.shapes_of(country)
    assert shapes is not None and shapes.width > 0 and shapes.height > 0
    assert "Natural Earth" in shapes.source and "public domain" in shapes.licence
    for code, path_data in shapes.regions.items():
        assert pycountry.subdivisions.get(code=code).country_code == country
        for ring in maps.rings(path_data):
            assert len(ring) >= 3
            assert all(0 <= x <= shapes.width and 0 <= y <= shapes.height for x, y in ring)
    # Small enough to send with every page.
    assert (maps.SHAPES_DIR / f"{country}.json").stat().st_size < 16_000
    assert json.loads((maps.SHAPES_DIR / f"{country}.json").read_text())["country"] == country
    assert (maps.SHAPES_DIR / "SOURCE.md").is_file()


@pytest.mark.parametrize("country", ["TJ", "CO"])
def test_every_first_level_subdivision_has_a_shape(country):
    codes = {s.code for s in pycountry.subdivisions.get(country_code=country) if not s.parent_code}
    assert codes == set(maps.shapes_of(country).regions)


def test_every_tajik_region_the_desk_can_name_has_a_shape(desk):
    shapes = maps.shapes_of("TJ")
    terms = Term.objects.filter(list_name="regions", code__startswith="LREG-TJ-")
    from_terms = {code_of_term(term) for term in terms}
    from_text = {
        code_of_text("TJ", text)
        for text in (
            "Sughd", "Khatlon", "GBAO", "Gorno-Badakhshan Autonomous Region", "Dushanbe",
            "Districts of Republican Subordination", "Согдийская область", "Вилояти Хатлон",
        )
    }  # fmt: skip
    assert {"TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA", "TJ-DU"} <= from_terms | from_text
    assert (from_terms | from_text) - {""} <= set(shapes.regions)


COLOMBIA = default_shared_data_dir() / "cases" / "colombia-social-leaders-killed-2016-2017.csv"


@pytest.mark.skipif(not COLOMBIA.exists(), reason=f"shared data folder absent ({COLOMBIA})")
def test_the_colombian_list_is_mapped_department_by_department(desk, officer):
    """Every department the real list names has a shape, and the map of its acts
    shades each department by the count the file gives."""
    with COLOMBIA.open(encoding="utf-8", newline="") as handle:
        departments = [row["Departamento"] for row in csv.DictReader(handle)]
    codes = Counter(code_of_text("CO", name) for name in departments)
    assert codes[""] == 0, "a department the desk cannot read"
    assert set(codes) <= set(maps.shapes_of("CO").regions)
    rows = [CodedAct("2016", region=code, country="CO") for code in codes.elements()]
    coded_acts(rows, owner_id=officer.pk)
    period = Period(date(2016, 1, 1), date(2017, 12, 31))
    panel = breakdown_panel(Counts.of(Scope(country="CO")), period, Dimension.REGION, exact=True)
    regions = _regions(maps.to_svg(maps.region_map("CO", panel)))
    assert {code: int(r["data-value"]) for code, r in regions.items() if "data-value" in r} == codes
    assert len(regions) == 33


@pytest.mark.parametrize(
    "bad", ["", "M1 2l3 4z", "M1 2L3 4 5 6z", "M1 2l3 4 5 6", "M1 2l3 4 5 6z<script>", "l1 2 3 4z"]
)
def test_bad_path_data_is_refused(bad):
    with pytest.raises(ValueError):
        maps.rings(bad)


def test_no_shapes_for_a_country_the_desk_has_none_of():
    assert maps.shapes_of("UZ") is None
    assert maps.shapes_of("../TJ") is None
    assert maps.shapes_of("") is None


def test_classes_cover_the_shown_figures():
    assert maps.classes([]) == []
    assert maps.classes([7]) == [(7, 7)]
    assert maps.classes([5, 6]) == [(5, 5), (6, 6)]
    assert maps.classes([5, 20]) == [(5, 8), (9, 12), (13, 16), (17, 20)]


# ------------------------------------------------------------------------- shades


def test_the_rapporteur_sees_every_region_shaded_by_its_figure(acts):
    found = _map(exact=True)
    svg = maps.to_svg(found)
    regions = _regions(svg)
    assert set(regions) == {"TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA", "TJ-DU"}
    assert regions["TJ-SU"]["data-value"] == "8"
    assert regions["TJ-KT"]["data-value"] == "6"
    assert regions["TJ-DU"]["data-value"] == "2"
    # Classes 2-3, 4-5, 6-7, 8: the darker, the more acts.
    assert regions["TJ-SU"]["fill"] == maps.CLASSES[3]
    assert regions["TJ-KT"]["fill"] == maps.CLASSES[2]
    assert regions["TJ-DU"]["fill"] == maps.CLASSES[0]
    for code in ("TJ-GB", "TJ-RA"):
        assert regions[code]["class"] == "region no-act"
        assert regions[code]["fill"] == maps.NO_ACT
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Map of acts by region"
    assert "Sughd Region: 8" in root.find(f"{SVG}desc").text
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert {"2\u20133", "6\u20137", "8", "no act recorded", "suppressed"} <= set(legend)


def test_an_analyst_sees_suppressed_regions_hatched_never_shaded(acts, analyst):
    found = _map(exact=False)
    regions = _regions(maps.to_svg(found))
    # Dushanbe's 2 is small; Khatlon's 6, the smallest shown, would give it back.
    for code in ("TJ-DU", "TJ-KT"):
        assert regions[code]["class"] == "region suppressed"
        assert regions[code]["fill"] == f"url(#{maps.HATCH_ID})"
        assert "data-value" not in regions[code]
    assert regions["TJ-SU"]["data-value"] == "8"
    # The classes come from the shown figure alone: one class, "8".
    assert [band.words for band in found.bands] == ["8", "no act recorded", "suppressed"]
    assert regions["TJ-GB"]["class"] == "region no-act"
    svg = maps.to_svg(found)
    assert "Khatlon Region: 6" not in svg and "Dushanbe: 2" not in svg


def test_a_region_no_map_knows_stays_in_the_table(client_for, rapporteur_user, acts, officer):
    coded_acts([CodedAct("June 2022", region="TJ-ZZ")] * 5, owner_id=officer.pk)
    found = _map(exact=True)
    assert "TJ-ZZ" not in {area.code for area in found.areas}
    page = client_for(rapporteur_user).get(reverse("insights:dashboard") + QUERY)
    assert page.status_code == 200
    assert 'data-region="TJ-ZZ"' not in page.content.decode()
    assert "TJ-ZZ</th><td>5</td>" in page.content.decode()


def test_a_country_without_shapes_or_no_country_gives_the_sentence(desk, officer):
    coded_acts([CodedAct("2022", region="UZ-TO", country="UZ")] * 6, owner_id=officer.pk)
    for country in ("UZ", ""):
        found = _map(exact=True, country=country)
        assert found.shapes is None
        assert found.sentence.startswith("No map of regions for this choice")
        assert "Colombia" in found.sentence and "Tajikistan" in found.sentence
        assert ET.fromstring(maps.to_svg(found)).find(f"{SVG}title") is not None


# --------------------------------------------------------------------------- pages


def test_the_dashboard_shows_the_map_beside_its_table(client_for, analyst, acts):
    page = client_for(analyst).get(reverse("insights:dashboard") + QUERY).content.decode()
    start = page.index('id="panel-map"')
    section = page[start : page.index("</section>", start)]
    assert 'data-region="TJ-SU"' in section and "<table>" in section
    assert '<tr class="suppressed"><th scope="row">Khatlon Region</th>' in section
    assert "Sughd Region</th><td>8</td><td>8</td></tr>" in section
    assert 'Autonomous Region (GBAO)</th><td colspan="2">no act recorded</td>' in section
    assert reverse("insights:map_png") + QUERY.replace("&", "&amp;") in section


def test_the_only_country_with_cases_is_mapped_without_choosing_it(client_for, analyst, acts):
    page = client_for(analyst).get(reverse("insights:dashboard")).content.decode()
    assert 'data-region="TJ-GB"' in page


def test_a_country_without_shapes_gets_the_sentence_and_the_table(
    client_for, analyst, desk, officer
):
    coded_acts([CodedAct("2022", region="UZ-TO", country="UZ")] * 6, owner_id=officer.pk)
    response = client_for(analyst).get(reverse("insights:dashboard") + "?country=UZ")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No map of regions for this choice" in page
    assert 'id="panel-region"' in page and "data-region" not in page


def test_the_map_downloads_as_svg_and_png(client_for, rapporteur_user, acts):
    client = client_for(rapporteur_user)
    response = client.get(reverse("insights:map_svg") + QUERY)
    assert response["Content-Type"] == "image/svg+xml"
    assert _regions(response.content.decode())["TJ-SU"]["data-value"] == "8"
    response = client.get(reverse("insights:map_png") + QUERY)
    assert response["Content-Type"] == "image/png"
    assert "map.png" in response["Content-Disposition"]
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 20)}
    for shade in maps.CLASSES[0], maps.CLASSES[2], maps.CLASSES[3]:
        assert tuple(int(shade[i : i + 2], 16) for i in (1, 3, 5)) in colours


def test_the_png_hatches_what_an_analyst_may_not_see(client_for, analyst, acts):
    response = client_for(analyst).get(reverse("insights:map_png") + QUERY)
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 20)}
    rgb = {name: tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for name, c in (
        ("hatch", maps.HATCH), ("first", maps.CLASSES[0]), ("third", maps.CLASSES[2]),
    )}  # fmt: skip
    assert rgb["hatch"] in colours
    assert rgb["first"] not in colours and rgb["third"] not in colours


@pytest.mark.parametrize(
    "query", ["?start=2022-13-01", "?country=ZZ&interval=fortnight", "?country=../TJ"]
)
def test_bad_filters_on_the_map_files_give_no_error_page(client_for, analyst, acts, query):
    response = client_for(analyst).get(reverse("insights:map_svg") + query)
    assert response.status_code in {200, 404}
