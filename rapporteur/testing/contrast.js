// Run in a page by the contrast test: each visible control whose text contrast is
// below the minimum, as {control, text, ratio, colour, background}.
(minimum) => {
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(parseFloat);
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
