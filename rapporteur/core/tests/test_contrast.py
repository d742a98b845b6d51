"""Every visible control on every page is readable: text contrast of at least 4.5:1
(WCAG 2.x, level AA for normal text), computed in a real browser from computed styles.

The pages are those the role matrix walks: every public page for a visitor, and
every staff page for the rapporteur and the administrator (between them, every
staff permission). Only pages that answer 200 with HTML are opened; files and
redirects are left to the role matrix. A control's background is found by
compositing the background colours of it and its ancestors over white, as the
browser paints them; background images are not used anywhere on the desk.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.accounts.permissions import ROLE_PERMISSIONS, Role
from rapporteur.testing.browser import screenshot_path
from rapporteur.testing.cases import sign_in_with_keys, url_samples
from rapporteur.testing.intake import receipt_in, return_with, submit
from rapporteur.testing.urls import all_routes, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MINIMUM_RATIO = 4.5

# Runs in the page: [{control, text, ratio, colour, background}] for each visible
# control whose text contrast is below the minimum.
LOW_CONTRAST_SCRIPT = """
(minimum) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, base) => ({
    r: top.r * top.a + base.r * (1 - top.a),
    g: top.g * top.a + base.g * (1 - top.a),
    b: top.b * top.a + base.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) base = over(layer, base);
    return base;
  };
  const visible = (e) => {
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none' || parseFloat(style.opacity) === 0) return false;
    const box = e.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    return !e.closest('.visually-hidden, .skip');
  };
  const found = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, summary');
  for (const e of controls) {
    if (!visible(e)) continue;
    const text = (e.innerText || e.value || '').trim();
    if (!text && !['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)) continue;
    const bg = background(e);
    const fg = over(parse(getComputedStyle(e).color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minimum) {
      found.push({control: e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''),
                  text: text.slice(0, 60), ratio: Math.round(ratio * 100) / 100,
                  colour: getComputedStyle(e).color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`});
    }
  }
  return found;
}
"""

ROUTES = list(all_routes())


@pytest.fixture
def samples(personas, settings, tmp_path):
    from rapporteur.communications.tests.samples import communication_samples
    from rapporteur.visits.tests.factories import visit_samples

    samples = {**url_samples(personas, settings, tmp_path), **visit_samples()}
    return samples | communication_samples(personas)


def _html_pages(client: Client, routes, samples) -> list[str]:
    """URLs among ``routes`` that answer 200 with an HTML page for this client."""
    urls = []
    for route in routes:
        url = url_for(route, samples)
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return urls


def _low_contrast(browser_context, urls: list[str], label: str) -> dict[str, list]:
    page = browser_context.new_page()
    failures = {}
    for url in urls:
        page.goto(url)
        found = page.evaluate(LOW_CONTRAST_SCRIPT, MINIMUM_RATIO)
        if found:
            failures[url] = found
            name = f"contrast-{label}-" + url.strip("/").replace("/", "-")
            page.screenshot(path=str(screenshot_path(name[:120])), full_page=True)
    page.close()
    return failures


def _context_with_cookies(chromium, live_server, client: Client):
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
    )
    return context


def test_public_pages_have_readable_controls(chromium, live_server, samples):
    client = Client()
    urls = _html_pages(client, [r for r in ROUTES if r.is_public], samples)
    assert len(urls) > 5
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    try:
        assert _low_contrast(context, urls, "public") == {}
    finally:
        context.close()


def test_source_pages_have_readable_controls(chromium, live_server, samples):
    """The pages a source sees after coming back with their receipt."""
    source = Client()
    return_with(source, receipt_in(submit(source)))
    urls = _html_pages(source, [r for r in ROUTES if r.is_public], samples)
    assert any("/return/messages/" in url for url in urls)
    context = _context_with_cookies(chromium, live_server, source)
    try:
        assert _low_contrast(context, urls, "source") == {}
    finally:
        context.close()


@pytest.mark.parametrize("role", [Role.RAPPORTEUR, Role.ADMINISTRATOR])
def test_staff_pages_have_readable_controls(chromium, live_server, personas, samples, role):
    user = personas[role.value]
    client = sign_in_with_keys(user)
    permissions = ROLE_PERMISSIONS[role]
    routes = [r for r in ROUTES if not r.is_public and r.permission in permissions]
    urls = _html_pages(client, routes, samples)
    assert len(urls) > 3
    context = _context_with_cookies(chromium, live_server, client)
    try:
        assert _low_contrast(context, urls, role.value) == {}
    finally:
        context.close()
