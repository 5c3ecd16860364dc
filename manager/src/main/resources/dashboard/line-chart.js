// A small line chart drawn as SVG by the page itself: time along the bottom, one line per series,
// dashed lines for limits, vertical markers for events. Nothing is loaded from elsewhere.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 150;
const PLOT = { left: 38, right: WIDTH - 8, top: 14, bottom: HEIGHT - 22 };
/** Marker labels closer than this (in chart units) would overlap: the later one keeps only its tooltip. */
const LABEL_SPACING = 44;
/** A limit far above the measured values would flatten them: the scale stops this far above them. */
const LIMIT_HEADROOM = 1.5;
let charts = 0;

/**
 * lineChart({ label, unit, from, to, series, markers }) → <svg>
 *   series:  [{ points: [[timeMs, value or null]], colour, width, dashed, opacity, limit, dataset }]; a
 *            null value breaks the line (nothing was measured then); a limit does not stretch the
 *            scale far beyond the measured values (its line is cut off at the top instead)
 *   markers: [{ at: timeMs, label, title }]
 */
export function lineChart({ label, unit, from, to, series, markers = [] }) {
  const top = scaleTop(series);
  const x = t => PLOT.left + (PLOT.right - PLOT.left) * (t - from) / Math.max(1, to - from);
  const y = v => PLOT.bottom - (PLOT.bottom - PLOT.top) * v / top;
  const clipId = `line-chart-plot-${++charts}`;
  const svg = svgElement('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label, class: 'line-chart',
  });
  svg.append(
    svgElement('clipPath', { id: clipId },
      svgElement('rect', { x: 0, y: PLOT.top - 2, width: WIDTH, height: PLOT.bottom - PLOT.top + 4 })),
    ...grid(top, unit, y),
    svgElement('text', { class: 'axis-label', x: PLOT.left, y: HEIGHT - 6 }, clockTime(from)),
    svgElement('text', { class: 'axis-label', x: PLOT.right, y: HEIGHT - 6, 'text-anchor': 'end' }, clockTime(to)),
    ...markerLines(markers.filter(m => m.at >= from && m.at <= to), x),
    svgElement('g', { 'clip-path': `url(#${clipId})` }, ...series.map(s => line(s, x, y))),
    ...series.filter(s => s.limit && s.points.some(([, v]) => v > top)).slice(0, 1).map(s =>
      svgElement('text', { class: 'limit-note', x: PLOT.right, y: PLOT.top + 9, 'text-anchor': 'end', fill: s.colour },
        'limit above the scale')));
  return svg;
}

function scaleTop(series) {
  const highest = list => Math.max(0, ...list.flatMap(s => s.points.map(([, v]) => v ?? 0)));
  const measured = highest(series.filter(s => !s.limit));
  const limits = highest(series.filter(s => s.limit));
  return niceCeiling(Math.max(measured, measured > 0 ? Math.min(limits, measured * LIMIT_HEADROOM) : limits));
}

function grid(top, unit, y) {
  return [0, top / 2, top].flatMap(value => [
    svgElement('line', { class: value === 0 ? 'axis' : 'grid-line', x1: PLOT.left, x2: PLOT.right, y1: y(value), y2: y(value) }),
    svgElement('text', { class: 'axis-label', x: PLOT.left - 4, y: y(value) + 3, 'text-anchor': 'end' },
      `${formatNumber(value)}${value === top ? unit : ''}`),
  ]);
}

function markerLines(markers, x) {
  let lastLabelAt = -Infinity;
  return markers.map(marker => {
    const at = x(marker.at);
    const group = svgElement('g', { class: 'marker' },
      svgElement('title', {}, marker.title),
      svgElement('line', { x1: at, x2: at, y1: PLOT.top - 4, y2: PLOT.bottom }));
    if (at - lastLabelAt >= LABEL_SPACING) {
      lastLabelAt = at;
      group.append(svgElement('text', { class: 'marker-label', x: at + 2, y: PLOT.top - 5 }, marker.label));
    }
    return group;
  });
}

/** One path for a series, broken where a value is missing; a lone point shows as a dot. */
function line({ points, colour, width = 2, dashed = false, opacity = 1, dataset = {} }, x, y) {
  let d = '';
  let previous = null;
  let drawn = 0;
  for (const [t, v] of points) {
    if (v === null || v === undefined) {
      previous = null;
      continue;
    }
    const here = `${round(x(t))} ${round(y(v))}`;
    d += previous === null ? ` M${here} h0` : ` L${here}`;
    previous = here;
    drawn++;
  }
  const path = svgElement('path', {
    class: 'series', d: d.trim() || 'M0 0', fill: 'none', stroke: colour, 'stroke-width': width,
    'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'stroke-dasharray': dashed ? '5 4' : null,
    opacity: opacity === 1 ? null : opacity, 'data-points': drawn, visibility: drawn ? null : 'hidden',
  });
  for (const [key, value] of Object.entries(dataset)) {
    path.dataset[key] = value;
  }
  return path;
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least value (1 for nothing). */
export function niceCeiling(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map(step => step * power).find(candidate => candidate >= value);
}

export function formatNumber(value) {
  if (value >= 100 || Number.isInteger(value)) {
    return String(Math.round(value));
  }
  return String(Number(value.toFixed(value >= 10 ? 1 : 2)));
}

function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function round(value) {
  return Math.round(value * 10) / 10;
}

function svgElement(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, value);
    }
  }
  element.append(...children);
  return element;
}
